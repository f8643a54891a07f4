using Strata.Engine;
using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>Build output is read line by line as it arrives and never held whole.</summary>
public class BuildOutputStreamingTests
{
    [Fact]
    public async Task Lines_reach_the_observer_as_they_arrive_and_are_not_captured()
    {
        var lines = new List<string>();
        var result = await ProcessTasks.RunAsync("sh", ["-c", "echo one; echo two >&2; echo three"],
            new ProcessOptions { CaptureOutput = false, LogOutput = false, OnLine = line => { lock (lines) lines.Add(line); } });

        Assert.True(result.Succeeded);
        Assert.Equal("", result.StandardOutput + result.StandardError);
        Assert.Equal(["one", "three", "two"], lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_tracker_keeps_the_cache_verdict_and_the_failure_line_without_the_whole_output()
    {
        var tracker = new BuildProgress.Tracker();
        foreach (var line in new[] { "#5 [2/3] RUN make", "#5 CACHED", "#6 [3/3] RUN make install", "#6 ERROR: process exited 2", "noise 1", "noise 2", "noise 3", "noise 4" })
            tracker.Observe(line);

        Assert.False(tracker.AllStepsCached);
        Assert.Equal("#6 ERROR: process exited 2", tracker.FailureSummary);

        var quiet = new BuildProgress.Tracker();
        foreach (var line in new[] { "a", "b", "c", "d" }) quiet.Observe(line);
        Assert.Equal("b | c | d", quiet.FailureSummary);
    }
}
