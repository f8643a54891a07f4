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
    bool Push);

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
        var outcome = build.AllStepsCached ? BackendBuildOutcome.Cached : BackendBuildOutcome.Built;
        Log.Info($"backend {spec.ImageTag}: {outcome}");
        return new BackendBuildResult(outcome, spec.ImageTag, stopwatch.Elapsed, pushed);
    }
}
