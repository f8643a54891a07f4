namespace Strata.Benchmarks;

/// <summary>
/// Finds the LocalAI fixtures the tests keep in the repository: the first directory upward (from the working
/// directory, then from the assembly) holding <c>build/tests/testdata/localai</c>; <c>STRATA_FIXTURES</c> overrides.
/// </summary>
public static class Fixtures
{
    const string Relative = "build/tests/testdata/localai";

    public static string Directory { get; } = Locate();

    public static string File(string name)
    {
        var path = Path.Combine(Directory, name);
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"fixture '{name}' not found in {Directory}", path);
    }

    static string Locate()
    {
        if (Environment.GetEnvironmentVariable("STRATA_FIXTURES") is { Length: > 0 } overridden)
            return System.IO.Directory.Exists(overridden) ? overridden
                : throw new DirectoryNotFoundException($"STRATA_FIXTURES={overridden} is not a directory");
        var starts = new[] { Environment.CurrentDirectory, AppContext.BaseDirectory };
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (System.IO.Directory.Exists(Path.Combine(dir.FullName, Relative)))
                    return Path.Combine(dir.FullName, Relative);
        throw new DirectoryNotFoundException(
            $"no '{Relative}' in any directory above {string.Join(" or ", starts)}; run from inside the repository or set STRATA_FIXTURES");
    }
}
