using Strata.Engine;

namespace Strata.Tests.Engine;

public class TargetRelationTests
{
    class Chain : RecordingBuild
    {
        public Target Clean => _ => _.Executes(() => Record(nameof(Clean)));
        public Target Restore => _ => _.Executes(() => Record(nameof(Restore)));
        public Target Compile => _ => _.DependsOn(Restore).Executes(() => Record(nameof(Compile)));
        public Target Test => _ => _.DependsOn(Compile).After(Clean).Executes(() => Record(nameof(Test)));
        public Target Pack => _ => _.DependsOn(Compile).Before(Test).Executes(() => Record(nameof(Pack)));
        public Target Publish => _ => _.DependentFor(Pack).Executes(() => Record(nameof(Publish)));
        public Target Notify => _ => _.TriggeredBy(Test).Executes(() => Record(nameof(Notify)));
        public Target Announce => _ => _.Triggers(Notify).Executes(() => Record(nameof(Announce)));
    }

    [Fact]
    public void DependsOn_runs_dependencies_first()
    {
        var build = new Chain();
        var result = Harness.Run(build, "Compile");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Compile"], build.Ran);
    }

    [Fact]
    public void DependentFor_makes_the_target_a_dependency_of_the_other()
    {
        var build = new Chain();
        Harness.Run(build, "Pack");
        Assert.Equal(["Restore", "Compile", "Publish", "Pack"], build.Ran);
    }

    [Fact]
    public void After_orders_only_when_both_are_planned()
    {
        var alone = new Chain();
        Harness.Run(alone, "Test");
        Assert.DoesNotContain("Clean", alone.Ran);

        var both = new Chain();
        Harness.Run(both, "Test", "Clean");
        Assert.True(both.Ran.ToList().IndexOf("Clean") < both.Ran.ToList().IndexOf("Test"));
    }

    [Fact]
    public void Before_orders_only_when_both_are_planned()
    {
        var build = new Chain();
        Harness.Run(build, "Test", "Pack");
        var ran = build.Ran.ToList();
        Assert.True(ran.IndexOf("Pack") < ran.IndexOf("Test"));

        var testOnly = new Chain();
        Harness.Run(testOnly, "Test");
        Assert.DoesNotContain("Pack", testOnly.Ran);
    }

    [Fact]
    public void TriggeredBy_schedules_the_target_after_its_trigger()
    {
        var build = new Chain();
        Harness.Run(build, "Test");
        Assert.Equal(["Restore", "Compile", "Test", "Notify"], build.Ran);
    }

    [Fact]
    public void Triggers_schedules_the_triggered_target_after()
    {
        var build = new Chain();
        Harness.Run(build, "Announce");
        Assert.Equal(["Announce", "Notify"], build.Ran);
    }

    [Fact]
    public void Names_match_case_insensitively_and_ignore_dashes()
    {
        var build = new Chain();
        var result = Harness.Run(build, "re-store", "COMPILE");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Compile"], build.Ran);
    }

    [Fact]
    public void Targets_can_be_given_with_the_target_option()
    {
        var build = new Chain();
        Harness.Run(build, "--target", "restore", "clean");
        Assert.Equal(["Clean", "Restore"], build.Ran);
    }

    [Fact]
    public void Default_target_runs_when_none_is_given()
    {
        var build = new Chain();
        var result = Harness.Run(build, [], new Dictionary<string, string>(), defaults: [b => b.Compile]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Compile"], build.Ran);
    }

    [Fact]
    public void Order_is_deterministic_declaration_order_for_independent_targets()
    {
        var build = new Chain();
        Harness.Run(build, "Restore", "Clean");
        Assert.Equal(["Clean", "Restore"], build.Ran);
    }

    class Sync : RecordingBuild
    {
        public Target Plain => _ => _.Executes(() => Record("plain"));
        public Target Async => _ => _.Executes(async () => { await Task.Yield(); Record("async"); });
        public Target WithContext => _ => _.Executes(context => Record(context.Name));
        public Target AsyncWithContext => _ => _.Executes(async context => { await Task.Yield(); context.Note = "noted"; Record(context.Name); });
    }

    [Fact]
    public void Executes_accepts_sync_and_async_bodies_and_notes_show_in_summary()
    {
        var build = new Sync();
        var result = Harness.Run(build, "Plain", "Async", "WithContext", "AsyncWithContext");
        Assert.Equal(["plain", "async", "WithContext", "AsyncWithContext"], build.Ran);
        Assert.Contains("noted", result.RowOf("AsyncWithContext"));
    }
}
