using System.Net;
using System.Text;
using Strata.Images;

namespace Strata.Tests.Hardening;

/// <summary>Issue #14 items 1 and 13: credentials stay with their registry; whatever a registry answers, the check falls back.</summary>
public class RegistryHardeningTests
{
    /// <summary>A registry that answers with a scripted challenge and scripted documents, recording every request.</summary>
    sealed class Registry(string challenge, Dictionary<string, string> documents) : HttpMessageHandler
    {
        public List<(string Uri, string? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!.ToString();
            Requests.Add((uri, request.Headers.Authorization?.ToString()));
            if (uri.Contains("/token", StringComparison.Ordinal))
                return Task.FromResult(Json("""{"token":"t0k"}"""));
            if (request.Headers.Authorization is null)
            {
                var unauthorized = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                unauthorized.Headers.WwwAuthenticate.ParseAdd(challenge);
                return Task.FromResult(unauthorized);
            }
            return Task.FromResult(documents.TryGetValue(uri, out var body) ? Json(body) : new HttpResponseMessage(HttpStatusCode.NotFound));
        }

        static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    static readonly DockerEnvironment WithCredentials = new()
    {
        ConfigDirectory = "/nonexistent",
        RegistryUsername = "bot",
        RegistryPassword = "s3cret",
        RegistryHost = "ghcr.io",
    };

    static readonly string Basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bot:s3cret"));

    [Fact]
    public void Environment_credentials_belong_to_their_registry_host_only()
    {
        Assert.Equal("bot", RegistryCredentials.For("ghcr.io", WithCredentials)?.Username);
        Assert.Null(RegistryCredentials.For("evil.example", WithCredentials));
        Assert.Null(RegistryCredentials.For("127.0.0.1:5000", WithCredentials));
        Assert.Null(RegistryCredentials.For("ghcr.io", WithCredentials with { RegistryHost = null }));
    }

    [Fact]
    public async Task A_basic_challenge_from_another_host_gets_no_credentials()
    {
        var registry = new Registry("Basic realm=\"x\"", []);
        using var images = new RegistryImages(WithCredentials, registry);

        Assert.Null(await images.InspectAsync("evil.example/team/bases:tag"));

        Assert.DoesNotContain(registry.Requests, request => request.Authorization == Basic);
    }

    [Theory]
    [InlineData("127.0.0.1:5000", "http://evil.example/token", "must be https")]
    [InlineData("ghcr.io", "http://ghcr.io/token", "must be https")]
    [InlineData("ghcr.io", "https://evil.example/token", "neither ghcr.io nor under its parent domain")]
    [InlineData("ghcr.io", "file:///etc/passwd", "must be https")]
    [InlineData("ghcr.io", "ftp://ghcr.io/token", "must be https")]
    public async Task A_token_realm_that_is_not_https_on_an_allowed_host_is_never_contacted(string host, string realm, string problem)
    {
        var registry = new Registry($"Bearer realm=\"{realm}\",service=\"s\"", []);
        using var images = new RegistryImages(WithCredentials with { RegistryHost = host }, registry);

        Assert.Null(await images.InspectAsync($"{host}/team/bases:tag"));

        Assert.DoesNotContain(registry.Requests, request => request.Uri.StartsWith(realm, StringComparison.Ordinal));
        Assert.DoesNotContain(registry.Requests, request => request.Authorization == Basic);
        Assert.Contains(problem, TokenRealm.Problem(realm, host));
    }

    [Theory]
    [InlineData("registry-1.docker.io", "https://auth.docker.io/token")]
    [InlineData("ghcr.io", "https://ghcr.io/token")]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5001/token")]
    public void Token_realms_of_real_registries_are_allowed(string host, string realm) =>
        Assert.Null(TokenRealm.Problem(realm, host));

    [Theory]
    [InlineData("""{"manifests":[{"digest":"sha256:a","platform":{"architecture":"amd64"}}]}""")]
    [InlineData("""{"manifests":[{"platform":{"os":"linux","architecture":"amd64"}}]}""")]
    [InlineData("""{"manifests":{"not":"a list"}}""")]
    [InlineData("""{"manifests":[{"digest":"sha256:a","platform":{"os":"linux","architecture":"amd64"}}]}""")]
    [InlineData("""{"schemaVersion":2}""")]
    [InlineData("""{"config":{"digest":7}}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"config":{"digest":"sha256:c"}}""")]
    public async Task An_unexpected_registry_document_reads_as_unknown(string manifest)
    {
        var registry = new Registry("Bearer realm=\"https://ghcr.io/token\"", new()
        {
            ["https://ghcr.io/v2/team/bases/manifests/tag"] = manifest,
            ["https://ghcr.io/v2/team/bases/manifests/sha256:a"] = """{"layers":[]}""",
            ["https://ghcr.io/v2/team/bases/blobs/sha256:c"] = """{"config":{"Labels":{"a":1}}}""",
        });
        using var images = new RegistryImages(WithCredentials, registry);

        Assert.Null(await images.InspectAsync("ghcr.io/team/bases:tag"));
    }
}
