namespace Strata.Matrix;

/// <summary>A lang has a base exactly when its recipe <c>Dockerfile.&lt;lang&gt;</c> exists in the bases directory.</summary>
public static class BaseRecipes
{
    public const string RecipePrefix = "Dockerfile.";

    public static IReadOnlySet<string> Discover(string directory)
    {
        var langs = new SortedSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
            return langs;
        foreach (var file in Directory.EnumerateFiles(directory, RecipePrefix + "*"))
        {
            var name = Path.GetFileName(file);
            if (name.Length > RecipePrefix.Length)
                langs.Add(name[RecipePrefix.Length..]);
        }
        return langs;
    }

    public static string RecipePath(string directory, string lang) => Path.Combine(directory, RecipePrefix + lang);
}
