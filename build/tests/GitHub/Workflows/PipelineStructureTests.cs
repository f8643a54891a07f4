using Strata.GitHub;
using System.Text.RegularExpressions;
using Strata.GitHub.Workflows;
using YamlDotNet.RepresentationModel;

namespace Strata.Tests.GitHub.Workflows;

public class PipelineStructureTests
{
    static (ParsedWorkflow Publish, ParsedWorkflow PullRequest) Parse(int shards = 2, bool darwin = true, PipelineOptions? options = null)
    {
        var files = BackendPipeline.Create(options ?? PipelineCases.Options(shards, darwin, localAi: true));
        Assert.Equal([".github/workflows/backend.yml", ".github/workflows/backend-pr.yml"], files.Select(f => f.Path));
        return (new ParsedWorkflow(PipelineCases.Publish(files)), new ParsedWorkflow(PipelineCases.PullRequest(files)));
    }

    static IEnumerable<ParsedWorkflow> Both(int shards = 2, bool darwin = true)
    {
        var (publish, pullRequest) = Parse(shards, darwin);
        return [publish, pullRequest];
    }

    [Fact]
    public void Pushes_to_the_default_branch_and_tags_publish_and_pull_requests_have_their_own_workflow()
    {
        var (publish, pullRequest) = Parse(options: PipelineCases.LocalAi with { DefaultBranch = "master" });

        var on = (YamlMappingNode)publish.Root.Children["on"];
        Assert.Equal(["push", "workflow_dispatch", "schedule"], on.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value));
        Assert.Equal(["master"], ParsedWorkflow.GetList(publish.Root, "on", "push", "branches"));
        Assert.Equal(["v*"], ParsedWorkflow.GetList(publish.Root, "on", "push", "tags"));
        var prOn = (YamlMappingNode)pullRequest.Root.Children["on"];
        Assert.Equal(["pull_request"], prOn.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void The_job_graph_is_derive_then_bases_then_backend_shards_with_darwin_beside(int shards, bool darwin)
    {
        var (publish, pullRequest) = Parse(shards, darwin);
        foreach (var workflow in new[] { publish, pullRequest })
        {
            // Only publishing merges: the legs of a multi-platform base become one index before any backend starts.
            var publishes = workflow == publish;
            var expectedJobs = new List<string> { "derive", "build-bases" };
            if (publishes) expectedJobs.Add("merge-bases");
            expectedJobs.AddRange(Enumerable.Range(0, shards).Select(i => $"backends-{i}"));
            if (darwin) expectedJobs.Add("backends-darwin");
            Assert.Equal(expectedJobs, workflow.JobIds);

            Assert.Empty(workflow.Needs("derive"));
            Assert.Equal(["derive"], workflow.Needs("build-bases"));
            if (publishes)
                Assert.Equal(["derive", "build-bases"], workflow.Needs("merge-bases"));
            for (var i = 0; i < shards; i++)
                Assert.Equal(publishes ? ["derive", "build-bases", "merge-bases"] : ["derive", "build-bases"], workflow.Needs($"backends-{i}"));
            if (darwin)
                Assert.Equal(["derive"], workflow.Needs("backends-darwin"));
        }
    }

    [Fact]
    public void Build_bases_runs_only_when_there_are_bases_on_the_runner_and_matrix_the_derivation_chose()
    {
        foreach (var workflow in Both())
        {
            Assert.Equal("needs.derive.outputs.has-bases == 'true'", workflow.JobValue("build-bases", "if"));
            Assert.Equal("${{ fromJSON(needs.derive.outputs.base-builds) }}", workflow.JobValue("build-bases", "strategy", "matrix"));
            Assert.Equal("false", workflow.JobValue("build-bases", "strategy", "fail-fast"));
            Assert.Equal("${{ matrix.runs-on }}", workflow.JobValue("build-bases", "runs-on"));
            var uses = workflow.Steps("build-bases").Select(s => ParsedWorkflow.Get(s, "uses")).ToList();
            Assert.Contains(ActionReferences.SetupBuildx, uses);
            Assert.Single(workflow.Steps("build-bases"), s => ParsedWorkflow.Get(s, "run")?.Contains("./build.sh BuildBase ") == true);
        }
    }

    [Fact]
    public void Publishing_builds_every_platform_with_a_container_builder_and_pull_requests_the_runners_with_the_engines()
    {
        var (publish, pullRequest) = Parse();

        foreach (var job in new[] { "build-bases", "backends-0" })
        {
            var publishSetup = Assert.Single(publish.Steps(job), s => ParsedWorkflow.Get(s, "uses") == ActionReferences.SetupBuildx);
            Assert.Null(ParsedWorkflow.Get(publishSetup, "with", "driver"));
            Assert.Contains(publish.Steps(job), s => ParsedWorkflow.Get(s, "uses") == ActionReferences.SetupQemu);
            var pullRequestSetup = Assert.Single(pullRequest.Steps(job), s => ParsedWorkflow.Get(s, "uses") == ActionReferences.SetupBuildx);
            Assert.Equal("docker", ParsedWorkflow.Get(pullRequestSetup, "with", "driver"));
        }
        // Every base row names one platform (a base of one platform, or one leg of a multi-platform base): a pull
        // request builds the runner's own platform, and only a publishing leg records a digest for the merge.
        foreach (var workflow in new[] { publish, pullRequest })
            Assert.Contains("\"--platform=$ENTRY_PLATFORMS\"", ParsedWorkflow.Get(workflow.TargetStep("build-bases", "BuildBase"), "run"));
        Assert.Contains("\"--digests-dir=$DIGESTS_DIR\"", ParsedWorkflow.Get(publish.TargetStep("build-bases", "BuildBase"), "run"));
        Assert.DoesNotContain("--digests-dir", ParsedWorkflow.Get(pullRequest.TargetStep("build-bases", "BuildBase"), "run"));
    }

    [Fact]
    public void Backend_shards_run_after_bases_succeeded_or_were_skipped_never_after_a_cancel()
    {
        var (publish, _) = Parse(shards: 2);
        foreach (var workflow in Both(shards: 2))
            for (var i = 0; i < 2; i++)
            {
                if (workflow.Text == publish.Text)
                    Assert.Contains("(needs.merge-bases.result == 'success' || needs.merge-bases.result == 'skipped')",
                        Expression.Unwrap(workflow.JobValue($"backends-{i}", "if")!));
                else
                    Assert.DoesNotContain("merge-bases", workflow.JobValue($"backends-{i}", "if")!);
                var condition = Expression.Unwrap(workflow.JobValue($"backends-{i}", "if")!);
                Assert.StartsWith("!cancelled() && ", condition);
                Assert.DoesNotContain("always()", condition);
                Assert.Contains("needs.derive.outputs.has-backends == 'true'", condition);
                Assert.Contains($"fromJSON(needs.derive.outputs.matrix-shards) > {i}", condition);
                Assert.Contains("(needs.build-bases.result == 'success' || needs.build-bases.result == 'skipped')", condition);
                Assert.Equal($"${{{{ fromJSON(needs.derive.outputs.matrix-{i}) }}}}", workflow.JobValue($"backends-{i}", "strategy", "matrix"));
                Assert.Equal("false", workflow.JobValue($"backends-{i}", "strategy", "fail-fast"));
                Assert.Equal("${{ matrix.runs-on }}", workflow.JobValue($"backends-{i}", "runs-on"));
            }
    }

    [Fact]
    public void Base_merges_run_after_every_base_job_unless_cancelled_and_call_MergeBase_with_the_base_legs_digests()
    {
        var (publish, _) = Parse();

        var condition = Expression.Unwrap(publish.JobValue("merge-bases", "if")!);
        Assert.Equal("!cancelled() && needs.derive.result == 'success' && needs.derive.outputs.has-base-merges == 'true'", condition);
        Assert.Equal("${{ fromJSON(needs.derive.outputs.base-merges) }}", publish.JobValue("merge-bases", "strategy", "matrix"));
        Assert.Equal("false", publish.JobValue("merge-bases", "strategy", "fail-fast"));
        var upload = Assert.Single(publish.Steps("build-bases"), s => ParsedWorkflow.Get(s, "uses") == ActionReferences.UploadArtifact);
        Assert.Equal("base-digests-${{ matrix.tag-stem }}@${{ strategy.job-index }}", ParsedWorkflow.Get(upload, "with", "name"));
        var download = Assert.Single(publish.Steps("merge-bases"),
            s => ParsedWorkflow.Get(s, "uses") == ActionReferences.DownloadArtifact && ParsedWorkflow.Get(s, "with", "pattern") is not null);
        Assert.Equal("base-digests-${{ matrix.tag-stem }}@*", ParsedWorkflow.Get(download, "with", "pattern"));
        Assert.Equal("true", ParsedWorkflow.Get(download, "with", "merge-multiple"));
        var merge = publish.TargetStep("merge-bases", "MergeBase");
        Assert.Equal("steps.registry.outputs.push == 'true'", ParsedWorkflow.Get(merge, "if"));
        Assert.Contains("\"--lang=$ENTRY_LANG\"", ParsedWorkflow.Get(merge, "run"));
        Assert.Contains("\"--digests-dir=$DIGESTS_DIR\"", ParsedWorkflow.Get(merge, "run"));
        Assert.DoesNotContain("--push", ParsedWorkflow.Get(merge, "run"));
        Assert.Equal(ParsedWorkflow.Get(upload, "with", "path"), ParsedWorkflow.Get(download, "with", "path"));
    }

    [Fact]
    public void Darwin_entries_build_natively_on_a_macos_runner_only_when_the_project_has_them()
    {
        foreach (var workflow in Both(darwin: true))
        {
            Assert.Equal("macos-latest", workflow.JobValue("backends-darwin", "runs-on"));
            Assert.Equal("needs.derive.outputs.has-backends-darwin == 'true'", workflow.JobValue("backends-darwin", "if"));
            Assert.Equal("${{ fromJSON(needs.derive.outputs.matrix-darwin) }}", workflow.JobValue("backends-darwin", "strategy", "matrix"));
            Assert.DoesNotContain(workflow.Steps("backends-darwin"), s => ParsedWorkflow.Get(s, "uses")?.StartsWith("docker/") == true);
            var build = workflow.TargetStep("backends-darwin", "BuildBackend");
            Assert.DoesNotContain("--push", ParsedWorkflow.Get(build, "run"));
            var upload = Assert.Single(workflow.Steps("backends-darwin"), s => ParsedWorkflow.Get(s, "uses") == ActionReferences.UploadArtifact);
            Assert.Equal(".nuke/temp/artifacts/", ParsedWorkflow.Get(upload, "with", "path"));
        }
        foreach (var workflow in Both(darwin: false))
            Assert.DoesNotContain("backends-darwin", workflow.JobIds);
    }

    [Fact]
    public void Derive_exposes_every_output_the_other_jobs_read()
    {
        foreach (var workflow in Both(shards: 2, darwin: true))
        {
            var outputs = (YamlMappingNode)workflow.Job("derive").Children["outputs"];
            var declared = outputs.Children.ToDictionary(o => ((YamlScalarNode)o.Key).Value!, o => ((YamlScalarNode)o.Value).Value!);
            foreach (var (name, value) in declared)
                Assert.Equal(name switch
                {
                    "base-repo" or "backend-repo" => $"${{{{ steps.repositories.outputs.{name} }}}}",
                    CompiledBuildArtifact.NameOutput => CompiledBuildArtifact.Name,
                    _ => $"${{{{ steps.derive.outputs.{name} }}}}",
                }, value);

            var read = Regex.Matches(workflow.Text, @"needs\.derive\.outputs\.([A-Za-z0-9_-]+)").Select(m => m.Groups[1].Value).ToHashSet();
            Assert.Subset(declared.Keys.ToHashSet(), read);
            Assert.Equal([DeriveOutputs.RunAll], declared.Keys.Except(read));
            Assert.Contains("matrix-1", declared.Keys);
            workflow.TargetStep("derive", "Derive");
        }
    }

    [Theory]
    [MemberData(nameof(PipelineCases.Shapes), MemberType = typeof(PipelineCases))]
    public void Shell_scripts_never_interpolate_expressions(int shards, bool darwin, bool localAi)
    {
        foreach (var file in PipelineCases.Create(shards, darwin, localAi))
        {
            var workflow = new ParsedWorkflow(file);
            Assert.NotEmpty(workflow.RunScripts());
            foreach (var script in workflow.RunScripts())
                Assert.DoesNotContain("${{", script);
        }
    }

    [Fact]
    public void Matrix_values_and_event_data_reach_the_target_calls_through_env()
    {
        var (publish, pullRequest) = Parse();
        foreach (var workflow in new[] { publish, pullRequest })
        {
            var baseStep = workflow.TargetStep("build-bases", "BuildBase");
            Assert.Equal("${{ matrix.lang }}", ParsedWorkflow.Get(baseStep, "env", "ENTRY_LANG"));
            Assert.Equal("${{ matrix.base-image }}", ParsedWorkflow.Get(baseStep, "env", "ENTRY_BASE_IMAGE"));
            Assert.Contains("\"--lang=$ENTRY_LANG\"", ParsedWorkflow.Get(baseStep, "run"));
            Assert.Contains("\"--accel=$ENTRY_BUILD_TYPE\"", ParsedWorkflow.Get(baseStep, "run"));

            var backendStep = workflow.TargetStep("backends-0", "BuildBackend");
            Assert.Equal("${{ matrix.tag-suffix }}", ParsedWorkflow.Get(backendStep, "env", "ENTRY_TAG_SUFFIX"));
            Assert.Contains("\"--tag-suffix=$ENTRY_TAG_SUFFIX\"", ParsedWorkflow.Get(backendStep, "run"));
        }

        foreach (var (job, target) in new[] { ("derive", "Derive"), ("build-bases", "BuildBase"), ("backends-1", "BuildBackend"), ("backends-darwin", "BuildBackend") })
        {
            var prStep = pullRequest.TargetStep(job, target);
            Assert.Equal("${{ github.event.pull_request.number }}", ParsedWorkflow.Get(prStep, "env", "PR_NUMBER"));
            Assert.Contains("\"--pr=$PR_NUMBER\"", ParsedWorkflow.Get(prStep, "run"));
            Assert.DoesNotContain("--push", ParsedWorkflow.Get(prStep, "run"));

            var publishStep = publish.TargetStep(job, target);
            Assert.DoesNotContain("--pr", ParsedWorkflow.Get(publishStep, "run"));
        }
        Assert.Equal("${{ github.token }}", ParsedWorkflow.Get(pullRequest.TargetStep("derive", "Derive"), "env", "GITHUB_TOKEN"));
        Assert.Equal("${{ github.token }}", ParsedWorkflow.Get(publish.TargetStep("derive", "Derive"), "env", "GITHUB_TOKEN"));
    }

    [Fact]
    public void Publishing_also_runs_weekly_and_by_hand_with_a_build_everything_input_that_defaults_to_true()
    {
        var (publish, _) = Parse();

        Assert.Equal("17 4 * * 1", ParsedWorkflow.Get((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)publish.Root.Children["on"]).Children["schedule"]).Children[0], "cron"));
        Assert.Equal("boolean", ParsedWorkflow.Get(publish.Root, "on", "workflow_dispatch", "inputs", GitHubEvent.BuildEverythingInputName, "type"));
        Assert.Equal("true", ParsedWorkflow.Get(publish.Root, "on", "workflow_dispatch", "inputs", GitHubEvent.BuildEverythingInputName, "default"));
    }

    [Fact]
    public void Publishing_pushes_only_when_registry_credentials_exist_and_pull_requests_never_log_in()
    {
        var (publish, pullRequest) = Parse();
        foreach (var job in new[] { "build-bases", "backends-0", "backends-1" })
        {
            var steps = publish.Steps(job);
            var check = steps.Single(s => ParsedWorkflow.Get(s, "id") == PipelineSteps.RegistryStepId);
            var login = steps.Single(s => ParsedWorkflow.Get(s, "uses") == ActionReferences.Login);
            Assert.Equal("steps.registry.outputs.push == 'true'", ParsedWorkflow.Get(login, "if"));
            Assert.Equal("quay.io", ParsedWorkflow.Get(login, "with", "registry"));
            Assert.True(steps.ToList().IndexOf(check) < steps.ToList().IndexOf(login));

            var target = publish.TargetStep(job, job == "build-bases" ? "BuildBase" : "BuildBackend");
            Assert.Equal("${{ steps.registry.outputs.push }}", ParsedWorkflow.Get(target, "env", "PUSH_IMAGES"));
            Assert.Contains("if [ \"$PUSH_IMAGES\" = \"true\" ]; then args+=(--push); fi", ParsedWorkflow.Get(target, "run"));
        }
        foreach (var job in pullRequest.JobIds)
            Assert.DoesNotContain(pullRequest.Steps(job), s => ParsedWorkflow.Get(s, "uses") == ActionReferences.Login);
    }

    [Fact]
    public void Permissions_are_least_privilege_per_job()
    {
        var (publish, pullRequest) = Parse();
        foreach (var workflow in new[] { publish, pullRequest })
        {
            Assert.Empty((YamlMappingNode)workflow.Root.Children["permissions"]);
            foreach (var job in workflow.JobIds)
                Assert.Equal("read", workflow.Permissions(job)["contents"]);
            Assert.DoesNotContain("packages", workflow.Permissions("derive").Keys);
        }

        foreach (var job in pullRequest.JobIds)
            Assert.DoesNotContain("write", pullRequest.Permissions(job).Values);
        Assert.Equal("read", pullRequest.Permissions("derive")["pull-requests"]);

        // Pushing jobs log in with the registry secrets, so the job token never needs packages: write.
        foreach (var job in new[] { "build-bases", "backends-0", "backends-1" })
            Assert.Equal(["contents"], publish.Permissions(job).Keys);
        Assert.Equal(["contents"], publish.Permissions("derive").Keys);
        Assert.Equal(["contents"], publish.Permissions("backends-darwin").Keys);
    }

    [Fact]
    public void Secrets_reach_only_jobs_that_push_and_never_the_pull_request_workflow()
    {
        var (publish, pullRequest) = Parse();

        Assert.DoesNotContain("secrets.", pullRequest.Text);
        foreach (var job in publish.JobIds)
        {
            var mentionsSecrets = publish.ScalarsIn(job).Any(s => s.Contains("secrets."));
            var pushes = publish.Steps(job).Any(step => ParsedWorkflow.Get(step, "uses") == ActionReferences.Login);
            Assert.Equal(pushes, mentionsSecrets);
        }
        foreach (var step in publish.Steps("backends-0"))
        {
            var usesSecret = ParsedWorkflow.Get(step, "env", "REGISTRY_PASSWORD") is not null
                || ParsedWorkflow.Get(step, "with", "password")?.Contains("secrets.") == true;
            Assert.Equal(ParsedWorkflow.Get(step, "uses") == ActionReferences.Login, usesSecret);
        }
    }

    [Fact]
    public void Pull_requests_never_write_caches_and_publishing_runs_do()
    {
        var (publish, pullRequest) = Parse();
        foreach (var job in pullRequest.JobIds)
        {
            var uses = pullRequest.Steps(job).Select(s => ParsedWorkflow.Get(s, "uses")).OfType<string>().ToList();
            Assert.Contains(ActionReferences.CacheRestore, uses);
            Assert.DoesNotContain(ActionReferences.Cache, uses);
        }
        foreach (var job in publish.JobIds)
        {
            var cache = publish.Steps(job).Single(s => ParsedWorkflow.Get(s, "uses") == ActionReferences.Cache);
            Assert.Equal("~/.nuget/packages", ParsedWorkflow.Get(cache, "with", "path"));
            Assert.Contains("hashFiles('build/**/*.csproj'", ParsedWorkflow.Get(cache, "with", "key"));
        }
        foreach (var workflow in new[] { publish, pullRequest })
        foreach (var job in workflow.JobIds)
        {
            var checkout = workflow.Steps(job).Single(s => ParsedWorkflow.Get(s, "uses") == ActionReferences.Checkout);
            Assert.Equal("false", ParsedWorkflow.Get(checkout, "with", "persist-credentials"));
        }
    }

    [Fact]
    public void Superseded_pull_request_runs_are_cancelled_and_publishing_runs_queue()
    {
        var (publish, pullRequest) = Parse();

        Assert.Equal("backend-pr-${{ github.event.pull_request.number }}", ParsedWorkflow.Get(pullRequest.Root, "concurrency", "group"));
        Assert.Equal("true", ParsedWorkflow.Get(pullRequest.Root, "concurrency", "cancel-in-progress"));
        Assert.Equal("backend-${{ github.ref }}", ParsedWorkflow.Get(publish.Root, "concurrency", "group"));
        Assert.Equal("false", ParsedWorkflow.Get(publish.Root, "concurrency", "cancel-in-progress"));
    }

    [Fact]
    public void Target_names_and_the_dotnet_version_come_from_the_options()
    {
        var options = PipelineCases.LocalAi with
        {
            Targets = new PipelineTargets("Plan", "Bases", "Backends"),
            DotNetVersion = "9.0.x",
            DarwinRunsOn = "macos-15",
            HasDarwin = true,
        };
        var (publish, _) = Parse(options: options);

        publish.TargetStep("derive", "Plan");
        publish.TargetStep("build-bases", "Bases");
        publish.TargetStep("backends-0", "Backends");
        Assert.Equal("macos-15", publish.JobValue("backends-darwin", "runs-on"));
        var dotnet = publish.Steps("derive").Single(s => ParsedWorkflow.Get(s, "uses") == ActionReferences.SetupDotNet);
        Assert.Equal("9.0.x", ParsedWorkflow.Get(dotnet, "with", "dotnet-version"));
    }

    [Theory]
    [InlineData(0, "BackendShardCount must be at least 1")]
    [InlineData(-3, "BackendShardCount must be at least 1")]
    public void A_shard_count_below_one_is_rejected(int shards, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BackendPipeline.Create(new PipelineOptions { BackendShardCount = shards }));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_secret_name_that_could_inject_an_expression_is_rejected()
    {
        var options = new PipelineOptions { RegistrySecrets = new RegistrySecretNames("USER }} ${{ github.token", "PASS") };

        var error = Assert.Throws<ArgumentException>(() => BackendPipeline.Create(options));

        Assert.Contains("RegistrySecrets.Username", error.Message);
    }
}

public class ShardTests
{
    [Fact]
    public void Two_shards_give_two_backend_jobs_reading_matrix_0_and_matrix_1()
    {
        foreach (var file in BackendPipeline.Create(new PipelineOptions { BackendShardCount = 2 }))
        {
            var backendJobs = file.Workflow.Jobs.Where(j => j.Id.StartsWith("backends-")).ToList();

            Assert.Equal(["backends-0", "backends-1"], backendJobs.Select(j => j.Id));
            Assert.Equal(
                ["${{ fromJSON(needs.derive.outputs.matrix-0) }}", "${{ fromJSON(needs.derive.outputs.matrix-1) }}"],
                backendJobs.Select(j => j.Strategy!.Matrix));
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(256, 1)]
    [InlineData(257, 2)]
    [InlineData(457, 2)]
    [InlineData(512, 2)]
    [InlineData(513, 3)]
    public void The_shard_count_keeps_every_matrix_within_githubs_256_jobs(int entries, int shards)
    {
        Assert.Equal(shards, BackendPipeline.ShardCountFor(entries));
    }
}
