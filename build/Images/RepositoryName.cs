using System.Text.RegularExpressions;

namespace Strata.Images;

/// <summary>
/// An image repository as Docker accepts it: <c>[host[:port]/]path</c>, the path lower case. Checked when a parameter
/// names one, so a repository such as <c>ghcr.io/Owner/Repo</c> fails at once with the reason rather than at push time.
/// </summary>
public static class RepositoryName
{
    /// <summary>Docker's limit on a repository name.</summary>
    public const int MaxLength = 255;

    // Constructed on first use and interpreted: the build uses no source generators (_build.csproj says why).
    private static Regex Pattern() =>
        pattern ??= new(@"^(?:(?<host>(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?))*(?::[0-9]+)?)/)?(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)$");
    static Regex? pattern;

    /// <summary>Why <paramref name="value"/> is not a repository name, or null when it is.</summary>
    public static string? Problem(string value)
    {
        if (value.Length == 0) return "is empty";
        if (value.Length > MaxLength) return $"is {value.Length} characters long (at most {MaxLength})";
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return "contains white space or a control character";
        if (value.Contains(':') && value.LastIndexOf(':') > value.IndexOf('/') || value.Contains('@'))
            return "holds a tag or digest; give the repository only (tags are derived)";
        var slash = value.IndexOf('/');
        var path = slash > 0 && (value[..slash].Contains('.') || value[..slash].Contains(':') || value[..slash] == "localhost") ? value[(slash + 1)..] : value;
        if (path.Any(char.IsAsciiLetterUpper)) return "has upper-case letters; repository paths must be lower case";
        return Pattern().IsMatch(value) ? null : "is not a repository name ([host[:port]/]path of lower-case letters, digits and '.', '_', '-' separators)";
    }
}
