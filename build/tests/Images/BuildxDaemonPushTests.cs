using System.Net;
using System.Security.Cryptography;
using System.Text;
using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>
/// buildx 0.13's second push through the engine (docker driver, containerd image store): its failure alone does not
/// fail the build, and the tag ends at the digest BuildKit pushed.
/// </summary>
public class BuildxDaemonPushTests
{
    const string Tag = "127.0.0.1:5999/team/ci-cache:base-image-shell";

    static readonly byte[] Index = Encoding.UTF8.GetBytes("""{"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""");
    static readonly byte[] OnePlatform = Encoding.UTF8.GetBytes("""{"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""");
    static readonly string IndexDigest = Digest(Index);

    /// <summary>The output of the CI run that failed this way (trimmed), with this test's digest.</summary>
    static string[] DaemonPushFailure(string digest) =>
    [
        "#10 [linux/arm64 3/3] RUN printf 'about' > /opt/strata/about",
        "#10 DONE 0.1s",
        "#12 exporting to image",
        $"#12 exporting manifest list {digest} done",
        $"#12 naming to {Tag} done",
        $"#12 pushing manifest for {Tag}@{digest}",
        $"#12 pushing manifest for {Tag}@{digest} 0.0s done",
        "#12 DONE 0.3s",
        $"#14 pushing {Tag} with docker",
        "#14 pushing layer 84304e316da7 done",
        $"#14 ERROR: unexpected status from HEAD request to http://127.0.0.1:5999/v2/team/ci-cache/manifests/base-image-shell: 500 Internal Server Error",
        "------",
        $"ERROR: unexpected status from HEAD request to http://127.0.0.1:5999/v2/team/ci-cache/manifests/base-image-shell: 500 Internal Server Error",
    ];

    [Fact]
    public void The_tracker_reads_the_digest_BuildKit_pushed_and_that_only_the_engine_push_failed_after_it()
    {
        var tracker = Observe(DaemonPushFailure(IndexDigest));

        Assert.Equal(IndexDigest, tracker.PushedDigest(Tag));
        Assert.Null(tracker.PushedDigest("127.0.0.1:5999/team/ci-cache:other"));
        Assert.True(tracker.OnlyStepsAfterTheImageFailed);
    }

    [Fact]
    public void A_failed_recipe_step_is_a_failed_build_even_when_the_engine_push_failed_too()
    {
        var tracker = Observe(["#8 [2/3] RUN make", "#8 ERROR: process \"make\" exited 2", .. DaemonPushFailure(IndexDigest)]);
        Assert.False(tracker.OnlyStepsAfterTheImageFailed);

        Assert.False(Observe(["#8 [2/3] RUN make", "#8 DONE 1.0s"]).OnlyStepsAfterTheImageFailed);
    }

    [Fact]
    public async Task After_the_engine_push_failed_the_build_succeeds_and_the_tag_is_set_back_to_BuildKit_s_digest()
    {
        // The engine's pusher left the tag on one platform's manifest before the registry read failed.
        var registry = new InMemoryRegistry();
        registry.Put("team/ci-cache", IndexDigest, Index);
        registry.Put("team/ci-cache", "base-image-shell", OnePlatform);
        using var images = new RegistryImages(new DockerEnvironment { ConfigDirectory = "/nonexistent" }, registry);
        using var cli = FakeCli.Printing(DaemonPushFailure(IndexDigest), exitCode: 1);

        var result = await new BuildxDriver(cli.Path, new DockerEnvironment(), dockerBuilder: true, images).BuildAsync(Request());

        Assert.Equal([Tag], result.Tags);
        Assert.Equal(IndexDigest, Digest(registry.Get("team/ci-cache", "base-image-shell")!));
        Assert.Contains("PUT /v2/team/ci-cache/manifests/base-image-shell", registry.Requests);
    }

    /// <summary>The output of a cold build whose cache export failed after the push (dockerd 26.1, moby/buildkit#5999).</summary>
    static string[] CacheExportFailure(string digest) =>
    [
        .. DaemonPushFailure(digest).Take(8),
        "#13 exporting cache to registry",
        "#13 preparing build cache for export done",
        "#13 ERROR: not found",
        "------",
        " > exporting cache to registry:",
        "------",
        "ERROR: failed to solve: not found",
    ];

    /// <summary>The first build of a cache ref: its import fails (the ref is not there yet) and BuildKit carries on.</summary>
    [Fact]
    public void A_failed_cache_import_does_not_count_as_a_failed_step_before_the_image()
    {
        string[] firstImport =
        [
            $"#6 importing cache manifest from {Tag}-cache",
            $"#6 ERROR: failed to configure registry cache importer: {Tag}-cache: not found",
        ];
        Assert.True(Observe([.. firstImport, .. CacheExportFailure(IndexDigest)]).OnlyStepsAfterTheImageFailed);
        Assert.False(Observe([.. firstImport, "#8 [2/3] RUN make", "#8 ERROR: process \"make\" exited 2", .. CacheExportFailure(IndexDigest)])
            .OnlyStepsAfterTheImageFailed);
    }

    [Fact]
    public async Task A_cache_export_that_fails_after_the_push_leaves_the_build_succeeded()
    {
        var registry = new InMemoryRegistry();
        registry.Put("team/ci-cache", "base-image-shell", Index);
        using var images = new RegistryImages(new DockerEnvironment { ConfigDirectory = "/nonexistent" }, registry);
        using var cli = FakeCli.Printing(CacheExportFailure(IndexDigest), exitCode: 1);

        var result = await new BuildxDriver(cli.Path, new DockerEnvironment(), dockerBuilder: true, images).BuildAsync(Request());

        Assert.Equal([Tag], result.Tags);
        Assert.True(Observe(CacheExportFailure(IndexDigest)).OnlyStepsAfterTheImageFailed);
    }

    [Fact]
    public async Task A_pushing_build_that_failed_before_BuildKit_pushed_stays_a_failure()
    {
        var registry = new InMemoryRegistry();
        using var images = new RegistryImages(new DockerEnvironment { ConfigDirectory = "/nonexistent" }, registry);
        // The cache export failed, but no "pushing manifest for … done" line: the tag was never pushed.
        using var cli = FakeCli.Printing(["#12 exporting to image", "#12 DONE 0.3s", "#13 exporting cache to registry", "#13 ERROR: not found"], exitCode: 1);

        await Assert.ThrowsAsync<ImageBuildException>(() =>
            new BuildxDriver(cli.Path, new DockerEnvironment(), dockerBuilder: true, images).BuildAsync(Request()));
        Assert.Empty(registry.Requests);
    }

    [Fact]
    public async Task A_tag_already_at_BuildKit_s_digest_is_left_alone()
    {
        var registry = new InMemoryRegistry();
        registry.Put("team/ci-cache", "base-image-shell", Index);
        using var images = new RegistryImages(new DockerEnvironment { ConfigDirectory = "/nonexistent" }, registry);
        using var cli = FakeCli.Printing([.. DaemonPushFailure(IndexDigest).Take(8), $"#14 pushing {Tag} with docker", "#14 DONE 0.2s"], exitCode: 0);

        await new BuildxDriver(cli.Path, new DockerEnvironment(), dockerBuilder: true, images).BuildAsync(Request());

        Assert.DoesNotContain(registry.Requests, request => request.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_recipe_step_fails_the_build_and_touches_no_tag()
    {
        var registry = new InMemoryRegistry();
        using var images = new RegistryImages(new DockerEnvironment { ConfigDirectory = "/nonexistent" }, registry);
        using var cli = FakeCli.Printing(["#8 [2/3] RUN make", "#8 ERROR: process \"make\" exited 2"], exitCode: 1);

        var failure = await Assert.ThrowsAsync<ImageBuildException>(() =>
            new BuildxDriver(cli.Path, new DockerEnvironment(), dockerBuilder: true, images).BuildAsync(Request()));

        Assert.Contains("exit 1", failure.Message);
        Assert.Contains("#8 ERROR", failure.Message);
        Assert.Empty(registry.Requests);
    }

    [Fact]
    public async Task Without_the_docker_driver_no_tag_is_read_or_rewritten()
    {
        var registry = new InMemoryRegistry();
        using var images = new RegistryImages(new DockerEnvironment { ConfigDirectory = "/nonexistent" }, registry);
        using var cli = FakeCli.Printing(DaemonPushFailure(IndexDigest).Take(8), exitCode: 0);

        await new BuildxDriver(cli.Path, new DockerEnvironment(), dockerBuilder: false, images).BuildAsync(Request());

        Assert.Empty(registry.Requests);
    }

    static ImageBuildRequest Request() => new()
    {
        Dockerfile = "Dockerfile.shell",
        ContextDir = ".",
        Tags = [Tag],
        Platform = "linux/amd64,linux/arm64",
        Push = true,
    };

    static BuildProgress.Tracker Observe(IEnumerable<string> lines)
    {
        var tracker = new BuildProgress.Tracker();
        foreach (var line in lines)
            tracker.Observe(line);
        return tracker;
    }

    static string Digest(byte[] body) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>A docker CLI stand-in: prints the given build output and exits with the given code.</summary>
    sealed class FakeCli : IDisposable
    {
        readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("strata-fake-buildx-");
        public string Path => System.IO.Path.Combine(directory.FullName, "docker");

        public static FakeCli Printing(IEnumerable<string> lines, int exitCode)
        {
            var cli = new FakeCli();
            File.WriteAllText(System.IO.Path.Combine(cli.directory.FullName, "output"), string.Join('\n', lines) + "\n");
            File.WriteAllText(cli.Path, $"#!/bin/sh\ncat \"$(dirname \"$0\")/output\" >&2\nexit {exitCode}\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(cli.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return cli;
        }

        public void Dispose() => directory.Delete(recursive: true);
    }

    /// <summary>Manifests by repository and reference (tag or digest), over the registry HTTP API's manifest routes.</summary>
    sealed class InMemoryRegistry : HttpMessageHandler
    {
        readonly Dictionary<string, (byte[] Body, string MediaType)> manifests = [];
        public List<string> Requests { get; } = [];

        public void Put(string repository, string reference, byte[] body) =>
            manifests[$"{repository}/manifests/{reference}"] = (body, MediaTypeOf(body));

        public byte[]? Get(string repository, string reference) =>
            manifests.TryGetValue($"{repository}/manifests/{reference}", out var manifest) ? manifest.Body : null;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            Requests.Add($"{request.Method} {path}");
            var key = path["/v2/".Length..];
            if (request.Method == HttpMethod.Put)
            {
                var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
                manifests[key] = (body, request.Content.Headers.ContentType!.MediaType!);
                return new HttpResponseMessage(HttpStatusCode.Created);
            }
            if (!manifests.TryGetValue(key, out var manifest))
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            var content = new ByteArrayContent(manifest.Body);
            content.Headers.ContentType = new(manifest.MediaType);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }

        static string MediaTypeOf(byte[] body) =>
            System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("mediaType").GetString()!;
    }
}
