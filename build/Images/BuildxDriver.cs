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
        if (request.Push && dockerBuilder && await SettleDaemonPushAsync(request, run, cancellationToken))
            run = run with { ExitCode = 0 };
        return CliBuild.ResultOf(Name, request, run);
    }

    /// <summary>
    /// buildx before 0.21 pushes a <c>docker</c>-driver build twice when the engine stores images in containerd: the
    /// engine's BuildKit pushes the image (by digest, then the tag), then buildx asks the engine API to push the same tag
    /// again (docker/buildx#3023). That second pusher (containerd 1.7) PUTs every platform's manifest to the tag before
    /// the index, so the tag briefly names one platform, and a registry read racing those PUTs fails the build
    /// (distribution 2.8: HEAD → 500 "invalid checksum digest format"). BuildKit's own push is the build's result: each
    /// tag is set back to the digest BuildKit pushed, and a failure of that second push alone is not a failed build.
    /// True when the build failed in that second push only and is settled.
    /// </summary>
    async Task<bool> SettleDaemonPushAsync(ImageBuildRequest request, CliBuild.Run run, CancellationToken cancellationToken)
    {
        if (!run.Succeeded && !run.Progress.OnlyTheDaemonPushFailed)
            return false;
        var pushed = request.Tags.Select(tag => (Tag: tag, Digest: run.Progress.PushedDigest(tag))).ToList();
        if (!run.Succeeded && pushed.Any(tag => tag.Digest is null))
            throw CliBuild.Failure(request, run);
        using var owned = registry is null ? new RegistryImages(environment) : null;
        var registryImages = registry ?? owned!;
        foreach (var (tag, digest) in pushed)
        {
            if (digest is null)
                continue;
            var atTag = await registryImages.DigestAsync(tag, cancellationToken);
            if (atTag == digest)
                continue;
            var image = ImageReference.Parse(tag);
            await registryImages.CopyTagAsync($"{image.Repository}@{digest}", tag, cancellationToken);
            Log.Warning($"{tag}: buildx's second push through the engine left the tag at {atTag ?? "nothing"}; set back to {digest}, the image BuildKit built and pushed");
        }
        if (!run.Succeeded)
            Log.Warning($"buildx's second push of {string.Join(", ", request.Tags)} through the engine failed ({run.Progress.FailureSummary}); BuildKit had already pushed the image");
        return !run.Succeeded;
    }
}
