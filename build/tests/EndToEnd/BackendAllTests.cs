using Strata.Matrix;

namespace Strata.Tests.EndToEnd;

/// <summary>One <c>BackendAll</c> over every CPU entry for the host, into a fresh repository, run once for the class.</summary>
public class BackendAllFixture : EndToEndEnvironment
{
    public BuildRun Run { get; private set; } = null!;
    public IReadOnlyList<DerivedBackend> Backends { get; private set; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Backends = CpuBackends();
        Run = await RunAsync(["BackendAll", "--parallel", "2", .. RepoArguments]);
    }
}

/// <summary>The same run on the buildx engine: buildx with registry caches, results loaded into the containerd store.</summary>
public sealed class BuildxBackendAllFixture : BackendAllFixture
{
    public override TestEngine Under => TestEngine.Buildx;
}

[Trait("Requires", "Docker")]
[Collection(EndToEndCollection.Name)]
public sealed class BackendAllTests(BackendAllFixture fixture) : BackendAllBehaviour<BackendAllFixture>(fixture), IClassFixture<BackendAllFixture>;

[Collection(EndToEndCollection.Name)]
[Trait("Requires", "Docker")]
[Trait("Requires", "Buildx")]
public sealed class BackendAllBuildxTests(BuildxBackendAllFixture fixture) : BackendAllBehaviour<BuildxBackendAllFixture>(fixture), IClassFixture<BuildxBackendAllFixture>;

/// <summary>What BackendAll does on any engine; one concrete class per engine runs it.</summary>
public abstract class BackendAllBehaviour<TFixture>(TFixture fixture) where TFixture : BackendAllFixture
{
    [Fact]
    public void Builds_every_needed_base_exactly_once_and_every_row_succeeds()
    {
        var run = fixture.Run;
        Assert.True(run.ExitCode == 0, run.ToString());
        var stems = fixture.Backends.Select(backend => backend.TagStem!).Distinct().ToList();
        Assert.Equal(["cpp", "golang", "python", "rust"], fixture.Plan().Bases
            .Where(flavour => stems.Contains(flavour.TagStem)).Select(flavour => flavour.Lang).Order(StringComparer.Ordinal));

        foreach (var stem in stems)
            Assert.Single(run.RowsContaining($"BuildBase[{stem}]"));
        Assert.Equal(stems.Count, run.RowsContaining("BuildBase[").Count);
        foreach (var backend in fixture.Backends)
            Assert.Single(run.RowsContaining($"BuildBackend[{backend.Entry.TagSuffix}]"));
        Assert.Equal(fixture.Backends.Count, run.RowsContaining("BuildBackend[").Count);
        Assert.All(run.Summary, row => Assert.True(row.Status == "Succeeded", $"{row} in\n{run}"));
    }

    /// <summary>Where the drivers differ: an inline-cache image (engine) or a BuildKit cache manifest (buildx) per base.</summary>
    [Fact]
    public async Task Builds_with_its_engines_driver_and_writes_its_kind_of_cache_for_every_base()
    {
        var run = fixture.Run;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"building with {fixture.Under.DriverName} (", run.Output + run.Error);
        var stems = fixture.Backends.Select(backend => backend.TagStem!).Distinct().ToList();
        Assert.NotEmpty(stems);
        foreach (var stem in stems)
        {
            var cacheRef = ImageRefs.BaseCache(fixture.BaseRepo, stem);
            var cache = await RegistryApi.ManifestAsync(cacheRef);
            Assert.True(cache is not null, $"no cache at {cacheRef}\n{run}");
            Assert.Equal(fixture.Under.CacheConfigMediaType, cache.ConfigMediaType);
        }
    }

    [Theory]
    [InlineData("echo")]
    [InlineData("wordcount")]
    [InlineData("hello")]
    [InlineData("llama-cpp")]
    [InlineData("turboquant")]
    [InlineData("tokenize")]
    public async Task Each_backends_run_sh_answers_health_and_version_on_its_base(string name)
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.ToString());
        var backend = Assert.Single(fixture.Backends, backend => backend.Entry.Backend == name);
        var image = ImageRefs.BackendImage(fixture.BackendRepo, backend.Entry.TagSuffix);
        var baseImage = backend.BaseImagePrebuilt!;
        Assert.True(await fixture.Engine.ImageExistsAsync(image), $"{image} missing after BackendAll\n{fixture.Run}");

        var files = Directory.CreateTempSubdirectory($"strata-e2e-{name}-");
        try
        {
            var container = await fixture.DockerOkAsync("create", image, "/run.sh");
            try
            {
                await fixture.DockerOkAsync("cp", $"{container}:/.", files.FullName);
            }
            finally
            {
                await fixture.DockerAsync("rm", container);
            }
            Assert.True(File.Exists(Path.Combine(files.FullName, "run.sh")), $"{image} has no /run.sh");

            var health = await fixture.DockerAsync("run", "--rm", "-v", $"{files.FullName}:/backend:ro", baseImage, "/backend/run.sh", "health");
            Assert.True(health.ExitCode == 0, $"health on {baseImage}: exit {health.ExitCode}\n{health.StandardError}");
            Assert.Equal("ok", health.StandardOutput.Trim());

            var version = await fixture.DockerAsync("run", "--rm", "-v", $"{files.FullName}:/backend:ro", baseImage, "/backend/run.sh", "version");
            Assert.True(version.ExitCode == 0, $"version on {baseImage}: exit {version.ExitCode}\n{version.StandardError}");
            Assert.Matches(@"\d+\.\d+", version.StandardOutput);
        }
        finally
        {
            files.Delete(recursive: true);
        }
    }
}
