using static Strata.GitHub.Workflows.PipelineSteps;

namespace Strata.GitHub.Workflows;

/// <summary>
/// The backend pipeline: derive → build-bases → backend shards (+ darwin), generated twice from
/// one definition. <c>backend.yml</c> runs on pushes to the default branch and release tags and
/// publishes; <c>backend-pr.yml</c> runs on pull requests and can never publish: it references no
/// secret, its token is read-only, and it restores caches without writing them. Splitting by
/// trigger keeps those guarantees structural instead of resting on event conditions in every step.
/// </summary>
public static class BackendPipeline
{
    public const string DeriveJobId = "derive";
    public const string BuildBasesJobId = "build-bases";
    public const string DarwinJobId = "backends-darwin";

    public static string BackendShardJobId(int index) => $"backends-{index}";

    /// <summary>How many backend jobs a matrix of <paramref name="entryCount"/> linux entries needs (at least one).</summary>
    public static int ShardCountFor(int entryCount) =>
        entryCount < 0
            ? throw new ArgumentOutOfRangeException(nameof(entryCount), entryCount, "a matrix cannot have fewer than 0 entries")
            : Math.Max(1, (entryCount + RunnerPolicy.MaxMatrixJobs - 1) / RunnerPolicy.MaxMatrixJobs);

    public static IReadOnlyList<WorkflowFile> Create(PipelineOptions options)
    {
        options.Validate();
        return [Publish(options), PullRequest(options)];
    }

    static WorkflowFile Publish(PipelineOptions options) => new(
        $"{options.WorkflowDirectory}/backend.yml",
        WorkflowHeader.Text,
        new Workflow
        {
            Name = "Backends",
            On = new Triggers
            {
                Push = new PushTrigger { Branches = [options.DefaultBranch], Tags = new(options.ReleaseTagPatterns) },
            },
            Permissions = Permissions.None,
            Concurrency = new Concurrency("backend-" + Expression.Wrap("github.ref"), CancelInProgress: false),
            Env = DotNetEnvironment,
            Jobs = Jobs(new Flavor(options, Publishes: true)),
        });

    static WorkflowFile PullRequest(PipelineOptions options) => new(
        $"{options.WorkflowDirectory}/backend-pr.yml",
        WorkflowHeader.Text,
        new Workflow
        {
            Name = "Backends (pull request)",
            On = new Triggers { PullRequest = new PullRequestTrigger() },
            Permissions = Permissions.None,
            Concurrency = new Concurrency("backend-pr-" + Expression.Wrap("github.event.pull_request.number"), CancelInProgress: true),
            Env = DotNetEnvironment,
            Jobs = Jobs(new Flavor(options, Publishes: false)),
        });

    static readonly ValueMap DotNetEnvironment =
        [("DOTNET_NOLOGO", "true"), ("DOTNET_CLI_TELEMETRY_OPTOUT", "true")];

    /// <param name="Publishes">true for the push/tag workflow, false for pull requests.</param>
    sealed record Flavor(PipelineOptions Options, bool Publishes)
    {
        public PipelineTargets Targets => Options.Targets;

        public PipelineParameters Parameters => Options.Parameters;

        // Pushing logs in with the registry secrets, not the job token, so no job needs more than read access.
        public Permissions BuildPermissions => Permissions.Of(Permission.Read(PermissionScope.Contents));

        public IEnumerable<Step> RegistrySteps => Publishes
            ? [CheckRegistryCredentials(Options), RegistryLogin(Options)]
            : [];

        public ValueMap CommonEnv => TargetEnv(pushes: Publishes);

        /// <param name="pushes">false for jobs without the registry step (the darwin job uploads artifacts instead).</param>
        public ValueMap TargetEnv(bool pushes)
        {
            var env = new List<(string, string)>();
            if (Options.BaseRepo is not null) env.Add(("BASE_REPO", Expression.Wrap(DeriveRepositoryOutput(RepositoriesStep.BaseRepo))));
            if (Options.BackendRepo is not null) env.Add(("BACKEND_REPO", Expression.Wrap(DeriveRepositoryOutput(RepositoriesStep.BackendRepo))));
            if (!Publishes) env.Add(("PR_NUMBER", Expression.Wrap("github.event.pull_request.number")));
            if (Publishes && pushes) env.Add(("PUSH_IMAGES", Expression.Wrap(PushOutput)));
            return new ValueMap(env);
        }

        /// <summary>Shell lines appending the options every target call shares to the <c>args</c> array.</summary>
        public IEnumerable<string> CommonArguments => TargetArguments(pushes: Publishes);

        public IEnumerable<string> TargetArguments(bool pushes)
        {
            if (Options.BaseRepo is not null) yield return BuildArguments.Value(Parameters.BaseRepo, "BASE_REPO");
            if (Options.BackendRepo is not null) yield return BuildArguments.Value(Parameters.BackendRepo, "BACKEND_REPO");
            if (!Publishes) yield return BuildArguments.Value(Parameters.Pr, "PR_NUMBER");
            if (Publishes && pushes) yield return BuildArguments.FlagWhenTrue(Parameters.Push, "PUSH_IMAGES");
        }
    }

    static string DeriveRepositoryOutput(string output) => $"needs.{DeriveJobId}.outputs.{output}";

    static ValueList<Job> Jobs(Flavor flavor)
    {
        var jobs = new List<Job> { Derive(flavor), BuildBases(flavor) };
        for (var index = 0; index < flavor.Options.BackendShardCount; index++)
            jobs.Add(BackendShard(flavor, index));
        if (flavor.Options.HasDarwin)
            jobs.Add(Darwin(flavor));
        return jobs;
    }

    static Job Derive(Flavor flavor)
    {
        var outputs = new List<string>
        {
            DeriveOutputs.RunAll, DeriveOutputs.HasBackends, DeriveOutputs.HasBackendsDarwin, DeriveOutputs.HasBases,
            DeriveOutputs.BasesMatrix, DeriveOutputs.MatrixDarwin, DeriveOutputs.MatrixShards,
        };
        outputs.AddRange(Enumerable.Range(0, flavor.Options.BackendShardCount).Select(DeriveOutputs.ShardKey));

        var parameters = flavor.Parameters;
        var env = new List<(string, string)>();
        var script = new List<string> { BuildArguments.Start };
        if (flavor.Options.BaseRepo is not null)
        {
            env.Add(("BASE_REPO", Expression.Wrap($"steps.{RepositoriesStep.Id}.outputs.{RepositoriesStep.BaseRepo}")));
            script.Add(BuildArguments.Value(parameters.BaseRepo, "BASE_REPO"));
        }
        script.Add(BuildArguments.Composed(parameters.BackendShards, flavor.Options.BackendShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (!flavor.Publishes)
        {
            // The changed files of a pull request come from the API, read with the job's token.
            env.Add(("GITHUB_TOKEN", Expression.Wrap("github.token")));
            env.Add(("PR_NUMBER", Expression.Wrap("github.event.pull_request.number")));
            script.Add(BuildArguments.Value(parameters.Pr, "PR_NUMBER"));
        }
        script.Add(BuildArguments.Call(flavor.Targets.BuildScript, flavor.Targets.Derive));
        var repositories = RepositoriesStep.Create(flavor.Options);
        if (repositories is not null)
            outputs.AddRange(RepositoriesStep.Outputs(flavor.Options));

        return new Job
        {
            Id = DeriveJobId,
            Name = "Derive bases and backend matrix",
            RunsOn = RunnerPolicy.DefaultRunner,
            Permissions = flavor.Publishes
                ? Permissions.Of(Permission.Read(PermissionScope.Contents))
                : Permissions.Of(Permission.Read(PermissionScope.Contents), Permission.Read(PermissionScope.PullRequests)),
            TimeoutMinutes = 15,
            Outputs = new ValueMap(outputs.Select(o => (o, Expression.Wrap(RepositoriesStep.IsOutput(o)
                ? $"steps.{RepositoriesStep.Id}.outputs.{o}"
                : $"steps.derive.outputs.{o}")))),
            Steps =
            [
                .. BuildSetup(flavor.Options, writesCache: flavor.Publishes),
                .. repositories is null ? Array.Empty<Step>() : [repositories],
                new Step { Name = "Derive", Id = "derive", Env = new ValueMap(env), Run = Script([.. script]) },
            ],
        };
    }

    static Job BuildBases(Flavor flavor) => new()
    {
        Id = BuildBasesJobId,
        Name = "Base " + Expression.Wrap("matrix.tag-stem"),
        Needs = [DeriveJobId],
        If = $"needs.{DeriveJobId}.outputs.{DeriveOutputs.HasBases} == 'true'",
        RunsOn = Expression.Wrap("matrix.runs-on"),
        Permissions = flavor.BuildPermissions,
        TimeoutMinutes = flavor.Options.BuildTimeoutMinutes,
        Strategy = new Strategy(Expression.Wrap($"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.BasesMatrix})"), FailFast: false),
        Steps =
        [
            .. BuildSetup(flavor.Options, writesCache: flavor.Publishes),
            .. Buildx(flavor.Publishes),
            .. flavor.RegistrySteps,
            new Step
            {
                Name = "Build base " + Expression.Wrap("matrix.tag-stem"),
                Env = new ValueMap(
                [
                    ("ENTRY_LANG", Expression.Wrap("matrix.lang")),
                    ("ENTRY_BUILD_TYPE", Expression.Wrap("matrix.build-type")),
                    ("ENTRY_UBUNTU_VERSION", Expression.Wrap("matrix.ubuntu-version")),
                    ("ENTRY_CUDA_MAJOR_VERSION", Expression.Wrap("matrix.cuda-major-version")),
                    ("ENTRY_CUDA_MINOR_VERSION", Expression.Wrap("matrix.cuda-minor-version")),
                    ("ENTRY_BASE_IMAGE", Expression.Wrap("matrix.base-image")),
                    .. flavor.Publishes ? [("ENTRY_PLATFORMS", Expression.Wrap("matrix.platforms"))] : Array.Empty<(string, string)>(),
                    ("ENTRY_SKIP_DRIVERS", Expression.Wrap("matrix.skip-drivers")),
                    .. flavor.CommonEnv,
                ]),
                Run = Script(
                [
                    BuildArguments.Start,
                    BuildArguments.Value(flavor.Parameters.Lang, "ENTRY_LANG"),
                    BuildArguments.Value(flavor.Parameters.Accel, "ENTRY_BUILD_TYPE"),
                    BuildArguments.Value(flavor.Parameters.Ubuntu, "ENTRY_UBUNTU_VERSION"),
                    BuildArguments.Value(flavor.Parameters.BaseImage, "ENTRY_BASE_IMAGE"),
                    .. flavor.Publishes ? [BuildArguments.Value(flavor.Parameters.Platform, "ENTRY_PLATFORMS")] : Array.Empty<string>(),
                    $"if [ -n \"$ENTRY_CUDA_MAJOR_VERSION\" ]; then {BuildArguments.Composed(flavor.Parameters.Cuda, "$ENTRY_CUDA_MAJOR_VERSION.$ENTRY_CUDA_MINOR_VERSION")}; fi",
                    BuildArguments.FlagWhenTrue(flavor.Parameters.SkipDrivers, "ENTRY_SKIP_DRIVERS"),
                    .. flavor.CommonArguments,
                    BuildArguments.Call(flavor.Targets.BuildScript, flavor.Targets.BuildBase),
                ]),
            },
        ],
    };

    // `!cancelled()` replaces the implicit `success()`, which would skip the backends whenever
    // build-bases is skipped (no base changed); the result checks then keep them from running
    // after a failed base build. `&&` short-circuits, so fromJSON only sees the shard count
    // once derive has succeeded and said there are backends.
    static Job BackendShard(Flavor flavor, int index) => new()
    {
        Id = BackendShardJobId(index),
        Name = "Backend " + Expression.Wrap("matrix.tag-suffix"),
        Needs = [DeriveJobId, BuildBasesJobId],
        If = string.Join(" && ",
            "!cancelled()",
            $"needs.{DeriveJobId}.result == 'success'",
            $"needs.{DeriveJobId}.outputs.{DeriveOutputs.HasBackends} == 'true'",
            $"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.MatrixShards}) > {index}",
            $"(needs.{BuildBasesJobId}.result == 'success' || needs.{BuildBasesJobId}.result == 'skipped')"),
        RunsOn = Expression.Wrap("matrix.runs-on"),
        Permissions = flavor.BuildPermissions,
        TimeoutMinutes = flavor.Options.BuildTimeoutMinutes,
        Strategy = new Strategy(Expression.Wrap($"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.ShardKey(index)})"), FailFast: false),
        Steps =
        [
            .. BuildSetup(flavor.Options, writesCache: flavor.Publishes),
            .. Buildx(flavor.Publishes),
            .. flavor.RegistrySteps,
            BuildBackend(flavor, pushes: flavor.Publishes),
        ],
    };

    // macOS runners have no Docker: the target builds the backend natively and leaves its package
    // under .nuke/temp/artifacts, which the job uploads as a workflow artifact.
    static Job Darwin(Flavor flavor) => new()
    {
        Id = DarwinJobId,
        Name = "Backend " + Expression.Wrap("matrix.tag-suffix"),
        Needs = [DeriveJobId],
        If = $"needs.{DeriveJobId}.outputs.{DeriveOutputs.HasBackendsDarwin} == 'true'",
        RunsOn = flavor.Options.DarwinRunsOn,
        Permissions = Permissions.Of(Permission.Read(PermissionScope.Contents)),
        TimeoutMinutes = flavor.Options.BuildTimeoutMinutes,
        Strategy = new Strategy(Expression.Wrap($"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.MatrixDarwin})"), FailFast: false),
        Steps =
        [
            .. BuildSetup(flavor.Options, writesCache: flavor.Publishes),
            BuildBackend(flavor, pushes: false),
            new Step
            {
                Name = "Upload " + Expression.Wrap("matrix.backend"),
                Uses = ActionReferences.UploadArtifact,
                With = [("name", "backend" + Expression.Wrap("matrix.tag-suffix")), ("path", ".nuke/temp/artifacts/"), ("if-no-files-found", "error")],
            },
        ],
    };

    static Step BuildBackend(Flavor flavor, bool pushes) => new()
    {
        Name = "Build backend " + Expression.Wrap("matrix.backend"),
        Env = new ValueMap(
        [
            ("ENTRY_BACKEND", Expression.Wrap("matrix.backend")),
            ("ENTRY_TAG_SUFFIX", Expression.Wrap("matrix.tag-suffix")),
            .. flavor.TargetEnv(pushes),
        ]),
        Run = Script(
        [
            BuildArguments.Start,
            BuildArguments.Value(flavor.Parameters.Backend, "ENTRY_BACKEND"),
            BuildArguments.Value(flavor.Parameters.TagSuffix, "ENTRY_TAG_SUFFIX"),
            .. flavor.TargetArguments(pushes),
            BuildArguments.Call(flavor.Targets.BuildScript, flavor.Targets.BuildBackend),
        ]),
    };
}
