using Docker.DotNet.Models;
using Strata.Images;

namespace Strata.Tests;

/// <summary>What tests read of a local image; production needs only the inputs hash and the platform.</summary>
static class DockerEngineProbes
{
    public static async Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(this DockerEngine engine, string reference) =>
        (await RequireAsync(engine, reference)).Config?.Labels is { } labels
            ? new Dictionary<string, string>(labels)
            : new Dictionary<string, string>();

    /// <summary>The image's RootFS layer digests (diff IDs), base layers first.</summary>
    public static async Task<IReadOnlyList<string>> GetLayerDigestsAsync(this DockerEngine engine, string reference) =>
        (await RequireAsync(engine, reference)).RootFS?.Layers?.ToList() ?? [];

    public static async Task<IReadOnlyList<string>> GetRepoDigestsAsync(this DockerEngine engine, string reference) =>
        (await RequireAsync(engine, reference)).RepoDigests?.ToList() ?? [];

    static async Task<ImageInspectResponse> RequireAsync(DockerEngine engine, string reference) =>
        await engine.InspectAsync(reference, CancellationToken.None)
        ?? throw new InvalidOperationException($"image '{reference}' is not present in the engine at DOCKER_HOST={engine.Environment.EffectiveHost}");
}
