using System.Text;
using Strata.Images;
using Strata.Matrix;
using Strata.Matrix.Changes;

namespace Strata.Tests.EndToEnd;

/// <summary>
/// A push to the default branch, rehearsed on the buildx engine (multi-platform builds; arm64 under QEMU) with the local
/// registry as the target: the committed push workflow (<c>backend.yml</c>), whatever jobs it has, with registry
/// credentials, so it logs in and publishes. Every CPU and every Vulkan row of the project's matrix runs: every base
/// those rows need (one leg per platform, merged into one index) and every such backend on its platforms. The upstream
/// image is mapped to the two-platform OS index (<c>--substitute-images</c>), whose Debian packages carry Vulkan (Mesa's
/// lavapipe, glslc); <c>--rows build-type=… </c> leaves out the other accelerator rows, whose upstream images and SDKs
/// (CUDA 12/13, ROCm 6, oneAPI, L4T) this machine cannot reach, and the macOS rows.
/// </summary>
public sealed class PushRehearsalFixture : RehearsalFixture
{
    public const string Username = "rehearsal-push-user", Password = "never-shown-push-pw";
    static readonly TimeSpan ColdRunLimit = TimeSpan.FromMinutes(100);

    public override TestEngine Under => TestEngine.Buildx;

    /// <summary>The push's derivation as every target of the run reads it: the project's matrix, the image substituted.</summary>
    public DerivedPlan Derived { get; private set; } = null!;
    /// <summary>The build types whose rows this rehearsal runs: CPU ('') and Vulkan, the ones whose SDK Debian ships.</summary>
    public static readonly IReadOnlyList<string> RehearsedBuildTypes = ["", "vulkan"];

    /// <summary>The build types of the project's matrix that <c>--rows</c> leaves out, and why: no SDK or image here.</summary>
    public static readonly IReadOnlyList<string> LeftOutBuildTypes = ["cublas", "hipblas", "intel", "sycl_f16", "sycl_f32", "l4t", "mps", "metal"];

    public IReadOnlyList<BaseFlavour> Bases => [.. Derived.Bases.Where(flavour => RehearsedBuildTypes.Contains(flavour.BuildType))];
    public IReadOnlyList<DerivedBackend> BackendRows => [.. Derived.Backends.Where(row => RehearsedBuildTypes.Contains(row.Entry.BuildType))];
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
        // A cold engine builds the bases' arm64 legs and seven arm64 backends under QEMU, and the Vulkan bases install
        // Mesa and the shader toolchain: longer than a build call's default limit.
        Run = await Script.RunAsync(
        [
            "Rehearse", "--event", "push",
            .. RehearsedBuildTypes.SelectMany(buildType => new[] { "--rows", $"build-type={buildType}" }),
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
    public void The_run_succeeds_on_every_cpu_and_vulkan_row_of_the_matrix_and_only_the_other_accelerator_and_macos_rows_are_left_out()
    {
        var run = fixture.Run;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Succeeded", run.Row("Rehearse[derive]").Status);
        // Every CPU and Vulkan entry of the matrix file (read here, not through the derivation) is a backend row that ran.
        var matrix = MatrixFile.Load(Path.Combine(fixture.Root, ".github", "backend-matrix.yaml"));
        var rehearsedEntries = matrix.Linux.Where(entry => PushRehearsalFixture.RehearsedBuildTypes.Contains(entry.BuildType)).ToList();
        Assert.True(rehearsedEntries.Count(entry => entry.BuildType.Length == 0) >= 12, "the project's matrix has fewer than 12 CPU entries");
        Assert.True(rehearsedEntries.Count(entry => entry.BuildType == "vulkan") >= 6, "the project's matrix has fewer than 6 Vulkan entries");
        Assert.Equal(rehearsedEntries.Select(entry => entry.TagSuffix).Order(StringComparer.Ordinal),
            fixture.BackendRows.Select(row => row.Entry.TagSuffix).Order(StringComparer.Ordinal));
        foreach (var entry in rehearsedEntries)
        {
            var row = run.Row($" Backend {entry.TagSuffix}]");
            Assert.Equal("Succeeded", row.Status);
            Assert.Equal(entry.RunsOn.EndsWith("-arm", StringComparison.Ordinal), row.Note.Contains("arm64 under QEMU", StringComparison.Ordinal));
        }
        // One base per lang and build type those rows build on, for the platforms of its consumers, each platform a leg
        // row and, where there are two, the legs one merge row (a one-platform base is published by its leg).
        Assert.Equal(fixture.BackendRows.Select(row => $"{row.Lang}/{row.Entry.BuildType}").Distinct().Order(StringComparer.Ordinal),
            fixture.Bases.Select(flavour => $"{flavour.Lang}/{flavour.BuildType}").Order(StringComparer.Ordinal));
        Assert.True(fixture.Bases.Count(flavour => flavour.BuildType == "vulkan") >= 2,
            $"Vulkan bases: {string.Join(", ", fixture.Bases.Where(flavour => flavour.BuildType == "vulkan").Select(flavour => flavour.TagStem))}");
        foreach (var flavour in fixture.Bases)
        {
            var consumerPlatforms = fixture.BackendRows.Where(row => row.Lang == flavour.Lang && row.Entry.BuildType == flavour.BuildType)
                .SelectMany(row => row.Entry.Platforms).Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(consumerPlatforms, flavour.Platforms.Order(StringComparer.Ordinal));
            foreach (var platform in flavour.Platforms)
                Assert.Equal("Succeeded", run.Row($"build-bases Base {flavour.TagStem} {platform}]").Status);
            if (flavour.Platforms.Count > 1)
                Assert.Equal("Succeeded", run.Row($"merge-bases Merge base {flavour.TagStem}]").Status);
            else
                Assert.DoesNotContain(run.Summary, row => row.Target.EndsWith($"Merge base {flavour.TagStem}]", StringComparison.Ordinal));
        }
        Assert.Contains(fixture.Bases, flavour => flavour.BuildType == "vulkan" && flavour.Platforms.Count == 2);
        // Every other row was offered by the workflow and left out by --rows, never run: each other accelerator and macOS.
        var leftOut = run.Summary.Where(row => row.Note.Contains("--rows leaves out", StringComparison.Ordinal)).ToList();
        Assert.All(leftOut, row => Assert.Equal("Skipped", row.Status));
        foreach (var buildType in matrix.Linux.Concat(matrix.Darwin).Select(entry => entry.BuildType).Distinct()
                     .Where(buildType => !PushRehearsalFixture.RehearsedBuildTypes.Contains(buildType)))
        {
            Assert.Contains(buildType, PushRehearsalFixture.LeftOutBuildTypes);
            Assert.Contains(leftOut, row => row.Note.Contains($"build-type={buildType}", StringComparison.Ordinal));
        }
        Assert.DoesNotContain(leftOut, row => row.Note.Contains("build-type=vulkan", StringComparison.Ordinal));
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
