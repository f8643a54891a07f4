using System.Diagnostics;
using Strata.Engine;

namespace Strata.Images;

/// <summary>Where a publishing base leg goes: its staging tag, and the file its digest is recorded in for the merge.</summary>
public sealed record BaseLegOutput(string Platform, string StagingTag, string DigestFile);

/// <summary>
/// One platform of a multi-platform base, as the leg job of a push builds it: up to date when the merged base (or the
/// leg's staging tag) already has that platform with the same inputs hash, read through the registry API without a
/// pull; otherwise built for that platform alone and pushed to the staging tag. Either way the digest of that
/// platform's manifest is recorded for the merge, which alone writes <c>base-image-&lt;stem&gt;</c>.
/// </summary>
public sealed class BaseLegBuild(DockerEngine engine, IBuildDriver driver, RegistryImages registry)
{
    public async Task<BaseBuildResult> RunAsync(BaseBuildSpec spec, BaseLegOutput leg, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var hash = spec.ComputeInputsHash();
        Log.Info($"base {spec.Stem} leg {leg.Platform}: inputs hash {hash}");

        if (!spec.Force)
            foreach (var reference in new[] { spec.MasterImageTag ?? spec.ImageTag, leg.StagingTag })
                if (await registry.DescribePlatformAsync(reference, leg.Platform, cancellationToken) is { } found
                    && found.Labels.GetValueOrDefault(ImageLabels.InputsHash) == hash)
                {
                    await RecordAsync(found.Manifest, $"{leg.Platform} of {reference}");
                    return new BaseBuildResult(BaseBuildOutcome.UpToDate, reference, hash, stopwatch.Elapsed, Pushed: true);
                }

        var pushesFromBuilder = RegistryPublisher.PushesFromBuilder(driver, true, leg.Platform);
        var build = await driver.BuildAsync(
            spec.BuildRequest(hash, leg.StagingTag, leg.Platform, writeCache: true, pushesFromBuilder, engine.Environment.Network), cancellationToken);
        if (!pushesFromBuilder && !await RegistryPublisher.PushAsync(engine, leg.StagingTag, cancellationToken))
            throw new InvalidOperationException($"base leg {leg.StagingTag}: the registry refused the push, so the merge has no digest to join");
        // Read back through the registry API: the digest of what the registry holds is what the merge must reference.
        // An engine with the containerd store pushes an index (the image and its attestation): the platform's entry counts.
        var pushed = await registry.DescribePlatformAsync(leg.StagingTag, leg.Platform, cancellationToken)
            ?? throw new InvalidOperationException($"{leg.StagingTag} was pushed but the registry lists no {leg.Platform} image under it");
        await RecordAsync(pushed.Manifest, $"pushed to {leg.StagingTag}");
        var outcome = build.AllStepsCached ? BaseBuildOutcome.Cached : BaseBuildOutcome.Built;
        Log.Info($"base {leg.StagingTag}: {outcome}");
        return new BaseBuildResult(outcome, leg.StagingTag, hash, stopwatch.Elapsed, Pushed: true);

        async Task RecordAsync(ManifestDescriptor manifest, string source)
        {
            await BackendLegs.WriteAsync(leg.DigestFile, manifest.Digest, cancellationToken);
            Log.Info($"base leg {spec.Stem} {leg.Platform}: {manifest.Digest} ({source}) recorded in {leg.DigestFile}");
        }
    }
}
