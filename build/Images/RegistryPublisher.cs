using Strata.Engine;

namespace Strata.Images;

/// <summary>
/// Pushes a local image. Without any credentials a refused push (a fork pull request) leaves the image local
/// and warns instead of failing; an unreachable registry or rejected credentials still fail.
/// </summary>
static class RegistryPublisher
{
    // Only buildx can push a multi-platform image: the engine's image store holds one platform per tag.
    public static bool PushesFromBuilder(IBuildDriver driver, bool push, string? platform) =>
        push && driver is BuildxDriver && BuildxArguments.IsMultiPlatform(platform);

    public static async Task<bool> PushAsync(DockerEngine engine, string reference, CancellationToken cancellationToken)
    {
        try
        {
            await engine.PushAsync(reference, cancellationToken);
            return true;
        }
        catch (RegistryAuthenticationException e) when (RegistryCredentials.For(ImageReference.Parse(reference).Registry, engine.Environment) is null)
        {
            Log.Warning($"{e.Message}; continuing with the local image {reference}");
            return false;
        }
    }
}
