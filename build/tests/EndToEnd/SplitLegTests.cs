using System.Text.Json;
using Strata.Images;
using Strata.Tests.Images;

namespace Strata.Tests.EndToEnd;

/// <summary>
/// LocalAI's split rows on the real engine and registry: an amd64 leg built natively and an arm64 leg built through
/// QEMU push and record their digests, and MergeBackend publishes one OCI index per tag-suffix through the registry
/// API. A tag-suffix with a failed leg publishes nothing; the others still publish. Needs `.ci/buildx-up.sh` (QEMU
/// binfmt and the two-platform OS index in the local registry).
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait("Requires", "Docker")]
[Trait("Requires", "Buildx")]
public sealed class SplitLegTests(EndToEndEnvironment environment) : IClassFixture<EndToEndEnvironment>, IDisposable
{
    const string BuildxEnvFile = "/run/strata/buildx.env";
    readonly string root = Directory.CreateTempSubdirectory("strata-legs-").FullName;

    [Fact]
    public async Task Legs_push_digests_and_the_merge_publishes_one_index_per_tag_suffix_only_when_every_leg_succeeded()
    {
        WriteScratchRepository(TwoPlatformOsImage());
        string[] common = ["--root", root, "--matrix", "matrix.yaml", "--bases-dir", Path.Combine(environment.Script.RepositoryRoot, ".docker", "bases"),
            "--base-repo", environment.BaseRepo, "--backend-repo", environment.BackendRepo, "--push"];

        var amd64 = await environment.RunAsync(["BackendAll", "--platform", "linux/amd64", .. common]);
        var arm64 = await environment.RunAsync(["BackendAll", "--platform", "linux/arm64", "--continue", .. common]);

        Assert.True(amd64.ExitCode == 0, amd64.ToString());
        Assert.Equal("Succeeded", amd64.Row("BuildBackend[-cpu-tiny@amd64]").Status);
        Assert.Equal("Succeeded", amd64.Row("BuildBackend[-cpu-broken@amd64]").Status);
        Assert.True(arm64.ExitCode == 1, arm64.ToString());
        Assert.Equal("Succeeded", arm64.Row("BuildBackend[-cpu-tiny@arm64]").Status);
        Assert.Equal("Failed", arm64.Row("BuildBackend[-cpu-broken@arm64]").Status);
        var digests = Path.Combine(root, ".nuke", "temp", "digests");
        Assert.True(File.Exists(Path.Combine(digests, "-cpu-tiny", "amd64.digest")));
        Assert.True(File.Exists(Path.Combine(digests, "-cpu-tiny", "arm64.digest")));
        Assert.False(File.Exists(Path.Combine(digests, "-cpu-broken", "arm64.digest")));

        var merged = await environment.RunAsync(["MergeBackend", "--tag-suffix", "-cpu-tiny", "--version-tag", "v1.2.3", .. common]);
        var refused = await environment.RunAsync(["MergeBackend", "--tag-suffix", "-cpu-broken", .. common]);

        Assert.True(merged.ExitCode == 0, merged.ToString());
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("leg -cpu-broken@arm64 recorded no digest", refused.Output + refused.Error);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{environment.Registry}/v2/") };
        var repository = environment.BackendRepo[(environment.Registry.Length + 1)..];
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"{repository}/manifests/latest-cpu-broken")).StatusCode);

        using var registry = new RegistryImages(environment.Docker);
        foreach (var tag in new[] { "latest-cpu-tiny", "v1.2.3-cpu-tiny" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{repository}/manifests/{tag}");
            request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{tag}: {response.StatusCode}");
            Assert.Equal("application/vnd.oci.image.index.v1+json", response.Content.Headers.ContentType?.MediaType);
            using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var manifests = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
            Assert.Equal(["linux/amd64", "linux/arm64"], manifests.Select(manifest =>
                $"{manifest.GetProperty("platform").GetProperty("os").GetString()}/{manifest.GetProperty("platform").GetProperty("architecture").GetString()}"));
            foreach (var manifest in manifests)
            {
                var image = await registry.InspectAsync($"{environment.BackendRepo}@{manifest.GetProperty("digest").GetString()}");
                Assert.NotNull(image);
                Assert.Equal("tiny", image.Labels[ImageLabels.Backend]);
            }
        }
        Assert.Equal(File.ReadAllText(Path.Combine(digests, "-cpu-tiny", "arm64.digest")).Trim(),
            (await registry.DescribeAsync($"{environment.BackendRepo}:leg-cpu-tiny-arm64"))!.Digest);
    }

    static string TwoPlatformOsImage()
    {
        if (!File.Exists(BuildxEnvFile))
            throw new InvalidOperationException($"{BuildxEnvFile} is missing: run `sudo .ci/buildx-up.sh` (QEMU and the two-platform OS index) first");
        return DockerFixture.ReadEnvFile(BuildxEnvFile).TryGetValue("STRATA_OS_IMAGE", out var image) && image.Length > 0
            ? image
            : throw new InvalidOperationException($"{BuildxEnvFile} does not set STRATA_OS_IMAGE");
    }

    // Dockerfile.tiny has no base recipe, so its rows build straight on the two-platform OS index; Dockerfile.broken
    // fails on arm64 only, so one tag-suffix gets one good leg and one failed leg.
    void WriteScratchRepository(string osImage)
    {
        Directory.CreateDirectory(Path.Combine(root, "backend"));
        File.WriteAllText(Path.Combine(root, "backend", "Dockerfile.tiny"), """
            ARG BASE_IMAGE_PREBUILT
            FROM ${BASE_IMAGE_PREBUILT}
            ARG BACKEND
            RUN echo "$BACKEND $(uname -m)" > /backend.txt
            """);
        File.WriteAllText(Path.Combine(root, "backend", "Dockerfile.broken"), """
            ARG BASE_IMAGE_PREBUILT
            FROM ${BASE_IMAGE_PREBUILT}
            RUN test "$(uname -m)" != aarch64
            """);
        var rows = new List<string>();
        foreach (var (backend, kind) in new[] { ("tiny", "tiny"), ("broken", "broken") })
            foreach (var (platform, tag, runner) in new[] { ("linux/amd64", "amd64", "ubuntu-latest"), ("linux/arm64", "arm64", "ubuntu-24.04-arm") })
                rows.Add($"""
                      - build-type: ''
                        platforms: '{platform}'
                        platform-tag: '{tag}'
                        tag-suffix: '-cpu-{backend}'
                        runs-on: '{runner}'
                        base-image: '{osImage}'
                        backend: '{backend}'
                        dockerfile: './backend/Dockerfile.{kind}'
                        context: './'
                    """);
        File.WriteAllText(Path.Combine(root, "matrix.yaml"), "include:\n" + string.Join("\n", rows) + "\n");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
