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
        // Build output (tens of MB for a CUDA base, times --parallel) is streamed line by line and never kept whole.
        var progress = new BuildProgress.Tracker();
        var result = await ProcessTasks.RunAsync(cli, arguments,
            new ProcessOptions { Environment = environment, CaptureOutput = false, OnLine = progress.Observe }, cancellationToken);
        stopwatch.Stop();
        if (!result.Succeeded)
            throw new ImageBuildException(
                $"build of {string.Join(", ", request.Tags)} from {request.Dockerfile} failed (exit {result.ExitCode}): {progress.FailureSummary}");
        return new BuildResult(progress.AllStepsCached, stopwatch.Elapsed, request.Tags, driver);
    }
}
