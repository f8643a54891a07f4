namespace Strata.Tests.EndToEnd;

[Trait("Requires", "Docker")]
[Collection(EndToEndCollection.Name)]
public sealed class FaultTests(EndToEndEnvironment environment) : FaultBehaviour<EndToEndEnvironment>(environment), IClassFixture<EndToEndEnvironment>
{
    /// <summary>Rejected before any engine is contacted, so it runs on one engine only.</summary>
    [Theory]
    [InlineData("--lang", "java", "python")]
    [InlineData("--accel", "gpu", "cuda")]
    public async Task An_unknown_lang_or_accel_is_exit_2_with_one_line_of_valid_values(string parameter, string value, string aValidValue)
    {
        string[] arguments = ["BuildBase", "--lang", "python", "--accel", "cpu", "--base-image", Environment.OsImage, "--base-repo", Environment.BaseRepo];
        arguments[Array.IndexOf(arguments, parameter) + 1] = value;

        var run = await Environment.RunAsync(arguments);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single((run.Output + "\n" + run.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(parameter, line);
        Assert.Contains($"'{value}'", line);
        Assert.Contains("valid values:", line);
        Assert.Contains(aValidValue, line[line.IndexOf("valid values:", StringComparison.Ordinal)..]);
        Assert.False(run.PrintedSummary, "no target may run on bad input");
    }
}

[Collection(EndToEndCollection.Name)]
[Trait("Requires", "Docker")]
[Trait("Requires", "Buildx")]
public sealed class FaultBuildxTests(BuildxEndToEndEnvironment environment) : FaultBehaviour<BuildxEndToEndEnvironment>(environment), IClassFixture<BuildxEndToEndEnvironment>;

/// <summary>Faults through the real <c>./build.sh</c>: exit codes, error lines and what (not) got built. One concrete class per engine.</summary>
public abstract class FaultBehaviour<TEnvironment>(TEnvironment environment) : IDisposable where TEnvironment : EndToEndEnvironment
{
    protected TEnvironment Environment { get; } = environment;
    readonly List<DirectoryInfo> _temporary = [];

    /// <summary>The project's base recipes with the rust one ending in <c>RUN false</c>.</summary>
    string BrokenRustBases()
    {
        var directory = Directory.CreateTempSubdirectory("strata-e2e-bases-");
        _temporary.Add(directory);
        foreach (var file in Directory.GetFiles(Path.Combine(Environment.Script.RepositoryRoot, ".docker", "bases")))
            File.Copy(file, Path.Combine(directory.FullName, Path.GetFileName(file)));
        File.AppendAllText(Path.Combine(directory.FullName, "Dockerfile.rust"), "\nRUN false\n");
        return directory.FullName;
    }

    string StemOf(string backend) => Environment.CpuBackends(backend).Single().TagStem!;

    [Fact]
    public async Task A_failing_base_leaves_its_consumer_not_run_and_fails_the_build()
    {
        var run = await Environment.RunAsync(
            ["BackendAll", "--backend", "tokenize", "--bases-dir", BrokenRustBases(), .. Environment.RepoArguments]);

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Equal("Failed", run.Row($"BuildBase[{StemOf("tokenize")}]").Status);
        Assert.Equal("NotRun", run.Row("BuildBackend[-cpu-tokenize]").Status);
        Assert.Contains(run.ErrorLines, line => line.Contains("Dockerfile.rust", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_keep_going_unrelated_backends_still_succeed_after_a_failing_base()
    {
        var run = await Environment.RunAsync(
            ["BackendAll", "--backend", "tokenize", "echo", "--keep-going", "--bases-dir", BrokenRustBases(), .. Environment.RepoArguments]);

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Equal("Failed", run.Row($"BuildBase[{StemOf("tokenize")}]").Status);
        Assert.Equal("NotRun", run.Row("BuildBackend[-cpu-tokenize]").Status);
        Assert.Equal("Succeeded", run.Row($"BuildBase[{StemOf("echo")}]").Status);
        Assert.Equal("Succeeded", run.Row("BuildBackend[-cpu-echo]").Status);
        Assert.True(await Environment.Engine.ImageExistsAsync(Strata.Matrix.ImageRefs.BackendImage(Environment.BackendRepo, "-cpu-echo")));
        Assert.False(await Environment.Engine.ImageExistsAsync(Strata.Matrix.ImageRefs.BackendImage(Environment.BackendRepo, "-cpu-tokenize")));
    }

    [Fact]
    public async Task An_unreachable_engine_is_one_error_naming_DOCKER_HOST_and_builds_nothing()
    {
        var repo = $"{Environment.UniquePrefix(Environment.Registry)}/ci-cache";

        var run = await Environment.Script.RunAsync(
            ["BuildBase", "--lang", "python", "--accel", "cpu", "--base-image", Environment.OsImage, "--base-repo", repo],
            new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///nonexistent" });

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.ErrorLines);
        Assert.Contains("DOCKER_HOST=unix:///nonexistent", error);
        Assert.Equal("NotRun", run.Row("BuildBase[").Status);
        Assert.Empty(run.BuildKitSteps);
        Assert.Empty(await Environment.LocalTagsAsync(repo));
    }

    [Fact]
    public async Task An_unreachable_registry_on_push_is_a_clear_error_naming_it()
    {
        var repo = $"{Environment.UniquePrefix("127.0.0.1:1")}/x";

        var run = await Environment.RunAsync(
            "BuildBase", "--lang", "python", "--accel", "cpu", "--base-image", Environment.OsImage, "--base-repo", repo, "--push");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Equal("Failed", run.Row("BuildBase[").Status);
        var error = Assert.Single(run.ErrorLines);
        Assert.Contains("127.0.0.1:1", error);
        Assert.Contains("push", error);
        Assert.Contains("unreachable", error);
    }

    [Fact]
    public async Task A_failing_cache_export_never_fails_the_build()
    {
        var repo = $"{Environment.UniquePrefix("127.0.0.1:1")}/x";

        var run = await Environment.RunAsync(
            "BuildBase", "--lang", "python", "--accel", "cpu", "--base-image", Environment.OsImage, "--base-repo", repo);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Succeeded", run.Row("BuildBase[").Status);
        Assert.Empty(run.ErrorLines);
        var stem = Environment.Plan().Bases.Single(flavour => flavour is { Lang: "python", BuildType: "" } && flavour.BaseImage == Environment.OsImage).TagStem;
        Assert.Equal("python", (await Environment.Engine.GetLabelsAsync($"{repo}:base-image-{stem}")).GetValueOrDefault("strata.lang"));
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        foreach (var directory in _temporary)
            directory.Delete(recursive: true);
    }
}
