using Strata.Matrix;

namespace Strata.Tests.Matrix;

/// <summary>Rows are identified by tag-suffix × platform: names, caches, selection and the validation of split pairs.</summary>
public class RowIdentityTests
{
    static readonly IReadOnlySet<string> AllLangs = new HashSet<string> { "python", "golang", "cpp", "rust" };

    static string E(string suffix, params (string, string?)[] fields) => MatrixText.Entry(suffix, fields);

    static string SplitPair(string suffix) =>
        E(suffix, ("platform-tag", "amd64"), ("runs-on", "ubuntu-latest"))
        + E(suffix, ("platforms", "linux/arm64"), ("platform-tag", "arm64"), ("runs-on", "ubuntu-24.04-arm"));

    static DerivedPlan Derive(string yaml) => Derive(MatrixText.Load(yaml));

    static DerivedPlan Derive(BackendMatrix matrix) => Derivation.Derive(matrix, new DeriveOptions
    {
        LangsWithBase = AllLangs,
        BaseRepo = "reg/cache",
    });

    [Fact]
    public void Legs_of_a_split_pair_are_named_by_platform_tag_and_have_a_cache_each()
    {
        var plan = Derive("linux:\n" + SplitPair("-cpu-a") + E("-cpu-b") + E("-cpu-c", ("platform-tag", "amd64")));

        Assert.Equal(["-cpu-a@amd64", "-cpu-a@arm64", "-cpu-b", "-cpu-c"], plan.Backends.Select(row => row.RowName));
        Assert.Equal(["r:cache-cpu-a-amd64", "r:cache-cpu-a-arm64", "r:cache-cpu-b", "r:cache-cpu-c-amd64"],
            plan.Backends.Select(row => row.CacheRef("r")));
        Assert.Equal([true, true, false, false], plan.Backends.Select(row => row.IsLeg));
    }

    [Fact]
    public void A_leg_without_platform_tag_is_named_by_its_architecture()
    {
        var plan = Derive("linux:\n" + E("-cpu-a") + E("-cpu-a", ("platforms", "linux/arm64")));

        Assert.Equal(["-cpu-a@amd64", "-cpu-a@arm64"], plan.Backends.Select(row => row.RowName));
        Assert.Equal("r:cache-cpu-a-arm64", plan.Backends[1].CacheRef("r"));
    }

    [Fact]
    public void A_tag_suffix_alone_is_ambiguous_for_a_split_pair_and_the_error_lists_the_candidates()
    {
        var plan = Derive("linux:\n" + SplitPair("-cpu-a"));

        var error = Assert.Throws<ArgumentException>(() => new BackendFilter { TagSuffix = "-cpu-a" }.Apply(plan.Backends));

        Assert.Contains("selects 2 rows with tag-suffix -cpu-a", error.Message);
        Assert.Contains("-cpu-a@amd64 (linux/amd64, ", error.Message);
        Assert.Contains("-cpu-a@arm64 (linux/arm64, ", error.Message);
        Assert.Contains(":13)", error.Message);
        Assert.Contains("--platform linux/amd64 or --platform linux/arm64", error.Message);
    }

    [Theory]
    [InlineData("linux/amd64", "-cpu-a@amd64")]
    [InlineData("linux/arm64", "-cpu-a@arm64")]
    public void A_platform_resolves_one_leg(string platform, string row)
    {
        var plan = Derive("linux:\n" + SplitPair("-cpu-a") + E("-cpu-b", ("platforms", "'linux/amd64,linux/arm64'")));

        var selected = new BackendFilter { TagSuffix = "-cpu-a", Platform = platform }.Apply(plan.Backends);
        var combined = new BackendFilter { TagSuffix = "-cpu-b", Platform = platform }.Apply(plan.Backends);

        Assert.Equal(row, Assert.Single(selected).RowName);
        Assert.Equal("-cpu-b", Assert.Single(combined).RowName);
    }

    [Fact]
    public void A_multi_platform_row_of_the_older_schema_stays_one_row_with_one_cache()
    {
        var plan = Derive("linux:\n" + E("-cpu-b", ("platforms", "'linux/amd64,linux/arm64'")));

        var row = Assert.Single(new BackendFilter { TagSuffix = "-cpu-b" }.Apply(plan.Backends));
        Assert.Equal(("-cpu-b", "r:cache-cpu-b", false), (row.RowName, row.CacheRef("r"), row.IsLeg));
    }

    [Fact]
    public void Legs_whose_platform_tags_collide_are_rejected_naming_both_lines()
    {
        var error = MatrixText.Reject("linux:\n" + E("-cpu-a", ("platform-tag", "x86"))
            + E("-cpu-a", ("platforms", "linux/arm64"), ("platform-tag", "x86")));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(21, problem.Line);
        Assert.Equal("entry '-cpu-a'", problem.Subject);
        Assert.Contains("platform-tag 'x86' collides with the leg at line 2 (linux/amd64)", problem.Message);
        Assert.Contains(".yaml:21: entry '-cpu-a'", error.Message);
    }

    [Fact]
    public void Legs_that_disagree_on_their_base_are_rejected_naming_both_lines()
    {
        var error = MatrixText.Reject("linux:\n" + E("-cpu-a", ("platform-tag", "amd64"))
            + E("-cpu-a", ("platforms", "linux/arm64"), ("platform-tag", "arm64"), ("ubuntu-version", "'2204'")));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(14, problem.Line);
        Assert.Contains("legs of one image disagree on their base: python-cpu-2204 (skip-drivers false) here vs python-cpu-2404 (skip-drivers false) for the leg at line 2", problem.Message);
    }

    [Fact]
    public void Legs_that_disagree_on_skip_drivers_are_rejected()
    {
        var error = MatrixText.Reject("linux:\n" + E("-vulkan-a", ("build-type", "vulkan"), ("platform-tag", "amd64"))
            + E("-vulkan-a", ("build-type", "vulkan"), ("platforms", "linux/arm64"), ("platform-tag", "arm64"), ("skip-drivers", "'true'")));

        Assert.Contains("python-vulkan-2404 (skip-drivers true) here vs python-vulkan-2404 (skip-drivers false)", Assert.Single(error.Problems).Message);
    }

    [Fact]
    public void Two_rows_with_the_same_tag_suffix_and_platform_are_rejected_naming_both_lines()
    {
        var error = MatrixText.Reject("linux:\n" + E("-cpu-a", ("platform-tag", "amd64")) + E("-cpu-a", ("platform-tag", "arm64")));

        Assert.Contains(error.Problems, problem => problem.Line == 14 && problem.Message.Contains("the entry at line 2 already publishes it for linux/amd64"));
    }

    [Theory]
    [InlineData("localai-2026-06.yaml", 50)]
    [InlineData("localai-2026-08.yaml", 71)]
    public void LocalAI_current_matrices_have_split_pairs_and_every_row_name_is_unique(string fixture, int pairs)
    {
        var plan = Derive(MatrixFile.Load(Fixtures.File(fixture)));

        Assert.Equal(pairs * 2, plan.Backends.Count(row => row.IsLeg));
        Assert.Equal(plan.Backends.Count, plan.Backends.Select(row => row.RowName).Distinct().Count());
        Assert.Equal(plan.Backends.Count, plan.Backends.Select(row => row.CacheRef("r")).Distinct().Count());
    }
}
