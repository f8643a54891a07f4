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
            var outputs = DeriveOutputs.ToJson(Plan);
            if (EnvironmentVariables.GetValueOrDefault("GITHUB_OUTPUT") is { Length: > 0 } githubOutput)
                OutputWriter.WriteGitHubOutput(githubOutput, DeriveOutputs.ToGitHubOutput(Plan));
            if (OutputJson is not null)
                OutputWriter.WriteJson(RootPath(OutputJson), outputs);
            if (EnvironmentVariables.GetValueOrDefault("GITHUB_STEP_SUMMARY") is { Length: > 0 } stepSummary)
                File.AppendAllText(stepSummary, DeriveSummary.Markdown(Plan));
            Log.Info($"{Plan.Bases.Count} bases, {Plan.Backends.Count} backends, {Plan.Darwin.Count} darwin backends selected");
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
    IReadOnlyList<WorkflowFile> Workflows => BackendPipeline.Create(new PipelineOptions
    {
        BackendShardCount = BackendPipeline.ShardCountFor(MatrixFile.Load(RootPath(Matrix)).Linux.Count),
        HasDarwin = MatrixFile.Load(RootPath(Matrix)).Darwin.Count > 0,
        Registry = "ghcr.io",
        BaseRepo = "${{ vars.BASE_REPO || format('ghcr.io/{0}/ci-cache', github.repository) }}",
        BackendRepo = "${{ vars.BACKEND_REPO || format('ghcr.io/{0}/backends', github.repository) }}",
        Targets = new PipelineTargets(nameof(Derive), nameof(BuildBase), nameof(BuildBackend)),
    });
}
