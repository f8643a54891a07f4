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
        if (await FetchAsync(session, manifestUri, image, cancellationToken) is not { } fetched)
            return null;
        var (body, sentMediaType) = fetched;
        var digest = DigestOf(body);
        if (image.Digest is { } expected && expected != digest)
            throw new InvalidDataException($"{reference}: the registry returned a manifest whose digest is {digest}");
        using var manifest = JsonDocument.Parse(body);
        if (manifest.RootElement.TryGetProperty("manifests", out _))
            throw new InvalidDataException($"{reference} is an index, not one platform's image");
        var host = image.Registry == ImageReference.DockerHub ? DockerHubApiHost : image.Registry;
        var (_, platform) = await ReadConfigAsync(session, IsLoopback(host) ? "http" : "https", host, RepositoryPath(image), manifest, cancellationToken);
        return new ManifestDescriptor(MediaTypeOf(reference, sentMediaType, manifest), digest, body.LongLength, platform);
    }

    /// <summary>
    /// The manifest of <paramref name="platform"/> under <paramref name="reference"/>, whether that is an index (its
    /// entry for the platform) or one image of that platform; null when the registry has neither.
    /// </summary>
    public async Task<PlatformImage?> DescribePlatformAsync(string reference, string platform, CancellationToken cancellationToken = default)
    {
        var (session, manifestUri, image) = Open(reference);
        if (await FetchAsync(session, manifestUri, image, cancellationToken) is not { } fetched)
            return null;
        var (body, sentMediaType) = fetched;
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
        return new PlatformImage(new ManifestDescriptor(MediaTypeOf(reference, sentMediaType, manifest), DigestOf(body), body.LongLength, actual), labels);
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
        await PutAsync(session, manifestUri, reference, body, OciIndexMediaType, "the index", cancellationToken);
    }

    /// <summary>The digest of the manifest (or index) under <paramref name="reference"/>; null when the registry has none.</summary>
    public async Task<string?> DigestAsync(string reference, CancellationToken cancellationToken = default)
    {
        var (session, manifestUri, image) = Open(reference);
        return await FetchAsync(session, manifestUri, image, cancellationToken) is { } fetched ? DigestOf(fetched.Body) : null;
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
        var (body, mediaType) = await FetchAsync(session, manifestUri, image, cancellationToken)
            ?? throw new HttpRequestException($"{source}: the registry has no such manifest", null, HttpStatusCode.NotFound);
        await PutAsync(session, manifestUri, target, body,
            mediaType ?? throw new InvalidDataException($"{source}: the registry sent the manifest without a media type"), "the re-tag", cancellationToken);
    }

    /// <summary>The manifest's bytes and the media type the registry sent; null when the registry has none.</summary>
    static async Task<(byte[] Body, string? MediaType)?> FetchAsync(Session session, string manifestUri, ImageReference image, CancellationToken cancellationToken)
    {
        using var response = await session.SendAsync(HttpMethod.Get, manifestUri + (image.Digest ?? image.Tag ?? "latest"),
            ManifestMediaTypes, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Puts <paramref name="body"/> under the tag of <paramref name="reference"/>.</summary>
    static async Task PutAsync(Session session, string manifestUri, string reference, byte[] body, string mediaType, string what, CancellationToken cancellationToken)
    {
        using var response = await session.SendAsync(HttpMethod.Put, manifestUri + (ImageReference.Parse(reference).Tag ?? "latest"), [], () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return content;
        }, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"{reference}: the registry refused {what} ({(int)response.StatusCode} {response.ReasonPhrase}: {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()})");
    }

    static string DigestOf(byte[] body) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>The media type the registry sent, else the one the manifest declares.</summary>
    static string MediaTypeOf(string reference, string? sent, JsonDocument manifest) =>
        sent
        ?? (manifest.RootElement.TryGetProperty("mediaType", out var declared) ? declared.GetString() : null)
        ?? throw new InvalidDataException($"{reference}: the manifest has no media type");

    (Session Session, string ManifestUri, ImageReference Image) Open(string reference)
    {
        var image = ImageReference.Parse(reference);
        var host = image.Registry == ImageReference.DockerHub ? DockerHubApiHost : image.Registry;
        var scheme = IsLoopback(host) ? "http" : "https";
        return (new Session(http, host, RegistryCredentials.For(image.Registry, environment)), $"{scheme}://{host}/v2/{RepositoryPath(image)}/manifests/", image);
    }
}
