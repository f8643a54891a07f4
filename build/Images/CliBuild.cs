using System.Diagnostics;
using Strata.Engine;

namespace Strata.Images;

/// <summary>Runs a docker CLI build and reads its progress: which steps came from the cache, what was pushed, what failed.</summary>
static class CliBuild
{
    public sealed record Run(int ExitCode, BuildProgress.Tracker Progress, TimeSpan Duration)
    {
        public bool Succeeded => ExitCode == 0;
    }

    public static async Task<Run> RunAsync(
        string cli, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        Log.Info($"{cli} {string.Join(' ', arguments)}");
        var stopwatch = Stopwatch.StartNew();
        // Build output (tens of MB for a CUDA base, times --parallel) is streamed line by line and never kept whole.
        var progress = new BuildProgress.Tracker();
        var result = await ProcessTasks.RunAsync(cli, arguments,
            new ProcessOptions { Environment = environment, CaptureOutput = false, OnLine = progress.Observe }, cancellationToken);
        stopwatch.Stop();
        return new Run(result.ExitCode, progress, stopwatch.Elapsed);
    }

    public static ImageBuildException Failure(ImageBuildRequest request, Run run) =>
        new($"build of {string.Join(", ", request.Tags)} from {request.Dockerfile} failed (exit {run.ExitCode}): {run.Progress.FailureSummary}");

    /// <summary>The run's result, or the build failure when it did not succeed.</summary>
    public static BuildResult ResultOf(string driver, ImageBuildRequest request, Run run) =>
        run.Succeeded ? new BuildResult(run.Progress.AllStepsCached, run.Duration, request.Tags, driver) : throw Failure(request, run);
}
