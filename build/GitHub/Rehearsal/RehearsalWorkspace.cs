using Strata.Engine;

namespace Strata.GitHub.Rehearsal;

/// <summary>
/// A clean git worktree of the commit being rehearsed, under the run folder: HEAD, or with <c>uncommitted</c> a commit
/// object of the working tree's tracked changes (<c>git stash create</c>, which touches no branch and no stash list).
/// </summary>
public sealed record RehearsalWorkspace(string Path, string Sha)
{
    /// <summary>Names the commit (nothing is written yet); <see cref="CheckOutAsync"/> makes the worktree.</summary>
    public static async Task<RehearsalWorkspace> ChooseAsync(string repository, string path, bool uncommitted, CancellationToken cancellationToken)
    {
        var sha = await GitAsync(repository, cancellationToken, "rev-parse", "HEAD");
        if (uncommitted && await GitAsync(repository, cancellationToken, "stash", "create") is { Length: > 0 } snapshot)
            sha = snapshot;
        return new RehearsalWorkspace(path, sha);
    }

    public Task CheckOutAsync(string repository, CancellationToken cancellationToken) => CheckOutAsync(repository, Path, cancellationToken);

    /// <summary>Another clean worktree of the same commit at <paramref name="path"/> (a job row's own workspace).</summary>
    public async Task CheckOutAsync(string repository, string path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(path))
            await GitAsync(repository, cancellationToken, "worktree", "add", "--detach", path, Sha);
    }

    public static async Task RemoveAsync(string repository, string path)
    {
        if (Directory.Exists(path))
            await GitAsync(repository, CancellationToken.None, "worktree", "remove", "--force", path);
        await GitAsync(repository, CancellationToken.None, "worktree", "prune");
    }

    /// <summary>The repository as owner/name from a GitHub origin URL; <c>local/&lt;folder&gt;</c> otherwise.</summary>
    public static async Task<string> RepositoryNameAsync(string repository, CancellationToken cancellationToken)
    {
        var result = await ProcessTasks.RunAsync("git", ["-C", repository, "remote", "get-url", "origin"], new ProcessOptions { LogOutput = false }, cancellationToken);
        var url = result.StandardOutput.Trim();
        var match = System.Text.RegularExpressions.Regex.Match(url, @"github\.com[:/]([^/]+)/([^/]+?)(\.git)?$");
        return match.Success ? $"{match.Groups[1].Value}/{match.Groups[2].Value}" : $"local/{System.IO.Path.GetFileName(repository.TrimEnd('/'))}";
    }

    static async Task<string> GitAsync(string repository, CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await ProcessTasks.RunAsync("git", ["-C", repository, .. arguments], new ProcessOptions { LogOutput = false }, cancellationToken);
        return result.Succeeded
            ? result.StandardOutput.Trim()
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {result.StandardError.Trim()}");
    }
}
