using Strata.Engine;

namespace Strata.GitHub;

/// <summary>
/// Local changed files: everything that differs between the merge base with <c>baseRef</c> and the working tree,
/// including uncommitted and untracked (not ignored) files, so a local run sees what the pull request will.
/// </summary>
public sealed class GitChangedFiles(string baseRef, string repositoryDirectory) : IChangedFilesSource
{
    public string Description => $"git diff against the merge base with {baseRef} in {repositoryDirectory}";

    public async Task<IReadOnlyList<string>> GetChangedFilesAsync(CancellationToken cancellationToken = default)
    {
        var mergeBase = (await Git(["merge-base", baseRef, "HEAD"], cancellationToken)).Trim();
        var changed = await Git(["-c", "core.quotepath=off", "diff", "--name-only", "--no-renames", mergeBase, "--"], cancellationToken);
        var untracked = await Git(["-c", "core.quotepath=off", "ls-files", "--others", "--exclude-standard"], cancellationToken);
        return Lines(changed).Concat(Lines(untracked))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    static IEnumerable<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    async Task<string> Git(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessTasks.RunAsync("git", arguments,
            new ProcessOptions { WorkingDirectory = repositoryDirectory, LogOutput = false }, cancellationToken);
        if (!result.Succeeded)
            throw new InvalidOperationException(
                $"git {string.Join(' ', arguments)} failed in {repositoryDirectory} (exit {result.ExitCode}): {result.StandardError.Trim()}");
        return result.StandardOutput;
    }
}
