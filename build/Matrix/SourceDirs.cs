namespace Strata.Matrix;

/// <summary>Where a backend's sources live, so a pull request that touches them rebuilds it.</summary>
public static class SourceDirs
{
    /// <summary>
    /// The linux entry's source dir: its own <c>source-dir</c> (our extension) when given, else by Dockerfile kind;
    /// null for kinds without a rule (such entries are never selected by source changes, as in the original).
    /// </summary>
    public static string? ForLinux(BackendEntry entry)
    {
        if (entry.SourceDir.Length > 0)
            return AsDirectory(entry.SourceDir);
        return Langs.KindOf(entry.Dockerfile) switch
        {
            "python" => $"backend/python/{entry.Backend}/",
            "golang" => $"backend/go/{entry.Backend}/",
            "rust" => $"backend/rust/{entry.Backend}/",
            { } kind when Langs.CppKinds.Contains(kind) => $"backend/cpp/{kind}/",
            _ => null,
        };
    }

    /// <summary>Darwin entries build from <c>backend/&lt;lang, or python&gt;/&lt;backend&gt;/</c> unless <c>source-dir</c> says otherwise.</summary>
    public static string ForDarwin(BackendEntry entry) =>
        entry.SourceDir.Length > 0
            ? AsDirectory(entry.SourceDir)
            : $"backend/{(entry.Lang.Length > 0 ? entry.Lang : "python")}/{entry.Backend}/";

    /// <summary>turboquant wraps the llama-cpp sources, so changes there retrigger it too.</summary>
    public static IReadOnlyList<string> ExtraDirsForFlag(string backend) =>
        backend == "turboquant" ? ["backend/cpp/llama-cpp/"] : [];

    static string AsDirectory(string dir)
    {
        var trimmed = dir.StartsWith("./", StringComparison.Ordinal) ? dir[2..] : dir;
        return trimmed.EndsWith('/') ? trimmed : trimmed + "/";
    }
}
