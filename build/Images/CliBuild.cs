using System.Diagnostics;
using Strata.Engine;

namespace Strata.Images;

/// <summary>Runs a docker CLI build and reads whether every step came from the cache.</summary>
static class CliBuild
{
    public static async Task<BuildResult> RunAsync(
        string driver, string cli, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment,
        ImageBuildRequest request, CancellationToken cancellationToken)
    {
        Log.Info($"{cli} {string.Join(' ', arguments)}");
        var stopwatch = Stopwatch.StartNew();
        var result = await ProcessTasks.RunAsync(cli, arguments, new ProcessOptions { Environment = environment }, cancellationToken);
        stopwatch.Stop();
        var output = result.StandardOutput + result.StandardError;
        if (!result.Succeeded)
            throw new ImageBuildException(
                $"build of {string.Join(", ", request.Tags)} from {request.Dockerfile} failed (exit {result.ExitCode}): {LastLines(output)}");
        return new BuildResult(BuildProgress.AllStepsCached(output), stopwatch.Elapsed, request.Tags, driver);
    }

    static string LastLines(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = lines.LastOrDefault(line => line.Contains("ERROR", StringComparison.Ordinal) || line.StartsWith("error", StringComparison.OrdinalIgnoreCase));
        return error ?? string.Join(" | ", lines.TakeLast(3));
    }
}
