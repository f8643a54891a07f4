namespace Strata.GitHub;

/// <summary>Picks where the changed files come from; null means a push (build everything).</summary>
public static class ChangedFilesSources
{
    /// <summary>
    /// An explicit list (<c>--changed-files</c>) wins, then a local diff (<c>--base-ref</c>), then the GitHub API for a
    /// pull request (number from <c>--pr</c> or the event; repository from the event or <c>GITHUB_REPOSITORY</c>).
    /// </summary>
    public static IChangedFilesSource? Select(
        string? changedFilesFile,
        string? baseRef,
        int? pullRequest,
        GitHubEvent? gitHubEvent,
        string? repository,
        string? token,
        string repositoryDirectory)
    {
        if (!string.IsNullOrEmpty(changedFilesFile))
            return new ChangedFilesFile(changedFilesFile);
        if (!string.IsNullOrEmpty(baseRef))
            return new GitChangedFiles(baseRef, repositoryDirectory);
        var number = pullRequest ?? gitHubEvent?.PullRequestNumber;
        if (number is null)
            return null;

        var (owner, name) = gitHubEvent is { RepositoryOwner: { } o, RepositoryName: { } n } ? (o, n) : Split(repository);
        if (owner is null || name is null)
            throw new ArgumentException(
                $"pull request #{number}: cannot ask GitHub for its changed files without the repository; " +
                "set GITHUB_EVENT_PATH or GITHUB_REPOSITORY (owner/name), or pass --changed-files FILE or --base-ref REF");
        return new OctokitChangedFiles(owner, name, number.Value, token);
    }

    static (string?, string?) Split(string? repository) =>
        repository?.Split('/') is [{ Length: > 0 } owner, { Length: > 0 } name] ? (owner, name) : (null, null);
}
