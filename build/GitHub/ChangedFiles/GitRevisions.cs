using Strata.Engine;

namespace Strata.GitHub;

/// <summary>The git calls the git-based change sources share: run git in the repository, read a file at a revision.</summary>
static class GitRevisions
{
    public static async Task<string> RunAsync(string repositoryDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessTasks.RunAsync("git", arguments,
            new ProcessOptions { WorkingDirectory = repositoryDirectory, LogOutput = false }, cancellationToken);
        if (!result.Succeeded)
            throw new InvalidOperationException(
                $"git {string.Join(' ', arguments)} failed in {repositoryDirectory} (exit {result.ExitCode}): {result.StandardError.Trim()}");
        return result.StandardOutput;
    }

    /// <summary>The text of <paramref name="path"/> at <paramref name="revision"/>; null when the file does not exist there.</summary>
    public static async Task<string?> ReadFileAsync(string repositoryDirectory, string revision, string path, CancellationToken cancellationToken)
    {
        var exists = await ProcessTasks.RunAsync("git", ["cat-file", "-e", $"{revision}:{path}"],
            new ProcessOptions { WorkingDirectory = repositoryDirectory, LogOutput = false }, cancellationToken);
        if (!exists.Succeeded)
        {
            // cat-file fails alike for a missing file and a missing revision; only the first means "not there".
            await RunAsync(repositoryDirectory, ["rev-parse", "--verify", "--quiet", $"{revision}^{{commit}}"], cancellationToken);
            return null;
        }
        return await RunAsync(repositoryDirectory, ["show", $"{revision}:{path}"], cancellationToken);
    }

    public static IEnumerable<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
