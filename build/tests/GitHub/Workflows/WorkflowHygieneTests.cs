using System.Text.RegularExpressions;
using Strata.Engine;
using Strata.GitHub.Workflows;
using YamlDotNet.RepresentationModel;

namespace Strata.Tests.GitHub.Workflows;

/// <summary>The committed workflows, as GitHub runs them: pinned actions, least privilege, time limits, declared options.</summary>
public partial class WorkflowHygieneTests
{
    static IEnumerable<(string Path, string Text, YamlMappingNode Root)> CommittedWorkflows() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, ".github", "workflows"), "*.yml")
            .Order(StringComparer.Ordinal)
            .Select(path => (path, File.ReadAllText(path), WorkflowReader.Parse(File.ReadAllText(path))));

    static IEnumerable<(string Workflow, string Job, YamlMappingNode Node)> Jobs() =>
        CommittedWorkflows().SelectMany(workflow => ((YamlMappingNode)workflow.Root.Children["jobs"]).Children
            .Select(job => (workflow.Path, ((YamlScalarNode)job.Key).Value!, (YamlMappingNode)job.Value)));

    [GeneratedRegex(@"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", RegexOptions.Multiline)]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"--[a-z0-9][a-z0-9-]*")]
    private static partial Regex OptionWord();

    [Fact]
    public async Task The_committed_workflows_pass_actionlint_1_7_7_through_its_cli()
    {
        var (exitCode, output) = await Actionlint.RunCliAsync(".github/workflows/*.yml", RepoPaths.Root);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Checking 2 workflow file(s)", output);
        Assert.Contains("passed lint checks", output);
    }

    [Fact]
    public async Task The_actionlint_cli_fails_on_a_broken_workflow()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "wf"));
        File.WriteAllText(Path.Combine(temp.Path, "wf", "broken.yml"), "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [missing]\n    steps:\n      - run: echo hi\n");

        var (exitCode, output) = await Actionlint.RunCliAsync("wf/*.yml", temp.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains("missing", output);
    }

    [Fact]
    public void Every_action_is_pinned_by_a_commit_sha_with_its_version_in_a_comment()
    {
        var uses = CommittedWorkflows().SelectMany(workflow => UsesLine().Matches(workflow.Text)).ToList();

        Assert.NotEmpty(uses);
        foreach (var match in uses)
        {
            Assert.Matches("^[a-z0-9-]+/[a-z0-9-]+(/[a-z0-9-]+)?@[0-9a-f]{40}$", match.Groups[1].Value);
            Assert.Matches(@"^ # v\d+\.\d+\.\d+$", match.Groups[2].Value);
        }
        Assert.All(ActionReferences.All, action => Assert.Matches("^[0-9a-f]{40}$", action.Sha));
    }

    [Fact]
    public void Dependabot_watches_the_pinned_actions()
    {
        var config = File.ReadAllText(Path.Combine(RepoPaths.Root, ".github", "dependabot.yml"));
        var root = WorkflowReader.Parse(config);
        var ecosystems = ((YamlSequenceNode)root.Children["updates"]).Children.Cast<YamlMappingNode>()
            .Select(update => ((YamlScalarNode)update.Children["package-ecosystem"]).Value);
        Assert.Contains("github-actions", ecosystems);
    }

    [Fact]
    public void Every_job_has_a_time_limit_and_no_job_can_write_packages()
    {
        var jobs = Jobs().ToList();
        Assert.NotEmpty(jobs);
        foreach (var (workflow, job, node) in jobs)
        {
            Assert.True(node.Children.ContainsKey("timeout-minutes"), $"{workflow}: job {job} has no timeout-minutes");
            Assert.True(node.Children.ContainsKey("permissions"), $"{workflow}: job {job} has no permissions");
            var permissions = (YamlMappingNode)node.Children["permissions"];
            Assert.All(permissions.Children, permission => Assert.Equal("read", ((YamlScalarNode)permission.Value).Value));
        }
    }

    [Fact]
    public void Every_option_a_step_passes_is_a_parameter_the_build_declares_and_values_are_bound_with_equals()
    {
        var accepted = ParameterOption.All<Build>();
        var scripts = Jobs().SelectMany(job => ((YamlSequenceNode)job.Node.Children["steps"]).Children.Cast<YamlMappingNode>())
            .Where(step => step.Children.ContainsKey("run"))
            .Select(step => ((YamlScalarNode)step.Children["run"]).Value!)
            .Where(script => script.Contains("./build.sh", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(scripts);
        foreach (var line in scripts.SelectMany(script => script.Split('\n')))
        {
            foreach (Match option in OptionWord().Matches(line))
                Assert.True(accepted.Contains(option.Value), $"'{option.Value}' in `{line}` is not a parameter of the build");
            // A value never follows its option as a separate word: it is always `--name=value` in one quoted word.
            Assert.DoesNotMatch(@"--[a-z0-9-]+ ""\$", line);
            Assert.DoesNotMatch(@"\(--[a-z0-9-]+ ", line);
        }
    }

    [Fact]
    public void The_default_image_repositories_are_lower_cased_once_and_every_job_reads_them_from_derive()
    {
        foreach (var (path, text, root) in CommittedWorkflows())
        {
            var derive = (YamlMappingNode)((YamlMappingNode)root.Children["jobs"]).Children["derive"];
            var steps = ((YamlSequenceNode)derive.Children["steps"]).Children.Cast<YamlMappingNode>().ToList();
            var repositories = steps.Single(step => step.Children.TryGetValue("id", out var id) && ((YamlScalarNode)id).Value == "repositories");
            var script = ((YamlScalarNode)repositories.Children["run"]).Value!;
            Assert.Contains("${BASE_REPO,,}", script);
            Assert.Contains("format('ghcr.io/{0}/ci-cache', github.repository)", ((YamlScalarNode)((YamlMappingNode)repositories.Children["env"]).Children["BASE_REPO"]).Value);
            // Outside the repositories step, no job reads the raw (possibly upper-case) default.
            Assert.Single(Regex.Matches(text, Regex.Escape("format('ghcr.io/{0}/ci-cache', github.repository)")));
            Assert.Contains("needs.derive.outputs.base-repo", text);
        }
    }

    [Fact]
    public void The_pipeline_options_come_from_the_parameter_declarations()
    {
        Assert.Equal("--base-repo", ParameterOption.Of<Build>("BaseRepo"));
        Assert.Equal("--tag-suffix", ParameterOption.Of<Build>("TagSuffix"));
        Assert.Throws<InvalidOperationException>(() => ParameterOption.Of<Build>("NoSuchParameter"));
        var options = new PipelineOptions { Parameters = new PipelineParameters { TagSuffix = "--Tag Suffix" } };
        Assert.Throws<ArgumentException>(options.Validate);
    }
}
