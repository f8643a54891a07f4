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
public sealed class PathPattern
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
        foreach (var placeholder in Placeholders(text))
            if (placeholder is not (LangPlaceholder or BasesDirPlaceholder))
                return $"'{text}': unknown placeholder {placeholder} (valid: {LangPlaceholder}, {BasesDirPlaceholder})";
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
                AppendLiteral(regex, pattern[i]);
        }
        // A trailing slash names a directory: everything below it matches.
        if (!pattern.EndsWith('/'))
            regex.Append('$');
        return regex.ToString();
    }

    /// <summary>
    /// <paramref name="c"/> as a regex that matches exactly it: what <see cref="Regex.Escape"/> escapes, escaped here so
    /// that reading a rules file does not load the regex engine (only a match does).
    /// </summary>
    static void AppendLiteral(StringBuilder regex, char c)
    {
        switch (c)
        {
            case '\\' or '*' or '+' or '?' or '|' or '{' or '[' or '(' or ')' or '^' or '$' or '.' or '#' or ' ':
                regex.Append('\\').Append(c);
                break;
            case '\t': regex.Append("\\t"); break;
            case '\n': regex.Append("\\n"); break;
            case '\r': regex.Append("\\r"); break;
            case '\f': regex.Append("\\f"); break;
            default: regex.Append(c); break;
        }
    }

    /// <summary>Every <c>{name}</c> in <paramref name="text"/>: the placeholder syntax of rules files, in one place.</summary>
    internal static List<string> Placeholders(string text)
    {
        var placeholders = new List<string>();
        for (var open = text.IndexOf('{'); open >= 0; open = text.IndexOf('{', open + 1))
        {
            var close = text.IndexOf('}', open + 1);
            if (close < 0)
                break;
            placeholders.Add(text[open..(close + 1)]);
            open = close;
        }
        return placeholders;
    }

    public override string ToString() => Text;
}
