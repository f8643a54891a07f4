namespace Strata.Matrix;

/// <summary>
/// What a backend matrix file may look like, independent of the YAML reader: its top-level sections, one document,
/// a shallow nesting, bounded names and values. Every reader of the matrix applies these checks and words its
/// problems with these messages, so a file is accepted or refused the same way whichever reader parses it.
/// </summary>
public static class MatrixShape
{
    public static readonly (string Linux, string Darwin, MatrixSchema Schema)[] Schemas =
    [
        ("linux", "darwin", MatrixSchema.LinuxDarwin),
        ("include", "includeDarwin", MatrixSchema.IncludeIncludeDarwin),
    ];

    public static readonly IReadOnlyList<string> SectionNames = [.. Schemas.SelectMany(s => new[] { s.Linux, s.Darwin })];

    /// <summary>Deepest nesting accepted (a matrix needs 3: the root mapping, a section's list, an entry's mapping).</summary>
    public const int MaxDepth = 8;

    /// <summary>Longest field value: far above any real one, far below what would bloat the outputs.</summary>
    public const int MaxValueLength = 256;

    public const int MaxFieldNameLength = 64;

    /// <summary>Docker's limit on a tag.</summary>
    public const int MaxTagLength = 128;

    public static bool IsSection(string key) => SectionNames.Contains(key);

    /// <summary>
    /// Top-level keys starting with <c>x-</c> are extension blocks (as in Compose files): ignored, and so a place
    /// for anchors that entries alias. Any other unknown key is an error.
    /// </summary>
    public static bool IsExtension(string key) => key.StartsWith("x-", StringComparison.Ordinal);

    /// <summary>The problem for a top-level key that is not a section (a typo such as <c>linx:</c> would drop entries).</summary>
    public static string UnknownSection(string key)
    {
        var suggestion = SectionNames.Where(name => Similar(name, key))
            .OrderBy(name => Distance(name.ToLowerInvariant(), key.ToLowerInvariant())).FirstOrDefault();
        return $"unknown top-level section '{Printable.Quote(key)}'" +
               (suggestion is null ? "" : $"; did you mean '{suggestion}'?") +
               $" (valid: {string.Join(", ", SectionNames)}, or x-<name> for an extension block)";
    }

    public const string ExtraDocument = "a second YAML document: the backend matrix is one document (remove the '---' and what follows, or merge it)";

    public static string TooDeep => $"nesting deeper than {MaxDepth} levels: a matrix entry holds only single values";

    static bool Similar(string name, string key)
    {
        if (key.Length == 0) return false;
        var a = name.ToLowerInvariant();
        var b = key.ToLowerInvariant();
        return a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal) || Distance(a, b) <= 2;
    }

    static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}

/// <summary>Values quoted in messages: control characters shown as escapes, long values shortened, so a problem stays one line.</summary>
public static class Printable
{
    public static string Quote(string value, int maxLength = 80)
    {
        // Nearly every value needs no change: returned as it is, validating a large matrix allocates nothing here.
        if (value.Length <= maxLength && !NeedsAnyEscape(value))
            return value;
        var text = new System.Text.StringBuilder(Math.Min(value.Length, maxLength) + 8);
        foreach (var c in value.Length > maxLength ? value.AsSpan(0, maxLength) : value.AsSpan())
            switch (c)
            {
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (NeedsEscape(c)) text.Append($"\\u{(int)c:X4}");
                    else text.Append(c);
                    break;
            }
        if (value.Length > maxLength) text.Append('…');
        return text.ToString();
    }

    static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    static bool NeedsAnyEscape(string value)
    {
        foreach (var c in value)
            if (NeedsEscape(c))
                return true;
        return false;
    }

    /// <summary>A whole message made one line (any control character escaped).</summary>
    public static string OneLine(string message) => Quote(message, int.MaxValue);
}
