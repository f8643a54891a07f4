using System.Text.Json;

namespace Strata.Tests.EndToEnd;

/// <summary>A manifest as the plain-HTTP test registry serves it: its digest, media type and body.</summary>
public sealed record RegistryManifest(string Digest, string MediaType, JsonElement Body)
{
    /// <summary>For an index: <c>os/architecture</c> of every entry except attestations (<c>unknown/unknown</c>).</summary>
    public IReadOnlyList<string> Platforms => Body.TryGetProperty("manifests", out var entries)
        ? entries.EnumerateArray()
            .Where(entry => entry.TryGetProperty("platform", out var platform) && platform.GetProperty("os").GetString() != "unknown")
            .Select(entry => $"{entry.GetProperty("platform").GetProperty("os").GetString()}/{entry.GetProperty("platform").GetProperty("architecture").GetString()}")
            .Order(StringComparer.Ordinal)
            .ToList()
        : [];

    /// <summary>For an image manifest: its config's media type (an image config, or BuildKit's cache config).</summary>
    public string? ConfigMediaType => Body.TryGetProperty("config", out var config) ? config.GetProperty("mediaType").GetString() : null;
}

/// <summary>Reads manifests and blobs straight from the test registry, independently of the code under test.</summary>
public static class RegistryApi
{
    public const string BuildKitCacheConfig = "application/vnd.buildkit.cacheconfig.v0";

    const string Accept = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, " +
                          "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The manifest under <c>registry/repository:tag</c> (or <c>@digest</c>), or null when the registry has none.</summary>
    public static async Task<RegistryManifest?> ManifestAsync(string reference)
    {
        var (registry, repository, tagOrDigest) = Split(reference);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{registry}/v2/{repository}/manifests/{tagOrDigest}");
        request.Headers.TryAddWithoutValidation("Accept", Accept);
        using var response = await Http.SendAsync(request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        var digest = response.Headers.GetValues("Docker-Content-Digest").Single();
        var mediaType = body.TryGetProperty("mediaType", out var type) ? type.GetString()! : response.Content.Headers.ContentType?.MediaType ?? "";
        return new RegistryManifest(digest, mediaType, body);
    }

    /// <summary>The labels in the image config of one platform of <paramref name="reference"/> (an index or a single image).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LabelsAsync(string reference, string platform)
    {
        var (registry, repository, _) = Split(reference);
        var manifest = await ManifestAsync(reference) ?? throw new InvalidOperationException($"{reference} is not in the registry");
        if (manifest.Body.TryGetProperty("manifests", out var entries))
        {
            var entry = entries.EnumerateArray().Single(entry => entry.TryGetProperty("platform", out var p)
                && $"{p.GetProperty("os").GetString()}/{p.GetProperty("architecture").GetString()}" == platform);
            manifest = (await ManifestAsync($"{registry}/{repository}@{entry.GetProperty("digest").GetString()}"))!;
        }
        var configDigest = manifest.Body.GetProperty("config").GetProperty("digest").GetString();
        using var config = JsonDocument.Parse(await Http.GetStringAsync($"http://{registry}/v2/{repository}/blobs/{configDigest}"));
        var root = config.RootElement;
        Assert.Equal(platform, $"{root.GetProperty("os").GetString()}/{root.GetProperty("architecture").GetString()}");
        return root.GetProperty("config").TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
            ? labels.EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? "")
            : new Dictionary<string, string>();
    }

    static (string Registry, string Repository, string TagOrDigest) Split(string reference)
    {
        var slash = reference.IndexOf('/');
        var registry = reference[..slash];
        var rest = reference[(slash + 1)..];
        var at = rest.IndexOf('@');
        if (at >= 0) return (registry, rest[..at], rest[(at + 1)..]);
        var colon = rest.LastIndexOf(':');
        return (registry, rest[..colon], rest[(colon + 1)..]);
    }
}
