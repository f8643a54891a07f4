using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Strata.Engine;

namespace Strata.Images;

/// <summary>What a registry holds under a reference: the image's labels and the platforms it provides.</summary>
public sealed record RemoteImage(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> Platforms);

/// <summary>
/// Reads an image's labels and platforms through the registry API (manifest, then config blob), so checking whether
/// a base is up to date costs two small requests instead of pulling hundreds of megabytes.
/// </summary>
public sealed partial class RegistryImages(DockerEnvironment environment, HttpMessageHandler? handler = null) : IDisposable
{
    const string DockerHubApiHost = "registry-1.docker.io";

    static readonly string[] ManifestMediaTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    // As in DockerEngine: the native build hands every registry target to the managed build, and testing the feature
    // switch here keeps the HTTP stack out of its image.
    readonly HttpClient http = System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported
        ? new(handler ?? new HttpClientHandler(), disposeHandler: handler is null) { Timeout = TimeSpan.FromSeconds(30) }
        : throw new NotSupportedException("the registry client runs only in the managed build");

    /// <summary>Null when the reference is absent or the registry cannot be read; the caller then falls back to a pull.</summary>
    public async Task<RemoteImage?> InspectAsync(string reference, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadAsync(ImageReference.Parse(reference), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            // Whatever the registry answered that we did not expect (missing fields, wrong types, odd schemes) means
            // "unknown": the caller falls back to the pull path instead of failing the build.
            Log.Verbose($"{reference}: registry not readable ({e.GetType().Name}: {e.Message})");
            return null;
        }
    }

    async Task<RemoteImage?> ReadAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var host = image.Registry == ImageReference.DockerHub ? DockerHubApiHost : image.Registry;
        var repository = RepositoryPath(image);
        var scheme = IsLoopback(host) ? "http" : "https";
        var session = new Session(http, host, RegistryCredentials.For(image.Registry, environment));
        var manifestUri = $"{scheme}://{host}/v2/{repository}/manifests/";

        using var manifest = await session.GetJsonAsync(manifestUri + (image.Digest ?? image.Tag ?? "latest"), ManifestMediaTypes, cancellationToken);
        if (manifest is null)
            return null;
        if (manifest.RootElement.TryGetProperty("manifests", out var entries))
        {
            if (entries.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException("an index whose manifests is not a list");
            var images = entries.EnumerateArray()
                .Where(entry => entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("platform", out var platform)
                                && PlatformOf(platform) is { } named && !named.StartsWith("unknown/", StringComparison.Ordinal))
                .ToList();
            if (images.Count == 0)
                return null;
            var platforms = images.Select(entry => PlatformOf(entry.GetProperty("platform"))!).ToList();
            var digest = StringProperty(images[0], "digest") ?? throw new InvalidDataException("an index entry without a digest");
            using var first = await session.GetJsonAsync(manifestUri + digest, ManifestMediaTypes, cancellationToken)
                ?? throw new InvalidDataException("an index names a manifest the registry does not have");
            var (labels, _) = await ReadConfigAsync(session, scheme, host, repository, first, cancellationToken);
            return new RemoteImage(labels, platforms);
        }
        var (singleLabels, singlePlatform) = await ReadConfigAsync(session, scheme, host, repository, manifest, cancellationToken);
        return new RemoteImage(singleLabels, [singlePlatform]);
    }

    static async Task<(IReadOnlyDictionary<string, string> Labels, string Platform)> ReadConfigAsync(
        Session session, string scheme, string host, string repository, JsonDocument manifest, CancellationToken cancellationToken)
    {
        var digest = manifest.RootElement is { ValueKind: JsonValueKind.Object } root0 && root0.TryGetProperty("config", out var configReference)
            ? StringProperty(configReference, "digest")
            : null;
        if (digest is null)
            throw new InvalidDataException("a manifest without config.digest");
        using var config = await session.GetJsonAsync($"{scheme}://{host}/v2/{repository}/blobs/{digest}", ["*/*"], cancellationToken)
            ?? throw new InvalidDataException($"the registry has the manifest but not its config blob {digest}");
        var root = config.RootElement;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("config", out var imageConfig) && imageConfig.TryGetProperty("Labels", out var labelObject)
            && labelObject.ValueKind == JsonValueKind.Object)
            foreach (var label in labelObject.EnumerateObject())
                if (label.Value.ValueKind == JsonValueKind.String)
                    labels[label.Name] = label.Value.GetString()!;
        return (labels, PlatformOf(root) ?? throw new InvalidDataException("an image config without os/architecture"));
    }

    /// <summary><c>os/architecture</c>, or null when either is missing or not a string.</summary>
    static string? PlatformOf(JsonElement element) =>
        StringProperty(element, "os") is { } os && StringProperty(element, "architecture") is { } architecture ? $"{os}/{architecture}" : null;

    static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    static string RepositoryPath(ImageReference image)
    {
        var path = image.Registry == ImageReference.DockerHub ? image.Repository : image.Repository[(image.Registry.Length + 1)..];
        return image.Registry == ImageReference.DockerHub && !path.Contains('/') ? "library/" + path : path;
    }

    // The engine treats loopback registries as insecure by default; the API is then spoken over plain HTTP too.
    internal static bool IsLoopback(string host)
    {
        var name = host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
        return name == "localhost" || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }

    public void Dispose() => http.Dispose();

    /// <summary>One reference's requests, answering the registry's authentication challenge (Basic or Bearer token) once.</summary>
    sealed class Session(HttpClient http, string registryHost, RegistryCredential? credential)
    {
        AuthenticationHeaderValue? authorization;

        public async Task<JsonDocument?> GetJsonAsync(string uri, IReadOnlyList<string> accept, CancellationToken cancellationToken)
        {
            using var response = await SendAsync(HttpMethod.Get, uri, accept, null, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return null;
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new HttpRequestException($"{uri}: the registry refused {(credential is null ? "anonymous access" : "our credentials")}");
            response.EnsureSuccessStatusCode();
            return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        }

        /// <param name="content">Makes the request body; called again when the request is repeated after the challenge.</param>
        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string uri, IReadOnlyList<string> accept, Func<HttpContent>? content,
            CancellationToken cancellationToken)
        {
            var response = await http.SendAsync(Request(method, uri, accept, content), cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized || authorization is not null)
                return response;
            var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
            response.Dispose();
            authorization = challenge?.Scheme.ToLowerInvariant() switch
            {
                "basic" when credential is not null => Basic(credential),
                "bearer" => await TokenAsync(challenge.Parameter ?? "", cancellationToken),
                _ => null,
            };
            return await http.SendAsync(Request(method, uri, accept, content), cancellationToken);
        }

        HttpRequestMessage Request(HttpMethod method, string uri, IReadOnlyList<string> accept, Func<HttpContent>? content)
        {
            var request = new HttpRequestMessage(method, uri) { Content = content?.Invoke() };
            foreach (var mediaType in accept)
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
            request.Headers.Authorization = authorization;
            return request;
        }

        async Task<AuthenticationHeaderValue?> TokenAsync(string challenge, CancellationToken cancellationToken)
        {
            var parameters = ChallengeParameter().Matches(challenge).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (!parameters.TryGetValue("realm", out var realm))
                return null;
            if (TokenRealm.Problem(realm, registryHost) is { } problem)
            {
                Log.Warning($"{registryHost}: not asking for a token at {Printable(realm)}: {problem}");
                return null;
            }
            var query = string.Join("&", parameters.Where(p => p.Key is "service" or "scope").Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
            var request = new HttpRequestMessage(HttpMethod.Get, query.Length > 0 ? $"{realm}?{query}" : realm);
            if (credential is not null)
                request.Headers.Authorization = Basic(credential);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return null;
            using var token = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var value = token.RootElement.TryGetProperty("token", out var t) ? t.GetString()
                : token.RootElement.TryGetProperty("access_token", out var a) ? a.GetString() : null;
            return value is null ? null : new AuthenticationHeaderValue("Bearer", value);
        }

        static AuthenticationHeaderValue Basic(RegistryCredential credential) =>
            new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
    }

    static string Printable(string value) => Strata.Matrix.Printable.Quote(value);

    private static Regex ChallengeParameter() => challengeParameter ??= new(@"(\w+)=""([^""]*)""");
    static Regex? challengeParameter;
}
