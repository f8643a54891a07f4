namespace Strata.GitHub;

/// <summary>
/// Local changed files: everything that differs between the merge base with <c>baseRef</c> and the working tree,
/// including uncommitted and untracked (not ignored) files, so a local run sees what the pull request will.
/// </summary>
public sealed class GitChangedFiles(string baseRef, string repositoryDirectory) : IChangedFilesSource
{
    string? mergeBase;

    public string Description => $"git diff against the merge base with {baseRef} in {repositoryDirectory}";

    public async Task<IReadOnlyList<string>> GetChangedFilesAsync(CancellationToken cancellationToken = default)
    {
        var revision = await MergeBaseAsync(cancellationToken);
        var changed = await Git(["-c", "core.quotepath=off", "diff", "--name-only", "--no-renames", revision, "--"], cancellationToken);
        var untracked = await Git(["-c", "core.quotepath=off", "ls-files", "--others", "--exclude-standard"], cancellationToken);
        return GitRevisions.Lines(changed).Concat(GitRevisions.Lines(untracked))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    public async Task<string?> ReadAtBaseAsync(string path, CancellationToken cancellationToken = default) =>
        await GitRevisions.ReadFileAsync(repositoryDirectory, await MergeBaseAsync(cancellationToken), path, cancellationToken);

    async Task<string> MergeBaseAsync(CancellationToken cancellationToken) =>
        mergeBase ??= (await Git(["merge-base", baseRef, "HEAD"], cancellationToken)).Trim();

    Task<string> Git(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        GitRevisions.RunAsync(repositoryDirectory, arguments, cancellationToken);
}
