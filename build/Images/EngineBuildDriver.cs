using Strata.Engine;

namespace Strata.Images;

/// <summary>
/// Builds with the engine's embedded BuildKit. Pushes go through the engine API afterwards; a cache-writing
/// build pushes its image (which carries inline cache metadata) under the cache ref, and a failed cache push
/// only warns, like buildx's <c>ignore-error=true</c>.
/// </summary>
public sealed class EngineBuildDriver(string cli, DockerEngine engine) : IBuildDriver
{
    public string Name => "engine";
    public string Cli => cli;

    public async Task<BuildResult> BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken = default)
    {
        var run = await CliBuild.RunAsync(cli, EngineArguments.For(request),
            engine.Environment.CliEnvironment(EngineArguments.Environment), cancellationToken);
        var result = CliBuild.ResultOf(Name, request, run);
        if (request.CacheTo is { } cacheRef && request.Tags.Count > 0)
            await ExportCacheAsync(request.Tags[0], cacheRef, cancellationToken);
        if (request.Push)
            foreach (var tag in request.Tags)
                await engine.PushAsync(tag, cancellationToken);
        return result;
    }

    async Task ExportCacheAsync(string image, string cacheRef, CancellationToken cancellationToken)
    {
        try
        {
            await engine.TagAsync(image, cacheRef, cancellationToken);
            await engine.PushAsync(cacheRef, cancellationToken);
        }
        catch (RegistryException e)
        {
            Log.Warning($"cache export to {cacheRef} failed, the build itself succeeded: {e.Message}");
        }
    }
}
