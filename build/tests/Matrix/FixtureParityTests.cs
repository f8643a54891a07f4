using System.Text.Json.Nodes;
using Strata.GitHub;
using Strata.Matrix;

namespace Strata.Tests.Matrix;

public class FixtureParityTests
{
    public static TheoryData<string> Matrices => new(Fixtures.AllMatrices.Select(Path.GetFileName)!);
    public static TheoryData<string> PullRequestCases => new(Fixtures.PullRequestCases);

    static DeriveOptions Pr9672Options(IReadOnlyList<string>? changed, int? pr) => new()
    {
        LangsWithBase = Fixtures.Pr9672Langs,
        BaseRepo = Fixtures.Pr9672BaseRepo,
        PullRequest = pr,
        ChangedFiles = changed,
        Rules = Fixtures.SeedRules,
    };

    [Theory]
    [MemberData(nameof(Matrices))]
    public void Every_fixture_loads_and_all_but_2025_10_derive(string name)
    {
        var matrix = MatrixFile.Load(Fixtures.File(name));
        Assert.NotEmpty(matrix.Linux);
        Assert.NotEmpty(matrix.Darwin);

        var derive = () => Derivation.Derive(matrix, Pr9672Options(null, null));
        if (name == "localai-2025-10.yaml")
            Assert.Throws<MatrixException>(derive);
        else
            Assert.Equal(matrix.Linux.Count, derive().Backends.Count);
    }

    [Fact]
    public void Fixture_2025_10_fails_with_a_skip_drivers_collision_naming_both_entries()
    {
        var matrix = MatrixFile.Load(Fixtures.File("localai-2025-10.yaml"));

        var error = Assert.Throws<MatrixException>(() => Derivation.Derive(matrix, Pr9672Options(null, null)));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("python-hipblas-2404-rocm-6.4.3", problem.Message);
        Assert.Contains("skip-drivers differs", problem.Message);
        var consumers = matrix.Linux.Where(e => e.BuildType == "hipblas" && e.Dockerfile.EndsWith("python")).ToList();
        var first = consumers[0];
        var disagreeing = consumers.First(e => e.SkipDrivers != first.SkipDrivers);
        Assert.Contains(first.TagSuffix, problem.Message);
        Assert.Contains(disagreeing.TagSuffix, problem.Message);
        Assert.Equal(disagreeing.LineOf(FieldNames.SkipDrivers), problem.Line);
        Assert.StartsWith($"{matrix.FilePath}:{problem.Line}: entry '{disagreeing.TagSuffix}': ", error.Message);
    }

    [Fact]
    public void Push_on_pr9672_equals_the_expected_outputs()
    {
        var plan = Derivation.Derive(Fixtures.Pr9672, Pr9672Options(null, null));

        JsonDiff.AssertEqual(ExpectedJson("pr9672.push.json"), DeriveOutputs.ToJson(plan));
    }

    [Theory]
    [MemberData(nameof(PullRequestCases))]
    public void Pull_request_on_pr9672_equals_the_expected_outputs(string name)
    {
        var changed = File.ReadAllLines(Path.Combine(Fixtures.Expected, $"pr9672.pr-{name}.changed"));

        var plan = Derivation.Derive(Fixtures.Pr9672, Pr9672Options(changed, Fixtures.Pr9672Number));

        JsonDiff.AssertEqual(ExpectedJson($"pr9672.pr-{name}.json"), DeriveOutputs.ToJson(plan));
    }

    [Fact]
    public void Output_json_has_exactly_the_expected_keys_in_order()
    {
        var json = DeriveOutputs.ToJson(Derivation.Derive(Fixtures.Pr9672, Pr9672Options(null, null)));

        Assert.Equal(ExpectedJson("pr9672.push.json").AsObject().Select(p => p.Key), json.Select(p => p.Key));
    }

    static JsonNode ExpectedJson(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.Expected, name)))!;
}
