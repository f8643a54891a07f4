using Strata.Engine;
using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>Prunes the engine's whole build cache, so it runs alone, after every parallel test class has finished.</summary>
[CollectionDefinition(nameof(BuilderPruneCollection), DisableParallelization = true)]
public sealed class BuilderPruneCollection : ICollectionFixture<DockerFixture>;

[Trait("Requires", "Docker")]
[Collection(nameof(BuilderPruneCollection))]
public sealed class RegistryCacheTests(DockerFixture docker)
{
    [Fact]
    public async Task A_rebuild_after_a_cache_only_push_and_a_pruned_builder_reuses_the_registry_cache()
    {
        var name = $"cache-{Guid.NewGuid():N}"[..14];
        var spec = new BaseBuildSpec(
            Lang: "python",
            Stem: $"cpu-python-{name}",
            RecipePath: Path.Combine(TestData.Directory(), "base", "Dockerfile"),
            ContextDir: Path.Combine(TestData.Directory(), "base"),
            ImageTag: docker.Tag($"base-image-{name}"),
            MasterImageTag: null,
            CacheRef: docker.Tag($"base-{name}"),
            BuildArgs: [new("BASE_IMAGE", docker.OsImage), new("RUN_ID", name)],
            Platform: null,
            IsPullRequest: false,
            Push: false,
            Force: false,
            RefreshWindow: "test-window");
        var build = new BaseImageBuild(docker.Engine, docker.Driver);
        var manifests = new RegistryManifests(docker.Driver, docker.Environment);

        Assert.Equal(BaseBuildOutcome.Built, (await build.RunAsync(spec)).Outcome);
        Assert.True(await manifests.ExistsAsync(spec.CacheRef));
        Assert.False(await manifests.ExistsAsync(spec.ImageTag));

        await docker.Engine.RemoveAsync(spec.ImageTag);
        await docker.Engine.RemoveAsync(spec.CacheRef);
        var prune = await ProcessTasks.RunAsync(docker.Driver.Cli, ["builder", "prune", "-af"],
            new ProcessOptions { Environment = docker.Environment.CliEnvironment() });
        Assert.True(prune.Succeeded, prune.StandardError);
        Assert.False(await docker.Engine.ImageExistsAsync(spec.ImageTag));

        var rebuilt = await build.RunAsync(spec with { Force = true });

        Assert.Equal(BaseBuildOutcome.Cached, rebuilt.Outcome);
    }
}
