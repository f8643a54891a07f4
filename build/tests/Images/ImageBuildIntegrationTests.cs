using Strata.Images;
using Strata.Tests.EndToEnd;

namespace Strata.Tests.Images;

/// <summary>Against the real engine and registry; these fail (never skip) when the engine is absent.</summary>
[Trait("Requires", "Docker")]
public sealed class ImageBuildIntegrationTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    const string Window = "test-window";
    static readonly string BaseRecipe = Path.Combine(TestData.Directory(), "base", "Dockerfile");
    static readonly string BaseContext = Path.Combine(TestData.Directory(), "base");
    static readonly string BackendRecipe = Path.Combine(TestData.Directory(), "backend", "Dockerfile");
    static readonly string BackendContext = Path.Combine(TestData.Directory(), "backend");

    BaseBuildSpec Base(string name, bool pullRequest = false, bool push = false, bool force = false, string? runId = null)
    {
        var master = docker.Tag($"base-image-{name}");
        return new BaseBuildSpec(
            Lang: "python",
            Stem: $"cpu-python-{name}",
            RecipePath: BaseRecipe,
            ContextDir: BaseContext,
            ImageTag: pullRequest ? docker.Tag($"base-image-{name}-pr7") : master,
            MasterImageTag: master,
            CacheRef: docker.Tag($"base-{name}"),
            BuildArgs: [new("BASE_IMAGE", docker.OsImage), new("RUN_ID", runId ?? name)],
            Platform: null,
            IsPullRequest: pullRequest,
            Push: push,
            Force: force,
            RefreshWindow: Window);
    }

    static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    [Fact]
    public void Engine_reports_its_version() =>
        Assert.Matches(@"^\d+\.\d+", docker.EngineVersion);

    [Fact]
    public async Task A_base_builds_with_its_labels_and_an_identical_second_build_is_up_to_date_without_building()
    {
        var driver = new CountingDriver(docker.Driver);
        var build = new BaseImageBuild(docker.Engine, driver);
        var spec = Base(Unique("labels"));

        var first = await build.RunAsync(spec);

        Assert.Equal(BaseBuildOutcome.Built, first.Outcome);
        var labels = await docker.Engine.GetLabelsAsync(spec.ImageTag);
        Assert.Equal(first.InputsHash, labels["strata.inputs-hash"]);
        Assert.Equal(InputsHash.Compute(BaseRecipe, BaseContext, spec.BuildArgs, Window), first.InputsHash);
        Assert.Equal("python", labels["strata.lang"]);
        Assert.Equal(spec.Stem, labels["strata.stem"]);
        Assert.Equal(spec.Stem, labels["org.strata.test.tag-stem"]);
        Assert.Equal(first.InputsHash, labels["org.strata.test.inputs-hash"]);
        var osLayers = await docker.Engine.GetLayerDigestsAsync(docker.OsImage);
        Assert.Equal(osLayers, (await docker.Engine.GetLayerDigestsAsync(spec.ImageTag)).Take(osLayers.Count));

        var second = await build.RunAsync(spec);

        Assert.Equal(BaseBuildOutcome.UpToDate, second.Outcome);
        Assert.Equal(1, driver.Builds);

        var forced = await build.RunAsync(spec with { Force = true });
        Assert.Equal(BaseBuildOutcome.Cached, forced.Outcome);
        Assert.Equal(2, driver.Builds);
    }

    [Fact]
    public async Task Pushed_base_comes_back_by_pull_and_counts_as_up_to_date_from_the_registry_without_a_pull()
    {
        var driver = new CountingDriver(docker.Driver);
        var build = new BaseImageBuild(docker.Engine, driver);
        var spec = Base(Unique("push"), push: true);
        var manifests = new RegistryManifests(docker.Driver, docker.Environment);

        var built = await build.RunAsync(spec);
        Assert.True(built.Pushed);
        Assert.True(await manifests.ExistsAsync(spec.ImageTag));
        Assert.NotEmpty(await docker.Engine.GetRepoDigestsAsync(spec.ImageTag));

        await docker.Engine.RemoveAsync(spec.ImageTag);
        Assert.False(await docker.Engine.ImageExistsAsync(spec.ImageTag));
        Assert.True(await docker.Engine.PullAsync(spec.ImageTag));
        Assert.Equal(built.InputsHash, (await docker.Engine.GetLabelsAsync(spec.ImageTag))["strata.inputs-hash"]);

        await docker.Engine.RemoveAsync(spec.ImageTag);
        var again = await build.RunAsync(spec);
        Assert.Equal(BaseBuildOutcome.UpToDate, again.Outcome);
        Assert.Equal(1, driver.Builds);
        Assert.False(await docker.Engine.ImageExistsAsync(spec.ImageTag));

        var remote = await new RegistryImages(docker.Environment).InspectAsync(spec.ImageTag);
        Assert.NotNull(remote);
        Assert.Equal(built.InputsHash, remote.Labels["strata.inputs-hash"]);
        Assert.Equal([await LocalPlatformAsync()], remote.Platforms);
        Assert.Null(await new RegistryImages(docker.Environment).InspectAsync(docker.Tag("never-pushed")));
    }

    async Task<string> LocalPlatformAsync() => (await docker.Engine.GetPlatformAsync(docker.OsImage))!;

    [Fact]
    public async Task Pr_tag_appears_only_on_a_pull_request_and_an_unchanged_recipe_is_retagged_not_rebuilt()
    {
        var driver = new CountingDriver(docker.Driver);
        var build = new BaseImageBuild(docker.Engine, driver);
        var name = Unique("pr");
        var master = Base(name, push: true);
        var pullRequest = Base(name, pullRequest: true, push: true);
        var manifests = new RegistryManifests(docker.Driver, docker.Environment);

        await build.RunAsync(master);
        Assert.False(await docker.Engine.ImageExistsAsync(pullRequest.ImageTag));
        Assert.False(await manifests.ExistsAsync(pullRequest.ImageTag));

        await docker.Engine.RemoveAsync(master.ImageTag);
        var retagged = await build.RunAsync(pullRequest);

        Assert.Equal(BaseBuildOutcome.Retagged, retagged.Outcome);
        Assert.Equal(pullRequest.ImageTag, retagged.ImageRef);
        Assert.Equal(1, driver.Builds);
        Assert.True(await manifests.ExistsAsync(pullRequest.ImageTag));
        // A pushing pull request re-tags in the registry: the PR tag is the master manifest itself.
        Assert.Equal((await RegistryApi.ManifestAsync(master.ImageTag))?.Digest, (await RegistryApi.ManifestAsync(pullRequest.ImageTag))?.Digest);
    }

    [Fact]
    public async Task A_changed_pull_request_builds_its_pr_tag_and_writes_no_cache()
    {
        var build = new BaseImageBuild(docker.Engine, docker.Driver);
        var name = Unique("prchange");
        var pullRequest = Base(name, pullRequest: true, runId: name + "-changed");

        var result = await build.RunAsync(pullRequest);

        Assert.Equal(BaseBuildOutcome.Built, result.Outcome);
        Assert.True(await docker.Engine.ImageExistsAsync(pullRequest.ImageTag));
        Assert.False(await docker.Engine.ImageExistsAsync(pullRequest.MasterImageTag!));
        Assert.False(await new RegistryManifests(docker.Driver, docker.Environment).ExistsAsync(pullRequest.CacheRef));
    }

    [Fact]
    public async Task A_backend_builds_on_its_base_and_rebuilds_from_cache()
    {
        var name = Unique("backend");
        var baseSpec = Base(name);
        await new BaseImageBuild(docker.Engine, docker.Driver).RunAsync(baseSpec);
        var backends = new BackendImageBuild(docker.Engine, docker.Driver);
        var spec = new BackendBuildSpec(
            Backend: "echo",
            Dockerfile: BackendRecipe,
            ContextDir: BackendContext,
            ImageTag: docker.Tag($"{name}-cpu-echo"),
            CacheRef: docker.Tag($"cache-{name}-cpu-echo"),
            BaseImagePrebuilt: baseSpec.ImageTag,
            BuildArgs: [new("RUN_ID", name)],
            Platform: null,
            IsPullRequest: false,
            Push: false);

        var first = await backends.RunAsync(spec);
        var second = await backends.RunAsync(spec);

        Assert.Equal(BackendBuildOutcome.Built, first.Outcome);
        Assert.Equal(BackendBuildOutcome.Cached, second.Outcome);
        Assert.Equal("echo", (await docker.Engine.GetLabelsAsync(spec.ImageTag))["strata.backend"]);
    }

    [Fact]
    public async Task Pushing_to_a_closed_port_names_the_registry()
    {
        var source = docker.Tag(Unique("closed"));
        await docker.Engine.TagAsync(docker.OsImage, source);
        var target = $"127.0.0.1:1/strata-tests/closed:{Unique("t")}";
        await docker.Engine.TagAsync(docker.OsImage, target);
        try
        {
            var error = await Assert.ThrowsAsync<RegistryException>(() => docker.Engine.PushAsync(target));
            Assert.Contains("registry 127.0.0.1:1", error.Message);
            Assert.Contains(target, error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            await docker.Engine.RemoveAsync(target);
        }
    }

    [Fact]
    public async Task Pulling_an_absent_image_is_false_not_an_error()
    {
        Assert.False(await docker.Engine.PullAsync(docker.Tag(Unique("absent"))));
        Assert.False(await docker.Engine.PullAsync($"127.0.0.1:1/strata-tests/unreachable:{Unique("t")}"));
    }

    [Fact]
    public async Task An_unreachable_engine_is_one_line_naming_DOCKER_HOST_and_how_to_start_one()
    {
        using var engine = new DockerEngine(docker.Environment with { Host = "unix:///nonexistent" });

        var error = await Assert.ThrowsAsync<EngineUnreachableException>(() => engine.ConnectAsync());

        Assert.Contains("DOCKER_HOST=unix:///nonexistent", error.Message);
        Assert.Contains("no socket at /nonexistent", error.Message);
        Assert.Contains(".ci/docker-up.sh", error.Message);
        Assert.Contains("source /run/strata/env", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        await Assert.ThrowsAsync<EngineUnreachableException>(() => engine.ImageExistsAsync("anything"));
        await Assert.ThrowsAsync<EngineUnreachableException>(() => DockerSession.ConnectAsync(docker.Environment with { Host = "tcp://127.0.0.1:1" }));
    }
}
