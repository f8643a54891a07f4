using Strata.GitHub.Workflows;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strata.Tests.GitHub.Workflows;

public class WorkflowYamlTests
{
    static readonly string[] TrickyStrings =
    [
        "true", "False", "on", "off", "yes", "N", "null", "~", "", "123", "-1", "0x1F", "017", "1.5", "1e3", ".inf", "1:30",
        "2024-01-31", "10.0.x", "v*", "a: b", "x #y", "#comment", "!tag", "*alias", "&anchor", "- item", "[list]", "{map}",
        " leading", "trailing ", "'single'", "\"double\"", "100%", "@at", "`tick`", "ümlaut ✓", "${{ matrix.x }}",
        "key: ${{ a }}", "a\\b",
    ];

    static Workflow Kitchen() => new()
    {
        Name = "kitchen: sink",
        On = new Triggers
        {
            Push = new PushTrigger { Branches = ["main", "release/*"], Tags = ["v*", "*-rc"] },
            PullRequest = new PullRequestTrigger { Branches = ["main"], Types = ["opened", "synchronize"] },
            WorkflowDispatch = true,
            DispatchInputs = [new DispatchInput("build-everything", "Build: everything? yes", Default: true), new DispatchInput("dry", "no", Default: false)],
            Schedules = ["17 4 * * 1", "0 0 1 * *"],
        },
        Permissions = Permissions.Of(Permission.Read(PermissionScope.Contents), new Permission(PermissionScope.IdToken, PermissionAccess.None)),
        Concurrency = new Concurrency("g-${{ github.ref }}", true),
        Env = new ValueMap(TrickyStrings.Select((s, i) => ($"V{i}", s)).Append(("on", "key that reads as a boolean"))),
        Jobs =
        [
            new Job
            {
                Id = "first",
                RunsOn = "ubuntu-latest",
                Outputs = [("out", "${{ steps.s.outputs.out }}")],
                Steps =
                [
                    new Step { Id = "s", Name = "on", Run = "echo \"out=1\" >> \"$GITHUB_OUTPUT\"" },
                    new Step { Name = "multi", Shell = "bash", Run = "line one\n  indented: two\n\nlast # not a comment\n" },
                    new Step { Name = "no final newline", Run = "a\nb" },
                ],
            },
            new Job
            {
                Id = "second_job",
                Name = "Second ${{ matrix.x }}",
                Needs = ["first"],
                If = "!cancelled() && needs.first.outputs.out == '1'",
                RunsOn = "${{ matrix.os }}",
                Permissions = Permissions.None,
                TimeoutMinutes = 5,
                Strategy = new Strategy("${{ fromJSON(needs.first.outputs.out) }}", FailFast: false, MaxParallel: 3),
                Env = [("E", "yes")],
                Steps =
                [
                    new Step { Uses = "actions/checkout@v4", With = [("fetch-depth", "0"), ("ref", "on")], If = "always()" },
                ],
            },
        ],
    };

    [Fact]
    public void A_workflow_using_every_feature_reads_back_equal_to_its_model()
    {
        var workflow = Kitchen();

        var yaml = WorkflowYaml.Render(new WorkflowFile("w.yml", "header", workflow));

        Assert.Equal(workflow, WorkflowReader.Read(yaml));
    }

    [Theory]
    [MemberData(nameof(PipelineCases.Shapes), MemberType = typeof(PipelineCases))]
    public void Every_generated_workflow_reads_back_equal_to_its_model(int shards, bool darwin, bool localAi)
    {
        foreach (var file in PipelineCases.Create(shards, darwin, localAi))
            Assert.Equal(WithoutCommands(file.Workflow), WorkflowReader.Read(WorkflowYaml.Render(file)));
    }

    /// <summary>The model without the typed build calls, which YAML holds only as the scripts rendered from them.</summary>
    static Workflow WithoutCommands(Workflow workflow) => workflow with
    {
        Jobs = workflow.Jobs.Select(job => job with { Steps = job.Steps.Select(step => step with { Command = null }).ToList() }).ToList(),
    };

    [Fact]
    public void Strings_a_yaml_reader_could_take_for_another_type_are_quoted_and_others_are_plain()
    {
        var yaml = WorkflowYaml.Render(new WorkflowFile("w.yml", "h", Kitchen()));
        var env = (YamlMappingNode)WorkflowReader.Parse(yaml).Children["env"];
        var scalars = env.Children.Values.Cast<YamlScalarNode>().ToDictionary(s => s.Value!);

        foreach (var value in new[] { "true", "False", "on", "off", "yes", "N", "null", "~", "", "123", "-1", "0x1F", "017", "1.5", "1e3", ".inf", "1:30", "2024-01-31" })
            Assert.True(scalars[value].Style != ScalarStyle.Plain, $"'{value}' must be quoted");
        foreach (var value in new[] { "10.0.x", "${{ matrix.x }}", "ümlaut ✓", "100%" })
            Assert.True(scalars[value].Style == ScalarStyle.Plain, $"'{value}' should stay plain");
    }

    [Fact]
    public void The_on_key_is_plain_scripts_are_literal_blocks_and_typed_values_are_plain()
    {
        var yaml = WorkflowYaml.Render(new WorkflowFile("w.yml", "h", Kitchen()));

        Assert.Contains("\non:\n", yaml);
        Assert.Contains("\n  \"on\": key that reads as a boolean\n", yaml);
        Assert.Contains("run: |\n", yaml);
        Assert.Contains("run: |-\n", yaml);
        Assert.Contains("cancel-in-progress: true\n", yaml);
        Assert.Contains("timeout-minutes: 5\n", yaml);
        Assert.Contains("if: ${{ !cancelled() && needs.first.outputs.out == '1' }}\n", yaml);
        Assert.Contains("if: always()\n", yaml);
    }

    [Fact]
    public void Every_file_starts_with_the_generated_header_and_rendering_is_stable()
    {
        foreach (var file in PipelineCases.Create(shards: 2, darwin: true))
        {
            var yaml = WorkflowYaml.Render(file);

            var headerLines = WorkflowHeader.Text.Split('\n').Select(l => "# " + l);
            Assert.Equal(headerLines, yaml.Split('\n').Take(3));
            Assert.StartsWith("# Generated by ./build.sh GenerateWorkflows", yaml);
            Assert.True(WorkflowHeader.IsGenerated(yaml));
            Assert.DoesNotContain('\r', yaml);
            Assert.EndsWith("\n", yaml);
            Assert.Equal(yaml, WorkflowYaml.Render(PipelineCases.Create(shards: 2, darwin: true).Single(f => f.Path == file.Path)));
        }
    }

    [Fact]
    public void A_run_script_interpolating_an_expression_is_rejected_naming_job_and_step()
    {
        var workflow = Kitchen() with
        {
            Jobs = [new Job { Id = "j", RunsOn = "ubuntu-latest", Steps = [new Step { Name = "greet", Run = "echo ${{ github.event.pull_request.title }}" }] }],
        };

        var error = Assert.Throws<WorkflowDefinitionException>(() => WorkflowYaml.Render(new WorkflowFile("w.yml", "h", workflow)));

        Assert.Contains("w.yml: job 'j', step 1 ('greet')", error.Message);
        Assert.Contains("env:", error.Message);
    }

    [Theory]
    [InlineData("needs-unknown", "needs 'nope', which is not a job defined before it")]
    [InlineData("duplicate-id", "the id is used by another job")]
    [InlineData("uses-and-run", "exactly one of 'uses' and 'run'")]
    [InlineData("bad-id", "a job id must start with a letter")]
    public void Invalid_workflows_are_rejected_with_the_reason(string defect, string message)
    {
        Job Plain(string id) => new() { Id = id, RunsOn = "ubuntu-latest", Steps = [new Step { Run = "true" }] };
        ValueList<Job> jobs = defect switch
        {
            "needs-unknown" => [Plain("a") with { Needs = ["nope"] }],
            "duplicate-id" => [Plain("a"), Plain("a")],
            "uses-and-run" => [Plain("a") with { Steps = [new Step { Uses = "x/y@v1", Run = "true" }] }],
            _ => [Plain("1st")],
        };

        var error = Assert.Throws<WorkflowDefinitionException>(
            () => WorkflowYaml.Render(new WorkflowFile("w.yml", "h", Kitchen() with { Jobs = jobs })));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_mapping_with_a_duplicate_key_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ValueMap([("A", "1"), ("A", "2")]));
        Assert.Contains("duplicate key 'A'", error.Message);
    }
}
