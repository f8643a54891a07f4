namespace Strata.Matrix;

/// <summary>Maps a consumer Dockerfile to its kind (the file suffix); which lang's base a kind builds on is data (<see cref="Changes.ChangeRules.BaseLangOf"/>).</summary>
public static class Langs
{
    const string Prefix = "Dockerfile.";

    /// <summary><c>./backend/Dockerfile.golang</c> → <c>golang</c>; null when the file is not named Dockerfile.&lt;kind&gt;.</summary>
    public static string? KindOf(string dockerfile)
    {
        var name = dockerfile[(dockerfile.LastIndexOf('/') + 1)..];
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || name.Length == Prefix.Length)
            return null;
        var kind = name[Prefix.Length..];
        return kind.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? kind : null;
    }
}
