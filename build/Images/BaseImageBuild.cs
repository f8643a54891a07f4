using System.Diagnostics;
using Strata.Engine;

namespace Strata.Images;

/// <summary>
/// Builds one base image unless an image with the same inputs hash already exists (locally, at its registry
/// tag, or — on a pull request — at the master tag, which is then re-tagged instead of rebuilt).
/// </summary>
public sealed class BaseImageBuild(DockerEngine engine, IBuildDriver driver)
{
    public async Task<BaseBuildResult> RunAsync(BaseBuildSpec spec, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var hash = InputsHash.Compute(spec.RecipePath, spec.ContextDir, HashedArgs(spec), spec.RefreshWindow);
        Log.Info($"base {spec.Stem}: inputs hash {hash}");

        if (!spec.Force)
        {
            if (await engine.GetInputsHashAsync(spec.ImageTag, cancellationToken) == hash)
                return await FinishAsync(BaseBuildOutcome.UpToDate, "present locally", stopwatch, cancellationToken);
            if (await engine.PullAsync(spec.ImageTag, cancellationToken) && await engine.GetInputsHashAsync(spec.ImageTag, cancellationToken) == hash)
                return await FinishAsync(BaseBuildOutcome.UpToDate, "pulled from its registry tag", stopwatch, cancellationToken, pushNeeded: false);
            if (spec.IsPullRequest && spec.MasterImageTag is { } master && master != spec.ImageTag
                && await engine.PullAsync(master, cancellationToken) && await engine.GetInputsHashAsync(master, cancellationToken) == hash)
            {
                await engine.TagAsync(master, spec.ImageTag, cancellationToken);
                return await FinishAsync(BaseBuildOutcome.Retagged, $"inputs unchanged from {master}", stopwatch, cancellationToken);
            }
        }

        var build = await driver.BuildAsync(new ImageBuildRequest
        {
            Dockerfile = spec.RecipePath,
            ContextDir = spec.ContextDir,
            Tags = [spec.ImageTag],
            BuildArgs = [.. spec.BuildArgs, new("TAG_STEM", spec.Stem), new("INPUTS_HASH", hash)],
            Labels = [new(ImageLabels.InputsHash, hash), new(ImageLabels.Lang, spec.Lang), new(ImageLabels.Stem, spec.Stem)],
            Platform = spec.Platform,
            CacheFrom = [spec.CacheRef],
            CacheTo = spec.IsPullRequest ? null : spec.CacheRef,
            Network = engine.Environment.Network,
            Push = RegistryPublisher.PushesFromBuilder(driver, spec.Push, spec.Platform),
        }, cancellationToken);
        var outcome = build.AllStepsCached ? BaseBuildOutcome.Cached : BaseBuildOutcome.Built;
        return await FinishAsync(outcome, build.AllStepsCached ? "every step cached" : "built", stopwatch, cancellationToken,
            pushNeeded: !RegistryPublisher.PushesFromBuilder(driver, spec.Push, spec.Platform));

        async Task<BaseBuildResult> FinishAsync(BaseBuildOutcome result, string reason, Stopwatch watch, CancellationToken token, bool pushNeeded = true)
        {
            var pushed = spec.Push && (!pushNeeded || await RegistryPublisher.PushAsync(engine, spec.ImageTag, token));
            Log.Info($"base {spec.ImageTag}: {result} ({reason})");
            return new BaseBuildResult(result, spec.ImageTag, hash, watch.Elapsed, pushed);
        }
    }

    // The platform is not a build arg, but an arm64 base must not pass for an amd64 one under the shared tag;
    // no real build arg can start with "--".
    static IEnumerable<KeyValuePair<string, string>> HashedArgs(BaseBuildSpec spec) =>
        spec.Platform is { } platform ? [.. spec.BuildArgs, new("--platform", platform)] : spec.BuildArgs;
}
