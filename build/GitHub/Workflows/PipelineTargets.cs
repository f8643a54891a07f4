namespace Strata.GitHub.Workflows;

/// <summary>
/// The build targets the generated jobs call, by name, so the build can bind them with
/// <c>nameof(...)</c> and a rename cannot leave the workflows calling a target that is gone.
/// </summary>
public sealed record PipelineTargets(string Derive, string BuildBase, string BuildBackend)
{
    public static PipelineTargets Default { get; } = new("Derive", "BuildBase", "BuildBackend");

    public string BuildScript { get; init; } = "./build.sh";

    /// <summary>The target that publishes the legs of one tag-suffix as one image index.</summary>
    public string MergeBackend { get; init; } = "MergeBackend";

    /// <summary>The target that publishes the legs of one multi-platform base as one image index.</summary>
    public string MergeBase { get; init; } = "MergeBase";
}

/// <summary>Names of the repository secrets that hold the image registry credentials.</summary>
public sealed record RegistrySecretNames(string Username, string Password)
{
    public static RegistrySecretNames Default { get; } = new("REGISTRY_USERNAME", "REGISTRY_PASSWORD");
}
