using Strata;
using Strata.Engine;
using Strata.GitHub;
using Strata.GitHub.Workflows;
using Strata.Matrix;

partial class Build
{
    Target Derive => _ => _
        .Description("Derive the base images, the backend matrix and per-backend flags; write them as CI outputs")
        .Requires(() => BaseRepo)
        // With a token, change detection asks the GitHub API (Octokit), which the native build cannot run.
        .RunsNatively(() => string.IsNullOrEmpty(GithubToken))
        .Executes(context =>
        {
            DeriveOutputs.CheckNames(LoadedMatrix);
            CheckShardCount(EventPlan);
            // All three outputs or none: each is staged, then renamed into place once every one is ready.
            using var outputs = new OutputFiles();
            if (EnvironmentVariables.GetValueOrDefault("GITHUB_OUTPUT") is { Length: > 0 } githubOutput)
                outputs.Append(githubOutput, OutputWriter.GitHubOutputText(DeriveOutputs.ToGitHubOutput(EventPlan)));
            if (OutputJson is not null)
                outputs.Write(RootPath(OutputJson), OutputWriter.JsonText(DeriveOutputs.ToJson(EventPlan)));
            if (EnvironmentVariables.GetValueOrDefault("GITHUB_STEP_SUMMARY") is { Length: > 0 } stepSummary)
                outputs.Append(stepSummary, DeriveSummary.Markdown(EventPlan));
            outputs.Commit(context.CancellationToken);
            foreach (var line in EventPlan.Selection.Lines())
                Log.Info(line);
            Log.Info($"{EventPlan.Bases.Count} bases, {EventPlan.Backends.Count} backends, {EventPlan.Darwin.Count} darwin backends selected");
        });

    void CheckShardCount(DerivedPlan derived)
    {
        var needed = derived.Shards().Count;
        if (BackendShards is { } generated && needed > generated)
            throw new InputException(
                $"{LoadedMatrix.FilePath}: the matrix needs {needed} backend jobs ({derived.Backends.Count} entries, {RunnerPolicy.MaxMatrixJobs} per job) " +
                $"but the workflow has {generated}; run ./build.sh {nameof(GenerateWorkflows)} and commit .github/workflows/");
        // The base jobs are one matrix each (builds and legs, merges): GitHub expands at most 256 jobs per matrix.
        foreach (var (what, count) in new[] { ("base jobs (bases and base legs)", DeriveOutputs.BaseBuildRows(derived).Count), ("base merges", derived.BaseMerges.Count) })
            if (count > RunnerPolicy.MaxMatrixJobs)
                throw new InputException(
                    $"{LoadedMatrix.FilePath}: the matrix needs {count} {what}, more than the {RunnerPolicy.MaxMatrixJobs} one workflow job can run; split the matrix");
    }

    Target GenerateWorkflows => _ => _
        .Description("Write .github/workflows/ from the C# pipeline definition")
        .Executes(context =>
        {
            foreach (var path in WorkflowWriter.WriteAll(Workflows, RootDirectory, context.CancellationToken))
                Log.Info($"wrote {path}");
        });

    Target CheckWorkflows => _ => _
        .Description("Fail with a unified diff when .github/workflows/ differs from what GenerateWorkflows writes")
        .Executes(() =>
        {
            var drift = WorkflowDrift.Check(Workflows, RootDirectory);
            if (drift.Count > 0)
                throw new InvalidOperationException(WorkflowDrift.Report(drift));
        });

    // The shard count is fixed when the workflows are generated, so a matrix that outgrows it makes CheckWorkflows fail.
    IReadOnlyList<WorkflowFile> Workflows => WorkflowsFor(LoadedMatrix);

    /// <summary>The pipeline model for a matrix: what GenerateWorkflows writes, and what the contract tests expand row by row.</summary>
    internal static IReadOnlyList<WorkflowFile> WorkflowsFor(BackendMatrix matrix) => BackendPipeline.Create(new PipelineOptions
    {
        BackendShardCount = BackendPipeline.ShardCountFor(matrix.Linux.Count),
        HasDarwin = matrix.Darwin.Count > 0,
        Registry = "ghcr.io",
        BaseRepo = "${{ vars.BASE_REPO || format('ghcr.io/{0}/ci-cache', github.repository) }}",
        BackendRepo = "${{ vars.BACKEND_REPO || format('ghcr.io/{0}/backends', github.repository) }}",
        Targets = new PipelineTargets(nameof(Derive), nameof(BuildBase), nameof(BuildBackend)) { MergeBackend = nameof(MergeBackend), MergeBase = nameof(MergeBase) },
        Parameters = PipelineParameters,
        MergeShardCount = BackendPipeline.ShardCountFor(Strata.Matrix.Rows.SplitTagSuffixes(matrix.Linux).Count, allowNone: true),
        DigestsDirectory = DefaultDigestsDir,
    });

    // Bound to the declarations: renaming a parameter changes the generated command lines with it.
    static PipelineParameters PipelineParameters => new()
    {
        BaseRepo = ParameterOption.Of<Build>(nameof(BaseRepo)),
        BackendRepo = ParameterOption.Of<Build>(nameof(BackendRepo)),
        Pr = ParameterOption.Of<Build>(nameof(Pr)),
        Push = ParameterOption.Of<Build>(nameof(Push)),
        Lang = ParameterOption.Of<Build>(nameof(Lang)),
        Accel = ParameterOption.Of<Build>(nameof(Accel)),
        Ubuntu = ParameterOption.Of<Build>(nameof(Ubuntu)),
        Cuda = ParameterOption.Of<Build>(nameof(Cuda)),
        BaseImage = ParameterOption.Of<Build>(nameof(BaseImage)),
        Platform = ParameterOption.Of<Build>(nameof(Platform)),
        SkipDrivers = ParameterOption.Of<Build>(nameof(SkipDrivers)),
        Backend = ParameterOption.Of<Build>(nameof(Backend)),
        TagSuffix = ParameterOption.Of<Build>(nameof(TagSuffix)),
        BackendShards = ParameterOption.Of<Build>(nameof(BackendShards)),
        DigestsDir = ParameterOption.Of<Build>(nameof(DigestsDir)),
        VersionTag = ParameterOption.Of<Build>(nameof(VersionTag)),
    };
}
