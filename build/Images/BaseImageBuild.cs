using System.Diagnostics;
using Strata.Engine;

namespace Strata.Images;

/// <summary>
/// Builds one base image unless an image with the same inputs hash, covering the requested platforms, already exists
/// (locally, at its registry tag, or — on a pull request — at the master tag, which is then re-tagged instead of rebuilt).
/// A leg of a multi-platform base that publishes goes to <see cref="BaseLegBuild"/>.
/// </summary>
public sealed class BaseImageBuild(DockerEngine engine, IBuildDriver driver, RegistryImages? registry = null)
{
    readonly RegistryImages registryImages = registry ?? new RegistryImages(engine.Environment);

    public async Task<BaseBuildResult> RunAsync(BaseBuildSpec spec, CancellationToken cancellationToken = default)
    {
        if (spec.Leg is { } leg)
            return await new BaseLegBuild(engine, driver, registryImages).RunAsync(spec, leg, cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        var hash = spec.ComputeInputsHash();
        var platforms = spec.Platform?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        Log.Info($"base {spec.Stem}: inputs hash {hash}");

        if (!spec.Force)
        {
            if (await IsLocalAsync(spec.ImageTag))
                return await FinishAsync(BaseBuildOutcome.UpToDate, "present locally", stopwatch, cancellationToken);
            if (await IsAtRegistryAsync(spec.ImageTag))
                return await FinishAsync(BaseBuildOutcome.UpToDate, "at its registry tag", stopwatch, cancellationToken, pushNeeded: false);
            // A pushing pull request re-tags in the registry: the master tag may be an index of several platforms,
            // and an engine's image store may hold only the one it pulled.
            if (spec.IsPullRequest && spec.Push && spec.MasterImageTag is { } masterAtRegistry && masterAtRegistry != spec.ImageTag
                && await IsAtRegistryAsync(masterAtRegistry))
            {
                await registryImages.CopyTagAsync(masterAtRegistry, spec.ImageTag, cancellationToken);
                return await FinishAsync(BaseBuildOutcome.Retagged, $"inputs unchanged from {masterAtRegistry}", stopwatch, cancellationToken, pushNeeded: false);
            }
            // Without a push, re-tagging goes through the engine's image store, which holds one platform per tag: a
            // multi-platform pull request build is served by the registry cache instead.
            if (spec.IsPullRequest && spec.MasterImageTag is { } master && master != spec.ImageTag && platforms.Length <= 1
                && await IsAtRegistryAsync(master) && await engine.PullAsync(master, cancellationToken) && await IsLocalAsync(master))
            {
                await engine.TagAsync(master, spec.ImageTag, cancellationToken);
                return await FinishAsync(BaseBuildOutcome.Retagged, $"inputs unchanged from {master}", stopwatch, cancellationToken);
            }
        }

        var pushesFromBuilder = RegistryPublisher.PushesFromBuilder(driver, spec.Push, spec.Platform);
        var build = await driver.BuildAsync(
            spec.BuildRequest(hash, spec.ImageTag, spec.Platform, writeCache: !spec.IsPullRequest, pushesFromBuilder, engine.Environment.Network),
            cancellationToken);
        var outcome = build.AllStepsCached ? BaseBuildOutcome.Cached : BaseBuildOutcome.Built;
        return await FinishAsync(outcome, build.AllStepsCached ? "every step cached" : "built", stopwatch, cancellationToken,
            pushNeeded: !pushesFromBuilder);

        async Task<bool> IsLocalAsync(string reference) =>
            await engine.GetInputsHashAsync(reference, cancellationToken) == hash
            && (platforms.Length == 0 || (platforms.Length == 1 && await engine.GetPlatformAsync(reference, cancellationToken) == platforms[0]));

        // Asks the registry API for labels and platforms; when it cannot be read, a pull answers instead.
        async Task<bool> IsAtRegistryAsync(string reference)
        {
            var remote = await registryImages.InspectAsync(reference, cancellationToken);
            if (remote is not null)
                return remote.Labels.GetValueOrDefault(ImageLabels.InputsHash) == hash && platforms.All(remote.Platforms.Contains);
            return platforms.Length <= 1 && await engine.PullAsync(reference, cancellationToken) && await IsLocalAsync(reference);
        }

        async Task<BaseBuildResult> FinishAsync(BaseBuildOutcome result, string reason, Stopwatch watch, CancellationToken token, bool pushNeeded = true)
        {
            var pushed = spec.Push && (!pushNeeded || await RegistryPublisher.PushAsync(engine, spec.ImageTag, token));
            Log.Info($"base {spec.ImageTag}: {result} ({reason})");
            return new BaseBuildResult(result, spec.ImageTag, hash, watch.Elapsed, pushed);
        }
    }

}
