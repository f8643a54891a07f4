using Strata.Engine;
using Strata.GitHub;
using Strata.GitHub.Workflows;
using Strata.Matrix;

partial class Build
{
    Target Derive => _ => _
        .Description("Derive the base images, the backend matrix and per-backend flags; write them as CI outputs")
        .Requires(() => BaseRepo)
        .Executes(() =>
        {
            if (EnvironmentVariables.GetValueOrDefault("GITHUB_OUTPUT") is { Length: > 0 } githubOutput)
                OutputWriter.WriteGitHubOutput(githubOutput, DeriveOutputs.ToGitHubOutput(EventPlan));
            if (OutputJson is not null)
                OutputWriter.WriteJson(RootPath(OutputJson), DeriveOutputs.ToJson(EventPlan));
            if (EnvironmentVariables.GetValueOrDefault("GITHUB_STEP_SUMMARY") is { Length: > 0 } stepSummary)
                File.AppendAllText(stepSummary, DeriveSummary.Markdown(EventPlan));
            Log.Info($"{EventPlan.Bases.Count} bases, {EventPlan.Backends.Count} backends, {EventPlan.Darwin.Count} darwin backends selected");
        });

    Target GenerateWorkflows => _ => _
        .Description("Write .github/workflows/ from the C# pipeline definition")
        .Executes(() =>
        {
            foreach (var path in WorkflowWriter.WriteAll(Workflows, RootDirectory))
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
        Targets = new PipelineTargets(nameof(Derive), nameof(BuildBase), nameof(BuildBackend)) { MergeBackend = nameof(MergeBackend) },
        MergeShardCount = BackendPipeline.ShardCountFor(Rows.SplitTagSuffixes(matrix.Linux).Count, allowNone: true),
        DigestsDirectory = DefaultDigestsDir,
    });
}
