using Docker.DotNet;
using Docker.DotNet.Models;
using Strata.Engine;

namespace Strata.Images;

/// <summary>Engine queries and registry transfers through the Docker API (Docker.DotNet).</summary>
public sealed class DockerEngine : IDisposable
{
    public const string InputsHashLabel = "strata.inputs-hash";

    static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    readonly DockerClient _client;

    public DockerEngine(DockerEnvironment environment)
    {
        // The native build (NativeStart) hands every Docker target to the managed build; written against the feature
        // switch itself, so Native AOT leaves Docker.DotNet and its JSON out of the native image.
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
            throw new NotSupportedException("the Docker client runs only in the managed build");
        Environment = environment;
        Uri endpoint;
        try { endpoint = new Uri(environment.EffectiveHost); }
        catch (UriFormatException e) { throw EngineUnreachableException.For(environment, e); }
        _client = new DockerClientBuilder().WithEndpoint(endpoint).Build();
    }

    public DockerEnvironment Environment { get; }

    /// <summary>Checks the engine answers and returns its version, e.g. "20.10.24+dfsg1".</summary>
    public async Task<string> ConnectAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            var version = await _client.System.GetVersionAsync(timeout.Token);
            return version.Version;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not EngineUnreachableException)
        {
            throw EngineUnreachableException.For(Environment, e);
        }
    }

    /// <summary>
    /// True when the engine keeps images in containerd's content store (Docker 24+ with the containerd-snapshotter
    /// feature): its info reports <c>driver-type io.containerd.snapshotter.v1</c>.
    /// </summary>
    public async Task<bool> UsesContainerdImageStoreAsync(CancellationToken cancellationToken = default)
    {
        var info = await Guard(() => _client.System.GetSystemInfoAsync(cancellationToken), cancellationToken);
        return ContainerdImageStore.IsReportedBy(info.DriverStatus);
    }

    public async Task<bool> ImageExistsAsync(string reference, CancellationToken cancellationToken = default) =>
        await InspectAsync(reference, cancellationToken) is not null;

    /// <summary>The local image's platform as <c>os/architecture</c>, or null when the image is absent.</summary>
    public async Task<string?> GetPlatformAsync(string reference, CancellationToken cancellationToken = default) =>
        await InspectAsync(reference, cancellationToken) is { } image ? $"{image.Os}/{image.Architecture}" : null;

    /// <summary>The inputs-hash label of a local image, or null when the image or the label is absent.</summary>
    public async Task<string?> GetInputsHashAsync(string reference, CancellationToken cancellationToken = default) =>
        (await InspectAsync(reference, cancellationToken))?.Config?.Labels is { } labels && labels.TryGetValue(InputsHashLabel, out var hash)
            ? hash
            : null;

    public async Task TagAsync(string source, string target, CancellationToken cancellationToken = default)
    {
        var parsed = ImageReference.Parse(target);
        await Guard(() => _client.Images.TagImageAsync(source, new ImageTagParameters
        {
            RepositoryName = parsed.Repository,
            Tag = parsed.Tag ?? "latest",
        }, cancellationToken), cancellationToken);
    }

    /// <summary>Removes one local tag (not the layers other tags still use).</summary>
    public async Task RemoveAsync(string reference, CancellationToken cancellationToken = default)
    {
        try
        {
            await Guard(() => _client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { Force = true }, cancellationToken), cancellationToken);
        }
        catch (DockerImageNotFoundException) { }
    }

    public async Task PushAsync(string reference, CancellationToken cancellationToken = default)
    {
        var parsed = ImageReference.Parse(reference);
        var credential = RegistryCredentials.For(parsed.Registry, Environment);
        var messages = new MessageCollector();
        Log.Info($"push {reference}");
        try
        {
            await Guard(() => _client.Images.PushImageAsync(parsed.Repository, new ImagePushParameters { Tag = parsed.Tag ?? "latest" },
                Auth(parsed.Registry, credential), messages, cancellationToken), cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw RegistryFailure("push", reference, parsed.Registry, ApiMessage(e), credential, e);
        }
        if (messages.Error is { } error)
            throw RegistryFailure("push", reference, parsed.Registry, error, credential);
    }

    /// <summary>Pulls an image; false (never an exception) when it is absent or the registry is unreachable.</summary>
    public async Task<bool> PullAsync(string reference, CancellationToken cancellationToken = default)
    {
        var parsed = ImageReference.Parse(reference);
        var messages = new MessageCollector();
        try
        {
            await Guard(() => _client.Images.CreateImageAsync(new ImagesCreateParameters
            {
                FromImage = parsed.Repository,
                Tag = parsed.Digest ?? parsed.Tag ?? "latest",
            }, Auth(parsed.Registry, RegistryCredentials.For(parsed.Registry, Environment)), messages, cancellationToken), cancellationToken);
        }
        catch (DockerApiException e)
        {
            Log.Verbose($"pull {reference}: {ApiMessage(e)}");
            return false;
        }
        if (messages.Error is { } error)
        {
            Log.Verbose($"pull {reference}: {error}");
            return false;
        }
        return await ImageExistsAsync(reference, cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The engine's inspect document of a local image, or null when it is absent.</summary>
    internal async Task<ImageInspectResponse?> InspectAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await Guard(() => _client.Images.InspectImageAsync(reference, cancellationToken), cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The engine's own error text from a response body like <c>{"message":"…"}</c>.</summary>
    static string ApiMessage(DockerApiException e)
    {
        try
        {
            using var body = System.Text.Json.JsonDocument.Parse(e.ResponseBody ?? "");
            if (body.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
                return text;
        }
        catch (System.Text.Json.JsonException) { }
        return e.ResponseBody is { Length: > 0 } raw ? raw.Trim() : e.Message;
    }

    static AuthConfig Auth(string registry, RegistryCredential? credential) => credential is null
        ? new AuthConfig()
        : new AuthConfig { Username = credential.Username, Password = credential.Password, ServerAddress = registry };

    static RegistryException RegistryFailure(string operation, string reference, string registry, string detail, RegistryCredential? credential, Exception? inner = null)
    {
        var oneLine = detail.ReplaceLineEndings(" ").Trim();
        var denied = new[] { "unauthorized", "denied", "authentication required", "no basic auth credentials" }
            .Any(word => oneLine.Contains(word, StringComparison.OrdinalIgnoreCase));
        return denied
            ? new RegistryAuthenticationException(
                $"cannot {operation} {reference}: registry {registry} refused access ({oneLine}); " +
                (credential is null ? "no credentials: set REGISTRY_USERNAME/REGISTRY_PASSWORD or `docker login " + registry + "`" : "check the credentials for " + registry),
                inner)
            : new RegistryException($"cannot {operation} {reference}: registry {registry} failed or is unreachable ({oneLine})", inner);
    }

    /// <summary>Turns transport failures (no socket, connection refused) into the one-line engine error.</summary>
    async Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try { return await call(); }
        catch (Exception e) when (IsTransportFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw EngineUnreachableException.For(Environment, e);
        }
    }

    async Task Guard(Func<Task> call, CancellationToken cancellationToken) =>
        await Guard(async () => { await call(); return true; }, cancellationToken);

    static bool IsTransportFailure(Exception e) =>
        e is HttpRequestException or System.Net.Sockets.SocketException or IOException or TimeoutException
        || (e is TaskCanceledException && e.InnerException is TimeoutException);

    /// <summary>Collects progress synchronously (Progress&lt;T&gt; would post to a context and race the end of the call).</summary>
    sealed class MessageCollector : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            var error = value.Error?.Message;
            if (!string.IsNullOrEmpty(error))
                Error ??= error;
        }
    }
}
