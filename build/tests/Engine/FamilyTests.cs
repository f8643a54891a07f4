using Strata.Engine;

namespace Strata.Tests.Engine;

public class FamilyTests
{
    class Family : RecordingBuild
    {
        public string? FailingFlavour;
        public bool BadReference;

        public Target Prepare => _ => _.Executes(() => Record(nameof(Prepare)));
        public Target BuildBase => _ => _
            .DependsOn(Prepare)
            .Expands(Flavours)
            .Executes(() => Record(nameof(BuildBase)));
        public Target Publish => _ => _.DependsOn(BuildBase).Executes(() => Record(nameof(Publish)));

        IEnumerable<SubTarget> Flavours() =>
        [
            Sub("python-cpu"),
            Sub("python-cuda") with { DependsOn = ["python-cpu"], Description = "CUDA on top of CPU" },
            Sub("golang-cpu"),
            Sub("golang-cuda") with { DependsOn = [BadReference ? "nope" : "golang-cpu"] },
        ];

        SubTarget Sub(string name) => new(name, context =>
        {
            if (name == FailingFlavour) throw new InvalidOperationException($"{name} broke");
            Record(context.Name);
            context.Note = "built";
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Sub_targets_run_after_parent_dependencies_and_before_the_parent_body()
    {
        var build = new Family();
        var result = Harness.Run(build, "Publish");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Prepare", "BuildBase[python-cpu]", "BuildBase[python-cuda]", "BuildBase[golang-cpu]", "BuildBase[golang-cuda]", "BuildBase", "Publish"], build.Ran);
        Assert.Contains("built", result.RowOf("BuildBase[golang-cuda]"));
    }

    [Fact]
    public void Failed_sub_target_marks_exactly_its_dependents_NotRun()
    {
        var build = new Family { FailingFlavour = "python-cpu" };
        var result = Harness.Run(build, "Publish", "--keep-going");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Failed", result.StatusOf("BuildBase[python-cpu]"));
        Assert.Equal("NotRun", result.StatusOf("BuildBase[python-cuda]"));
        Assert.Equal("Succeeded", result.StatusOf("BuildBase[golang-cpu]"));
        Assert.Equal("Succeeded", result.StatusOf("BuildBase[golang-cuda]"));
        Assert.Equal("NotRun", result.StatusOf("BuildBase"));
        Assert.Equal("NotRun", result.StatusOf("Publish"));
    }

    [Fact]
    public void Sub_targets_can_be_skipped_by_name()
    {
        var build = new Family();
        var result = Harness.Run(build, "BuildBase", "--skip", "BuildBase[golang-cpu]");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("BuildBase[golang-cpu]", build.Ran);
        Assert.Contains("BuildBase[golang-cuda]", build.Ran);
        Assert.Equal("Skipped", result.StatusOf("BuildBase[golang-cpu]"));
    }

    [Fact]
    public void Unknown_sub_target_dependency_is_an_error()
    {
        var build = new Family { BadReference = true };
        var result = Harness.Run(build, "BuildBase");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: sub-target BuildBase[golang-cuda] depends on unknown sub-target 'nope'; available: python-cpu, python-cuda, golang-cpu, golang-cuda", result.Output.Trim());
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Plan_lists_sub_targets_with_their_dependencies()
    {
        var result = Harness.Run(new Family(), "Publish", "--plan");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Lines();
        Assert.Contains("  2. BuildBase[python-cpu]  <- Prepare", lines);
        Assert.Contains("  3. BuildBase[python-cuda]  <- Prepare, BuildBase[python-cpu]", lines);
        Assert.Contains("  6. BuildBase  <- Prepare, BuildBase[python-cpu], BuildBase[python-cuda], BuildBase[golang-cpu], BuildBase[golang-cuda]", lines);
    }

    class ExpansionError : RecordingBuild
    {
        public Target Expanding => _ => _.Expands(() => throw new BuildInputException("matrix.yaml:4: unknown lang 'cobol'"));
    }

    [Fact]
    public void BuildInputException_during_expansion_exits_2()
    {
        var result = Harness.Run(new ExpansionError(), "Expanding");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: matrix.yaml:4: unknown lang 'cobol'", result.Output.Trim());
    }

    class ConcurrentFamily : RecordingBuild
    {
        readonly TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource second = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Target Images => _ => _.Expands(() =>
        [
            new SubTarget("a", async _ => { first.SetResult(); await second.Task.WaitAsync(TimeSpan.FromSeconds(10)); Record("a"); }),
            new SubTarget("b", async _ => { second.SetResult(); await first.Task.WaitAsync(TimeSpan.FromSeconds(10)); Record("b"); }),
            new SubTarget("c", _ => { Record("c"); return Task.CompletedTask; }) { DependsOn = ["a", "b"] },
        ]);
    }

    [Fact]
    public void Independent_sub_targets_overlap_with_parallel_and_dependents_wait()
    {
        var build = new ConcurrentFamily();
        var result = Harness.Run(build, "Images", "--parallel", "3");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("c", build.Ran.Last());
        Assert.Equal(3, build.Ran.Count);
    }

    class DuplicateFamily : RecordingBuild
    {
        public Target Twice => _ => _.Expands(() =>
        [
            new SubTarget("x", _ => Task.CompletedTask),
            new SubTarget("X", _ => Task.CompletedTask),
        ]);
    }

    [Fact]
    public void Duplicate_sub_target_names_are_an_error()
    {
        var result = Harness.Run(new DuplicateFamily(), "Twice");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: target Twice expands to sub-target 'X' twice", result.Output.Trim());
    }

    class MixedFamily : RecordingBuild
    {
        public Target BackendAll => _ => _.Expands(() =>
        [
            new SubTarget("BuildBase[python]", context => { Record(context.Name); return Task.CompletedTask; }),
            new SubTarget("BuildBackend[-cpu-echo]", context => { Record(context.Name); return Task.CompletedTask; })
            {
                DependsOn = ["BuildBase[python]"],
            },
        ]);
    }

    [Fact]
    public void Qualified_sub_target_names_are_kept_so_one_family_holds_several_kinds()
    {
        var build = new MixedFamily();

        var result = Harness.Run(build, "BackendAll");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["BuildBase[python]", "BuildBackend[-cpu-echo]"], build.Ran);
        Assert.Equal("Succeeded", result.StatusOf("BuildBackend[-cpu-echo]"));
    }

    class RequiringFamily : RecordingBuild
    {
        [Parameter] public string? Lang = null;
        public Target BuildBase => _ => _
            .Requires(() => Lang)
            .Expands(() => [new SubTarget(Lang!.ToUpperInvariant(), _ => Task.CompletedTask)]);
    }

    [Fact]
    public void A_family_whose_requirements_are_missing_is_planned_unexpanded_and_refused_when_run()
    {
        var plan = Harness.Run(new RequiringFamily(), "BuildBase", "--plan");
        var run = Harness.Run(new RequiringFamily(), "BuildBase");

        Assert.Equal(0, plan.ExitCode);
        Assert.DoesNotContain("BuildBase[", plan.Output);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("requires --lang", run.Output);
    }
}
