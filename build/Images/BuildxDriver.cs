using Strata.Engine;

namespace Strata.Images;

/// <summary>
/// Builds with <c>docker buildx build</c>: registry caches, multi-platform images, pushes from BuildKit.
/// <paramref name="dockerBuilder"/>: the builder uses buildx's <c>docker</c> driver (the engine's own BuildKit).
/// </summary>
public sealed class BuildxDriver(string cli, DockerEnvironment environment, bool dockerBuilder = false, RegistryImages? registry = null) : IBuildDriver
{
    public string Name => "buildx";
    public string Cli => cli;

    public async Task<BuildResult> BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken = default)
    {
        var run = await CliBuild.RunAsync(cli, BuildxArguments.For(request), environment.CliEnvironment(), cancellationToken);
        var pushed = request.Tags.Select(tag => (Tag: tag, Digest: run.Progress.PushedDigest(tag))).ToList();
        if (!run.Succeeded && run.Progress.OnlyStepsAfterTheImageFailed && (!request.Push || pushed.All(tag => tag.Digest is not null)))
        {
            Log.Warning($"{string.Join(", ", request.Tags)}: the image is built{(request.Push ? " and pushed" : "")}; a step after it failed " +
                $"({run.Progress.FailureSummary}), so the registry cache may be incomplete for the next build");
            run = run with { ExitCode = 0 };
        }
        if (run.Succeeded && request.Push && dockerBuilder)
            await SetTagsToBuildKitDigestsAsync(pushed, cancellationToken);
        return CliBuild.ResultOf(Name, request, run);
    }

    // The cache export runs with ignore-error=true, yet dockerd 26.1's BuildKit can still fail the build there with
    // "not found" when another build or a prune drops records of shared steps meanwhile (moby/buildkit#5999); the image
    // was exported and pushed before it, so such a failure costs the next build its cache, not this build its result.

    /// <summary>
    /// buildx before 0.21 pushes a <c>docker</c>-driver build twice when the engine stores images in containerd: the
    /// engine's BuildKit pushes the image (by digest, then the tag), then buildx asks the engine API to push the same tag
    /// again (docker/buildx#3023). That second pusher (containerd 1.7) PUTs every platform's manifest to the tag before
    /// the index, so the tag briefly names one platform, and a registry read racing those PUTs fails the build
    /// (distribution 2.8: HEAD → 500 "invalid checksum digest format") and can leave the tag on one platform. BuildKit's
    /// own push is the build's result: each tag is set back to the digest BuildKit pushed.
    /// </summary>
    async Task SetTagsToBuildKitDigestsAsync(IReadOnlyList<(string Tag, string? Digest)> pushed, CancellationToken cancellationToken)
    {
        using var owned = registry is null ? new RegistryImages(environment) : null;
        var registryImages = registry ?? owned!;
        foreach (var (tag, digest) in pushed)
        {
            if (digest is null)
                continue;
            var atTag = await registryImages.DigestAsync(tag, cancellationToken);
            if (atTag == digest)
                continue;
            await registryImages.CopyTagAsync($"{ImageReference.Parse(tag).Repository}@{digest}", tag, cancellationToken);
            Log.Warning($"{tag}: buildx's second push through the engine left the tag at {atTag ?? "nothing"}; set back to {digest}, the image BuildKit built and pushed");
        }
    }
}
