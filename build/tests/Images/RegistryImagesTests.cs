using System.Net;
using System.Text;
using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>The registry API conversation, against a scripted registry: token challenge, index, config blob.</summary>
public class RegistryImagesTests
{
    sealed class ScriptedRegistry(bool grantToken = true) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!.ToString();
            Requests.Add($"{uri} {request.Headers.Authorization}");
            if (uri.StartsWith("https://registry.example/token", StringComparison.Ordinal))
                return Task.FromResult(grantToken ? Json("""{"token":"t0k"}""") : new HttpResponseMessage(HttpStatusCode.Forbidden));
            if (request.Headers.Authorization?.ToString() != "Bearer t0k")
            {
                var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                challenge.Headers.WwwAuthenticate.ParseAdd("""Bearer realm="https://registry.example/token",service="registry.example",scope="repository:team/bases:pull" """.Trim());
                return Task.FromResult(challenge);
            }
            return Task.FromResult(uri switch
            {
                "https://registry.example/v2/team/bases/manifests/base-image-python" => Json("""
                    {"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                      {"digest":"sha256:amd","platform":{"os":"linux","architecture":"amd64"}},
                      {"digest":"sha256:arm","platform":{"os":"linux","architecture":"arm64"}},
                      {"digest":"sha256:att","platform":{"os":"unknown","architecture":"unknown"}}]}
                    """),
                "https://registry.example/v2/team/bases/manifests/sha256:amd" => Json("""{"config":{"digest":"sha256:cfg"}}"""),
                "https://registry.example/v2/team/bases/blobs/sha256:cfg" => Json("""
                    {"os":"linux","architecture":"amd64","config":{"Labels":{"strata.inputs-hash":"abc","strata.lang":"python"}}}
                    """),
                _ => new HttpResponseMessage(HttpStatusCode.NotFound),
            });
        }

        static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    static readonly DockerEnvironment Anonymous = new() { ConfigDirectory = "/nonexistent" };

    [Fact]
    public async Task Reads_labels_and_platforms_of_a_multi_platform_image_through_a_token_challenge()
    {
        var registry = new ScriptedRegistry();
        using var images = new RegistryImages(Anonymous, registry);

        var image = await images.InspectAsync("registry.example/team/bases:base-image-python");

        Assert.NotNull(image);
        Assert.Equal("abc", image.Labels["strata.inputs-hash"]);
        Assert.Equal(["linux/amd64", "linux/arm64"], image.Platforms);
        Assert.Contains(registry.Requests, request => request.StartsWith("https://registry.example/token?service=registry.example&scope=repository%3Ateam%2Fbases%3Apull", StringComparison.Ordinal));
        Assert.DoesNotContain(registry.Requests, request => request.Contains("sha256:arm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_absent_tag_or_a_refused_token_reads_as_unknown()
    {
        using var images = new RegistryImages(Anonymous, new ScriptedRegistry());
        using var refused = new RegistryImages(Anonymous, new ScriptedRegistry(grantToken: false));

        Assert.Null(await images.InspectAsync("registry.example/team/bases:nosuch"));
        Assert.Null(await refused.InspectAsync("registry.example/team/bases:base-image-python"));
    }

    [Fact]
    public async Task Credentials_from_the_environment_go_to_the_token_service()
    {
        var registry = new ScriptedRegistry();
        using var images = new RegistryImages(Anonymous with { RegistryUsername = "bot", RegistryPassword = "s3cret", RegistryHost = "registry.example" }, registry);

        await images.InspectAsync("registry.example/team/bases:base-image-python");

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("bot:s3cret"));
        Assert.Contains(registry.Requests, request => request.StartsWith("https://registry.example/token", StringComparison.Ordinal) && request.EndsWith($"Basic {basic}", StringComparison.Ordinal));
    }
}
