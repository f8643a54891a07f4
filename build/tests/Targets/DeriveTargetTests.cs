using System.Text.Json.Nodes;
using Strata.Tests.Matrix;

namespace Strata.Tests.Targets;

public class DeriveTargetTests
{
    static string[] Pr9672Arguments(string outputJson) =>
    [
        "Derive", "--matrix", Fixtures.File("localai-pr9672.yaml"), "--base-repo", Fixtures.Pr9672BaseRepo,
        "--output-json", outputJson, "--rules", Fixtures.SeedRulesFile,
    ];

    [Fact]
    public void Derive_on_a_push_writes_the_expected_outputs_for_pr9672()
    {
        using var repository = new ScratchRepository();
        var output = repository.PathOf("out.json");

        var run = repository.Run(Pr9672Arguments(output));

        Assert.Equal(0, run.ExitCode);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.Expected, "pr9672.push.json")));
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(File.ReadAllText(output))), "Derive --output-json differs from pr9672.push.json");
    }

    [Fact]
    public void Derive_on_a_pull_request_selects_by_the_changed_files_and_writes_github_outputs()
    {
        using var repository = new ScratchRepository();
        var output = repository.PathOf("out.json");
        var githubOutput = repository.PathOf("github-output");
        var summary = repository.PathOf("step-summary.md");

        var run = repository.Run(
            new Dictionary<string, string> { ["GITHUB_OUTPUT"] = githubOutput, ["GITHUB_STEP_SUMMARY"] = summary },
            [.. Pr9672Arguments(output), "--pr", "9672", "--changed-files", Path.Combine(Fixtures.Expected, "pr9672.pr-mixed.changed")]);

        Assert.Equal(0, run.ExitCode);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.Expected, "pr9672.pr-mixed.json")));
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(File.ReadAllText(output))), "Derive --output-json differs from pr9672.pr-mixed.json");
        var lines = File.ReadAllLines(githubOutput);
        Assert.Contains("run-all=false", lines);
        Assert.Contains("matrix-shards=1", lines);
        Assert.Contains(lines, line => line.StartsWith("matrix-0={\"include\":[", StringComparison.Ordinal));
        Assert.Contains("```mermaid", File.ReadAllText(summary));
    }

    [Fact]
    public void A_collision_fails_with_one_clear_error_and_writes_nothing()
    {
        using var repository = new ScratchRepository();
        var output = repository.PathOf("out.json");
        var githubOutput = repository.PathOf("github-output");

        var run = repository.Run(
            new Dictionary<string, string> { ["GITHUB_OUTPUT"] = githubOutput },
            "Derive", "--matrix", Fixtures.File("localai-2025-10.yaml"), "--base-repo", "r", "--output-json", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Output.Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
        Assert.Single(run.Output.Split('\n'), line => line.Contains("python-hipblas-2404-rocm-6.4.3", StringComparison.Ordinal));
        Assert.Contains("python-hipblas-2404-rocm-6.4.3", run.Output);
        Assert.Contains("skip-drivers", run.Output);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(githubOutput));
    }

    [Fact]
    public void A_malformed_matrix_names_its_file_and_line()
    {
        using var repository = new ScratchRepository();
        var matrix = repository.PathOf("broken.yaml");
        File.WriteAllText(matrix, "include:\n  - backend: echo\n    tag-suffix: '-cpu-echo'\n    dockerfile: ./backend/Dockerfile.python\n    platforms: 'linux/s390x'\n");

        var run = repository.Run("Derive", "--matrix", matrix, "--base-repo", "r");

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Output.Split('\n'), line => line.Contains($"{matrix}:5", StringComparison.Ordinal));
        Assert.Contains("linux/s390x", run.Output);
    }

    [Fact]
    public void The_project_matrix_derives_without_collision()
    {
        using var repository = new ScratchRepository();
        var output = repository.PathOf("out.json");

        var run = repository.Run("Derive", "--base-repo", "127.0.0.1:5000/strata/ci-cache", "--output-json", output);

        Assert.Equal(0, run.ExitCode);
        var bases = JsonNode.Parse(File.ReadAllText(output))!["bases-matrix"]!["include"]!.AsArray();
        var stems = bases.Select(flavour => (string)flavour!["tag-stem"]!).ToList();
        Assert.Contains("python-cpu-2404", stems);
        Assert.Contains(stems, stem => stem.StartsWith("python-cublas-2404-cuda12.", StringComparison.Ordinal));
        Assert.Contains(stems, stem => stem.StartsWith("python-cublas-2404-cuda13.", StringComparison.Ordinal));
        Assert.Contains(stems, stem => stem.Contains("-rocm-", StringComparison.Ordinal));
        Assert.Contains(stems, stem => stem.Contains("-oneapi-", StringComparison.Ordinal));
        Assert.Contains(stems, stem => stem.Contains("-vulkan-", StringComparison.Ordinal));
        Assert.Contains(stems, stem => stem.Contains("-jetpack-", StringComparison.Ordinal));
        Assert.Equal(stems.Count, stems.Distinct().Count());
    }
}
