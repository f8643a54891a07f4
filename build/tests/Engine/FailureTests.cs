using Strata.Engine;

namespace Strata.Tests.Engine;

public class FailureTests
{
    class Failing : RecordingBuild
    {
        public Target Broken => _ => _.Executes(() => throw new InvalidOperationException("disk full"));
        public Target AfterBroken => _ => _.DependsOn(Broken).Executes(() => Record(nameof(AfterBroken)));
        public Target Independent => _ => _.After(Broken).Executes(() => Record(nameof(Independent)));
        public Target Cleanup => _ => _.TriggeredBy(Broken).AssuredAfterFailure().Executes(() => Record(nameof(Cleanup)));
        public Target Tolerated => _ => _.ProceedAfterFailure().Executes(() => throw new InvalidOperationException("flaky"));
        public Target AfterTolerated => _ => _.After(Tolerated).Executes(() => Record(nameof(AfterTolerated)));
        public Target Announce => _ => _.TriggeredBy(Broken).Executes(() => Record(nameof(Announce)));
        public Target NeedsTolerated => _ => _.DependsOn(Tolerated).Executes(() => Record(nameof(NeedsTolerated)));
    }

    [Fact]
    public void Failure_marks_dependents_NotRun_stops_the_build_and_exits_1()
    {
        var build = new Failing();
        var result = Harness.Run(build, "AfterBroken", "Independent");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["Cleanup"], build.Ran);
        Assert.Equal("Failed", result.StatusOf("Broken"));
        Assert.Equal("NotRun", result.StatusOf("AfterBroken"));
        Assert.Equal("NotRun", result.StatusOf("Independent"));
        Assert.Contains("error: Broken: disk full", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.Contains("Build failed in", result.Output);
    }

    [Fact]
    public void Verbose_verbosity_shows_the_stack_trace()
    {
        var result = Harness.Run(new Failing(), "Broken", "--verbosity", "verbose");
        Assert.Contains("   at ", result.Output);
    }

    [Fact]
    public void Keep_going_runs_targets_that_do_not_depend_on_the_failure()
    {
        var build = new Failing();
        var result = Harness.Run(build, "AfterBroken", "Independent", "--keep-going");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Independent", build.Ran);
        Assert.Equal("NotRun", result.StatusOf("AfterBroken"));
        Assert.Equal("Succeeded", result.StatusOf("Independent"));
    }

    [Fact]
    public void AssuredAfterFailure_runs_even_after_a_failure()
    {
        var build = new Failing();
        var result = Harness.Run(build, "Broken");
        Assert.Equal(["Cleanup"], build.Ran);
        Assert.Equal("Succeeded", result.StatusOf("Cleanup"));
    }

    [Fact]
    public void ProceedAfterFailure_lets_the_build_go_on_and_its_dependents_still_run()
    {
        var build = new Failing();
        var result = Harness.Run(build, "AfterTolerated", "NeedsTolerated");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["AfterTolerated", "NeedsTolerated"], build.Ran);
        Assert.Equal("Failed", result.StatusOf("Tolerated"));
        Assert.Equal("Succeeded", result.StatusOf("NeedsTolerated"));
    }

    class InputErrors : RecordingBuild
    {
        public Target Throws => _ => _.Executes(() => throw new BuildInputException("bad data in x.yaml:3"));
        public Target Fine => _ => _.Executes(() => Record(nameof(Fine)));
        protected override void OnBuildInitialized()
        {
            if (EnvironmentVariables.ContainsKey("BREAK")) throw new BuildInputException("init says no");
        }
    }

    [Fact]
    public void BuildInputException_in_OnBuildInitialized_exits_2_and_runs_nothing()
    {
        var build = new InputErrors();
        var result = Harness.Run(build, ["Fine"], new Dictionary<string, string> { ["BREAK"] = "1" });
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: init says no", result.Output.Trim());
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void BuildInputException_inside_a_target_exits_2_and_is_printed_once()
    {
        var result = Harness.Run(new InputErrors(), "Throws");
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Lines(), line => line.Contains("bad data in x.yaml:3", StringComparison.Ordinal));
        Assert.Contains("error: bad data in x.yaml:3", result.Output);
        Assert.Equal("Failed", result.StatusOf("Throws"));
    }

    [Fact]
    public void Triggered_target_is_NotRun_when_its_trigger_fails_even_with_keep_going()
    {
        var build = new Failing();
        var result = Harness.Run(build, "Broken", "--keep-going");
        Assert.Equal("NotRun", result.StatusOf("Announce"));
        Assert.Equal("Succeeded", result.StatusOf("Cleanup"));
    }
}
