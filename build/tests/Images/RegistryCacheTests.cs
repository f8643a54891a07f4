using Strata.Images;

namespace Strata.Tests.Images;

[Trait("Requires", "Docker")]
public sealed class RegistryCacheTests(DockerFixture docker) : IClassFixture<DockerFixture>, IDisposable
{
    readonly DirectoryInfo _recipeDirectory = Directory.CreateTempSubdirectory("strata-cache-recipe-");

    /// <summary>
    /// The test base recipe plus a last step that names <paramref name="marker"/> in its command, so that step's
    /// build-cache record (and nothing another test built) can be pruned.
    /// </summary>
    string RecipeEndingWith(string marker)
    {
        var recipe = Path.Combine(_recipeDirectory.FullName, "Dockerfile");
        File.WriteAllText(recipe, File.ReadAllText(Path.Combine(TestData.Directory(), "base", "Dockerfile")) +
                                  $"\nRUN echo {marker} > /opt/prune-marker\n");
        return recipe;
    }

    [Fact]
    public async Task A_rebuild_after_a_cache_only_push_and_a_pruned_builder_reuses_the_registry_cache()
    {
        var name = $"cache-{Guid.NewGuid():N}"[..14];
        var spec = new BaseBuildSpec(
            Lang: "python",
            Stem: $"cpu-python-{name}",
            RecipePath: RecipeEndingWith(name),
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
        // Only this build's last step leaves the builder's cache (the shared engine keeps every other test's layers):
        // the rebuild can take that step from nowhere but the registry cache.
        var (pruned, left) = await BuildCacheRecords.PruneStepsContainingAsync(docker.Environment, docker.Driver.Cli, name);
        Assert.True(pruned > 0, $"no build-cache record of the step naming {name}");
        Assert.Equal(0, left);
        Assert.False(await docker.Engine.ImageExistsAsync(spec.ImageTag));

        var rebuilt = await build.RunAsync(spec with { Force = true });

        Assert.Equal(BaseBuildOutcome.Cached, rebuilt.Outcome);
    }

    public void Dispose() => _recipeDirectory.Delete(recursive: true);
}
