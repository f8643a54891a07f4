using Strata.Engine;
using Strata.GitHub;

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
}
