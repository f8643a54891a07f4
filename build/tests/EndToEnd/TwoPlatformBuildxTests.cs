using Strata.Images;
using Strata.Matrix;
using Strata.Tests.Images;

namespace Strata.Tests.EndToEnd;

/// <summary>
/// The production path on the buildx engine, once per run (arm64 steps run under QEMU, so it is built once and every
/// fact reads what the sequence recorded): a two-platform base pushed with a registry cache; a second call; a
/// pull-request call; a prune of the recipe's builder-cache records and a forced rebuild; a backend on that base for both platforms.
/// The base and backend are tiny shell recipes (testdata/two-platform) so that emulated arm64 steps take seconds.
/// </summary>
public sealed class TwoPlatformBuildxFixture : EndToEndEnvironment
{
    public const string Platforms = "linux/amd64,linux/arm64";
    public static readonly string[] PlatformList = ["linux/amd64", "linux/arm64"];
    public const string BackendTagSuffix = "-cpu-hello-shell";
    public const string Lang = "shell";
    public const int PullRequest = 7;
    /// <summary>
    /// Named by the first step of this run's copy of the base recipe: the records of that step and of every later one
    /// are this run's alone (no other build has that step), so they are the ones pruned.
    /// </summary>
    public string RecipeMarker { get; } = $"strata-two-platform-{Guid.NewGuid():N}";
    readonly DirectoryInfo _bases = Directory.CreateTempSubdirectory("strata-two-platform-bases-");

    /// <summary>
    /// The two-platform OS index under a name of this run's own (same content, same stem): BuildKit before v0.32 takes
    /// no cache for the steps on top of a FROM that a concurrent build on the same engine holds (moby/buildkit#4674,
    /// fixed in v0.32.0 by moby/buildkit#6955), and other test runs and sessions build FROM the shared name, so under
    /// that name the forced rebuild's cache hits would depend on what else runs on the engine.
    /// </summary>
    public string OwnOsImage { get; private set; } = null!;
    string _ownOsRepository = null!;

    public override TestEngine Under => TestEngine.Buildx;

    public string Stem { get; private set; } = null!;
    public string BaseTag => ImageRefs.BaseImage(BaseRepo, Stem);
    public string PrTag => ImageRefs.BaseImage(BaseRepo, Stem, PullRequest);
    public string CacheRef => ImageRefs.BaseCache(BaseRepo, Stem);
    public string BackendImage => ImageRefs.BackendImage(BackendRepo, BackendTagSuffix);

    public BuildRun First { get; private set; } = null!;
    public RegistryManifest? IndexAfterFirst { get; private set; }
    public RegistryManifest? CacheAfterFirst { get; private set; }
    public BuildRun Second { get; private set; } = null!;
    public bool BaseLocalAfterSecond { get; private set; }
    public BuildRun PullRequestRun { get; private set; } = null!;
    public BuildRun PullRequestForcedRun { get; private set; } = null!;
    public RegistryManifest? PrIndex { get; private set; }
    public RegistryManifest? CacheAfterPullRequest { get; private set; }
    public IReadOnlyList<string> LocalTagsAfterPrune { get; private set; } = [];
    public int PrunedRecords { get; private set; }
    public int RecordsLeftAfterPrune { get; private set; }
    public BuildRun Forced { get; private set; } = null!;
    public RegistryManifest? IndexAfterForced { get; private set; }
    public BuildRun Backend { get; private set; } = null!;
    public RegistryManifest? BackendIndex { get; private set; }

    /// <summary>The test matrix and recipes, and this class's repositories, for every call.</summary>
    public string[] TestArguments => ["--matrix", Path.Combine(TestDataDirectory, "matrix.yaml"), "--bases-dir", _bases.FullName,
        "--platform", Platforms, "--push", "--base-image", OwnOsImage, "--base-repo", BaseRepo, "--backend-repo", BackendRepo];

    public string[] BuildBaseArguments(params string[] extra) => ["BuildBase", "--lang", Lang, "--accel", "cpu", .. TestArguments, .. extra];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        CopyRecipesWithMarker();
        var os = ImageReference.Parse(OsImage);
        _ownOsRepository = $"{UniquePrefix(Registry)[(Registry.Length + 1)..]}/{os.Repository[(os.Repository.LastIndexOf('/') + 1)..]}";
        OwnOsImage = $"{Registry}/{_ownOsRepository}:{os.Tag}";
        await DockerOkAsync("buildx", "imagetools", "create", "-t", OwnOsImage, OsImage);
        First = await RunAsync(BuildBaseArguments());
        // The stem as the run names its sub-target, BuildBase[<stem>].
        Stem = First.RowsContaining("BuildBase[").Select(row => row.Target).FirstOrDefault() is { } target
            ? target[(target.IndexOf('[') + 1)..target.IndexOf(']')]
            : throw new InvalidOperationException($"the first BuildBase printed no BuildBase[<stem>] row\n{First}");
        IndexAfterFirst = await RegistryApi.ManifestAsync(BaseTag);
        CacheAfterFirst = await RegistryApi.ManifestAsync(CacheRef);

        // The docker driver keeps what it pushes in the engine's store: remove it, so that its absence after the
        // second call shows that the up-to-date check did not pull.
        await Engine.RemoveAsync(BaseTag);
        Second = await RunAsync(BuildBaseArguments());
        BaseLocalAfterSecond = await Engine.ImageExistsAsync(BaseTag);

        // Unchanged inputs: the master index is re-tagged in the registry; forced: a build that reads the cache.
        PullRequestRun = await RunAsync(BuildBaseArguments("--pr", $"{PullRequest}"));
        PrIndex = await RegistryApi.ManifestAsync(PrTag);
        PullRequestForcedRun = await RunAsync(BuildBaseArguments("--pr", $"{PullRequest}", "--force"));
        CacheAfterPullRequest = await RegistryApi.ManifestAsync(CacheRef);

        // Everything local of this recipe goes: this class's images, then its steps' records in the builder's cache
        // (only those: the engine's other records hold the layers of other tests' bases; images first, because on the
        // containerd store an image holds the records of its layers), so the forced rebuild can only take its steps
        // from the registry cache.
        foreach (var tag in await LocalTagsAsync(BaseRepo))
            await Engine.RemoveAsync(tag);
        LocalTagsAfterPrune = await LocalTagsAsync(BaseRepo);
        (PrunedRecords, RecordsLeftAfterPrune) = await BuildCacheRecords.PruneStepsContainingAsync(Docker, DockerCli, RecipeMarker);
        Forced = await RunAsync(BuildBaseArguments("--force"));
        IndexAfterForced = await RegistryApi.ManifestAsync(BaseTag);

        Backend = await RunAsync(["BuildBackend", "--tag-suffix", BackendTagSuffix, .. TestArguments]);
        BackendIndex = await RegistryApi.ManifestAsync(BackendImage);
    }

    /// <summary>The test recipes, the base one with a first step that writes <see cref="RecipeMarker"/>.</summary>
    void CopyRecipesWithMarker()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(TestDataDirectory, "bases")))
        {
            var lines = File.ReadAllLines(file).ToList();
            var from = lines.FindIndex(line => line.StartsWith("FROM ", StringComparison.Ordinal));
            if (from < 0) throw new InvalidOperationException($"{file} has no FROM line");
            lines.Insert(from + 1, $"RUN echo {RecipeMarker} | tee /opt/strata-run");
            File.WriteAllLines(Path.Combine(_bases.FullName, Path.GetFileName(file)), lines);
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownOsRepository is not null)
            await RegistryCleanup.DeleteTagsAsync(Registry, [_ownOsRepository]);
        _bases.Delete(recursive: true);
    }

    static string TestDataDirectory => Path.Combine(BuildScript.FindRepositoryRoot(), "build", "tests", "EndToEnd", "testdata", "two-platform");
}

[Collection(EndToEndCollection.Name)]
[Trait("Requires", "Docker")]
[Trait("Requires", "Buildx")]
public sealed class TwoPlatformBuildxTests(TwoPlatformBuildxFixture fixture) : IClassFixture<TwoPlatformBuildxFixture>
{
    [Fact]
    public async Task Pushes_the_base_as_one_index_of_both_platforms_with_their_labels()
    {
        var run = fixture.First;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Succeeded", run.Row("BuildBase[").Status);
        Assert.Contains("building with buildx (", run.Output + run.Error);

        var index = fixture.IndexAfterFirst;
        Assert.True(index is not null, $"{fixture.BaseTag} is not in the registry\n{run}");
        Assert.Contains(index.MediaType, new[] { "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json" });
        Assert.Equal(TwoPlatformBuildxFixture.PlatformList, index.Platforms);

        var hashes = new List<string>();
        foreach (var platform in TwoPlatformBuildxFixture.PlatformList)
        {
            var labels = await RegistryApi.LabelsAsync(fixture.BaseTag, platform);
            Assert.Equal(TwoPlatformBuildxFixture.Lang, labels.GetValueOrDefault(ImageLabels.Lang));
            Assert.Equal(fixture.Stem, labels.GetValueOrDefault(ImageLabels.Stem));
            var hash = labels.GetValueOrDefault(ImageLabels.InputsHash) ?? "";
            Assert.Matches("^[0-9a-f]{64}$", hash);
            hashes.Add(hash);
        }
        Assert.Single(hashes.Distinct());
    }

    [Fact]
    public void Its_cache_ref_holds_a_buildkit_cache_manifest()
    {
        Assert.True(fixture.First.ExitCode == 0, fixture.First.ToString());
        Assert.Contains($"--cache-to type=registry,ref={fixture.CacheRef},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true", fixture.First.Output + fixture.First.Error);
        var cache = fixture.CacheAfterFirst;
        Assert.True(cache is not null, $"no cache at {fixture.CacheRef}\n{fixture.First}");
        Assert.Equal(RegistryApi.BuildKitCacheConfig, cache.ConfigMediaType);
        Assert.True(cache.Body.GetProperty("layers").GetArrayLength() > 0, "the cache manifest lists no layer blobs");
    }

    [Fact]
    public void A_second_call_is_up_to_date_from_the_registry_alone_for_both_platforms()
    {
        var run = fixture.Second;
        Assert.True(run.ExitCode == 0, run.ToString());
        var row = run.Row("BuildBase[");
        Assert.Equal("Succeeded", row.Status);
        Assert.Equal("up to date", row.Note);
        Assert.Empty(run.BuildKitSteps);
        Assert.DoesNotContain("buildx build", run.Output + run.Error);
        Assert.False(fixture.BaseLocalAfterSecond, $"{fixture.BaseTag} was pulled by the up-to-date check");
    }

    [Fact]
    public void A_pull_request_with_unchanged_inputs_re_tags_the_master_index_in_the_registry()
    {
        var run = fixture.PullRequestRun;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Succeeded", run.Row("BuildBase[").Status);
        Assert.StartsWith("re-tagged", run.Row("BuildBase[").Note);
        Assert.Empty(run.BuildKitSteps);
        Assert.True(fixture.PrIndex is not null, $"{fixture.PrTag} is not in the registry\n{run}");
        Assert.Equal(TwoPlatformBuildxFixture.PlatformList, fixture.PrIndex.Platforms);
        Assert.Equal(fixture.IndexAfterFirst?.Digest, fixture.PrIndex.Digest);
    }

    [Fact]
    public void A_forced_pull_request_build_reads_the_cache_and_writes_none()
    {
        var run = fixture.PullRequestForcedRun;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Succeeded", run.Row("BuildBase[").Status);
        Assert.Contains($"--cache-from type=registry,ref={fixture.CacheRef}", run.Output + run.Error);
        Assert.DoesNotContain("--cache-to", run.Output + run.Error);
        Assert.Equal(fixture.CacheAfterFirst?.Digest, fixture.CacheAfterPullRequest?.Digest);
    }

    [Fact]
    public void Every_step_of_the_recipe_prints_when_it_runs_so_a_step_that_ran_shows()
    {
        var output = fixture.First.Output + fixture.First.Error;
        foreach (var platform in TwoPlatformBuildxFixture.PlatformList)
        {
            var steps = PlatformSteps(output, platform);
            Assert.True(steps.Count >= 3, $"expected the recipe's RUN steps for {platform}\n{fixture.First}");
            Assert.All(steps, step => Assert.True(step.Ran, $"{step.Line} printed nothing in the first build\n{fixture.First}"));
        }
    }

    /// <summary>
    /// Every step of both platforms, the emulated arm64 ones too, comes from the registry cache: none ran (none printed
    /// its command's output), and each says CACHED or downloaded its layer (BuildKit may end such a step DONE).
    /// </summary>
    [Fact]
    public void After_a_prune_a_forced_rebuild_takes_every_step_of_both_platforms_from_the_registry_cache()
    {
        Assert.Empty(fixture.LocalTagsAfterPrune);
        Assert.True(fixture.PrunedRecords > 0, $"no build-cache record of a step naming {fixture.RecipeMarker}");
        Assert.Equal(0, fixture.RecordsLeftAfterPrune);
        var run = fixture.Forced;
        Assert.True(run.ExitCode == 0, run.ToString());
        var output = run.Output + run.Error;
        Assert.Contains($"importing cache manifest from {fixture.CacheRef}", output);
        foreach (var platform in TwoPlatformBuildxFixture.PlatformList)
        {
            var steps = PlatformSteps(output, platform);
            Assert.True(steps.Count >= 3, $"expected the recipe's RUN steps for {platform}\n{run}");
            Assert.All(steps, step => Assert.True(!step.Ran && step.FromCache, $"{step.Line} ran instead of coming from the registry cache\n{run}"));
        }
        Assert.Equal(TwoPlatformBuildxFixture.PlatformList, fixture.IndexAfterForced?.Platforms);
    }

    /// <summary>
    /// The recipe steps BuildKit reported for one platform (<c>#8 [linux/amd64 2/3] RUN …</c>): whether each printed
    /// output of its command (<c>#8 0.105 x86_64</c>: it ran), and whether it said CACHED or downloaded a layer of its
    /// result (<c>#8 sha256:… done</c>).
    /// </summary>
    static IReadOnlyList<(string Line, bool Ran, bool FromCache)> PlatformSteps(string output, string platform)
    {
        var lines = output.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        return lines
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, $@"^#(?<id>\d+) \[{platform} \d+/\d+\] RUN "))
            .Where(match => match.Success)
            .DistinctBy(match => match.Groups["id"].Value)
            .Select(match => match.Groups["id"].Value is var id
                ? (match.Value,
                   lines.Any(line => System.Text.RegularExpressions.Regex.IsMatch(line, $@"^#{id} \d+\.\d+ ")),
                   lines.Contains($"#{id} CACHED") || lines.Any(line => line.StartsWith($"#{id} sha256:", StringComparison.Ordinal)))
                : default)
            .ToList();
    }

    [Theory]
    [InlineData("linux/amd64", "x86_64")]
    [InlineData("linux/arm64", "aarch64")]
    public async Task A_backend_builds_on_its_two_platform_base_for_each_platform(string platform, string machine)
    {
        var run = fixture.Backend;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("up to date", run.Row("BuildBase[").Note);
        Assert.Equal("Succeeded", run.Row($"BuildBackend[{TwoPlatformBuildxFixture.BackendTagSuffix}]").Status);
        Assert.Equal(TwoPlatformBuildxFixture.PlatformList, fixture.BackendIndex?.Platforms);

        var files = Directory.CreateTempSubdirectory("strata-e2e-two-platform-");
        try
        {
            var container = await fixture.DockerOkAsync("create", "--platform", platform, fixture.BackendImage, "/run.sh");
            try
            {
                await fixture.DockerOkAsync("cp", $"{container}:/.", files.FullName);
            }
            finally
            {
                await fixture.DockerAsync("rm", container);
            }
            Assert.True(File.Exists(Path.Combine(files.FullName, "run.sh")), $"{fixture.BackendImage} ({platform}) has no /run.sh");

            // Run on the same platform of the base: the backend was built on that machine and answers there.
            var answers = await fixture.DockerOkAsync("run", "--rm", "--platform", platform, "-v", $"{files.FullName}:/backend:ro",
                fixture.BaseTag, "sh", "-c", "uname -m && /backend/run.sh health && /backend/run.sh built-on");
            Assert.Equal($"{machine}\nok\n{machine}", answers.ReplaceLineEndings("\n"));
        }
        finally
        {
            files.Delete(recursive: true);
        }
    }
}
