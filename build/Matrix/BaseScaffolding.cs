namespace Strata.Matrix;

/// <summary>
/// Files every base build depends on besides its own recipe: a change to any of them adds canaries for every
/// lang, so a pull request exercises each base before merge.
/// </summary>
public static class BaseScaffolding
{
    /// <summary>
    /// <c>dir/**</c> matches anything below dir; <c>dir/*.ext</c> matches files with that extension directly in dir.
    /// The per-lang recipes <c>.docker/bases/Dockerfile.&lt;lang&gt;</c> are not scaffolding: they canary only their lang.
    /// </summary>
    public static readonly IReadOnlyList<string> Patterns =
    [
        "build/Matrix/**",
        ".docker/bases/*.sh",
        ".github/workflows/*.yml",
    ];

    public const string RecipeDirectory = ".docker/bases/";
    public const string RecipePrefix = "Dockerfile.";

    public static bool IsScaffolding(string path) => Patterns.Any(pattern => Matches(pattern, path));

    /// <summary>The lang whose recipe this path is (<c>.docker/bases/Dockerfile.cpp</c> → <c>cpp</c>), else null.</summary>
    public static string? RecipeLang(string path) =>
        path.StartsWith(RecipeDirectory + RecipePrefix, StringComparison.Ordinal) && path.Length > RecipeDirectory.Length + RecipePrefix.Length
            && path.IndexOf('/', RecipeDirectory.Length) < 0
            ? path[(RecipeDirectory.Length + RecipePrefix.Length)..]
            : null;

    static bool Matches(string pattern, string path)
    {
        if (pattern.EndsWith("/**", StringComparison.Ordinal))
            return path.StartsWith(pattern[..^2], StringComparison.Ordinal);
        var slash = pattern.LastIndexOf('/');
        var directory = pattern[..(slash + 1)];
        var extension = pattern[(slash + 2)..];
        return path.StartsWith(directory, StringComparison.Ordinal)
            && path.IndexOf('/', directory.Length) < 0
            && path.EndsWith(extension, StringComparison.Ordinal);
    }
}
