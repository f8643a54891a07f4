using Strata.Engine;
using Strata.GitHub.Rehearsal;
using Strata.GitHub.Workflows;
using Strata.Tests.Engine;

namespace Strata.Tests.GitHub.Rehearsal;

/// <summary>
/// The runner on a small workflow of its own (bash steps only, no Docker), through the real engine: needs order, outputs,
/// fromJSON matrices as spawned rows, env layering, GITHUB_* files, if:/status semantics, fail-fast, the action table.
/// </summary>
public sealed class PipelineRehearsalTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("strata-rehearsal-").FullName;

    string Workspace => Path.Combine(directory, "workspace");
    string Marks => Path.Combine(directory, "marks");

    public PipelineRehearsalTests()
    {
        Directory.CreateDirectory(Path.Combine(Workspace, ".git"));
        Directory.CreateDirectory(Marks);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    static Step Run(string script, string? id = null, string? condition = null, ValueMap? env = null) =>
        new() { Name = id ?? "run", Id = id, If = condition, Run = script, Env = env ?? ValueMap.Empty };

    Workflow Workflow(bool failFast, params Job[] extra) => new()
    {
        Name = "test",
        On = new Triggers { PullRequest = new PullRequestTrigger() },
        Env = [("LEVEL", "workflow"), ("FROM_WORKFLOW", "w")],
        Jobs =
        [
            new Job
            {
                Id = "plan",
                RunsOn = "ubuntu-latest",
                Env = [("LEVEL", "job")],
                Outputs = [("rows", "${{ steps.emit.outputs.rows }}"), ("greeting", "${{ steps.emit.outputs.greeting }}")],
                Steps =
                [
                    new Step { Name = "Check out", Uses = "actions/checkout@0123456789abcdef0123456789abcdef01234567" },
                    Run("""
                        echo 'rows={"include":[{"n":"1"},{"n":"2"},{"n":"3"}]}' >> "$GITHUB_OUTPUT"
                        { echo 'greeting<<EOF'; echo "hello $FROM_WORKFLOW $LEVEL"; echo 'EOF'; } >> "$GITHUB_OUTPUT"
                        echo "LATER=from-github-env" >> "$GITHUB_ENV"
                        echo "## plan summary" >> "$GITHUB_STEP_SUMMARY"
                        test -f "$GITHUB_EVENT_PATH" && grep -q '"number": 42' "$GITHUB_EVENT_PATH"
                        """, id: "emit"),
                    Run("echo \"$LATER $SECRET_SEEN\" > \"$MARKS/plan-later\"", env: [("MARKS", Marks), ("SECRET_SEEN", "${{ secrets.TOKEN }}")]),
                ],
            },
            new Job
            {
                Id = "rows",
                Name = "Row ${{ matrix.n }}",
                Needs = ["plan"],
                RunsOn = "ubuntu-latest",
                Strategy = new Strategy("${{ fromJSON(needs.plan.outputs.rows) }}", FailFast: failFast),
                Steps =
                [
                    Run("if [ \"$N\" = 2 ]; then exit 3; fi; sleep 1; echo \"$GREETING\" > \"$MARKS/row-$N\"",
                        env: [("N", "${{ matrix.n }}"), ("GREETING", "${{ needs.plan.outputs.greeting }}"), ("MARKS", Marks)]),
                    Run("touch \"$MARKS/after-failure-$N\"", condition: "failure()", env: [("N", "${{ matrix.n }}"), ("MARKS", Marks)]),
                ],
            },
            new Job { Id = "after-success", Needs = ["rows"], RunsOn = "ubuntu-latest", Steps = [Run($"touch {Marks}/after-success")] },
            new Job { Id = "after-always", Needs = ["rows"], If = "always() && needs.rows.result == 'failure'", RunsOn = "ubuntu-latest", Steps = [Run($"touch {Marks}/after-always")] },
            .. extra,
        ],
    };

    sealed class RehearsalBuild(PipelineRehearsal rehearsal) : NukeBuild
    {
        public Target Rehearse => _ => _.ProceedAfterFailure().Expands(rehearsal.JobTargets);
    }

    RunResult Rehearse(Workflow workflow, bool fork = false, params string[] arguments) => Rehearse(workflow, fork, checkOutJob: null, arguments);

    RunResult Rehearse(Workflow workflow, bool fork, Func<string, CancellationToken, Task>? checkOutJob, params string[] arguments)
    {
        var settings = new RehearsalSettings
        {
            EventName = RehearsalEvents.PullRequest,
            Workspace = Workspace,
            RunDirectory = Path.Combine(directory, "run"),
            Repository = "owner/repo",
            Sha = "0123abc",
            PullRequest = 42,
            Fork = fork,
            Secrets = new Dictionary<string, string> { ["TOKEN"] = "s3cr3t-value" },
            RunnerEnvironment = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH")!, ["HOME"] = directory },
        };
        var rehearsal = new PipelineRehearsal([new WorkflowFile(".github/workflows/test.yml", "", workflow)], settings, checkOutJob: checkOutJob);
        return Harness.Run(new RehearsalBuild(rehearsal), ["Rehearse", .. arguments]);
    }

    [Fact]
    public void Jobs_run_in_needs_order_with_outputs_matrix_rows_env_files_and_GitHubs_status_semantics()
    {
        var result = Rehearse(Workflow(failFast: false));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Succeeded", result.StatusOf("Rehearse[plan]"));
        Assert.Equal("Succeeded", result.StatusOf("Rehearse[rows]"));
        Assert.Equal("Succeeded", result.StatusOf("Rehearse[rows Row 1]"));
        Assert.Equal("Failed", result.StatusOf("Rehearse[rows Row 2]"));
        Assert.Contains("step 'run' failed (exit code 3)", result.RowOf("Rehearse[rows Row 2]"));
        Assert.Equal("Succeeded", result.StatusOf("Rehearse[rows Row 3]"));
        Assert.Equal("Skipped", result.StatusOf("Rehearse[after-success]"));
        Assert.Equal("Succeeded", result.StatusOf("Rehearse[after-always]"));

        Assert.Equal("hello w job", File.ReadAllText(Path.Combine(Marks, "row-1")).Trim());
        Assert.True(File.Exists(Path.Combine(Marks, "row-3")));
        Assert.True(File.Exists(Path.Combine(Marks, "after-failure-2")));
        Assert.False(File.Exists(Path.Combine(Marks, "after-failure-1")));
        Assert.False(File.Exists(Path.Combine(Marks, "after-success")));
        Assert.True(File.Exists(Path.Combine(Marks, "after-always")));
        Assert.Equal("from-github-env s3cr3t-value", File.ReadAllText(Path.Combine(Marks, "plan-later")).Trim());
        Assert.Equal("## plan summary\n", File.ReadAllText(Path.Combine(directory, "run", "summaries", "Rehearse_plan.md")));
        Assert.DoesNotContain("s3cr3t-value", result.Output);
    }

    [Fact]
    public void Fail_fast_cancels_the_rows_not_yet_finished()
    {
        var result = Rehearse(Workflow(failFast: true), false, "--parallel", "1");

        Assert.Equal("Failed", result.StatusOf("Rehearse[rows Row 2]"));
        Assert.Equal("Skipped", result.StatusOf("Rehearse[rows Row 3]"));
        Assert.Contains("fail-fast", result.RowOf("Rehearse[rows Row 3]"));
        Assert.False(File.Exists(Path.Combine(Marks, "row-3")));
    }

    [Fact]
    public void Continue_on_error_keeps_a_failing_step_or_job_from_failing_what_follows()
    {
        var result = Rehearse(Workflow(false,
            new Job
            {
                Id = "tolerant",
                RunsOn = "ubuntu-latest",
                Outputs = [("seen", "${{ steps.flaky.outcome }}/${{ steps.flaky.conclusion }}")],
                Steps =
                [
                    new Step { Id = "flaky", Run = "exit 1", ContinueOnError = true },
                    Run($"touch {Marks}/after-flaky"),
                ],
            },
            new Job { Id = "optional", RunsOn = "ubuntu-latest", ContinueOnError = true, Steps = [Run("exit 1")] },
            new Job
            {
                Id = "reader",
                Needs = ["tolerant", "optional"],
                RunsOn = "ubuntu-latest",
                Steps = [Run($"echo \"$SEEN $OPTIONAL\" > {Marks}/reader", env: [("SEEN", "${{ needs.tolerant.outputs.seen }}"), ("OPTIONAL", "${{ needs.optional.result }}")])],
            }));

        Assert.Equal("Succeeded", result.StatusOf("Rehearse[tolerant]"));
        Assert.True(File.Exists(Path.Combine(Marks, "after-flaky")));
        Assert.Equal("Succeeded", result.StatusOf("Rehearse[optional]"));
        Assert.Contains("continue-on-error", result.RowOf("Rehearse[optional]"));
        Assert.Equal("failure/success success", File.ReadAllText(Path.Combine(Marks, "reader")).Trim());
    }

    [Fact]
    public void With_a_checkout_per_job_every_row_starts_clean_and_files_reach_other_jobs_only_as_artifacts()
    {
        var checkouts = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var workflow = new Workflow
        {
            Name = "test",
            On = new Triggers { PullRequest = new PullRequestTrigger() },
            Jobs =
            [
                new Job
                {
                    Id = "make",
                    RunsOn = "ubuntu-latest",
                    Outputs = [("artifact", "thing-${{ github.run_id }}-${{ github.run_attempt }}")],
                    Steps =
                    [
                        Run("mkdir -p out && echo built > out/file && echo left > stray"),
                        new Step { Uses = ActionReferences.UploadArtifact, With = [("name", "thing-${{ github.run_id }}-${{ github.run_attempt }}"), ("path", "out/")] },
                    ],
                },
                new Job
                {
                    Id = "use",
                    Needs = ["make"],
                    RunsOn = "ubuntu-latest",
                    Steps =
                    [
                        new Step { Uses = ActionReferences.DownloadArtifact, With = [("name", "${{ needs.make.outputs.artifact }}"), ("path", "in")] },
                        new Step { Id = "absent", Uses = ActionReferences.DownloadArtifact, ContinueOnError = true, With = [("name", "no-such-artifact"), ("path", "none")] },
                        Run("""
                            test ! -e stray && test ! -e out && test "$(cat in/file)" = built
                            test "$WORKSPACE" = "$PWD" && test "$GITHUB_WORKSPACE" = "$PWD"
                            echo "$PWD $ABSENT" > "$MARKS/use"
                            """, env: [("MARKS", Marks), ("WORKSPACE", "${{ github.workspace }}"), ("ABSENT", "${{ steps.absent.outcome }}")]),
                    ],
                },
            ],
        };

        var result = Rehearse(workflow, false, (path, _) =>
        {
            Directory.CreateDirectory(Path.Combine(path, ".git"));
            checkouts.Enqueue(path);
            return Task.CompletedTask;
        });

        Assert.Equal("Succeeded", result.StatusOf("Rehearse[make]"));
        Assert.Equal("Succeeded", result.StatusOf("Rehearse[use]"));
        Assert.Equal(2, checkouts.Distinct().Count());
        Assert.DoesNotContain(Workspace, checkouts);
        Assert.False(File.Exists(Path.Combine(Workspace, "stray")), "rows ran in the shared workspace");
        Assert.Equal($"{checkouts.Last()} failure", File.ReadAllText(Path.Combine(Marks, "use")).Trim());
    }

    [Fact]
    public void A_fork_gets_no_secrets()
    {
        Rehearse(Workflow(failFast: false), fork: true);
        Assert.Equal("from-github-env", File.ReadAllText(Path.Combine(Marks, "plan-later")).Trim());
    }

    [Fact]
    public void An_action_without_a_local_equivalent_fails_its_job_naming_it()
    {
        var result = Rehearse(Workflow(false, new Job
        {
            Id = "unmapped",
            RunsOn = "ubuntu-latest",
            Steps = [new Step { Uses = "some/action@v1" }],
        }));

        Assert.Equal("Failed", result.StatusOf("Rehearse[unmapped]"));
        Assert.Contains("action 'some/action@v1' has no local equivalent", result.RowOf("Rehearse[unmapped]"));
    }

    [Fact]
    public void A_runner_this_machine_does_not_have_fails_its_row_and_says_how_to_leave_it_out()
    {
        var result = Rehearse(Workflow(false, new Job { Id = "mac", RunsOn = "macos-latest", Steps = [Run("true")] }));
        Assert.Contains("no such runner here", result.RowOf("Rehearse[mac]"));
    }
}
