using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.Images;

/// <summary>One image manifest as an index lists it.</summary>
public sealed record ManifestDescriptor(string MediaType, string Digest, long Size, string Platform);

/// <summary>One platform's manifest under a reference, with the labels of its image config.</summary>
public sealed record PlatformImage(ManifestDescriptor Manifest, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// Reads one manifest's descriptor, writes an OCI image index and copies a tag, through the registry HTTP API: a merge of the legs
/// of a multi-platform image needs neither buildx nor a pull, and works against any distribution registry.
/// </summary>
public sealed partial class RegistryImages
{
    const string OciIndexMediaType = "application/vnd.oci.image.index.v1+json";

    /// <summary>The single-platform manifest under <paramref name="reference"/> (a tag or a digest); null when absent.</summary>
    public async Task<ManifestDescriptor?> DescribeAsync(string reference, CancellationToken cancellationToken = default)
    {
        var (session, manifestUri, image) = Open(reference);
        using var response = await session.SendAsync(HttpMethod.Get, manifestUri + (image.Digest ?? image.Tag ?? "latest"),
            ManifestMediaTypes, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
        if (image.Digest is { } expected && expected != digest)
            throw new InvalidDataException($"{reference}: the registry returned a manifest whose digest is {digest}");
        using var manifest = JsonDocument.Parse(body);
        if (manifest.RootElement.TryGetProperty("manifests", out _))
            throw new InvalidDataException($"{reference} is an index, not one platform's image");
        var host = image.Registry == ImageReference.DockerHub ? DockerHubApiHost : image.Registry;
        var (_, platform) = await ReadConfigAsync(session, IsLoopback(host) ? "http" : "https", host, RepositoryPath(image), manifest, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType
            ?? (manifest.RootElement.TryGetProperty("mediaType", out var declared) ? declared.GetString() : null)
            ?? throw new InvalidDataException($"{reference}: the manifest has no media type");
        return new ManifestDescriptor(mediaType, digest, body.LongLength, platform);
    }

    /// <summary>
    /// The manifest of <paramref name="platform"/> under <paramref name="reference"/>, whether that is an index (its
    /// entry for the platform) or one image of that platform; null when the registry has neither.
    /// </summary>
    public async Task<PlatformImage?> DescribePlatformAsync(string reference, string platform, CancellationToken cancellationToken = default)
    {
        var (session, manifestUri, image) = Open(reference);
        using var response = await session.SendAsync(HttpMethod.Get, manifestUri + (image.Digest ?? image.Tag ?? "latest"),
            ManifestMediaTypes, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        using var manifest = JsonDocument.Parse(body);
        if (manifest.RootElement.TryGetProperty("manifests", out var entries) && entries.ValueKind == JsonValueKind.Array)
        {
            var entry = entries.EnumerateArray().FirstOrDefault(candidate =>
                candidate.ValueKind == JsonValueKind.Object && candidate.TryGetProperty("platform", out var named) && PlatformOf(named) == platform);
            return entry.ValueKind == JsonValueKind.Object && StringProperty(entry, "digest") is { } entryDigest
                ? await DescribePlatformAsync($"{image.Repository}@{entryDigest}", platform, cancellationToken)
                : null;
        }
        var host = image.Registry == ImageReference.DockerHub ? DockerHubApiHost : image.Registry;
        var (labels, actual) = await ReadConfigAsync(session, IsLoopback(host) ? "http" : "https", host, RepositoryPath(image), manifest, cancellationToken);
        if (actual != platform)
            return null;
        var mediaType = response.Content.Headers.ContentType?.MediaType
            ?? (manifest.RootElement.TryGetProperty("mediaType", out var declared) ? declared.GetString() : null)
            ?? throw new InvalidDataException($"{reference}: the manifest has no media type");
        return new PlatformImage(new ManifestDescriptor(mediaType, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body)), body.LongLength, actual), labels);
    }

    /// <summary>Writes one OCI image index listing <paramref name="manifests"/> under the tag of <paramref name="reference"/>.</summary>
    public async Task PutIndexAsync(string reference, IReadOnlyList<ManifestDescriptor> manifests, CancellationToken cancellationToken = default)
    {
        var (session, manifestUri, image) = Open(reference);
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciIndexMediaType,
            ["manifests"] = new JsonArray([.. manifests.Select(manifest => (JsonNode)new JsonObject
            {
                ["mediaType"] = manifest.MediaType,
                ["digest"] = manifest.Digest,
                ["size"] = manifest.Size,
                ["platform"] = new JsonObject
                {
                    ["architecture"] = manifest.Platform[(manifest.Platform.IndexOf('/') + 1)..],
                    ["os"] = manifest.Platform[..manifest.Platform.IndexOf('/')],
                },
            })]),
        };
        var body = System.Text.Encoding.UTF8.GetBytes(index.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        using var response = await session.SendAsync(HttpMethod.Put, manifestUri + (image.Tag ?? "latest"), [], () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(OciIndexMediaType);
            return content;
        }, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"{reference}: the registry refused the index ({(int)response.StatusCode} {response.ReasonPhrase}: {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()})");
    }

    /// <summary>The digest of the manifest (or index) under <paramref name="reference"/>; null when the registry has none.</summary>
    public async Task<string?> DigestAsync(string reference, CancellationToken cancellationToken = default)
    {
        var (session, manifestUri, image) = Open(reference);
        using var response = await session.SendAsync(HttpMethod.Get, manifestUri + (image.Digest ?? image.Tag ?? "latest"),
            ManifestMediaTypes, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(await response.Content.ReadAsByteArrayAsync(cancellationToken)));
    }

    /// <summary>
    /// Puts the manifest (or index) under <paramref name="source"/> under the tag of <paramref name="target"/> in the same
    /// repository, byte for byte: a re-tag that needs no pull, so it keeps every platform of an index even where the
    /// local image store holds only one.
    /// </summary>
    public async Task CopyTagAsync(string source, string target, CancellationToken cancellationToken = default)
    {
        var (session, manifestUri, image) = Open(source);
        var destination = ImageReference.Parse(target);
        if (destination.Registry != image.Registry || destination.Repository != image.Repository)
            throw new ArgumentException($"{target}: a registry re-tag stays in the repository of {source}");
        using var response = await session.SendAsync(HttpMethod.Get, manifestUri + (image.Digest ?? image.Tag ?? "latest"),
            ManifestMediaTypes, null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType
            ?? throw new InvalidDataException($"{source}: the registry sent the manifest without a media type");
        using var put = await session.SendAsync(HttpMethod.Put, manifestUri + (destination.Tag ?? "latest"), [], () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return content;
        }, cancellationToken);
        if (!put.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"{target}: the registry refused the re-tag ({(int)put.StatusCode} {put.ReasonPhrase}: {(await put.Content.ReadAsStringAsync(cancellationToken)).Trim()})");
    }

    (Session Session, string ManifestUri, ImageReference Image) Open(string reference)
    {
        var image = ImageReference.Parse(reference);
        var host = image.Registry == ImageReference.DockerHub ? DockerHubApiHost : image.Registry;
        var scheme = IsLoopback(host) ? "http" : "https";
        return (new Session(http, host, RegistryCredentials.For(image.Registry, environment)), $"{scheme}://{host}/v2/{RepositoryPath(image)}/manifests/", image);
    }
}
