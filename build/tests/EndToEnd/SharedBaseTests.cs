namespace Strata.Tests.EndToEnd;

/// <summary>Two Python backends on one base: one base sub-target, and both builders stand on the base's layers.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SharedBaseTests(EndToEndEnvironment environment) : IClassFixture<EndToEndEnvironment>
{
    [Fact]
    public async Task Two_python_backends_plan_one_base_and_share_its_layers()
    {
        var backends = environment.CpuBackends("echo", "wordcount");
        var stem = Assert.Single(backends.Select(backend => backend.TagStem).Distinct());
        Assert.Equal(2, backends.Count);

        var run = await environment.RunAsync(["BackendAll", "--backend", "echo", "wordcount", .. environment.RepoArguments]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var baseRow = Assert.Single(run.RowsContaining("BuildBase["));
        Assert.Contains($"BuildBase[{stem}]", baseRow.Target);
        Assert.Equal(2, run.RowsContaining("BuildBackend[").Count);
        foreach (var backend in backends)
            Assert.Equal("Succeeded", run.Row($"BuildBackend[{backend.Entry.TagSuffix}]").Status);
        Assert.All(run.Summary, row => Assert.Equal("Succeeded", row.Status));

        var baseTag = Assert.Single(backends.Select(backend => backend.BaseImagePrebuilt).Distinct())!;
        var baseLayers = await environment.Engine.GetLayerDigestsAsync(baseTag);
        Assert.NotEmpty(baseLayers);

        var builderLayers = new List<IReadOnlyList<string>>();
        foreach (var backend in backends)
        {
            var builder = $"{environment.BackendRepo}:builder{backend.Entry.TagSuffix}";
            await BuildBuilderStageAsync(backend.Entry.Dockerfile, backend.Entry.Backend, baseTag, builder);
            var layers = await environment.Engine.GetLayerDigestsAsync(builder);
            Assert.True(layers.Count > baseLayers.Count, $"{builder} adds no layer to {baseTag}");
            Assert.Equal(baseLayers, layers.Take(baseLayers.Count));
            builderLayers.Add(layers);
        }
        Assert.NotEqual(builderLayers[0], builderLayers[1]);
    }

    async Task BuildBuilderStageAsync(string dockerfile, string backend, string baseTag, string tag)
    {
        string[] network = environment.Network is { } name ? ["--network", name] : [];
        await environment.DockerOkAsync(
        [
            "build", "--target", "builder",
            "--build-arg", $"BASE_IMAGE_PREBUILT={baseTag}",
            "--build-arg", $"BACKEND={backend}",
            .. network,
            "-f", Path.GetFullPath(dockerfile, environment.Script.RepositoryRoot),
            "-t", tag,
            environment.Script.RepositoryRoot,
        ]);
    }
}
