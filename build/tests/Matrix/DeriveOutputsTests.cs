using System.Text;
using System.Text.Json.Nodes;
using Strata.GitHub;
using Strata.Matrix;

namespace Strata.Tests.Matrix;

public class DeriveOutputsTests
{
    const int OneMegabyte = 1024 * 1024;

    static DerivedPlan Push(BackendMatrix matrix) => Derivation.Derive(matrix, new DeriveOptions
    {
        LangsWithBase = Fixtures.Pr9672Langs,
        BaseRepo = Fixtures.Pr9672BaseRepo,
        Rules = Fixtures.SeedRules,
    });

    static List<(string Key, string Value)> Parse(IReadOnlyList<string> lines) =>
        lines.Select(l => (l[..l.IndexOf('=')], l[(l.IndexOf('=') + 1)..])).ToList();

    static JsonArray Include(string json) => JsonNode.Parse(json)!["include"]!.AsArray();

    [Fact]
    public void The_457_entry_matrix_comes_in_shards_of_at_most_256_that_together_are_the_whole_matrix_in_order()
    {
        var plan = Push(Fixtures.Matrix202608);
        var whole = DeriveOutputs.ToJson(plan)["matrix"]!["include"]!.AsArray();

        var outputs = Parse(DeriveOutputs.ToGitHubOutput(plan));

        var byKey = outputs.ToDictionary(o => o.Key, o => o.Value);
        Assert.Equal("2", byKey["matrix-shards"]);
        Assert.DoesNotContain("matrix", byKey.Keys);
        var shards = new[] { Include(byKey["matrix-0"]), Include(byKey["matrix-1"]) };
        Assert.All(shards, shard => Assert.InRange(shard.Count, 1, 256));
        Assert.Equal(457, whole.Count);
        JsonDiff.AssertEqual(whole, new JsonArray(shards.SelectMany(s => s).Select(e => e!.DeepClone()).ToArray()));
    }

    [Fact]
    public void Every_output_line_and_the_whole_job_output_stay_under_one_megabyte()
    {
        var lines = DeriveOutputs.ToGitHubOutput(Push(Fixtures.Matrix202608));

        var sizes = lines.Select(l => Encoding.UTF8.GetByteCount(l) + 1).ToList();
        Assert.All(sizes, size => Assert.True(size < OneMegabyte / 4, $"an output line is {size} bytes"));
        Assert.True(sizes.Sum() < OneMegabyte / 2, $"the job outputs total {sizes.Sum()} bytes");
    }

    [Theory]
    [InlineData(100, 5)]
    [InlineData(457, 1)]
    [InlineData(1, 457)]
    public void A_smaller_shard_capacity_gives_more_shards(int capacity, int count)
    {
        var outputs = Parse(DeriveOutputs.ToGitHubOutput(Push(Fixtures.Matrix202608), capacity)).ToDictionary(o => o.Key, o => o.Value);

        Assert.Equal(count.ToString(), outputs["matrix-shards"]);
        var sizes = Enumerable.Range(0, count).Select(i => Include(outputs[$"matrix-{i}"]).Count).ToList();
        Assert.All(sizes, size => Assert.InRange(size, 1, capacity));
        Assert.Equal(457, sizes.Sum());
        Assert.DoesNotContain($"matrix-{count}", outputs.Keys);
        Assert.Equal(count == 1, outputs.ContainsKey("matrix"));
    }

    [Fact]
    public void A_matrix_that_fits_one_shard_is_also_given_whole_and_the_other_keys_match_the_json()
    {
        var plan = Push(Fixtures.Pr9672);
        var json = DeriveOutputs.ToJson(plan);

        var outputs = Parse(DeriveOutputs.ToGitHubOutput(plan));

        Assert.Equal(
            ["run-all", "has-backends", "has-backends-darwin", "has-bases", "matrix", "matrix-shards", "matrix-0",
                "has-merges", "merge-shards", "merge-0", "matrix-darwin", "bases-matrix", "base-builds", "has-base-merges", "base-merges"],
            outputs.Take(15).Select(o => o.Key));
        var byKey = outputs.ToDictionary(o => o.Key, o => o.Value);
        foreach (var key in new[] { "run-all", "has-backends", "has-backends-darwin", "has-bases" })
            Assert.Equal((string)json[key]!, byKey[key]);
        foreach (var key in new[] { "matrix", "matrix-darwin", "bases-matrix" })
            JsonDiff.AssertEqual(json[key]!, JsonNode.Parse(byKey[key])!);
        JsonDiff.AssertEqual(json["matrix"]!, JsonNode.Parse(byKey["matrix-0"])!);
        Assert.Equal("1", byKey["matrix-shards"]);
        Assert.Equal(("false", "0", """{"include":[]}"""), (byKey["has-merges"], byKey["merge-shards"], byKey["merge-0"]));
    }

    [Fact]
    public void Flags_are_one_line_per_backend_after_the_matrices()
    {
        var plan = Derivation.Derive(Fixtures.Pr9672, new DeriveOptions
        {
            LangsWithBase = Fixtures.Pr9672Langs,
            BaseRepo = Fixtures.Pr9672BaseRepo,
            PullRequest = 9672,
            Rules = Fixtures.SeedRules,
            ChangedFiles = ["backend/python/vllm/backend.py"],
        });

        var outputs = Parse(DeriveOutputs.ToGitHubOutput(plan)).SkipWhile(o => o.Key != "base-merges").Skip(1).ToList();

        Assert.Equal(plan.Flags.Select(f => f.Backend), outputs.Select(o => o.Key));
        Assert.Equal(["vllm"], outputs.Where(o => o.Value == "true").Select(o => o.Key));
        Assert.All(outputs, o => Assert.Contains(o.Value, new[] { "true", "false" }));
    }

    [Fact]
    public void An_empty_selection_still_gives_an_empty_first_shard()
    {
        var plan = Derivation.Derive(Fixtures.Pr9672, new DeriveOptions
        {
            LangsWithBase = Fixtures.Pr9672Langs,
            BaseRepo = Fixtures.Pr9672BaseRepo,
            PullRequest = 9672,
            Rules = Fixtures.SeedRules,
            ChangedFiles = ["README.md"],
        });

        var byKey = Parse(DeriveOutputs.ToGitHubOutput(plan)).ToDictionary(o => o.Key, o => o.Value);

        Assert.Equal("0", byKey["matrix-shards"]);
        Assert.Equal("""{"include":[]}""", byKey["matrix-0"]);
        Assert.Equal("""{"include":[]}""", byKey["matrix"]);
        Assert.Equal("false", byKey["has-backends"]);
    }

    [Theory]
    [InlineData("matrix-shards")]
    [InlineData("matrix")]
    [InlineData("matrix-3")]
    [InlineData("has-bases")]
    public void A_backend_named_like_an_output_is_refused(string name)
    {
        var plan = Derivation.Derive(MatrixText.Load("linux:\n" + MatrixText.Entry("-cpu-x", ("backend", name))),
            new DeriveOptions { LangsWithBase = Fixtures.Pr9672Langs, BaseRepo = "r", Rules = Fixtures.SeedRules });

        var error = Assert.Throws<InputException>(() => DeriveOutputs.ToGitHubOutput(plan));

        Assert.Contains($"backend '{name}'", error.Message);
    }

    [Fact]
    public void Every_tag_suffix_with_legs_gets_one_merge_row_and_the_json_keeps_its_keys()
    {
        var plan = Push(MatrixFile.Load(Fixtures.File("localai-2026-08.yaml")));

        var byKey = Parse(DeriveOutputs.ToGitHubOutput(plan)).ToDictionary(o => o.Key, o => o.Value);

        Assert.Equal(("true", "1"), (byKey["has-merges"], byKey["merge-shards"]));
        var merges = Include(byKey["merge-0"]).Select(row => (string)row!["tag-suffix"]!).ToList();
        Assert.Equal(71, merges.Count);
        Assert.Contains("-cpu-kokoro", merges);
        Assert.DoesNotContain("has-merges", DeriveOutputs.ToJson(plan).Select(pair => pair.Key));
    }
}
