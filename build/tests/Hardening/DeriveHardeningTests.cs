using Strata.Tests.Matrix;
using Strata.Tests.Targets;

namespace Strata.Tests.Hardening;

/// <summary>Issue #14 items 5–10 through the real build in process: exit codes, all-or-nothing outputs, interrupts, bad parameters.</summary>
public class DeriveHardeningTests
{
    static string Lines(string yaml) => yaml;

    static string WriteMatrix(ScratchRepository repository, string yaml)
    {
        var path = repository.PathOf("matrix.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    static void AssertNothingWritten(ScratchRepository repository, params string[] outputs)
    {
        foreach (var output in outputs)
            Assert.False(File.Exists(output) || Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), $"{output} was written");
        Assert.Empty(Directory.EnumerateFiles(repository.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_backend_named_like_an_output_in_another_case_fails_even_without_GITHUB_OUTPUT()
    {
        using var repository = new ScratchRepository();
        var matrix = WriteMatrix(repository, "linux:\n" + MatrixText.Entry("-cpu-a", ("backend", "Has-Backends")));
        var json = repository.PathOf("out.json");

        var run = repository.Run("Derive", "--matrix", matrix, "--base-repo", "r", "--output-json", json);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Output.Split('\n'), line => line.StartsWith($"error: {matrix}:7: ", StringComparison.Ordinal) && line.Contains("'Has-Backends' has the name of a Derive output"));
        AssertNothingWritten(repository, json);
    }

    [Fact]
    public void Two_backends_differing_only_in_case_fail()
    {
        using var repository = new ScratchRepository();
        var matrix = WriteMatrix(repository, "linux:\n" + MatrixText.Entry("-cpu-a", ("backend", "echo")) + MatrixText.Entry("-cpu-b", ("backend", "Echo")));

        var run = repository.Run("Derive", "--matrix", matrix, "--base-repo", "r");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{matrix}:16: entry '-cpu-b': backend 'Echo' differs from backend 'echo' (line 7) only in case", run.Output);
    }

    [Fact]
    public void A_failing_output_leaves_every_output_untouched()
    {
        using var repository = new ScratchRepository();
        var githubOutput = repository.PathOf("github-output");
        File.WriteAllText(githubOutput, "earlier=1\n");
        var summary = repository.PathOf("summary.md");
        var json = repository.PathOf("out-dir");
        Directory.CreateDirectory(json);

        var run = repository.Run(new Dictionary<string, string> { ["GITHUB_OUTPUT"] = githubOutput, ["GITHUB_STEP_SUMMARY"] = summary },
            "Derive", "--base-repo", "r", "--output-json", json);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("earlier=1\n", File.ReadAllText(githubOutput));
        Assert.False(File.Exists(summary));
        Assert.Empty(Directory.EnumerateFiles(repository.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_interrupted_Derive_writes_nothing_and_exits_130()
    {
        using var repository = new ScratchRepository();
        var json = repository.PathOf("out.json");
        var githubOutput = repository.PathOf("github-output");
        using var abort = new CancellationTokenSource();

        var run = repository.Run(new Dictionary<string, string> { ["GITHUB_OUTPUT"] = githubOutput }, new CancelOnLine("> Derive", abort), abort.Token,
            "Derive", "--base-repo", "r", "--output-json", json);

        Assert.Equal(130, run.ExitCode);
        Assert.Contains("Build aborted", run.Output);
        AssertNothingWritten(repository, json, githubOutput);
    }

    [Fact]
    public void An_interrupted_GenerateWorkflows_leaves_the_workflows_as_they_were()
    {
        using var repository = new ScratchRepository();
        var workflows = repository.PathOf(".github/workflows");
        var before = Directory.EnumerateFiles(workflows).ToDictionary(path => path, File.ReadAllText);
        foreach (var path in before.Keys)
            File.WriteAllText(path, "# edited\n" + before[path]);
        using var abort = new CancellationTokenSource();

        var run = repository.Run(null, new CancelOnLine("> GenerateWorkflows", abort), abort.Token, "GenerateWorkflows");

        Assert.Equal(130, run.ExitCode);
        foreach (var path in before.Keys)
            Assert.StartsWith("# edited\n", File.ReadAllText(path));
        Assert.Empty(Directory.EnumerateFiles(repository.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void GenerateWorkflows_writes_all_workflows_or_none()
    {
        using var repository = new ScratchRepository();
        var publish = repository.PathOf(".github/workflows/backend.yml");
        var pullRequest = repository.PathOf(".github/workflows/backend-pr.yml");
        File.WriteAllText(publish, "# old\n");
        File.Delete(pullRequest);
        Directory.CreateDirectory(pullRequest); // cannot be replaced by a file

        var run = repository.Run("GenerateWorkflows");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("# old\n", File.ReadAllText(publish));
        Assert.Empty(Directory.EnumerateFiles(repository.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("Derive")]
    [InlineData("GenerateWorkflows")]
    [InlineData("CheckWorkflows")]
    public void A_malformed_matrix_exits_2_under_every_target_printed_once(string target)
    {
        using var repository = new ScratchRepository();
        var matrix = WriteMatrix(repository, "linux:\n" + MatrixText.Entry("-cpu-a", ("platforms", "linux/s390x")));

        var run = repository.Run(target, "--matrix", matrix, "--base-repo", "r");

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Output.Split('\n'), line => line.Contains("linux/s390x", StringComparison.Ordinal));
        Assert.Contains($"error: {matrix}:3: ", run.Output);
    }

    [Fact]
    public void A_missing_matrix_exits_2_naming_the_file()
    {
        using var repository = new ScratchRepository();

        var run = repository.Run("Derive", "--matrix", "nope.yaml", "--base-repo", "r");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {repository.PathOf("nope.yaml")}: backend matrix file not found", run.Output);
        Assert.DoesNotContain(":0:", run.Output);
    }

    [Theory]
    [InlineData("--pr", "-1", "--pr: '-1' is not a pull request number")]
    [InlineData("--pr", "0", "--pr: '0' is not a pull request number")]
    [InlineData("--base-repo", "ghcr.io/mudler/LocalAI/ci-cache", "has upper-case letters")]
    [InlineData("--base-repo", "ghcr.io/a b", "contains white space")]
    [InlineData("--base-repo", "ghcr.io/a\nmatrix=x", "contains white space")]
    [InlineData("--backend-repo", "ghcr.io/a:tag", "holds a tag or digest")]
    [InlineData("--bases-dir", "/nonexistent", "--bases-dir: folder '/nonexistent' not found")]
    [InlineData("--backend-shards", "0", "--backend-shards: '0' must be at least 1")]
    public void A_bad_parameter_exits_2_with_its_reason(string option, string value, string message)
    {
        using var repository = new ScratchRepository();
        var json = repository.PathOf("out.json");
        var args = new List<string> { "Derive", option, value, "--output-json", json };
        if (option != "--base-repo") args.AddRange(["--base-repo", "r"]);

        var run = repository.Run(args.ToArray());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Output);
        AssertNothingWritten(repository, json);
    }

    [Fact]
    public void A_matrix_needing_more_shards_than_the_workflow_has_fails_at_Derive()
    {
        using var repository = new ScratchRepository();
        var matrix = WriteMatrix(repository, "linux:\n" + string.Concat(Enumerable.Range(0, 300).Select(i => MatrixText.Entry($"-cpu-e{i}", ("backend", "echo")))));
        var githubOutput = repository.PathOf("github-output");

        var run = repository.Run(new Dictionary<string, string> { ["GITHUB_OUTPUT"] = githubOutput },
            "Derive", "--matrix", matrix, "--base-repo", "r", "--backend-shards", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {matrix}: the matrix needs 2 backend jobs (300 entries, 256 per job) but the workflow has 1; run ./build.sh GenerateWorkflows", run.Output);
        AssertNothingWritten(repository, githubOutput);
        Assert.Equal(0, repository.Run("Derive", "--matrix", matrix, "--base-repo", "r", "--backend-shards", "2").ExitCode);
    }

    [Fact]
    public void The_step_summary_stays_below_GitHubs_limit_with_a_note()
    {
        using var repository = new ScratchRepository();
        var matrix = WriteMatrix(repository, "linux:\n" + string.Concat(Enumerable.Range(0, 12_000).Select(i => MatrixText.Entry($"-cpu-entry-with-a-long-suffix-{i}", ("backend", "echo")))));
        var summary = repository.PathOf("summary.md");

        var run = repository.Run(new Dictionary<string, string> { ["GITHUB_STEP_SUMMARY"] = summary }, "Derive", "--matrix", matrix, "--base-repo", "r");

        Assert.Equal(0, run.ExitCode);
        var bytes = new FileInfo(summary).Length;
        Assert.True(bytes < 1024 * 1024, $"{bytes} bytes");
        Assert.Contains("The summary was cut at", File.ReadAllText(summary));
    }
}
