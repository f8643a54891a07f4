using Strata.Engine;

namespace Strata.Tests.Engine;

/// <summary>A sub-target is one item however many families expand to it: it is planned and built once.</summary>
public class SubTargetIdentityTests
{
    class Overlapping : RecordingBuild
    {
        public Target One => _ => _.Expands(() => [Base("python"), Backend("echo", "python")]);
        public Target All => _ => _.Expands(() => [Base("python"), Base("golang"), Backend("echo", "python"), Backend("hello", "golang")]);

        SubTarget Base(string name) => new($"Base[{name}]", context => { Record(context.Name); return Task.CompletedTask; });

        SubTarget Backend(string name, string lang) =>
            new($"Backend[{name}]", context => { Record(context.Name); return Task.CompletedTask; }) { DependsOn = [$"Base[{lang}]"] };
    }

    [Fact]
    public void Two_families_expanding_to_the_same_item_plan_and_run_it_once()
    {
        var plan = Harness.Run(new Overlapping(), "One", "All", "--plan");
        Assert.Single(plan.Lines(), line => line.TrimStart().EndsWith(". Base[python]", StringComparison.Ordinal));
        Assert.Single(plan.Lines(), line => line.Contains(". Backend[echo]", StringComparison.Ordinal));

        var build = new Overlapping();
        var result = Harness.Run(build, "One", "All", "--parallel", "2");
        Assert.Equal(0, result.ExitCode);
        Assert.Single(build.Ran, name => name == "Base[python]");
        Assert.Single(build.Ran, name => name == "Backend[echo]");
        Assert.Equal(4, build.Ran.Count);
    }

    [Fact]
    public void Skipping_an_item_skips_it_in_every_family()
    {
        var build = new Overlapping();
        var result = Harness.Run(build, "One", "All", "--skip", "Base[python]");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("Base[python]", build.Ran);
        Assert.Equal("Skipped", result.StatusOf("Base[python]"));
        Assert.Contains("Base[golang]", build.Ran);
    }
}
