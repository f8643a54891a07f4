namespace Strata.Matrix.Yaml;

/// <summary>
/// The lexical pieces the purpose-built readers (<see cref="MatrixSubsetReader"/>, <see cref="BlockYamlSubsetReader"/>)
/// share: which characters, keys and single-line scalars they accept. Each answers null/false for anything outside
/// that subset, so the caller hands the text to YamlDotNet instead; inside it, the values are exactly YamlDotNet's.
/// </summary>
internal static class YamlSubsetSyntax
{
    /// <summary>
    /// The lines that hold content (not blank, not only a comment), without their line end and trailing spaces; null
    /// when a document marker leaves the subset: one <c>---</c> before any content is allowed, nothing else.
    /// </summary>
    public static List<SubsetLine>? ContentLines(string yaml)
    {
        var lines = new List<SubsetLine>();
        var reader = new ContentLineReader(yaml);
        while (reader.MoveNext())
            lines.Add(new SubsetLine(reader.Number, reader.Indent, reader.Text.ToString()));
        return reader.LeftSubset ? null : lines;
    }

    /// <summary>
    /// Printable characters YamlDotNet reads as content, '\n', and '\r' only before '\n'. Tabs, other line breaks
    /// (NEL, LS, PS), byte-order marks and surrogates are left to YamlDotNet.
    /// </summary>
    public static bool HasOnlySubsetCharacters(string yaml)
    {
        for (var i = 0; i < yaml.Length; i++)
        {
            var c = yaml[i];
            if (c is >= ' ' and <= '~' or '\n')
                continue;
            if (c == '\r' && i + 1 < yaml.Length && yaml[i + 1] == '\n')
                continue;
            if (c is >= '\u00A0' and <= '\uD7FF' and not '\u2028' and not '\u2029')
                continue;
            if (c is >= '\uE000' and <= '\uFFFD' and not '\uFEFF')
                continue;
            return false;
        }
        return true;
    }

    /// <summary>
    /// A plain key of letters, digits, '_', '-' and '.' (at most 128), directly followed by ':' and then the end of
    /// the line or a space; null otherwise. <paramref name="afterColon"/> is what follows the ':'.
    /// </summary>
    public static string? ReadKey(ReadOnlySpan<char> text, out ReadOnlySpan<char> afterColon) =>
        KeyBeforeColon(text, out afterColon) is > 0 and var length ? text[..length].ToString() : null;

    /// <summary><see cref="ReadKey"/> without allocating: the key's length (0 when there is none).</summary>
    public static int KeyBeforeColon(ReadOnlySpan<char> text, out ReadOnlySpan<char> afterColon)
    {
        afterColon = default;
        var length = KeyLength(text);
        if (length == 0 || length >= text.Length || text[length] != ':')
            return 0;
        var after = text[(length + 1)..];
        if (!after.IsEmpty && after[0] != ' ')
            return 0;
        afterColon = after;
        return length;
    }

    /// <summary>How many leading characters form a plain key (0 when none does, or when it is longer than 128).</summary>
    public static int KeyLength(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !(char.IsAsciiLetterOrDigit(text[0]) || text[0] == '_'))
            return 0;
        var length = 1;
        while (length < text.Length && (char.IsAsciiLetterOrDigit(text[length]) || text[length] is '_' or '-' or '.'))
            length++;
        return length > 128 ? 0 : length;
    }

    /// <summary>
    /// A single-quoted or escape-free double-quoted scalar at the start of <paramref name="text"/>; null when it is
    /// neither or does not close on this line. <paramref name="rest"/> is what follows the closing quote.
    /// </summary>
    public static string? ReadQuoted(ReadOnlySpan<char> text, out ReadOnlySpan<char> rest)
    {
        if (TryReadVerbatimQuoted(text, out var verbatim, out rest))
            return verbatim.ToString();
        // What is left in the subset: a single-quoted scalar with doubled quotes ('' stands for ').
        if (text.IsEmpty || text[0] != '\'')
            return null;
        var builder = new System.Text.StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] != '\'')
            {
                builder.Append(text[i]);
                continue;
            }
            if (i + 1 < text.Length && text[i + 1] == '\'')
            {
                builder.Append('\'');
                i++;
                continue;
            }
            rest = text[(i + 1)..];
            return builder.ToString();
        }
        return null;
    }

    /// <summary>
    /// A quoted scalar whose value is its text between the quotes as written (double-quoted, or single-quoted without
    /// a doubled quote); false for any other, which <see cref="ReadQuoted"/> then reads.
    /// </summary>
    public static bool TryReadVerbatimQuoted(ReadOnlySpan<char> text, out ReadOnlySpan<char> value, out ReadOnlySpan<char> rest)
    {
        value = rest = default;
        if (text.IsEmpty || text[0] is not ('"' or '\''))
            return false;
        var close = text[0] == '"' ? text[1..].IndexOfAny('"', '\\') : text[1..].IndexOf('\'');
        if (close < 0 || text[1 + close] == '\\' || (text[0] == '\'' && 2 + close < text.Length && text[2 + close] == '\''))
            return false;
        value = text.Slice(1, close);
        rest = text[(close + 2)..];
        return true;
    }

    /// <summary>
    /// The text of a plain block scalar that fills the rest of its line (a comment may follow), untouched by any
    /// schema (no null/bool resolution); null when it starts with an indicator or could be read as a mapping.
    /// </summary>
    public static string? ReadPlain(ReadOnlySpan<char> text) => TryReadPlain(text, out var value) ? value.ToString() : null;

    /// <summary><see cref="ReadPlain"/> without allocating: the scalar's text as a span of <paramref name="text"/>.</summary>
    public static bool TryReadPlain(ReadOnlySpan<char> text, out ReadOnlySpan<char> value)
    {
        value = default;
        var first = text[0];
        if (first is ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`' or '?' or ':' or '\'' or '"')
            return false;
        if (first == '-' && (text.Length == 1 || text[1] == ' '))
            return false;
        var length = text.Length;
        var comment = text.IndexOf(" #");
        if (comment >= 0)
            length = comment;
        var plain = text[..length].TrimEnd(' ');
        if (plain.EndsWith(':') || plain.Contains(": ", StringComparison.Ordinal))
            return false;
        value = plain;
        return true;
    }

    /// <summary>What may follow a quoted scalar on its line: nothing, spaces, or spaces and a comment.</summary>
    public static bool IsTrailer(ReadOnlySpan<char> text) => text.IsEmpty || (text[0] == ' ' && IsBlankOrComment(text));

    public static bool IsBlankOrComment(ReadOnlySpan<char> text)
    {
        // A comment needs a space before it: "x: 'a'#b" is not a comment.
        var trimmed = text.TrimStart(' ');
        return trimmed.IsEmpty || (trimmed[0] == '#' && trimmed.Length < text.Length);
    }
}

/// <summary>A line with content: its 1-based number, its indentation (spaces) and the text after it.</summary>
internal sealed record SubsetLine(int Number, int Indent, string Text)
{
    /// <summary>A block sequence item: "-" alone or followed by a space.</summary>
    public bool IsItem => Text[0] == '-' && (Text.Length == 1 || Text[1] == ' ');
}

/// <summary>
/// The content lines of a text one at a time, as spans of it (what <see cref="YamlSubsetSyntax.ContentLines"/> collects):
/// a reader of a large matrix then allocates nothing per line. <see cref="MoveNext"/> answers false at the end and when
/// a document marker leaves the subset, which <see cref="LeftSubset"/> then tells.
/// </summary>
internal ref struct ContentLineReader(string yaml)
{
    int position;
    bool documentStarted;
    bool anyContent;

    /// <summary>The current line's 1-based number.</summary>
    public int Number { get; private set; }
    /// <summary>The current line's indentation, in spaces.</summary>
    public int Indent { get; private set; }
    /// <summary>The current line after its indentation, without its line end and trailing spaces.</summary>
    public ReadOnlySpan<char> Text { get; private set; }
    public bool LeftSubset { get; private set; }

    public bool MoveNext()
    {
        while (position < yaml.Length)
        {
            Number++;
            var newline = yaml.IndexOf('\n', position);
            var end = newline < 0 ? yaml.Length : newline;
            var line = yaml.AsSpan(position, end - position);
            position = newline < 0 ? yaml.Length : newline + 1;
            if (line.EndsWith('\r'))
                line = line[..^1];
            var indent = 0;
            while (indent < line.Length && line[indent] == ' ')
                indent++;
            var rest = line[indent..].TrimEnd(' ');
            if (rest.IsEmpty || rest[0] == '#')
                continue;
            if (indent == 0 && (rest.StartsWith("---") || rest.StartsWith("...") || rest[0] == '%'))
            {
                if (documentStarted || anyContent || rest[0] != '-' || !YamlSubsetSyntax.IsBlankOrComment(rest[3..]))
                {
                    LeftSubset = true;
                    Text = default;
                    return false;
                }
                documentStarted = true;
                continue;
            }
            anyContent = true;
            Indent = indent;
            Text = rest;
            return true;
        }
        Text = default;
        return false;
    }
}

/// <summary>
/// One instance per distinct string read from a text: a matrix repeats a few dozen names and values thousands of times,
/// and pooled, its entries share them (and their field names are the <see cref="Strata.Matrix.FieldNames"/> constants).
/// </summary>
internal sealed class StringPool
{
    readonly Dictionary<string, string> strings;
    readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public StringPool(IEnumerable<string> seed)
    {
        strings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in seed)
            strings[value] = value;
        lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Get(ReadOnlySpan<char> text)
    {
        if (lookup.TryGetValue(text, out var pooled))
            return pooled;
        var created = text.ToString();
        strings.Add(created, created);
        return created;
    }
}
