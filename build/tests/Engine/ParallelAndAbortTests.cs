using Strata.Engine;

namespace Strata.Tests.Engine;

public class ParallelAndAbortTests
{
    class Rendezvous : RecordingBuild
    {
        readonly TaskCompletionSource leftStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource rightStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TimeSpan Patience = TimeSpan.FromSeconds(10);

        public Target Left => _ => _.Executes(async () =>
        {
            Log.Info("left line");
            leftStarted.SetResult();
            await rightStarted.Task.WaitAsync(Patience);
            Record(nameof(Left));
        });

        public Target Right => _ => _.Executes(async () =>
        {
            Log.Info("right line");
            rightStarted.SetResult();
            await leftStarted.Task.WaitAsync(Patience);
            Record(nameof(Right));
        });

        public Target Both => _ => _.DependsOn(Left, Right).Executes(() => Record(nameof(Both)));
    }

    [Fact]
    public void Independent_targets_overlap_with_parallel_2_and_output_is_prefixed()
    {
        var build = new Rendezvous();
        var result = Harness.Run(build, "Both", "--parallel", "2");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Both", build.Ran.Last());
        Assert.Contains("[Left] left line", result.Lines());
        Assert.Contains("[Right] right line", result.Lines());
    }

    [Fact]
    public void Parallel_1_runs_one_at_a_time()
    {
        var result = Harness.Run(new Rendezvous { Patience = TimeSpan.FromMilliseconds(200) }, "Both");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Failed", result.StatusOf("Left"));
        Assert.Contains("left line", result.Lines());
    }

    class Ordered : RecordingBuild
    {
        public Target A => _ => _.Executes(async () => { await Task.Yield(); Record("A"); });
        public Target B => _ => _.After(A).Executes(() => Record("B"));
        public Target C => _ => _.DependsOn(B).Executes(() => Record("C"));
    }

    [Fact]
    public void Parallel_respects_ordering_relations()
    {
        var build = new Ordered();
        Harness.Run(build, "C", "A", "--parallel", "4");
        Assert.Equal(["A", "B", "C"], build.Ran);
    }

    class Processes : RecordingBuild
    {
        public Target Echo => _ => _.Executes(async () => await ProcessTasks.RunAsync("sh", ["-c", "echo from-process"]));
        public Target Other => _ => _.Executes(() => Log.Info("other"));
    }

    [Fact]
    public void Process_output_is_routed_through_the_target_prefix()
    {
        var result = Harness.Run(new Processes(), "Echo", "Other", "--parallel", "2");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("[Echo] from-process", result.Lines());
    }

    class Abortable : RecordingBuild
    {
        public readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool SawCancellation;

        public Target First => _ => _.Executes(() => Record(nameof(First)));
        public Target Long => _ => _.DependsOn(First).Executes(async context =>
        {
            Started.SetResult();
            try { await Task.Delay(Timeout.Infinite, context.CancellationToken); }
            catch (OperationCanceledException) { SawCancellation = true; throw; }
        });
        public Target Later => _ => _.DependsOn(Long).Executes(() => Record(nameof(Later)));
    }

    [Fact]
    public void Abort_marks_running_target_Aborted_rest_NotRun_prints_summary_and_exits_130()
    {
        var build = new Abortable();
        using var abort = new CancellationTokenSource();
        _ = build.Started.Task.ContinueWith(_ => abort.Cancel());
        var result = Harness.Run(build, ["Later"], new Dictionary<string, string>(), abort: abort.Token);
        Assert.Equal(130, result.ExitCode);
        Assert.True(build.SawCancellation);
        Assert.Equal("Succeeded", result.StatusOf("First"));
        Assert.Equal("Aborted", result.StatusOf("Long"));
        Assert.Equal("NotRun", result.StatusOf("Later"));
        Assert.Contains("Build aborted in", result.Output);
    }
}
