namespace Strata.Matrix;

/// <summary>Maps a consumer Dockerfile to its kind (the file suffix) and to the lang whose base it builds on.</summary>
public static class Langs
{
    const string Prefix = "Dockerfile.";

    /// <summary>The C++ trio shares one cpp base: they differ only in their per-backend make targets.</summary>
    public static readonly IReadOnlySet<string> CppKinds = new HashSet<string>(StringComparer.Ordinal) { "llama-cpp", "ik-llama-cpp", "turboquant" };

    /// <summary><c>./backend/Dockerfile.turboquant</c> → <c>turboquant</c>; null when the file is not named Dockerfile.&lt;kind&gt;.</summary>
    public static string? KindOf(string dockerfile)
    {
        var name = dockerfile[(dockerfile.LastIndexOf('/') + 1)..];
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || name.Length == Prefix.Length)
            return null;
        var kind = name[Prefix.Length..];
        return kind.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? kind : null;
    }

    /// <summary><c>./backend/Dockerfile.python</c> → <c>python</c>; llama-cpp, ik-llama-cpp and turboquant → <c>cpp</c>.</summary>
    public static string? FromDockerfile(string dockerfile) =>
        KindOf(dockerfile) is { } kind ? CppKinds.Contains(kind) ? "cpp" : kind : null;
}
