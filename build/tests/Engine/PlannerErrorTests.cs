using Strata.Engine;

namespace Strata.Tests.Engine;

public class PlannerErrorTests
{
    class Cyclic : RecordingBuild
    {
        public Target Ok => _ => _.Executes(() => Record(nameof(Ok)));
        public Target A => _ => _.DependsOn(B).Executes(() => Record(nameof(A)));
        public Target B => _ => _.DependsOn(C).Executes(() => Record(nameof(B)));
        public Target C => _ => _.After(A).Executes(() => Record(nameof(C)));
    }

    class SelfDependent : RecordingBuild
    {
        public Target Loop => _ => _.DependsOn(Loop).Executes(() => Record(nameof(Loop)));
    }

    class Plain : RecordingBuild
    {
        public Target Compile => _ => _.Executes(() => Record(nameof(Compile)));
        public Target BackendAll => _ => _.Executes(() => Record(nameof(BackendAll)));
        public Target Hidden => _ => _.Unlisted().Executes(() => Record(nameof(Hidden)));
    }

    [Fact]
    public void Cycle_is_an_error_naming_the_cycle_and_nothing_runs()
    {
        var build = new Cyclic();
        var result = Harness.Run(build, "Ok");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: dependency cycle: A -> B -> C -> A", result.Output);
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Self_dependency_is_an_error()
    {
        var result = Harness.Run(new SelfDependent(), "Loop");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: target Loop depends on itself", result.Output);
    }

    [Fact]
    public void Unknown_target_lists_available_listed_targets()
    {
        var build = new Plain();
        var result = Harness.Run(build, "nosuch");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown target 'nosuch'; available targets: Compile, BackendAll", result.Output.Trim());
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Dash_tolerant_names_resolve()
    {
        var build = new Plain();
        Assert.Equal(0, Harness.Run(build, "backend-all").ExitCode);
        Assert.Equal(["BackendAll"], build.Ran);
    }

    [Fact]
    public void Unlisted_targets_still_run_when_invoked()
    {
        var build = new Plain();
        Assert.Equal(0, Harness.Run(build, "hidden").ExitCode);
        Assert.Equal(["Hidden"], build.Ran);
    }

    [Fact]
    public void No_target_and_no_default_is_an_error()
    {
        var result = Harness.Run(new Plain());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no target given", result.Output);
    }
}
