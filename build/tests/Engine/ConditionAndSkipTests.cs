using Strata.Engine;

namespace Strata.Tests.Engine;

public class ConditionAndSkipTests
{
    class Conditional : RecordingBuild
    {
        public bool Enabled = false;
        public bool DynamicFlag = true;
        public Target Shared => _ => _.Executes(() => Record(nameof(Shared)));
        public Target Prepare => _ => _.Executes(() => Record(nameof(Prepare)));
        public Target Publish => _ => _
            .DependsOn(Prepare, Shared)
            .OnlyWhenStatic(() => IsServerBuild)
            .WhenSkipped(DependencyBehavior.Skip)
            .Executes(() => Record(nameof(Publish)));
        public Target Deploy => _ => _
            .DependsOn(Prepare)
            .OnlyWhenStatic(() => Enabled)
            .Executes(() => Record(nameof(Deploy)));
        public Target Report => _ => _.DependsOn(Shared).Executes(() => Record(nameof(Report)));
        public Target Flip => _ => _.Executes(() => { DynamicFlag = false; Record(nameof(Flip)); });
        public Target Late => _ => _.After(Flip).OnlyWhenDynamic(() => DynamicFlag).Executes(() => Record(nameof(Late)));
        public Target All => _ => _.DependsOn(Publish, Report);
    }

    [Fact]
    public void OnlyWhenStatic_false_skips_with_the_condition_text_as_reason()
    {
        var build = new Conditional();
        var result = Harness.Run(build, "Deploy");
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(build.Ran);
        Assert.Equal("Skipped", result.StatusOf("Deploy"));
        Assert.EndsWith("Enabled", result.RowOf("Deploy"));
    }

    [Fact]
    public void OnlyWhenStatic_true_runs()
    {
        var build = new Conditional();
        Harness.Run(build, ["Publish"], new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true" });
        Assert.Equal(["Shared", "Prepare", "Publish"], build.Ran);
    }

    [Fact]
    public void WhenSkipped_Skip_skips_dependencies_only_the_skipped_target_needs()
    {
        var build = new Conditional();
        var result = Harness.Run(build, "All");
        Assert.Equal(["Shared", "Report"], build.Ran);
        Assert.Equal("Skipped", result.StatusOf("Prepare"));
        Assert.Contains("IsServerBuild", result.RowOf("Publish"));
    }

    [Fact]
    public void WhenSkipped_default_is_Skip_as_in_NUKE()
    {
        var build = new Conditional();
        var result = Harness.Run(build, "Deploy");
        Assert.DoesNotContain("Prepare", build.Ran);
        Assert.Equal("Skipped", result.StatusOf("Prepare"));
        Assert.EndsWith("only needed by skipped Deploy", result.RowOf("Prepare"));
    }

    [Fact]
    public void OnlyWhenDynamic_is_evaluated_just_before_the_target_runs()
    {
        var build = new Conditional();
        var result = Harness.Run(build, "Flip", "Late");
        Assert.Equal(["Flip"], build.Ran);
        Assert.Equal("Skipped", result.StatusOf("Late"));
        Assert.EndsWith("DynamicFlag", result.RowOf("Late"));
    }

    [Fact]
    public void Skip_without_names_skips_every_target_not_invoked()
    {
        var build = new Conditional();
        var result = Harness.Run(build, "Report", "--skip");
        Assert.Equal(["Report"], build.Ran);
        Assert.Equal("Skipped", result.StatusOf("Shared"));
    }

    [Fact]
    public void Skip_with_names_skips_only_those()
    {
        var build = new Conditional();
        var result = Harness.Run(build, ["All", "--skip", "report"], new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true" });
        Assert.Equal(["Shared", "Prepare", "Publish"], build.Ran);
        Assert.Equal("Skipped", result.StatusOf("Report"));
    }
}
