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

    /// <summary>GitHub's limit on the jobs one matrix may expand to.</summary>
    public const int MaxMatrixJobs = 256;

    public static string BackendShardJobId(int index) => $"backends-{index}";

    /// <summary>How many backend jobs a matrix of <paramref name="entryCount"/> linux entries needs (at least one).</summary>
    /// <param name="allowNone">true for merges: no tag-suffix with legs means no merge job.</param>
    public static int ShardCountFor(int entryCount, bool allowNone = false) =>
        entryCount < 0
            ? throw new ArgumentOutOfRangeException(nameof(entryCount), entryCount, "a matrix cannot have fewer than 0 entries")
            : Math.Max(allowNone ? 0 : 1, (entryCount + MaxMatrixJobs - 1) / MaxMatrixJobs);

    public static string MergeJobId(int index) => $"merge-{index}";

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

        public Permissions BuildPermissions => Publishes
            ? Permissions.Of(Permission.Read(PermissionScope.Contents), Permission.Write(PermissionScope.Packages))
            : Permissions.Of(Permission.Read(PermissionScope.Contents));

        public IEnumerable<Step> RegistrySteps => Publishes
            ? [CheckRegistryCredentials(Options), RegistryLogin(Options)]
            : [];

        public ValueMap CommonEnv => TargetEnv(pushes: Publishes);

        /// <param name="pushes">false for jobs without the registry step (the darwin job uploads artifacts instead).</param>
        public ValueMap TargetEnv(bool pushes)
        {
            var env = new List<(string, string)>();
            if (Options.BaseRepo is { } baseRepo) env.Add(("BASE_REPO", baseRepo));
            if (Options.BackendRepo is { } backendRepo) env.Add(("BACKEND_REPO", backendRepo));
            if (!Publishes) env.Add(("PR_NUMBER", Expression.Wrap("github.event.pull_request.number")));
            if (Publishes && pushes) env.Add(("PUSH_IMAGES", Expression.Wrap(PushOutput)));
            return new ValueMap(env);
        }

        /// <summary>The options every target call shares.</summary>
        public IEnumerable<CommandArgument> CommonArguments => TargetArguments(pushes: Publishes);

        public IEnumerable<CommandArgument> TargetArguments(bool pushes)
        {
            if (Options.BaseRepo is not null) yield return CommandArgument.Of("--base-repo", "BASE_REPO");
            if (Options.BackendRepo is not null) yield return CommandArgument.Of("--backend-repo", "BACKEND_REPO");
            if (!Publishes) yield return CommandArgument.Of("--pr", "PR_NUMBER");
            if (Publishes && pushes) yield return CommandArgument.FlagWhenTrue("--push", "PUSH_IMAGES");
        }

        public BuildCommand Command(string target, IEnumerable<CommandArgument> arguments) =>
            new(Targets.BuildScript, target, [.. arguments]);
    }

    static ValueList<Job> Jobs(Flavor flavor)
    {
        var jobs = new List<Job> { Derive(flavor), BuildBases(flavor) };
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
            DeriveOutputs.BasesMatrix, DeriveOutputs.MatrixDarwin, DeriveOutputs.MatrixShards,
        };
        outputs.AddRange(Enumerable.Range(0, flavor.Options.BackendShardCount).Select(DeriveOutputs.ShardKey));
        if (flavor.Publishes && flavor.Options.MergeShardCount > 0)
        {
            outputs.AddRange([DeriveOutputs.HasMerges, DeriveOutputs.MergeShards]);
            outputs.AddRange(Enumerable.Range(0, flavor.Options.MergeShardCount).Select(DeriveOutputs.MergeKey));
        }

        var env = new List<(string, string)>();
        var arguments = new List<CommandArgument>();
        if (flavor.Options.BaseRepo is { } baseRepo)
        {
            env.Add(("BASE_REPO", baseRepo));
            arguments.Add(CommandArgument.Of("--base-repo", "BASE_REPO"));
        }
        if (!flavor.Publishes)
        {
            // The changed files of a pull request come from the API, read with the job's token.
            env.Add(("GITHUB_TOKEN", Expression.Wrap("github.token")));
            env.Add(("PR_NUMBER", Expression.Wrap("github.event.pull_request.number")));
            arguments.Add(CommandArgument.Of("--pr", "PR_NUMBER"));
        }

        return new Job
        {
            Id = DeriveJobId,
            Name = "Derive bases and backend matrix",
            RunsOn = "ubuntu-latest",
            Permissions = flavor.Publishes
                ? Permissions.Of(Permission.Read(PermissionScope.Contents))
                : Permissions.Of(Permission.Read(PermissionScope.Contents), Permission.Read(PermissionScope.PullRequests)),
            TimeoutMinutes = 15,
            Outputs = new ValueMap(outputs.Select(o => (o, Expression.Wrap($"steps.derive.outputs.{o}")))),
            Steps =
            [
                .. BuildSetup(flavor.Options, writesCache: flavor.Publishes),
                Call("Derive", new ValueMap(env), flavor.Command(flavor.Targets.Derive, arguments), id: "derive"),
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
        Strategy = new Strategy(Expression.Wrap($"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.BasesMatrix})"), FailFast: false),
        Steps =
        [
            .. BuildSetup(flavor.Options, writesCache: flavor.Publishes),
            .. Buildx(flavor.Publishes),
            .. flavor.RegistrySteps,
            Call("Build base " + Expression.Wrap("matrix.tag-stem"),
                new ValueMap(
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
                flavor.Command(flavor.Targets.BuildBase,
                [
                    CommandArgument.Of("--lang", "ENTRY_LANG"),
                    CommandArgument.Of("--accel", "ENTRY_BUILD_TYPE"),
                    CommandArgument.Of("--ubuntu", "ENTRY_UBUNTU_VERSION"),
                    CommandArgument.Of("--base-image", "ENTRY_BASE_IMAGE"),
                    .. flavor.Publishes ? [CommandArgument.Of("--platform", "ENTRY_PLATFORMS")] : Array.Empty<CommandArgument>(),
                    CommandArgument.WhenSet("--cuda", "ENTRY_CUDA_MAJOR_VERSION", "$ENTRY_CUDA_MAJOR_VERSION.$ENTRY_CUDA_MINOR_VERSION"),
                    CommandArgument.FlagWhenTrue("--skip-drivers", "ENTRY_SKIP_DRIVERS"),
                    .. flavor.CommonArguments,
                ])),
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

    // One merge per tag-suffix with legs, after every backend shard: `!cancelled()` so a failed leg elsewhere does not
    // hold back the others; the merge itself refuses a tag-suffix unless every one of its legs recorded a digest.
    // Only the push workflow has merges: a pull request publishes nothing.
    static Job Merge(Flavor flavor, int index) => new()
    {
        Id = MergeJobId(index),
        Name = "Merge " + Expression.Wrap("matrix.tag-suffix"),
        Needs = [DeriveJobId, .. Enumerable.Range(0, flavor.Options.BackendShardCount).Select(BackendShardJobId)],
        If = string.Join(" && ",
            "!cancelled()",
            $"needs.{DeriveJobId}.result == 'success'",
            $"needs.{DeriveJobId}.outputs.{DeriveOutputs.HasMerges} == 'true'",
            $"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.MergeShards}) > {index}"),
        RunsOn = "ubuntu-latest",
        Permissions = flavor.BuildPermissions,
        TimeoutMinutes = 15,
        Strategy = new Strategy(Expression.Wrap($"fromJSON(needs.{DeriveJobId}.outputs.{DeriveOutputs.MergeKey(index)})"), FailFast: false),
        Steps =
        [
            .. BuildSetup(flavor.Options, writesCache: flavor.Publishes),
            .. flavor.RegistrySteps,
            new Step
            {
                Name = "Download the legs' digests",
                If = PushOutput + " == 'true'",
                Uses = ActionReferences.DownloadArtifact,
                With =
                [
                    ("pattern", DigestArtifactPrefix + Expression.Wrap("matrix.tag-suffix") + "@*"),
                    ("path", flavor.Options.DigestsDirectory + "/"),
                    ("merge-multiple", "true"),
                ],
            },
            Call("Merge " + Expression.Wrap("matrix.tag-suffix"),
                new ValueMap(
                [
                    ("ENTRY_TAG_SUFFIX", Expression.Wrap("matrix.tag-suffix")),
                    ("VERSION_TAG", Expression.Wrap("startsWith(github.ref, 'refs/tags/v') && github.ref_name || ''")),
                    ("DIGESTS_DIR", flavor.Options.DigestsDirectory),
                    .. flavor.TargetEnv(pushes: false),
                ]),
                flavor.Command(flavor.Targets.MergeBackend,
                [
                    CommandArgument.Of("--tag-suffix", "ENTRY_TAG_SUFFIX"),
                    CommandArgument.Of("--digests-dir", "DIGESTS_DIR"),
                    CommandArgument.WhenSet("--version-tag", "VERSION_TAG"),
                    .. flavor.TargetArguments(pushes: false),
                ])) with { If = PushOutput + " == 'true'" },
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
            CommandArgument.Of("--backend", "ENTRY_BACKEND"),
            CommandArgument.Of("--tag-suffix", "ENTRY_TAG_SUFFIX"),
            CommandArgument.WhenSet("--platform", "ENTRY_PLATFORMS"),
            .. pushes ? [CommandArgument.Of("--digests-dir", "DIGESTS_DIR")] : Array.Empty<CommandArgument>(),
            .. flavor.TargetArguments(pushes),
        ]));
}
