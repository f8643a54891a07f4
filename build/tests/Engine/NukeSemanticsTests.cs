#pragma warning disable CS0649 // parameters are set by injection
using Strata.Engine;

namespace Strata.Tests.Engine;

/// <summary>
/// The behaviours NUKE documents for the names this engine shares with it (ITargetDefinition, the built-in parameters,
/// parameter injection, build components), each checked from NUKE's documented semantics.
/// </summary>
public class NukeSemanticsTests
{
    class Chain : RecordingBuild
    {
        public bool Dynamic = true;
        public bool ExecuteWhenSkipped;
        public Target Setup => _ => _.Executes(() => Record(nameof(Setup)));
        public Target Gate => _ => _
            .DependsOn(Setup)
            .OnlyWhenDynamic(() => Dynamic)
            .WhenSkipped(ExecuteWhenSkipped ? DependencyBehavior.Execute : DependencyBehavior.Skip)
            .Triggers(Notify)
            .Executes(() => Record(nameof(Gate)));
        public Target Notify => _ => _.Executes(() => Record(nameof(Notify)));
        public Target Static => _ => _.OnlyWhenStatic(() => Dynamic).Triggers(Notify).Executes(() => Record(nameof(Static)));
    }

    [Fact]
    public void A_dynamic_skip_cascades_over_Triggers_by_default()
    {
        var build = new Chain { Dynamic = false };
        var result = Harness.Run(build, "Gate");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Setup"], build.Ran);
        Assert.Equal("Skipped", result.StatusOf("Notify"));
        Assert.EndsWith("only needed by skipped Gate", result.RowOf("Notify"));
    }

    [Fact]
    public void WhenSkipped_Execute_keeps_what_a_skipped_target_triggers()
    {
        var build = new Chain { Dynamic = false, ExecuteWhenSkipped = true };
        Harness.Run(build, "Gate");
        Assert.Equal(["Setup", "Notify"], build.Ran);
    }

    [Fact]
    public void A_static_skip_cascades_over_Triggers()
    {
        var build = new Chain { Dynamic = false };
        var result = Harness.Run(build, "Static");
        Assert.Empty(build.Ran);
        Assert.Equal("Skipped", result.StatusOf("Notify"));
    }

    [Fact]
    public void A_triggered_target_named_on_the_command_line_is_not_skipped_by_the_cascade()
    {
        var build = new Chain { Dynamic = false };
        Harness.Run(build, "Gate", "Notify");
        Assert.Equal(["Setup", "Notify"], build.Ran);
    }

    class WithDefault : RecordingBuild
    {
        public Target Compile => _ => _.Executes(() => Record(nameof(Compile)));
        public Target Pack => _ => _.DependsOn(Compile).Executes(() => Record(nameof(Pack)));
    }

    [Fact]
    public void A_bare_skip_on_the_default_target_skips_the_default_target_too()
    {
        var build = new WithDefault();
        var result = Harness.Run(build, ["--skip"], new Dictionary<string, string>(), defaults: [x => x.Pack]);
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(build.Ran);
        Assert.Equal("Skipped", result.StatusOf("Pack"));
    }

    [Fact]
    public void Skip_never_skips_a_target_named_on_the_command_line()
    {
        var build = new WithDefault();
        Harness.Run(build, "Pack", "--skip", "pack");
        Assert.Equal(["Compile", "Pack"], build.Ran);
    }

    class Failures : RecordingBuild
    {
        public Target Broken => _ => _.Executes(() => throw new InvalidOperationException("disk full"));
        public Target Report => _ => _.DependsOn(Broken).AssuredAfterFailure().Executes(() => Record(nameof(Report)));
        public Target Unrelated => _ => _.After(Broken).Executes(() => Record(nameof(Unrelated)));
    }

    [Fact]
    public void AssuredAfterFailure_runs_even_when_its_own_dependency_failed()
    {
        var build = new Failures();
        var result = Harness.Run(build, "Report", "Unrelated");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["Report"], build.Ran);
        Assert.Equal("NotRun", result.StatusOf("Unrelated"));
    }

    class Resumable : RecordingBuild
    {
        public static bool FailTest = true;
        public Target Compile => _ => _.Executes(() => Record(nameof(Compile)));
        public Target Test => _ => _.DependsOn(Compile).Executes(() =>
        {
            if (FailTest) throw new InvalidOperationException("flaky");
            Record(nameof(Test));
        });
    }

    [Fact]
    public void Continue_resumes_an_identical_invocation_skipping_the_targets_that_succeeded()
    {
        using var root = new TempRoot();
        Resumable.FailTest = true;
        var first = new Resumable();
        Assert.Equal(1, Harness.Run(first, ["Test"], new Dictionary<string, string>(), root).ExitCode);
        Assert.Equal(["Compile"], first.Ran);
        Assert.True(File.Exists(Path.Combine(root.Path, ".nuke", "temp", "build-attempt.log")));

        Resumable.FailTest = false;
        var resumed = new Resumable();
        var result = Harness.Run(resumed, ["Test", "--continue"], new Dictionary<string, string>(), root);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Test"], resumed.Ran);
        Assert.Equal("Skipped", result.StatusOf("Compile"));

        var changed = new Resumable();
        Harness.Run(changed, ["Test", "--continue", "--verbosity", "normal"], new Dictionary<string, string>(), root);
        Assert.Equal(["Compile", "Test"], changed.Ran);

        var fresh = new Resumable();
        Harness.Run(fresh, ["Test"], new Dictionary<string, string>(), root);
        Assert.Equal(["Compile", "Test"], fresh.Ran);
    }

    class Parameters : RecordingBuild
    {
        [Parameter] public string? Text;
        [Parameter] public string? Name = "preset";
        [Parameter] public bool Flag = true;
        [Parameter] public string? TagSuffix;
        [Parameter] public int? Count;
        public string? NotAParameter;
        public Target Show => _ => _.Executes(() => Record($"{Text}|{Name}|{Flag}|{TagSuffix}|{Count}"));
        public Target NeedsText => _ => _.Requires(() => Text).Executes(() => Record(nameof(NeedsText)));
        public Target NeedsField => _ => _.Requires(() => NotAParameter).Executes(() => Record(nameof(NeedsField)));
    }

    [Fact]
    public void Options_may_be_written_with_one_dash_while_dashed_values_stay_values()
    {
        var build = new Parameters();
        Assert.Equal(0, Harness.Run(build, "Show", "-text", "hi", "-tag-suffix", "-cpu-echo", "-count=3").ExitCode);
        Assert.Equal(["hi|preset|True|-cpu-echo|3"], build.Ran);
    }

    [Fact]
    public void A_string_option_without_a_value_is_null()
    {
        var build = new Parameters();
        Assert.Equal(0, Harness.Run(build, "Show", "--name").ExitCode);
        Assert.Equal(["||True||"], build.Ran);
    }

    [Fact]
    public void Environment_variables_bind_with_the_NUKE_prefix_and_an_empty_bool_is_false()
    {
        var build = new Parameters();
        var environment = new Dictionary<string, string> { ["NUKE_TEXT"] = "from-prefix", ["FLAG"] = "", ["NAME"] = "" };
        Assert.Equal(0, Harness.Run(build, ["Show"], environment).ExitCode);
        Assert.Equal(["from-prefix||False||"], build.Ran);
    }

    [Fact]
    public void The_plain_environment_name_wins_over_the_NUKE_prefixed_one()
    {
        var build = new Parameters();
        Harness.Run(build, ["Show"], new Dictionary<string, string> { ["NUKE_TEXT"] = "prefixed", ["TEXT"] = "plain" });
        Assert.Equal(["plain|preset|True||"], build.Ran);
    }

    [Fact]
    public void Requires_fails_for_a_white_space_string()
    {
        var build = new Parameters();
        var result = Harness.Run(build, "NeedsText", "--text", "  ");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: target NeedsText requires --text", result.Output.Trim());
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Requires_insists_on_a_Parameter_member()
    {
        var build = new Parameters { NotAParameter = "set" };
        var result = Harness.Run(build, "NeedsField");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("target NeedsField requires 'NotAParameter', which is not a [Parameter] member", result.Output);
        Assert.Empty(build.Ran);
    }

    class Chatty : NukeBuild
    {
        public Target Talk => _ => _.Executes(() =>
        {
            Log.Info("an information line");
            Log.Warning("a warning line");
        });
    }

    [Theory]
    [InlineData("quiet", false, false)]
    [InlineData("minimal", false, true)]
    [InlineData("normal", true, true)]
    public void Verbosity_levels_include_NUKE_s_minimal(string level, bool showsInformation, bool showsWarnings)
    {
        var result = Harness.Run(new Chatty(), "Talk", "--verbosity", level);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(showsInformation, result.Output.Contains("an information line"));
        Assert.Equal(showsWarnings, result.Output.Contains("warning: a warning line"));
    }

    class TwoConditions : RecordingBuild
    {
        public bool First, Second;
        public Target Guarded => _ => _.OnlyWhenStatic(() => First).OnlyWhenStatic(() => Second).Executes(() => Record(nameof(Guarded)));
        public Target GuardedLate => _ => _.OnlyWhenDynamic(() => First).OnlyWhenDynamic(() => Second).Executes(() => Record(nameof(GuardedLate)));
    }

    [Fact]
    public void A_skip_reason_names_every_failing_condition()
    {
        var result = Harness.Run(new TwoConditions(), "Guarded", "GuardedLate");
        Assert.EndsWith("First && Second", result.RowOf("Guarded"));
        Assert.EndsWith("First && Second", result.RowOf("GuardedLate"));
    }

    public interface IDeploy : INukeBuild
    {
        Target Deploy { get; }
        [Parameter("Where to deploy")] string? Environment => TryGetValue(() => Environment);
    }

    class ExplicitComponent : RecordingBuild, IDeploy
    {
        Target IDeploy.Deploy => _ => _.Executes(() => Record($"deploy to {((IDeploy)this).Environment}"));
    }

    [Fact]
    public void An_explicitly_implemented_component_target_gets_its_short_name_and_component_parameters_are_injected()
    {
        var build = new ExplicitComponent();
        var result = Harness.Run(build, "Deploy", "--environment", "staging");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["deploy to staging"], build.Ran);
        Assert.Contains("\"Deploy\"", BuildSchema.Generate(typeof(ExplicitComponent)));
        Assert.Contains("\"Environment\"", BuildSchema.Generate(typeof(ExplicitComponent)));
    }

    public interface ILintA
    {
        Target Lint => _ => _.Executes(() => { });
    }

    public interface ILintB
    {
        Target Lint => _ => _.Executes(() => { });
    }

    class Ambiguous : RecordingBuild, ILintA, ILintB;

    [Fact]
    public void A_target_provided_by_two_components_is_an_error()
    {
        var result = Harness.Run(new Ambiguous(), "Lint");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: target Lint is provided by ILintA and ILintB; implement it in Ambiguous to choose one", result.Output.Trim());
    }
}
