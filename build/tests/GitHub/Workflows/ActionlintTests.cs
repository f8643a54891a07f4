using Strata.GitHub;
using Strata.GitHub.Workflows;

namespace Strata.Tests.GitHub.Workflows;

public class ActionlintTests
{
    [Theory]
    [MemberData(nameof(PipelineCases.Shapes), MemberType = typeof(PipelineCases))]
    public async Task Generated_workflows_have_no_actionlint_findings(int shards, bool darwin, bool localAi)
    {
        var files = PipelineCases.Create(shards, darwin, localAi);

        var findings = await Actionlint.LintAsync(files.Select(f => (f.Path, WorkflowYaml.Render(f))));

        Assert.True(findings.Count == 0, "actionlint findings:\n" + string.Join("\n", findings));
    }

    [Fact]
    public async Task A_broken_workflow_file_is_reported()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "broken.yml");
        File.WriteAllText(path, """
            name: broken
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                needs: [missing]
                steps:
                  - run: echo "${{ github.event.head_commit.message }}"
            """);

        var findings = await Actionlint.LintFilesAsync([path]);

        Assert.Contains(findings, f => f.Kind == "job-needs" && f.Message.Contains("missing") && f.File == path);
        Assert.Contains(findings, f => f.Kind == "expression" && f.Message.Contains("untrusted"));
    }

    [Fact]
    public async Task A_generated_workflow_reading_an_undeclared_derive_output_is_reported()
    {
        var publish = PipelineCases.Publish(PipelineCases.Create(shards: 2, darwin: false));
        var derive = publish.Workflow.Jobs[0];
        var withoutShard1 = new ValueMap(derive.Outputs.Where(o => o.Key != DeriveOutputs.ShardKey(1)));
        var broken = publish with
        {
            Workflow = publish.Workflow with
            {
                Jobs = [derive with { Outputs = withoutShard1 }, .. publish.Workflow.Jobs.Skip(1)],
            },
        };

        var findings = await Actionlint.LintAsync([(broken.Path, WorkflowYaml.Render(broken))]);

        var finding = Assert.Single(findings);
        Assert.Equal("expression", finding.Kind);
        Assert.Contains("\"matrix-1\" is not defined", finding.Message);
    }
}
