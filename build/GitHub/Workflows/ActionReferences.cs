namespace Strata.GitHub.Workflows;

/// <summary>The third-party actions the pipeline uses, each pinned in one place.</summary>
public static class ActionReferences
{
    public const string Checkout = "actions/checkout@v4";
    public const string SetupDotNet = "actions/setup-dotnet@v4";
    public const string Cache = "actions/cache@v4";
    public const string CacheRestore = "actions/cache/restore@v4";
    public const string SetupQemu = "docker/setup-qemu-action@v3";
    public const string SetupBuildx = "docker/setup-buildx-action@v3";
    public const string Login = "docker/login-action@v3";
    public const string UploadArtifact = "actions/upload-artifact@v4";
    public const string DownloadArtifact = "actions/download-artifact@v4";
}
