namespace Strata.GitHub.Workflows;

/// <summary>
/// The derive job's first step: the image repositories, lower-cased. The default <c>ghcr.io/&lt;owner&gt;/&lt;repo&gt;</c>
/// carries the repository's own casing (<c>mudler/LocalAI</c>), which Docker refuses; expressions cannot lower-case,
/// so a step does it once and every job reads the result from the derive job's outputs.
/// </summary>
static class RepositoriesStep
{
    public const string Id = "repositories";
    public const string BaseRepo = "base-repo";
    public const string BackendRepo = "backend-repo";

    public static bool IsOutput(string name) => name is BaseRepo or BackendRepo;

    public static IEnumerable<string> Outputs(PipelineOptions options)
    {
        if (options.BaseRepo is not null) yield return BaseRepo;
        if (options.BackendRepo is not null) yield return BackendRepo;
    }

    public static Step? Create(PipelineOptions options)
    {
        var env = new List<(string, string)>();
        var script = new List<string>();
        if (options.BaseRepo is { } baseRepo)
        {
            env.Add(("BASE_REPO", baseRepo));
            script.Add($"echo \"{BaseRepo}=${{BASE_REPO,,}}\" >> \"$GITHUB_OUTPUT\"");
        }
        if (options.BackendRepo is { } backendRepo)
        {
            env.Add(("BACKEND_REPO", backendRepo));
            script.Add($"echo \"{BackendRepo}=${{BACKEND_REPO,,}}\" >> \"$GITHUB_OUTPUT\"");
        }
        return script.Count == 0
            ? null
            : new Step { Name = "Image repositories (lower case)", Id = Id, Env = new ValueMap(env), Run = PipelineSteps.Script([.. script]) };
    }
}
