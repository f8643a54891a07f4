namespace Strata.GitHub.Workflows;

/// <summary>
/// The third-party actions the pipeline uses, each pinned in one place by the full commit SHA of a release (a tag can
/// be moved; a commit cannot), with the release in a comment. Dependabot (<c>.github/dependabot.yml</c>) proposes
/// updates; bump the SHA and the version together.
/// </summary>
public static class ActionReferences
{
    public static readonly PinnedAction Checkout = new("actions/checkout", "11d5960a326750d5838078e36cf38b85af677262", "v4.4.0");
    public static readonly PinnedAction SetupDotNet = new("actions/setup-dotnet", "67a3573c9a986a3f9c594539f4ab511d57bb3ce9", "v4.3.1");
    public static readonly PinnedAction Cache = new("actions/cache", "0057852bfaa89a56745cba8c7296529d2fc39830", "v4.3.0");
    public static readonly PinnedAction CacheRestore = new("actions/cache/restore", "0057852bfaa89a56745cba8c7296529d2fc39830", "v4.3.0");
    public static readonly PinnedAction SetupQemu = new("docker/setup-qemu-action", "c7c53464625b32c7a7e944ae62b3e17d2b600130", "v3.7.0");
    public static readonly PinnedAction SetupBuildx = new("docker/setup-buildx-action", "8d2750c68a42422c14e847fe6c8ac0403b4cbd6f", "v3.12.0");
    public static readonly PinnedAction Login = new("docker/login-action", "c94ce9fb468520275223c153574b00df6fe4bcc9", "v3.7.0");
    public static readonly PinnedAction UploadArtifact = new("actions/upload-artifact", "ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2");
    public static readonly PinnedAction DownloadArtifact = new("actions/download-artifact", "d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0");

    public static IReadOnlyList<PinnedAction> All { get; } =
        [Checkout, SetupDotNet, Cache, CacheRestore, SetupQemu, SetupBuildx, Login, UploadArtifact, DownloadArtifact];
}

/// <summary>An action at one commit; <see cref="Version"/> is the release that commit is, written beside it as a comment.</summary>
public sealed record PinnedAction(string Name, string Sha, string Version)
{
    /// <summary>The <c>uses:</c> value.</summary>
    public string Reference => $"{Name}@{Sha}";

    public override string ToString() => Reference;

    public static implicit operator string(PinnedAction action) => action.Reference;
}
