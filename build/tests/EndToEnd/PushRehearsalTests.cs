using System.Text;
using Strata.Images;
using Strata.Matrix;
using Strata.Matrix.Changes;

namespace Strata.Tests.EndToEnd;

/// <summary>
/// A push to the default branch, rehearsed on the buildx engine (multi-platform builds; arm64 under QEMU) with the local
/// registry as the target: the committed push workflow (<c>backend.yml</c>), whatever jobs it has, with registry
/// credentials, so it logs in and publishes. Every CPU row of the project's matrix runs: every lang's base (one leg per
/// platform, merged into one index) and every CPU backend on both platforms. The upstream image is mapped to the
/// two-platform OS index (<c>--substitute-images</c>); <c>--rows build-type=</c> leaves out the accelerator rows, whose
/// upstream images and SDKs (CUDA, ROCm, oneAPI, L4T) this machine cannot reach, and the macOS rows.
/// </summary>
public sealed class PushRehearsalFixture : RehearsalFixture
{
    public const string Username = "rehearsal-push-user", Password = "never-shown-push-pw";
    static readonly TimeSpan ColdRunLimit = TimeSpan.FromMinutes(75);

    public override TestEngine Under => TestEngine.Buildx;

    /// <summary>The push's derivation as every target of the run reads it: the project's matrix, the image substituted.</summary>
    public DerivedPlan Derived { get; private set; } = null!;
    public IReadOnlyList<BaseFlavour> Bases => [.. Derived.Bases.Where(flavour => flavour.BuildType.Length == 0)];
    public IReadOnlyList<DerivedBackend> BackendRows => [.. Derived.Backends.Where(row => row.Entry.BuildType.Length == 0)];
    public string? HomeDockerConfigAfter { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var root = Script.RepositoryRoot;
        Derived = Derivation.Derive(
            UpstreamImageSubstitution.Apply(MatrixFile.Load(Path.Combine(root, ".github", "backend-matrix.yaml")),
                new Dictionary<string, string> { ["ubuntu:24.04"] = OsImage }),
            new DeriveOptions
            {
                LangsWithBase = BaseRecipes.Discover(Path.Combine(root, ".docker", "bases")),
                BaseRepo = BaseRepo,
                Rules = ChangeRulesFile.Load(Path.Combine(root, ".github", "backend-rules.yaml"), ".docker/bases"),
            });
        // A cold engine builds four bases' arm64 legs and six arm64 backends under QEMU: longer than a build call's default limit.
        Run = await Script.RunAsync(
        [
            "Rehearse", "--event", "push",
            "--rows", "build-type=",
            "--substitute-images", $"ubuntu:24.04={OsImage}",
            "--vars", $"BASE_REPO={BaseRepo}", "--vars", $"BACKEND_REPO={BackendRepo}",
            "--secrets", $"REGISTRY_USERNAME={Username}", "--secrets", $"REGISTRY_PASSWORD={Password}",
            "--parallel", "2",
        ], timeLimit: ColdRunLimit);
        var homeConfig = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "config.json");
        HomeDockerConfigAfter = File.Exists(homeConfig) ? await File.ReadAllTextAsync(homeConfig) : null;
    }

    /// <summary>The output lines of the job rows whose prefix (<c>[Rehearse[&lt;job&gt; &lt;row&gt;]]</c>) contains <paramref name="rowName"/>.</summary>
    public IEnumerable<string> LinesOf(string rowName) => (Run.Output + "\n" + Run.Error).Split('\n')
        .Where(line => line.StartsWith("[Rehearse[", StringComparison.Ordinal) && line.IndexOf("]]", StringComparison.Ordinal) is var end and > 0
            && line[..(end + 2)].Contains(rowName, StringComparison.Ordinal));

    /// <summary>A summary file name as the rehearsal writes it: the row's target name with other characters as '_'.</summary>
    public static string SummaryFileName(string target) =>
        string.Concat(target.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).Trim('_') + ".md";
}

[Collection(EndToEndCollection.Name)]
[Trait("Requires", "Docker")]
[Trait("Requires", "Buildx")]
public sealed class PushRehearsalTests(PushRehearsalFixture fixture) : IClassFixture<PushRehearsalFixture>
{
    [Fact]
    public void The_run_succeeds_on_every_cpu_row_of_the_matrix_and_only_accelerator_and_macos_rows_are_left_out()
    {
        var run = fixture.Run;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Succeeded", run.Row("Rehearse[derive]").Status);
        // Every CPU entry of the matrix file (read here, not through the derivation) is a backend row that ran.
        var cpuEntries = MatrixFile.Load(Path.Combine(fixture.Root, ".github", "backend-matrix.yaml")).Linux
            .Where(entry => entry.BuildType.Length == 0).ToList();
        Assert.True(cpuEntries.Count >= 12, $"the project's matrix has {cpuEntries.Count} CPU entries");
        Assert.Equal(cpuEntries.Select(entry => entry.TagSuffix).Order(StringComparer.Ordinal),
            fixture.BackendRows.Select(row => row.Entry.TagSuffix).Order(StringComparer.Ordinal));
        foreach (var entry in cpuEntries)
        {
            var row = run.Row($" Backend {entry.TagSuffix}]");
            Assert.Equal("Succeeded", row.Status);
            Assert.Equal(entry.RunsOn.EndsWith("-arm", StringComparison.Ordinal), row.Note.Contains("arm64 under QEMU", StringComparison.Ordinal));
        }
        // One base per lang those rows build on, for both platforms, each platform a leg row and the legs one merge row.
        Assert.Equal(fixture.BackendRows.Select(row => row.Lang).Distinct().Order(StringComparer.Ordinal),
            fixture.Bases.Select(flavour => flavour.Lang).Order(StringComparer.Ordinal));
        Assert.True(fixture.Bases.Count >= 4, $"{fixture.Bases.Count} CPU bases: {string.Join(", ", fixture.Bases.Select(flavour => flavour.TagStem))}");
        foreach (var flavour in fixture.Bases)
        {
            Assert.Equal(["linux/amd64", "linux/arm64"], flavour.Platforms);
            foreach (var platform in flavour.Platforms)
                Assert.Equal("Succeeded", run.Row($"build-bases Base {flavour.TagStem} {platform}]").Status);
            Assert.Equal("Succeeded", run.Row($"merge-bases Merge base {flavour.TagStem}]").Status);
        }
        // Every other row was offered by the workflow and left out by --rows, never run: each accelerator and macOS.
        var leftOut = run.Summary.Where(row => row.Note.Contains("--rows leaves out", StringComparison.Ordinal)).ToList();
        Assert.All(leftOut, row => Assert.Equal("Skipped", row.Status));
        foreach (var buildType in new[] { "cublas", "hipblas", "intel", "vulkan", "l4t", "mps" })
            Assert.Contains(leftOut, row => row.Note.Contains($"build-type={buildType}", StringComparison.Ordinal));
        Assert.All(run.Summary.Where(row => row.Status == "Succeeded" && row.Target.Contains(" Backend ", StringComparison.Ordinal)),
            row => Assert.Contains(fixture.BackendRows, backend => row.Target.EndsWith(backend.Entry.TagSuffix + "]", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_base_is_published_as_an_index_of_its_platforms_and_built_once_in_the_bases_jobs()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.ToString());
        var output = (fixture.Run.Output + "\n" + fixture.Run.Error).Split('\n');
        foreach (var flavour in fixture.Bases)
        {
            var tag = ImageRefs.BaseImage(fixture.BaseRepo, flavour.TagStem);
            var index = await RegistryApi.ManifestAsync(tag);
            Assert.True(index is not null, $"{tag} is not in the registry\n{fixture.Run}");
            Assert.Equal(flavour.Platforms, index.Platforms);
            foreach (var platform in flavour.Platforms)
            {
                var labels = await RegistryApi.LabelsAsync(tag, platform);
                Assert.Equal(flavour.TagStem, labels.GetValueOrDefault(ImageLabels.Stem));
                Assert.Equal(flavour.Lang, labels.GetValueOrDefault(ImageLabels.Lang));
            }
            // Built once: its recipe runs only in rows of the bases job(s), at most once per platform (once per leg
            // where the workflow splits bases into legs), and never again where a backend needs it.
            var builds = output.Where(line => line.Contains("buildx build", StringComparison.Ordinal)
                && line.Contains($"TAG_STEM={flavour.TagStem} ", StringComparison.Ordinal)).ToList();
            Assert.InRange(builds.Count, 1, flavour.Platforms.Count);
            Assert.All(builds, line => Assert.DoesNotContain(" Backend ", line[..line.IndexOf("]]", StringComparison.Ordinal)], StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Every_backend_is_published_for_its_platform_and_built_on_its_published_base()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.ToString());
        var published = fixture.Bases.Select(flavour => ImageRefs.BaseImage(fixture.BaseRepo, flavour.TagStem)).ToList();
        foreach (var row in fixture.BackendRows)
        {
            Assert.Equal("Succeeded", fixture.Run.Row($" Backend {row.Entry.TagSuffix}]").Status);
            var image = ImageRefs.BackendImage(fixture.BackendRepo, row.Entry.TagSuffix);
            Assert.True(await RegistryApi.ManifestAsync(image) is not null, $"{image} is not in the registry\n{fixture.Run}");
            foreach (var platform in row.Entry.Platforms)
                await RegistryApi.LabelsAsync(image, platform); // asserts the image config is that platform's
            Assert.Contains(row.BaseImagePrebuilt, published);
            Assert.Contains(fixture.LinesOf($" Backend {row.Entry.TagSuffix}]]"),
                line => line.Contains($"--build-arg BASE_IMAGE_PREBUILT={row.BaseImagePrebuilt} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_registry_holds_only_what_the_selected_rows_publish()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.ToString());
        // The base repository holds the bases and every cache (bases' and backends'); the backend repository the images.
        bool Selected(string tag) => fixture.Bases.Any(flavour => tag.Contains(flavour.TagStem, StringComparison.Ordinal))
            || fixture.BackendRows.Any(row => tag.EndsWith(row.Entry.TagSuffix, StringComparison.Ordinal) || tag.Contains(row.Entry.TagSuffix + "-", StringComparison.Ordinal));
        var baseTags = await fixture.RegistryTagsAsync(fixture.BaseRepo);
        Assert.All(baseTags, tag => Assert.True(Selected(tag), $"{fixture.BaseRepo}:{tag} belongs to no selected row"));
        var backendTags = await fixture.RegistryTagsAsync(fixture.BackendRepo);
        Assert.All(backendTags, tag => Assert.True(Selected(tag), $"{fixture.BackendRepo}:{tag} belongs to no selected row"));
        foreach (var row in fixture.BackendRows)
            Assert.Contains(ImageRefs.BackendImage(fixture.BackendRepo, row.Entry.TagSuffix)[(fixture.BackendRepo.Length + 1)..], backendTags);
    }

    [Fact]
    public void Every_job_row_that_ran_wrote_its_step_summary()
    {
        var run = fixture.Run;
        Assert.True(run.ExitCode == 0, run.ToString());
        var summaries = Path.Combine(fixture.RunDirectory, "summaries");
        var ran = run.Summary.Where(row => row.Status == "Succeeded" && row.Target.StartsWith("Rehearse[", StringComparison.Ordinal)
            && !row.Target.Contains("run summary", StringComparison.Ordinal) && !row.Note.Contains(" rows", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ran);
        foreach (var row in ran)
        {
            var file = Path.Combine(summaries, PushRehearsalFixture.SummaryFileName(row.Target));
            Assert.True(File.Exists(file), $"{row.Target}: no step summary {file}; written: {string.Join(", ", Directory.GetFiles(summaries).Select(Path.GetFileName))}");
            Assert.NotEmpty(File.ReadAllText(file).Trim());
        }
        var derive = File.ReadAllText(Path.Combine(summaries, PushRehearsalFixture.SummaryFileName("Rehearse[derive]")));
        Assert.All(fixture.Bases, flavour => Assert.Contains(flavour.TagStem, derive));
        foreach (var row in fixture.BackendRows)
        {
            var summary = File.ReadAllText(Path.Combine(summaries, PushRehearsalFixture.SummaryFileName(run.Row($" Backend {row.Entry.TagSuffix}]").Target)));
            Assert.Contains($"{row.Entry.TagSuffix}]", summary);
            // A backend job finds its base published by the bases job and never builds it again.
            Assert.All(summary.Split('\n').Where(line => line.StartsWith("| BuildBase[", StringComparison.Ordinal)),
                line => Assert.Contains("up to date", line));
        }
    }

    [Fact]
    public void The_login_uses_the_runs_own_docker_config_which_goes_with_the_run_and_no_secret_is_printed()
    {
        var run = fixture.Run;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"docker login {fixture.Registry}", run.Output + run.Error);
        Assert.DoesNotContain(PushRehearsalFixture.Password, run.Output + run.Error);
        Assert.False(Directory.Exists(Path.Combine(fixture.RunDirectory, "docker-config")), "the run's docker config (credentials) outlives the run");
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PushRehearsalFixture.Username}:{PushRehearsalFixture.Password}"));
        Assert.DoesNotContain(credentials, fixture.HomeDockerConfigAfter ?? "");
    }
}
