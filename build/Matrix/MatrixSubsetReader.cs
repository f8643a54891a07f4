using Strata.Matrix.Yaml;

namespace Strata.Matrix;

/// <summary>
/// A one-pass reader for the YAML shape matrices are written in: one document, a top-level mapping of the section
/// keys (<c>linux:</c>/<c>darwin:</c> or <c>include:</c>/<c>includeDarwin:</c>), each a block sequence of flat
/// <c>key: scalar</c> mappings whose scalars are plain, single-quoted or escape-free double-quoted and fit on
/// their line; comments, blank lines and CRLF line ends anywhere. It exists because YamlDotNet's parser is most of
/// the cost of a cold <c>Derive</c>. It returns null for anything else (flow collections, anchors, tags, escapes,
/// multi-line scalars, duplicate keys, unknown top-level keys, a second document, tabs, unusual characters ...),
/// and <see cref="MatrixFile"/> then reads the text with YamlDotNet, which also words every syntax error. Within
/// the subset it yields exactly the entries, fields, values and lines YamlDotNet's reading yields (proved by
/// MatrixSubsetReaderTests over every fixture and generated matrices), so validation sees the same input either way.
/// </summary>
internal static class MatrixSubsetReader
{
    /// <summary>Field names and the commonest values, so that entries read from any file share these instances.</summary>
    static readonly string[] KnownNames = [.. FieldNames.All, "", "true", "false"];

    public static BackendMatrix? TryRead(string yaml, string path)
    {
        if (!YamlSubsetSyntax.HasOnlySubsetCharacters(yaml))
            return null;

        var strings = new StringPool(KnownNames);
        var sections = new Dictionary<string, List<BackendEntry>>(2, StringComparer.Ordinal);
        List<BackendEntry>? entries = null;
        var section = MatrixSection.Linux;
        var itemIndent = -1;
        var fieldIndent = -1;
        List<MatrixField>? fields = null;
        var entryLine = 0;
        var lines = new ContentLineReader(yaml);
        while (lines.MoveNext())
        {
            int lineNumber = lines.Number, indent = lines.Indent;
            var rest = lines.Text;
            if (indent == 0 && rest[0] != '-')
            {
                FinishEntry();
                var key = YamlSubsetSyntax.ReadKey(rest, out var afterKey);
                if (key is null || !YamlSubsetSyntax.IsBlankOrComment(afterKey) || sections.ContainsKey(key))
                    return null;
                var kind = SectionOf(key);
                if (kind is null)
                    return null;
                section = kind.Value;
                entries = [];
                sections.Add(key, entries);
                itemIndent = -1;
                fieldIndent = -1;
                continue;
            }
            if (entries is null)
                return null;

            if (rest[0] == '-')
            {
                if (rest.Length < 2 || rest[1] != ' ' || (itemIndent >= 0 && indent != itemIndent))
                    return null;
                itemIndent = indent;
                FinishEntry();
                var spaces = 1;
                while (1 + spaces < rest.Length && rest[1 + spaces] == ' ')
                    spaces++;
                fieldIndent = indent + 1 + spaces;
                fields = new List<MatrixField>(16);
                entryLine = lineNumber;
                if (!ReadField(rest[(1 + spaces)..], lineNumber, fields, strings))
                    return null;
                continue;
            }
            if (fields is null || indent != fieldIndent || !ReadField(rest, lineNumber, fields, strings))
                return null;
        }
        if (lines.LeftSubset)
            return null;
        FinishEntry();

        var linuxDarwin = sections.ContainsKey("linux") || sections.ContainsKey("darwin");
        var include = sections.ContainsKey("include") || sections.ContainsKey("includeDarwin");
        if (linuxDarwin == include)
            return null;
        var (linuxKey, darwinKey, schema) = linuxDarwin
            ? ("linux", "darwin", MatrixSchema.LinuxDarwin)
            : ("include", "includeDarwin", MatrixSchema.IncludeIncludeDarwin);
        return new BackendMatrix(path, schema,
            sections.TryGetValue(linuxKey, out var linux) ? linux : [],
            sections.TryGetValue(darwinKey, out var darwin) ? darwin : []);

        void FinishEntry()
        {
            if (fields is null)
                return;
            entries!.Add(new BackendEntry(path, section, entries.Count, entryLine, fields));
            fields = null;
        }
    }

    static MatrixSection? SectionOf(string key) => key switch
    {
        "linux" or "include" => MatrixSection.Linux,
        "darwin" or "includeDarwin" => MatrixSection.Darwin,
        _ => null,
    };

    /// <summary>Reads <c>key: scalar</c> into <paramref name="fields"/>; false when the line is outside the subset.</summary>
    static bool ReadField(ReadOnlySpan<char> text, int line, List<MatrixField> fields, StringPool strings)
    {
        var length = YamlSubsetSyntax.KeyBeforeColon(text, out var afterKey);
        if (length == 0)
            return false;
        var name = strings.Get(text[..length]);
        foreach (var field in fields)
            if (field.Name == name)
                return false;
        if (afterKey.IsEmpty || YamlSubsetSyntax.IsBlankOrComment(afterKey))
        {
            fields.Add(new MatrixField(name, "", line));
            return true;
        }
        if (afterKey[0] != ' ')
            return false;
        var value = ReadScalar(afterKey.TrimStart(' '), strings);
        if (value is null)
            return false;
        fields.Add(new MatrixField(name, value, line));
        return true;
    }

    /// <summary>The normalized value of a scalar that fills the rest of its line (a comment may follow); null outside the subset.</summary>
    static string? ReadScalar(ReadOnlySpan<char> text, StringPool strings)
    {
        if (text[0] is '\'' or '"')
        {
            if (YamlSubsetSyntax.TryReadVerbatimQuoted(text, out var verbatim, out var afterVerbatim))
                return YamlSubsetSyntax.IsTrailer(afterVerbatim) ? strings.Get(verbatim) : null;
            return YamlSubsetSyntax.ReadQuoted(text, out var rest) is { } quoted && YamlSubsetSyntax.IsTrailer(rest) ? quoted : null;
        }
        return YamlSubsetSyntax.TryReadPlain(text, out var plain) ? MatrixFile.NormalizeScalar(strings.Get(plain), plain: true) : null;
    }
}
