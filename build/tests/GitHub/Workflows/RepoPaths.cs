namespace Strata.Tests.GitHub.Workflows;

static class RepoPaths
{
    /// <summary>The repository root: the nearest ancestor of the test binaries holding build/_build.csproj.</summary>
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "build", "_build.csproj")))
                return dir.FullName;
        throw new InvalidOperationException($"no build/_build.csproj above {AppContext.BaseDirectory}");
    }
}

sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("strata-workflows-").FullName;
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
