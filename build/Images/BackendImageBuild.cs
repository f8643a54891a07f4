using System.Diagnostics;
using Strata.Engine;

namespace Strata.Images;

/// <param name="BaseImagePrebuilt">The base image reference passed as BASE_IMAGE_PREBUILT.</param>
public sealed record BackendBuildSpec(
    string Backend,
    string Dockerfile,
    string ContextDir,
    string ImageTag,
    string CacheRef,
    string BaseImagePrebuilt,
    IReadOnlyList<KeyValuePair<string, string>> BuildArgs,
    string? Platform,
    bool IsPullRequest,
    bool Push)
{
    /// <summary>Set for a leg of a multi-platform image: after the push, its digest is recorded here for the merge.</summary>
    public string? DigestFile { get; init; }
}

public enum BackendBuildOutcome { Built, Cached }

public sealed record BackendBuildResult(BackendBuildOutcome Outcome, string ImageRef, TimeSpan Duration, bool Pushed);

/// <summary>Builds one backend image on its prebuilt base.</summary>
public sealed class BackendImageBuild(DockerEngine engine, IBuildDriver driver)
{
    public async Task<BackendBuildResult> RunAsync(BackendBuildSpec spec, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var build = await driver.BuildAsync(new ImageBuildRequest
        {
            Dockerfile = spec.Dockerfile,
            ContextDir = spec.ContextDir,
            Tags = [spec.ImageTag],
            BuildArgs = [.. spec.BuildArgs.Where(arg => arg.Key != "BASE_IMAGE_PREBUILT"), new("BASE_IMAGE_PREBUILT", spec.BaseImagePrebuilt)],
            Labels = [new(ImageLabels.Backend, spec.Backend)],
            Platform = spec.Platform,
            CacheFrom = [spec.CacheRef],
            CacheTo = spec.IsPullRequest ? null : spec.CacheRef,
            Network = engine.Environment.Network,
            Push = RegistryPublisher.PushesFromBuilder(driver, spec.Push, spec.Platform),
        }, cancellationToken);
        var pushed = RegistryPublisher.PushesFromBuilder(driver, spec.Push, spec.Platform)
            || (spec.Push && await RegistryPublisher.PushAsync(engine, spec.ImageTag, cancellationToken));
        if (pushed && spec.DigestFile is { } digestFile)
            await RecordDigestAsync(spec.ImageTag, spec.Platform, digestFile, cancellationToken);
        var outcome = build.AllStepsCached ? BackendBuildOutcome.Cached : BackendBuildOutcome.Built;
        Log.Info($"backend {spec.ImageTag}: {outcome}");
        return new BackendBuildResult(outcome, spec.ImageTag, stopwatch.Elapsed, pushed);
    }

    // Read back through the registry API: the digest of what the registry holds is what the merge must reference. An
    // engine with the containerd store pushes an index (the image and its attestation): the leg's platform entry counts.
    async Task RecordDigestAsync(string reference, string? platform, string digestFile, CancellationToken cancellationToken)
    {
        using var registry = new RegistryImages(engine.Environment);
        var manifest = (platform is { Length: > 0 } && !platform.Contains(',')
                ? (await registry.DescribePlatformAsync(reference, platform, cancellationToken))?.Manifest
                : await registry.DescribeAsync(reference, cancellationToken))
            ?? throw new InvalidOperationException($"{reference} was pushed but the registry does not list it for {platform}");
        await BackendLegs.WriteAsync(digestFile, manifest.Digest, cancellationToken);
        Log.Info($"leg {reference}: {manifest.Digest} ({manifest.Platform}) recorded in {digestFile}");
    }
}
