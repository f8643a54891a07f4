using Strata.Matrix;

namespace Strata.Tests.EndToEnd;

/// <summary>One <c>BackendAll</c> over every CPU entry for the host, into a fresh repository, run once for the class.</summary>
public sealed class BackendAllFixture : EndToEndEnvironment
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

[Trait("Requires", "Docker")]
[Collection(EndToEndCollection.Name)]
public sealed class BackendAllTests(BackendAllFixture fixture) : IClassFixture<BackendAllFixture>
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
