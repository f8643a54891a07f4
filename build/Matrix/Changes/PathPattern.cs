using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Matrix.Changes;

/// <summary>
/// One path pattern of a change rule, matched against repository-relative paths with '/' separators:
/// <c>dir/</c> (a trailing slash) matches everything below dir; <c>*</c> any characters but '/', <c>?</c> one of them,
/// <c>**</c> any number of directories; <c>{lang}</c> one path part, bound to the name the rule's selectors use;
/// anything else is an exact path. <c>{bases-dir}</c> stands for the recipe folder (<c>--bases-dir</c>) and is
/// replaced before matching, so a rules file keeps working when the recipes move.
/// </summary>
public sealed partial class PathPattern
{
    public const string LangPlaceholder = "{lang}";
    public const string BasesDirPlaceholder = "{bases-dir}";

    readonly string regexSource;
    // Built on the first match: a Derive without changed files never matches, and building a Regex is a visible
    // part of a cold start (parser, cache, interpreter).
    Regex? regex;

    PathPattern(string text, string regexSource, bool bindsLang)
    {
        Text = text;
        this.regexSource = regexSource;
        BindsLang = bindsLang;
    }

    /// <summary>The pattern as written in the rules file.</summary>
    public string Text { get; }

    /// <summary>True when a match binds <c>{lang}</c>.</summary>
    public bool BindsLang { get; }

    /// <summary>
    /// Compiles <paramref name="text"/>; null with a reason when it is not a pattern that can ever match a file of the
    /// repository (absolute, leaving the repository, unknown placeholder).
    /// </summary>
    public static PathPattern? TryCreate(string text, string basesDirectory, out string? problem)
    {
        problem = Validate(text);
        if (problem is not null)
            return null;
        var expanded = text.Replace(BasesDirPlaceholder, basesDirectory.TrimEnd('/'), StringComparison.Ordinal);
        if (expanded.StartsWith("./", StringComparison.Ordinal))
            expanded = expanded[2..];
        var bindsLang = expanded.Contains(LangPlaceholder, StringComparison.Ordinal);
        return new PathPattern(text, ToRegex(expanded), bindsLang);
    }

    /// <summary>Whether <paramref name="path"/> matches; <paramref name="lang"/> is the bound <c>{lang}</c>, if any.</summary>
    public bool Matches(string path, out string? lang)
    {
        regex ??= new Regex(regexSource, RegexOptions.CultureInvariant);
        var match = regex.Match(path);
        lang = match.Success && BindsLang ? match.Groups["lang"].Value : null;
        return match.Success;
    }

    static string? Validate(string text)
    {
        if (text.Length == 0)
            return "an empty path pattern matches nothing";
        if (text.StartsWith('/') || text.Contains('\\') || (text.Length > 1 && text[1] == ':'))
            return $"'{text}' is not a repository-relative path (write it relative to the repository root, with '/')";
        var parts = text.Split('/');
        if (parts.Any(part => part == ".."))
            return $"'{text}' points outside the repository and can never match a changed file";
        foreach (Match placeholder in Placeholders(text))
            if (placeholder.Value is not (LangPlaceholder or BasesDirPlaceholder))
                return $"'{text}': unknown placeholder {placeholder.Value} (valid: {LangPlaceholder}, {BasesDirPlaceholder})";
        if (text.IndexOf(LangPlaceholder, StringComparison.Ordinal) != text.LastIndexOf(LangPlaceholder, StringComparison.Ordinal))
            return $"'{text}': {LangPlaceholder} may appear once";
        var basesDir = text.IndexOf(BasesDirPlaceholder, StringComparison.Ordinal);
        if (basesDir > 0 || (basesDir == 0 && text.LastIndexOf(BasesDirPlaceholder, StringComparison.Ordinal) != 0))
            return $"'{text}': {BasesDirPlaceholder} may only start a pattern";
        return null;
    }

    static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern.AsSpan(i).StartsWith("**/"))
            {
                regex.Append("(?:.*/)?");
                i += 2;
            }
            else if (pattern.AsSpan(i).StartsWith("**"))
            {
                regex.Append(".*");
                i += 1;
            }
            else if (pattern[i] == '*')
                regex.Append("[^/]*");
            else if (pattern[i] == '?')
                regex.Append("[^/]");
            else if (pattern.AsSpan(i).StartsWith(LangPlaceholder))
            {
                regex.Append("(?<lang>[^/]+)");
                i += LangPlaceholder.Length - 1;
            }
            else
                regex.Append(Regex.Escape(pattern[i].ToString()));
        }
        // A trailing slash names a directory: everything below it matches.
        if (!pattern.EndsWith('/'))
            regex.Append('$');
        return regex.ToString();
    }

    /// <summary>Every <c>{name}</c> in <paramref name="text"/>: the placeholder syntax of rules files, in one place.</summary>
    internal static MatchCollection Placeholders(string text) => Placeholder().Matches(text);

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Placeholder();

    public override string ToString() => Text;
}
