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
        return new OctokitChangedFiles(owner, name, number.Value, token,
            baseSha: gitHubEvent?.IsPullRequest == true ? gitHubEvent.BaseSha : null);
    }

    /// <summary>
    /// What an event other than a pull request builds. A branch push: the files between its before and after commits,
    /// from the compare API when there is a token, else from git in the clone. A workflow_dispatch whose
    /// <c>build-everything</c> input is false: the files the dispatched commit changed against the default branch.
    /// Everything else builds everything: tag pushes, a branch's first push, the weekly schedule, dispatches that
    /// ask for it, and runs without an event.
    /// </summary>
    public static EventScope ForEvent(GitHubEvent? gitHubEvent, string? repository, string? token, string repositoryDirectory, string? headSha)
    {
        if (gitHubEvent is null)
            return EventScope.Everything("no pull request and no GitHub event: every entry builds");
        var (owner, name) = gitHubEvent is { RepositoryOwner: { } o, RepositoryName: { } n } ? (o, n) : Split(repository);
        switch (gitHubEvent.EventName)
        {
            case "push" when gitHubEvent.IsTagPush:
                return EventScope.Everything($"tag push {gitHubEvent.Ref}: every entry builds");
            case "push" when gitHubEvent.BaseSha is not { } before || gitHubEvent.HeadSha is not { } after || before.All(c => c == '0'):
                return EventScope.Everything($"push to {gitHubEvent.Ref} without a previous commit (a new branch): every entry builds");
            case "push":
                return new EventScope(Range(gitHubEvent.BaseSha!, gitHubEvent.HeadSha!), null);
            case "workflow_dispatch" when gitHubEvent.BuildEverythingInput == false
                                          && gitHubEvent.DefaultBranch is { } defaultBranch && headSha is { Length: > 0 }:
                return new EventScope(owner is not null && name is not null && !string.IsNullOrEmpty(token)
                    ? new OctokitCompare(owner, name, defaultBranch, headSha, token)
                    : new GitChangedFiles($"origin/{defaultBranch}", repositoryDirectory), null);
            case "workflow_dispatch":
                return EventScope.Everything($"workflow_dispatch with {GitHubEvent.BuildEverythingInputName}: every entry builds");
            case "schedule":
                return EventScope.Everything("scheduled build: every entry builds");
            default:
                return EventScope.Everything($"{gitHubEvent.EventName} event: every entry builds");
        }

        IChangedFilesSource Range(string before, string after) =>
            owner is not null && name is not null && !string.IsNullOrEmpty(token)
                ? new OctokitCompare(owner, name, before, after, token)
                : new GitCommitRange(before, after, repositoryDirectory);
    }

    static (string?, string?) Split(string? repository) =>
        repository?.Split('/') is [{ Length: > 0 } owner, { Length: > 0 } name] ? (owner, name) : (null, null);
}

/// <summary>Where an event's changed files come from, or why every entry builds.</summary>
public sealed record EventScope(IChangedFilesSource? Source, string? EverythingReason)
{
    public static EventScope Everything(string reason) => new(null, reason);
}
