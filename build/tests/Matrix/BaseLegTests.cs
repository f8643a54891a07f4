using System.Text.Json.Nodes;
using Strata.GitHub;
using Strata.Images;
using Strata.Matrix;

namespace Strata.Tests.Matrix;

/// <summary>A base whose consumers span several platforms becomes one leg per platform plus a merge; one platform stays one build.</summary>
public class BaseLegTests
{
    static readonly IReadOnlySet<string> AllLangs = new HashSet<string> { "python", "golang", "cpp", "rust" };

    static string E(string suffix, params (string, string?)[] fields) => MatrixText.Entry(suffix, fields);

    static DerivedPlan Derive(string yaml) => Derivation.Derive(MatrixText.Load(yaml), new DeriveOptions
    {
        LangsWithBase = AllLangs,
        BaseRepo = "reg/cache",
    });

    static Dictionary<string, string> Outputs(DerivedPlan plan) =>
        DeriveOutputs.ToGitHubOutput(plan).Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);

    static List<JsonObject> Include(string json) => [.. JsonNode.Parse(json)!["include"]!.AsArray().Select(row => row!.AsObject())];

    [Fact]
    public void A_base_whose_consumers_span_two_platforms_has_a_leg_per_platform_on_the_consumers_native_runner()
    {
        var plan = Derive("linux:\n"
            + E("-cpu-a", ("platforms", "linux/amd64"), ("runs-on", "big-amd64"))
            + E("-cpu-b", ("platforms", "linux/arm64"), ("runs-on", "ubuntu-24.04-arm"))
            + E("-cuda-c", ("build-type", "cublas"), ("cuda-major-version", "'12'"), ("cuda-minor-version", "'8'")));

        var cpu = plan.Bases[0];
        Assert.Equal([new BaseLeg("linux/amd64", "amd64", "big-amd64"), new BaseLeg("linux/arm64", "arm64", "ubuntu-24.04-arm")], cpu.Legs);
        Assert.Empty(plan.Bases[1].Legs);
        Assert.Equal([cpu], plan.BaseMerges);
        Assert.Equal(cpu.Legs[1], cpu.LegFor("linux/arm64"));
        Assert.Null(plan.Bases[1].LegFor("linux/amd64"));
    }

    [Fact]
    public void A_leg_without_a_consumer_of_that_platform_alone_has_no_runner_and_the_outputs_pick_the_platforms_default()
    {
        // The older schema: one row lists both platforms, so no consumer names a runner for arm64 alone.
        var plan = Derive("linux:\n" + E("-cpu-a", ("platforms", "'linux/amd64,linux/arm64'"), ("runs-on", "ubuntu-latest")));

        Assert.Equal([null, null], plan.Bases[0].Legs.Select(leg => leg.RunsOn));
        var rows = Include(Outputs(plan)[DeriveOutputs.BaseBuilds]);
        Assert.Equal(["ubuntu-latest", RunnerPolicy.ArmRunner], rows.Select(row => (string?)row["runs-on"]));
    }

    [Fact]
    public void The_base_jobs_are_one_row_per_single_platform_base_and_per_leg_and_one_merge_per_multi_platform_base()
    {
        var plan = Derive("linux:\n"
            + E("-cpu-a", ("platforms", "linux/amd64"), ("platform-tag", "amd64"), ("runs-on", "ubuntu-latest"))
            + E("-cpu-a", ("platforms", "linux/arm64"), ("platform-tag", "arm64"), ("runs-on", "ubuntu-24.04-arm"))
            + E("-cuda-c", ("build-type", "cublas"), ("cuda-major-version", "'12'"), ("cuda-minor-version", "'8'")));
        var outputs = Outputs(plan);

        var builds = Include(outputs[DeriveOutputs.BaseBuilds]);
        Assert.Equal([("python-cpu-2404", "linux/amd64", "amd64", "ubuntu-latest"), ("python-cpu-2404", "linux/arm64", "arm64", "ubuntu-24.04-arm"),
                ("python-cublas-2404-cuda12.8", "linux/amd64", null, "ubuntu-latest")],
            builds.Select(row => ((string)row["tag-stem"]!, (string)row["platforms"]!, (string?)row["platform-tag"], (string)row["runs-on"]!)));
        // A base of one platform is the same row the bases-matrix has (the seed's output, unchanged).
        var flavours = Include(outputs[DeriveOutputs.BasesMatrix]);
        Assert.Equal(flavours[1].ToJsonString(), builds[2].ToJsonString());
        Assert.Equal("linux/amd64,linux/arm64", (string)flavours[0]["platforms"]!);
        Assert.Equal("true", outputs[DeriveOutputs.HasBaseMerges]);
        Assert.Equal(["python-cpu-2404"], Include(outputs[DeriveOutputs.BaseMerges]).Select(row => (string)row["tag-stem"]!));
        // --output-json keeps the seed's keys: the legs and merges are for the workflow only.
        Assert.DoesNotContain(DeriveOutputs.BaseBuilds, DeriveOutputs.ToJson(plan).Select(pair => pair.Key));
    }

    [Fact]
    public void Single_platform_bases_have_no_merges()
    {
        var outputs = Outputs(Derive("linux:\n" + E("-cpu-a") + E("-cpu-b", ("platforms", "linux/arm64"), ("build-type", "vulkan"))));

        Assert.Equal("false", outputs[DeriveOutputs.HasBaseMerges]);
        Assert.Empty(Include(outputs[DeriveOutputs.BaseMerges]));
        Assert.Equal(2, Include(outputs[DeriveOutputs.BaseBuilds]).Count);
    }

    [Fact]
    public void A_leg_has_its_own_cache_staging_tag_and_digest_file_and_only_a_pushing_leg_outside_pull_requests_publishes()
    {
        var plan = Derive("linux:\n" + E("-cpu-a") + E("-cpu-b", ("platforms", "linux/arm64")));
        var flavour = plan.Bases[0];
        var leg = flavour.LegFor("linux/arm64")!;
        var settings = new ImageSettings("/repo", "/repo/.docker/bases", "reg/cache", "reg/backends", PullRequest: null, Platform: "linux/arm64",
            Push: true, Force: false, RefreshWindow: "2026-W48", DigestsDirectory: "/repo/digests");

        var spec = ImageSpecs.ForBase(flavour, settings, leg);

        Assert.Equal("reg/cache:base-python-cpu-2404-arm64", spec.CacheRef);
        Assert.Equal("linux/arm64", spec.Platform);
        Assert.Equal(new BaseLegOutput("linux/arm64", "reg/cache:leg-base-image-python-cpu-2404-arm64",
            Path.Combine("/repo/digests", "base-image-python-cpu-2404", "arm64.digest")), spec.Leg);
        Assert.Null(ImageSpecs.ForBase(flavour, settings with { Push = false }, leg).Leg);
        Assert.Null(ImageSpecs.ForBase(flavour, settings with { PullRequest = 3 }, leg).Leg);
        Assert.Equal("reg/cache:base-python-cpu-2404", ImageSpecs.ForBase(flavour, settings).CacheRef);
        Assert.Null(ImageSpecs.ForBase(flavour, settings).Leg);
    }
}
