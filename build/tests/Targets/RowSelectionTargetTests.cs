using Strata.Matrix;
using Strata.Tests.Matrix;

namespace Strata.Tests.Targets;

/// <summary>Row identity through the real build: a split pair's tag-suffix alone is bad input; --platform picks a leg.</summary>
public class RowSelectionTargetTests
{
    static readonly string Fixture = Fixtures.File("localai-2026-08.yaml");

    [Fact]
    public void A_split_tag_suffix_without_platform_exits_2_listing_both_legs()
    {
        using var repository = new ScratchRepository();

        var run = repository.Run("BuildBackend", "--tag-suffix=-cpu-kokoro", "--matrix", Fixture, "--base-repo", "r", "--backend-repo", "b", "--plan");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("-cpu-kokoro@amd64 (linux/amd64", run.Output);
        Assert.Contains("-cpu-kokoro@arm64 (linux/arm64", run.Output);
    }

    [Theory]
    [InlineData("linux/amd64", "BuildBackend[-cpu-kokoro@amd64]")]
    [InlineData("linux/arm64", "BuildBackend[-cpu-kokoro@arm64]")]
    public void A_platform_plans_exactly_one_leg(string platform, string subTarget)
    {
        using var repository = new ScratchRepository();

        var run = repository.Run("BuildBackend", "--tag-suffix=-cpu-kokoro", "--platform", platform, "--matrix", Fixture, "--base-repo", "r", "--backend-repo", "b", "--plan");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(subTarget, run.Output);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(run.Output, @"^\s+\d+\. BuildBackend\[", System.Text.RegularExpressions.RegexOptions.Multiline));
    }

    [Theory]
    [InlineData("linux/amd64,linux/arm64", "linux/amd64", "linux/amd64")]
    [InlineData("linux/amd64,linux/arm64", "linux/arm64", "linux/arm64")]
    [InlineData("linux/arm64", "linux/amd64", "linux/arm64")]
    public void A_pull_request_builds_one_platform_the_runners_when_the_row_lists_it(string platforms, string host, string expected) =>
        Assert.Equal(expected, Platforms.OneFor(platforms, host));
}
