using System.Text.Json.Nodes;
using Strata.Tests.GitHub.ChangedFiles;

namespace Strata.Tests.Targets;

/// <summary>The Derive target with change rules: a push filtered through git, the report, and bad rules files.</summary>
public class DeriveChangesTargetTests
{
    [Fact]
    public async Task A_push_event_without_a_token_is_filtered_through_git_and_the_firing_rules_are_reported()
    {
        using var scratch = new ScratchRepository();
        var git = new ScratchGitRepository(scratch.Root);
        await git.Git("init", "-q", "-b", "main");
        var before = await git.Commit("base");
        scratch.Write("backend/python/echo/strata_echo/__main__.py", "print('changed')");
        scratch.Write("docs/notes.md", "no image reads this");
        var after = await git.Commit("change echo");
        var eventPath = scratch.PathOf("event.json");
        File.WriteAllText(eventPath, new JsonObject
        {
            ["ref"] = "refs/heads/main", ["before"] = before, ["after"] = after,
            ["repository"] = new JsonObject { ["name"] = "r", ["owner"] = new JsonObject { ["login"] = "o" } },
        }.ToJsonString());
        var summary = scratch.PathOf("summary.md");

        var run = scratch.Run(
            new Dictionary<string, string> { ["GITHUB_EVENT_PATH"] = eventPath, ["GITHUB_EVENT_NAME"] = "push", ["GITHUB_STEP_SUMMARY"] = summary },
            "Derive", "--base-repo", "r", "--output-json", scratch.PathOf("out.json"));

        Assert.True(run.ExitCode == 0, run.Output);
        var output = JsonNode.Parse(File.ReadAllText(scratch.PathOf("out.json")))!;
        var backends = output["matrix"]!["include"]!.AsArray().Select(entry => (string)entry!["backend"]!).ToList();
        Assert.Equal(7, backends.Count);
        Assert.All(backends, backend => Assert.Equal("echo", backend));
        Assert.Equal("false", (string)output["run-all"]!);
        Assert.Contains("Selected by change rules from 2 changed file(s)", run.Output);
        var line = File.ReadAllLines(scratch.PathOf(".github/backend-rules.yaml")).ToList().FindIndex(l => l.Contains("builtin: source-dirs")) + 1;
        Assert.Contains($".github/backend-rules.yaml:{line} source-dirs: 1 file(s) → 7 linux, 1 darwin entries", run.Output);
        Assert.Contains("**/*.md", run.Output);
        var markdown = File.ReadAllText(summary);
        Assert.Contains("#### Why these entries", markdown);
        Assert.Contains($"| `backend-rules.yaml:{line}` source-dirs | 1 | 7 | 1 |", markdown);
    }

    [Fact]
    public void A_tag_push_builds_everything_and_says_why()
    {
        using var scratch = new ScratchRepository();
        var eventPath = scratch.PathOf("event.json");
        File.WriteAllText(eventPath, """{"ref":"refs/tags/v1.0.0","before":"1111111111111111111111111111111111111111","after":"2222222222222222222222222222222222222222","repository":{"name":"r","owner":{"login":"o"}}}""");

        var run = scratch.Run(new Dictionary<string, string> { ["GITHUB_EVENT_PATH"] = eventPath, ["GITHUB_EVENT_NAME"] = "push" },
            "Derive", "--base-repo", "r", "--output-json", scratch.PathOf("out.json"));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Building everything: tag push refs/tags/v1.0.0", run.Output);
        Assert.Equal("true", (string)JsonNode.Parse(File.ReadAllText(scratch.PathOf("out.json")))!["run-all"]!);
    }

    [Fact]
    public void A_push_whose_diff_fails_builds_everything_with_a_warning_not_an_error()
    {
        using var scratch = new ScratchRepository();
        var eventPath = scratch.PathOf("event.json");
        File.WriteAllText(eventPath, """{"ref":"refs/heads/main","before":"1111111111111111111111111111111111111111","after":"2222222222222222222222222222222222222222","repository":{"name":"r","owner":{"login":"o"}}}""");

        var run = scratch.Run(new Dictionary<string, string> { ["GITHUB_EVENT_PATH"] = eventPath, ["GITHUB_EVENT_NAME"] = "push" },
            "Derive", "--base-repo", "r", "--output-json", scratch.PathOf("out.json"));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("warning: cannot diff the push locally", run.Output);
        Assert.Equal("true", (string)JsonNode.Parse(File.ReadAllText(scratch.PathOf("out.json")))!["run-all"]!);
    }

    [Theory]
    [InlineData("rules:\n  - paths: backend/\n    linux: { tag: x }\n", 3, "unknown selector 'tag'")]
    [InlineData("rules:\n  - paths: ../elsewhere/\n    linux: all\n", 2, "points outside the repository")]
    public void A_bad_rules_file_is_bad_input_naming_file_and_line_and_writes_nothing(string yaml, int line, string message)
    {
        using var scratch = new ScratchRepository();
        var rules = scratch.PathOf("rules.yaml");
        File.WriteAllText(rules, yaml);
        var output = scratch.PathOf("out.json");

        var run = scratch.Run("Derive", "--base-repo", "r", "--rules", rules, "--changed-files", WriteChanged(scratch, "README.md"), "--output-json", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{rules}:{line}: ", run.Output);
        Assert.Contains(message, run.Output);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_rules_file_given_but_missing_is_bad_input()
    {
        using var scratch = new ScratchRepository();

        var run = scratch.Run("Derive", "--base-repo", "r", "--rules", "nope.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.yaml:0: change rules file not found", run.Output);
    }

    static string WriteChanged(ScratchRepository scratch, params string[] files)
    {
        var path = scratch.PathOf("changed.txt");
        File.WriteAllLines(path, files);
        return path;
    }
}
