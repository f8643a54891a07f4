namespace Strata.GitHub;

/// <summary>A file listing changed paths, one per line; blank lines and Windows line ends are ignored.</summary>
public sealed class ChangedFilesFile(string path) : IChangedFilesSource
{
    public string Description => $"changed files listed in {path}";

    public Task<IReadOnlyList<string>> GetChangedFilesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(path));

    public static IReadOnlyList<string> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"changed-files list not found: {path}", path);
        return File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0)
            .ToList();
    }
}
