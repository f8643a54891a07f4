using static Strata.GitHub.Workflows.PipelineSteps;

namespace Strata.GitHub.Workflows;

/// <summary>
/// The backend pipeline: derive → build-bases (bases, and one leg per platform of a multi-platform base) →
/// merge-bases (push only) → backend shards → merges (push only) (+ darwin), generated twice from
/// one definition. <c>backend.yml</c> runs on pushes to the default branch and release tags and
/// publishes; <c>backend-pr.yml</c> runs on pull requests and can never publish: it references no
/// secret, its token is read-only, and it restores caches without writing them. Splitting by
/// trigger keeps those guarantees structural instead of resting on event conditions in every step.
/// </summary>
public static class BackendPipeline
{
    public const string DeriveJobId = "derive";
    public const string BuildBasesJobId = "build-bases";
    public const string MergeBasesJobId = "merge-bases";
    public const string DarwinJobId = "backends-darwin";

    public static string BackendShardJobId(int index) => $"backends-{index}";

    public static string MergeJobId(int index) => $"merge-{index}";

    /// <summary>How many backend jobs a matrix of <paramref name="entryCount"/> linux entries needs (at least one).</summary>
    /// <param name="allowNone">true for merges: no tag-suffix with legs means no merge job.</param>
    public static int ShardCountFor(int entryCount, bool allowNone = false) =>
        entryCount < 0
            ? throw new ArgumentOutOfRangeException(nameof(entryCount), entryCount, "a matrix cannot have fewer than 0 entries")
            : Math.Max(allowNone ? 0 : 1, (entryCount + RunnerPolicy.MaxMatrixJobs - 1) / RunnerPolicy.MaxMatrixJobs);

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
                WorkflowDispatch = true,
                DispatchInputs = [new DispatchInput(GitHubEvent.BuildEverythingInputName,
                    "Build every entry; otherwise only what this ref changed against the default branch", Default: true)],
                Schedules = [options.WeeklySchedule],
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

    // Every job's ./build.sh looks for the run's compiled build there (downloaded by the jobs that reuse it).
    static readonly ValueMap DotNetEnvironment =
        [("DOTNET_NOLOGO", "true"), ("DOTNET_CLI_TELEMETRY_OPTOUT", "true"), (CompiledBuildArtifact.Variable, CompiledBuildArtifact.Folder)];

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

        /// <summary>The options every target call shares.</summary>
        public IEnumerable<CommandArgument> CommonArguments => TargetArguments(pushes: Publishes);

        public IEnumerable<CommandArgument> TargetArguments(bool pushes)
        {
            if (Options.BaseRepo is not null) yield return CommandArgument.Of(Parameters.BaseRepo, "BASE_REPO");
            if (Options.BackendRepo is not null) yield return CommandArgument.Of(Parameters.BackendRepo, "BACKEND_REPO");
            if (!Publishes) yield return CommandArgument.Of(Parameters.Pr, "PR_NUMBER");
            if (Publishes && pushes) yield return CommandArgument.FlagWhenTrue(Parameters.Push, "PUSH_IMAGES");
        }

        public BuildCommand Command(string target, IEnumerable<CommandArgument> arguments) =>
            new(Targets.BuildScript, target, [.. arguments]);
    }

    static string DeriveRepositoryOutput(string output) => $"needs.{DeriveJobId}.outputs.{output}";

    static ValueList<Job> Jobs(Flavor flavor)
    {
        var jobs = new List<Job> { Derive(flavor), BuildBases(flavor) };
        if (flavor.Publishes)
            jobs.Add(MergeBases(flavor));
        for (var index = 0; index < flavor.Options.BackendShardCount; index++)
            jobs.Add(BackendShard(flavor, index));
        if (flavor.Publishes)
            for (var index = 0; index < flavor.Options.MergeShardCount; index++)
                jobs.Add(Merge(flavor, index));
        if (flavor.Options.HasDarwin)
            jobs.Add(Darwin(flavor));
        return jobs;
    }

    static Job Derive(Flavor flavor)
    {
        var outputs = new List<string>
        {
            DeriveOutputs.RunAll, DeriveOutputs.HasBackends, DeriveOutputs.HasBackendsDarwin, DeriveOutputs.HasBases,
            DeriveOutputs.BaseBuilds, DeriveOutputs.MatrixDarwin, DeriveOutputs.MatrixShards,
        };
        if (flavor.Publishes)
            outputs.AddRange([DeriveOutputs.HasBaseMerges, DeriveOutputs.BaseMerges]);
        outputs.AddRange(Enumerable.Range(0, flavor.Options.BackendShardCount).Select(DeriveOutputs.ShardKey));
        if (flavor.Publishes && flavor.Options.MergeShardCount > 0)
        {
            outputs.AddRange([DeriveOutputs.HasMerges, DeriveOutputs.MergeShards]);
            outputs.AddRange(Enumerable.Range(0, flavor.Options.MergeShardCount).Select(DeriveOutputs.MergeKey));
        }

        var parameters = flavor.Parameters;
        var env = new List<(string, string)>();
        var arguments = new List<CommandArgument>();
        if (flavor.Options.BaseRepo is not null)
        {
            env.Add(("BASE_REPO", Expression.Wrap($"steps.{RepositoriesStep.Id}.outputs.{RepositoriesStep.BaseRepo}")));
            arguments.Add(CommandArgument.Of(parameters.BaseRepo, "BASE_REPO"));
        }
        arguments.Add(CommandArgument.Literal(parameters.BackendShards, flavor.Options.BackendShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // The changed files come from the API (a pull request's files, a push's compare), read with the job's token.
        env.Add(("GITHUB_TOKEN", Expression.Wrap("github.token")));
        if (!flavor.Publishes)
        {
            env.Add(("PR_NUMBER", Expression.Wrap("github.event.pull_request.number")));
            arguments.Add(CommandArgument.Of(parameters.Pr, "PR_NUMBER"));
        }
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
                    : $"steps.derive.outputs.{o}")))
                .Append((CompiledBuildArtifact.NameOutput, CompiledBuildArtifact.Name))),
            Steps =
            [
                .. BuildSetup(flavor.Options, writesCache: flavor.Publishes, reusesCompiledBuild: false),
                .. repositories is null ? Array.Empty<Step>() : [repositories],
                Call("Derive", new ValueMap(env), flavor.Command(flavor.Targets.Derive, arguments), id: "derive"),
                CompiledBuildArtifact.Upload(),
            ],
        };
    }

    // One row per base job (DeriveOutputs.BaseBuilds): a base of one platform, or one leg of a multi-platform base
    // on that platform's native runner. Every row names its one platform, so a pull request builds the runner's own.
    static Job BuildBases(Flavor flavor) => new()
    {
        Id = BuildBasesJobId,
        Name = "Base " + Expression.Wrap("matrix.tag-stem") + " " + Expression.Wrap("matrix.platforms"),
        Needs = [DeriveJobId],
        If = $"needs.{DeriveJobId}.outputs.{DeriveOutputs.HasBases} == 'true'",
        RunsOn = Expression.Wrap("matrix.runs-on"),
        Permissions = flavor.BuildPermissions,
        TimeoutMinutes = flavor.Options.BuildTimeoutMinutes,
        Strategy = new Strategy(Expression.Wrap($"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.BaseBuilds})"), FailFast: false),
        Steps =
        [
            .. BuildSetup(flavor.Options, writesCache: flavor.Publishes),
            .. Buildx(flavor.Publishes),
            .. flavor.RegistrySteps,
            Call("Build base " + Expression.Wrap("matrix.tag-stem"),
                new ValueMap(
                [
                    .. BaseFlavourEnv,
                    ("ENTRY_PLATFORMS", Expression.Wrap("matrix.platforms")),
                    .. flavor.Publishes ? [("DIGESTS_DIR", flavor.Options.DigestsDirectory)] : Array.Empty<(string, string)>(),
                    .. flavor.CommonEnv,
                ]),
                flavor.Command(flavor.Targets.BuildBase,
                [
                    .. BaseFlavourArguments(flavor),
                    CommandArgument.Of(flavor.Parameters.Platform, "ENTRY_PLATFORMS"),
                    .. flavor.Publishes ? [CommandArgument.Of(flavor.Parameters.DigestsDir, "DIGESTS_DIR")] : Array.Empty<CommandArgument>(),
                    .. flavor.CommonArguments,
                ])),
            .. flavor.Publishes ? [UploadBaseDigest(flavor)] : Array.Empty<Step>(),
        ],
    };

    /// <summary>The matrix values that name a base flavour, as BuildBase and MergeBase take them.</summary>
    static readonly ValueMap BaseFlavourEnv =
    [
        ("ENTRY_LANG", Expression.Wrap("matrix.lang")),
        ("ENTRY_BUILD_TYPE", Expression.Wrap("matrix.build-type")),
        ("ENTRY_UBUNTU_VERSION", Expression.Wrap("matrix.ubuntu-version")),
        ("ENTRY_CUDA_MAJOR_VERSION", Expression.Wrap("matrix.cuda-major-version")),
        ("ENTRY_CUDA_MINOR_VERSION", Expression.Wrap("matrix.cuda-minor-version")),
        ("ENTRY_BASE_IMAGE", Expression.Wrap("matrix.base-image")),
        ("ENTRY_SKIP_DRIVERS", Expression.Wrap("matrix.skip-drivers")),
    ];

    static IEnumerable<CommandArgument> BaseFlavourArguments(Flavor flavor) =>
    [
        CommandArgument.Of(flavor.Parameters.Lang, "ENTRY_LANG"),
        CommandArgument.Of(flavor.Parameters.Accel, "ENTRY_BUILD_TYPE"),
        CommandArgument.Of(flavor.Parameters.Ubuntu, "ENTRY_UBUNTU_VERSION"),
        CommandArgument.Of(flavor.Parameters.BaseImage, "ENTRY_BASE_IMAGE"),
        CommandArgument.WhenSet(flavor.Parameters.Cuda, "ENTRY_CUDA_MAJOR_VERSION", "$ENTRY_CUDA_MAJOR_VERSION.$ENTRY_CUDA_MINOR_VERSION"),
        CommandArgument.FlagWhenTrue(flavor.Parameters.SkipDrivers, "ENTRY_SKIP_DRIVERS"),
    ];

    // A base leg that pushed (or found its platform up to date) leaves its digest file; a base of one platform leaves
    // none, and the upload is skipped. The name starts with the stem, so the base's merge downloads exactly its legs.
    static Step UploadBaseDigest(Flavor flavor) => new()
    {
        Name = "Upload the base leg's digest",
        If = $"{PushOutput} == 'true' && hashFiles('{flavor.Options.DigestsDirectory}/**') != ''",
        Uses = ActionReferences.UploadArtifact,
        With =
        [
            ("name", BaseDigestArtifactPrefix + Expression.Wrap("matrix.tag-stem") + "@" + Expression.Wrap("strategy.job-index")),
            ("path", flavor.Options.DigestsDirectory + "/"),
            ("if-no-files-found", "error"),
            ("retention-days", "1"),
        ],
    };

    const string BaseDigestArtifactPrefix = "base-digests-";

    // One merge per multi-platform base, after every base job. Backends wait for it, so no consumer starts before its
    // base's index exists. Push workflow only.
    static Job MergeBases(Flavor flavor) => MergeJob(flavor,
        id: MergeBasesJobId,
        name: "Merge base " + Expression.Wrap("matrix.tag-stem"),
        needs: [DeriveJobId, BuildBasesJobId],
        conditions: [$"needs.{DeriveJobId}.outputs.{DeriveOutputs.HasBaseMerges} == 'true'"],
        matrix: $"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.BaseMerges})",
        download: ("Download the base legs' digests", BaseDigestArtifactPrefix + Expression.Wrap("matrix.tag-stem") + "@*"),
        merge: Call("Merge base " + Expression.Wrap("matrix.tag-stem"),
            new ValueMap(
            [
                .. BaseFlavourEnv,
                ("DIGESTS_DIR", flavor.Options.DigestsDirectory),
                .. flavor.TargetEnv(pushes: false),
            ]),
            flavor.Command(flavor.Targets.MergeBase,
            [
                .. BaseFlavourArguments(flavor),
                CommandArgument.Of(flavor.Parameters.DigestsDir, "DIGESTS_DIR"),
                .. flavor.TargetArguments(pushes: false),
            ])));

    // What every merge job shares: it runs `!cancelled()` once derive succeeded, so a failed leg elsewhere does not hold
    // back the other merges (the merge target itself refuses an image unless every one of its legs recorded a digest);
    // it downloads the legs' digest artifacts and merges only when the run pushes.
    static Job MergeJob(Flavor flavor, string id, string name, ValueList<string> needs, IEnumerable<string> conditions,
        string matrix, (string StepName, string ArtifactPattern) download, Step merge) => new()
    {
        Id = id,
        Name = name,
        Needs = needs,
        If = string.Join(" && ", ["!cancelled()", $"needs.{DeriveJobId}.result == 'success'", .. conditions]),
        RunsOn = RunnerPolicy.DefaultRunner,
        Permissions = flavor.BuildPermissions,
        TimeoutMinutes = 15,
        Strategy = new Strategy(Expression.Wrap(matrix), FailFast: false),
        Steps =
        [
            .. BuildSetup(flavor.Options, writesCache: flavor.Publishes),
            .. flavor.RegistrySteps,
            new Step
            {
                Name = download.StepName,
                If = PushOutput + " == 'true'",
                Uses = ActionReferences.DownloadArtifact,
                With =
                [
                    ("pattern", download.ArtifactPattern),
                    ("path", flavor.Options.DigestsDirectory + "/"),
                    ("merge-multiple", "true"),
                ],
            },
            merge with { If = PushOutput + " == 'true'" },
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
        Needs = [DeriveJobId, BuildBasesJobId, .. flavor.Publishes ? [MergeBasesJobId] : Array.Empty<string>()],
        If = string.Join(" && ",
        [
            "!cancelled()",
            $"needs.{DeriveJobId}.result == 'success'",
            $"needs.{DeriveJobId}.outputs.{DeriveOutputs.HasBackends} == 'true'",
            $"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.MatrixShards}) > {index}",
            $"(needs.{BuildBasesJobId}.result == 'success' || needs.{BuildBasesJobId}.result == 'skipped')",
            .. flavor.Publishes ? [$"(needs.{MergeBasesJobId}.result == 'success' || needs.{MergeBasesJobId}.result == 'skipped')"] : Array.Empty<string>(),
        ]),
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
            .. flavor.Publishes ? [UploadDigest(flavor, index)] : Array.Empty<Step>(),
        ],
    };

    // A leg that pushed leaves its digest file; other rows leave none, and the upload is skipped. The name is unique
    // per job (shard and position) and starts with the tag-suffix, so the merge downloads exactly its legs.
    static Step UploadDigest(Flavor flavor, int shard) => new()
    {
        Name = "Upload the leg's digest",
        If = $"{PushOutput} == 'true' && hashFiles('{flavor.Options.DigestsDirectory}/**') != ''",
        Uses = ActionReferences.UploadArtifact,
        With =
        [
            ("name", DigestArtifactPrefix + Expression.Wrap("matrix.tag-suffix") + $"@{shard}-" + Expression.Wrap("strategy.job-index")),
            ("path", flavor.Options.DigestsDirectory + "/"),
            ("if-no-files-found", "error"),
            ("retention-days", "1"),
        ],
    };

    const string DigestArtifactPrefix = "digests";

    // One merge per tag-suffix with legs, after every backend shard. Only the push workflow has merges: a pull request
    // publishes nothing.
    static Job Merge(Flavor flavor, int index) => MergeJob(flavor,
        id: MergeJobId(index),
        name: "Merge " + Expression.Wrap("matrix.tag-suffix"),
        needs: [DeriveJobId, .. Enumerable.Range(0, flavor.Options.BackendShardCount).Select(BackendShardJobId)],
        conditions:
        [
            $"needs.{DeriveJobId}.outputs.{DeriveOutputs.HasMerges} == 'true'",
            $"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.MergeShards}) > {index}",
        ],
        matrix: $"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.MergeKey(index)})",
        download: ("Download the legs' digests", DigestArtifactPrefix + Expression.Wrap("matrix.tag-suffix") + "@*"),
        merge: Call("Merge " + Expression.Wrap("matrix.tag-suffix"),
            new ValueMap(
            [
                ("ENTRY_TAG_SUFFIX", Expression.Wrap("matrix.tag-suffix")),
                ("VERSION_TAG", Expression.Wrap("startsWith(github.ref, 'refs/tags/v') && github.ref_name || ''")),
                ("DIGESTS_DIR", flavor.Options.DigestsDirectory),
                .. flavor.TargetEnv(pushes: false),
            ]),
            flavor.Command(flavor.Targets.MergeBackend,
            [
                CommandArgument.Of(flavor.Parameters.TagSuffix, "ENTRY_TAG_SUFFIX"),
                CommandArgument.Of(flavor.Parameters.DigestsDir, "DIGESTS_DIR"),
                CommandArgument.WhenSet(flavor.Parameters.VersionTag, "VERSION_TAG"),
                .. flavor.TargetArguments(pushes: false),
            ])));

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
            // A macOS runner cannot use the linux x64 compiled build: it compiles its own.
            .. BuildSetup(flavor.Options, writesCache: flavor.Publishes, reusesCompiledBuild: false),
            BuildBackend(flavor, pushes: false),
            new Step
            {
                Name = "Upload " + Expression.Wrap("matrix.backend"),
                Uses = ActionReferences.UploadArtifact,
                With = [("name", "backend" + Expression.Wrap("matrix.tag-suffix")), ("path", ".nuke/temp/artifacts/"), ("if-no-files-found", "error")],
            },
        ],
    };

    // The row's platforms select one row of a split pair (its tag-suffix alone names both legs).
    static Step BuildBackend(Flavor flavor, bool pushes) => Call("Build backend " + Expression.Wrap("matrix.backend"),
        new ValueMap(
        [
            ("ENTRY_BACKEND", Expression.Wrap("matrix.backend")),
            ("ENTRY_TAG_SUFFIX", Expression.Wrap("matrix.tag-suffix")),
            ("ENTRY_PLATFORMS", Expression.Wrap("matrix.platforms")),
            .. pushes ? [("DIGESTS_DIR", flavor.Options.DigestsDirectory)] : Array.Empty<(string, string)>(),
            .. flavor.TargetEnv(pushes),
        ]),
        flavor.Command(flavor.Targets.BuildBackend,
        [
            CommandArgument.Of(flavor.Parameters.Backend, "ENTRY_BACKEND"),
            CommandArgument.Of(flavor.Parameters.TagSuffix, "ENTRY_TAG_SUFFIX"),
            CommandArgument.WhenSet(flavor.Parameters.Platform, "ENTRY_PLATFORMS"),
            .. pushes ? [CommandArgument.Of(flavor.Parameters.DigestsDir, "DIGESTS_DIR")] : Array.Empty<CommandArgument>(),
            .. flavor.TargetArguments(pushes),
        ]));
}
