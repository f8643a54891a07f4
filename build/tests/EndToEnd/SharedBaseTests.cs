using System.Text.RegularExpressions;

namespace Strata.Tests.EndToEnd;

[Trait("Requires", "Docker")]
[Collection(EndToEndCollection.Name)]
public sealed class SharedBaseTests(EndToEndEnvironment environment) : SharedBaseBehaviour<EndToEndEnvironment>(environment), IClassFixture<EndToEndEnvironment>
{
    /// <summary>Planning touches no engine, so it runs on one engine only.</summary>
    [Fact]
    public async Task The_plan_shows_one_base_before_both_backends_and_builds_nothing()
    {
        var backends = Environment.CpuBackends("echo", "wordcount");
        var stem = backends.Select(backend => backend.TagStem).Distinct().Single();

        var prefix = Environment.UniquePrefix(Environment.Registry);

        var run = await Environment.RunAsync("BackendAll", "--backend", "echo", "wordcount", "--plan",
            "--base-image", Environment.OsImage, "--base-repo", $"{prefix}/ci-cache", "--backend-repo", $"{prefix}/backends");

        Assert.True(run.ExitCode == 0, run.ToString());
        var steps = run.Output.Split('\n')
            .Select(line => Regex.Match(line, @"^\s*\d+\.\s+(?<target>\S+)(\s+<-\s+(?<waits>.*))?$"))
            .Where(match => match.Success)
            .Select(match => (Target: match.Groups["target"].Value, Waits: match.Groups["waits"].Value.Split(", ")))
            .ToList();
        var targets = steps.Select(step => step.Target).ToList();
        var baseStep = Assert.Single(targets, target => target.Contains("BuildBase[", StringComparison.Ordinal));
        Assert.Contains($"BuildBase[{stem}]", baseStep);
        foreach (var backend in backends)
        {
            var step = Assert.Single(steps, step => step.Target.Contains($"BuildBackend[{backend.Entry.TagSuffix}]", StringComparison.Ordinal));
            Assert.Contains(baseStep, step.Waits);
            Assert.True(targets.IndexOf(baseStep) < targets.IndexOf(step.Target), "the base is planned after its consumer");
        }
        Assert.Equal(2, targets.Count(target => target.Contains("BuildBackend[", StringComparison.Ordinal)));
        Assert.Empty(run.BuildKitSteps);
        Assert.False(run.PrintedSummary, "--plan must not run targets");
        Assert.Empty(await Environment.LocalTagsAsync($"{prefix}/ci-cache"));
        Assert.Empty(await Environment.LocalTagsAsync($"{prefix}/backends"));
    }
}

[Collection(EndToEndCollection.Name)]
[Trait("Requires", "Docker")]
[Trait("Requires", "Buildx")]
public sealed class SharedBaseBuildxTests(BuildxEndToEndEnvironment environment) : SharedBaseBehaviour<BuildxEndToEndEnvironment>(environment), IClassFixture<BuildxEndToEndEnvironment>;

/// <summary>Two Python backends on one base: one base sub-target, and both builders stand on the base's layers. One concrete class per engine.</summary>
public abstract class SharedBaseBehaviour<TEnvironment>(TEnvironment environment) where TEnvironment : EndToEndEnvironment
{
    protected TEnvironment Environment { get; } = environment;

    [Fact]
    public async Task Two_python_backends_plan_one_base_and_share_its_layers()
    {
        var backends = Environment.CpuBackends("echo", "wordcount");
        var stem = Assert.Single(backends.Select(backend => backend.TagStem).Distinct());
        Assert.Equal(2, backends.Count);

        var run = await Environment.RunAsync(["BackendAll", "--backend", "echo", "wordcount", .. Environment.RepoArguments]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var baseRow = Assert.Single(run.RowsContaining("BuildBase["));
        Assert.Contains($"BuildBase[{stem}]", baseRow.Target);
        Assert.Equal(2, run.RowsContaining("BuildBackend[").Count);
        foreach (var backend in backends)
            Assert.Equal("Succeeded", run.Row($"BuildBackend[{backend.Entry.TagSuffix}]").Status);
        Assert.All(run.Summary, row => Assert.Equal("Succeeded", row.Status));

        var baseTag = Assert.Single(backends.Select(backend => backend.BaseImagePrebuilt).Distinct())!;
        var baseLayers = await Environment.Engine.GetLayerDigestsAsync(baseTag);
        Assert.NotEmpty(baseLayers);

        var builderLayers = new List<IReadOnlyList<string>>();
        foreach (var backend in backends)
        {
            var builder = $"{Environment.BackendRepo}:builder{backend.Entry.TagSuffix}";
            await BuildBuilderStageAsync(backend.Entry.Dockerfile, backend.Entry.Backend, baseTag, builder);
            var layers = await Environment.Engine.GetLayerDigestsAsync(builder);
            Assert.True(layers.Count > baseLayers.Count, $"{builder} adds no layer to {baseTag}");
            Assert.Equal(baseLayers, layers.Take(baseLayers.Count));
            builderLayers.Add(layers);
        }
        Assert.NotEqual(builderLayers[0], builderLayers[1]);
    }

    async Task BuildBuilderStageAsync(string dockerfile, string backend, string baseTag, string tag)
    {
        string[] network = Environment.Network is { } name ? ["--network", name] : [];
        await Environment.DockerOkAsync(
        [
            .. Environment.Under.BuildCommand, "--target", "builder",
            "--build-arg", $"BASE_IMAGE_PREBUILT={baseTag}",
            "--build-arg", $"BACKEND={backend}",
            .. network,
            "-f", Path.GetFullPath(dockerfile, Environment.Script.RepositoryRoot),
            "-t", tag,
            Environment.Script.RepositoryRoot,
        ]);
    }
}
