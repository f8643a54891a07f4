namespace Strata.GitHub;

/// <summary>
/// A push's changed files from the local clone (<c>git diff before after</c>), for runs without the GitHub API. The
/// clone must hold the before commit (a checkout with enough history); when it does not, the files are unavailable
/// and the caller builds everything.
/// </summary>
public sealed class GitCommitRange(string before, string after, string repositoryDirectory) : IChangedFilesSource
{
    public string Description => $"git diff {Short(before)}..{Short(after)} in {repositoryDirectory}";

    public async Task<IReadOnlyList<string>> GetChangedFilesAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var changed = await GitRevisions.RunAsync(repositoryDirectory,
                ["-c", "core.quotepath=off", "diff", "--name-only", "--no-renames", before, after, "--"], cancellationToken);
            return GitRevisions.Lines(changed).ToList();
        }
        catch (InvalidOperationException e)
        {
            throw new ChangedFilesUnavailableException($"cannot diff the push locally: {e.Message}", e);
        }
    }

    public async Task<string?> ReadAtBaseAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GitRevisions.ReadFileAsync(repositoryDirectory, before, path, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new ChangedFilesUnavailableException($"cannot read {path} at {Short(before)}: {e.Message}", e);
        }
    }

    static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
