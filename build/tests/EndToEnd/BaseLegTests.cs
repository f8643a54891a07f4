using Strata.Images;
using Strata.Matrix;

namespace Strata.Tests.EndToEnd;

/// <summary>
/// A two-platform base built as two legs on the buildx engine (amd64 natively, arm64 under QEMU), each pushed by digest
/// to its staging tag, then merged by MergeBase into one index at base-image-&lt;stem&gt;; the consumers of each
/// platform then find that base up to date, and a second leg run is up to date without building. Once per class (the
/// arm64 steps are emulated): every fact reads what the sequence recorded. Tiny shell recipes (testdata/two-platform).
/// </summary>
public sealed class BaseLegFixture : EndToEndEnvironment
{
    public const string TagSuffix = "-cpu-hello-shell";
    public static readonly string[] PlatformList = ["linux/amd64", "linux/arm64"];

    public override TestEngine Under => TestEngine.Buildx;

    public string Root { get; } = Directory.CreateTempSubdirectory("strata-base-legs-").FullName;
    public string Digests => Path.Combine(Root, "digests");
    public string PartialDigests => Path.Combine(Root, "digests-partial");
    public string Stem { get; private set; } = null!;
    public string BaseTag => ImageRefs.BaseImage(BaseRepo, Stem);

    public BuildRun Amd64Leg { get; private set; } = null!;
    public BuildRun MergeMissingLeg { get; private set; } = null!;
    public RegistryManifest? BaseAfterMissingLeg { get; private set; }
    public BuildRun Arm64Leg { get; private set; } = null!;
    public BuildRun Merge { get; private set; } = null!;
    public RegistryManifest? Index { get; private set; }
    public IReadOnlyList<BuildRun> Consumers { get; private set; } = [];
    public BuildRun SecondArm64Leg { get; private set; } = null!;
    public string? SecondArm64Digest { get; private set; }
    public BuildRun MergeSinglePlatform { get; private set; } = null!;

    string[] Common => ["--root", Root, "--matrix", "matrix.yaml", "--bases-dir", Path.Combine(TestDataDirectory, "bases"),
        "--base-repo", BaseRepo, "--backend-repo", BackendRepo];

    string[] Leg(string platform, string digests) => ["BuildBase", "--lang", "shell", "--accel", "cpu", "--platform", platform, "--push", "--digests-dir", digests, .. Common];

    string[] MergeBase(string digests) => ["MergeBase", "--lang", "shell", "--accel", "cpu", "--digests-dir", digests, .. Common];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WriteScratchRepository();

        Amd64Leg = await RunAsync(Leg("linux/amd64", Digests));
        Stem = Amd64Leg.RowsContaining("BuildBase[").Select(row => row.Target).FirstOrDefault() is { } target && target.Contains('@')
            ? target[(target.IndexOf('[') + 1)..target.IndexOf('@')]
            : throw new InvalidOperationException($"the amd64 leg printed no BuildBase[<stem>@amd64] row\n{Amd64Leg}");

        // Only the amd64 leg has recorded its digest: the merge must refuse and tag nothing.
        var partial = BackendLegs.DigestFile(PartialDigests, ImageRefs.BaseDigestsKey(Stem), "amd64");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        var amd64Digest = BackendLegs.DigestFile(Digests, ImageRefs.BaseDigestsKey(Stem), "amd64");
        if (!File.Exists(amd64Digest))
            throw new InvalidOperationException($"the amd64 leg recorded no digest at {amd64Digest}\n{Amd64Leg}");
        File.Copy(amd64Digest, partial);
        MergeMissingLeg = await RunAsync(MergeBase(PartialDigests));
        BaseAfterMissingLeg = await RegistryApi.ManifestAsync(BaseTag);

        Arm64Leg = await RunAsync(Leg("linux/arm64", Digests));
        Merge = await RunAsync(MergeBase(Digests));
        Index = await RegistryApi.ManifestAsync(BaseTag);

        // The backends of the split pair consume the merged base, each on its own platform.
        var consumers = new List<BuildRun>();
        foreach (var platform in PlatformList)
            consumers.Add(await RunAsync(["BuildBackend", "--tag-suffix", TagSuffix, "--platform", platform, "--push", "--digests-dir", Digests, .. Common]));
        Consumers = consumers;

        SecondArm64Leg = await RunAsync(Leg("linux/arm64", Path.Combine(Root, "digests-second")));
        SecondArm64Digest = BackendLegs.Read(BackendLegs.DigestFile(Path.Combine(Root, "digests-second"), ImageRefs.BaseDigestsKey(Stem), "arm64"));

        MergeSinglePlatform = await RunAsync(["MergeBase", "--lang", "shell", "--accel", "vulkan", "--digests-dir", Digests, .. Common]);
    }

    // The split pair's base-image is the two-platform OS index, so its flavour comes from the matrix with both platforms.
    void WriteScratchRepository()
    {
        Directory.CreateDirectory(Path.Combine(Root, "backend"));
        File.Copy(Path.Combine(TestDataDirectory, "backend", "Dockerfile.shell"), Path.Combine(Root, "backend", "Dockerfile.shell"));
        var rows = PlatformList.Select(platform => $"""
              - build-type: ''
                platforms: '{platform}'
                platform-tag: '{platform[6..]}'
                tag-suffix: '{TagSuffix}'
                runs-on: '{(platform == "linux/arm64" ? "ubuntu-24.04-arm" : "ubuntu-latest")}'
                base-image: '{OsImage}'
                backend: 'hello-shell'
                dockerfile: './backend/Dockerfile.shell'
                context: './'
                ubuntu-version: '2404'
            """);
        File.WriteAllText(Path.Combine(Root, "matrix.yaml"), "include:\n" + string.Join("\n", rows) + "\n");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    static string TestDataDirectory => Path.Combine(BuildScript.FindRepositoryRoot(), "build", "tests", "EndToEnd", "testdata", "two-platform");
}

[Collection(EndToEndCollection.Name)]
[Trait("Requires", "Docker")]
[Trait("Requires", "Buildx")]
public sealed class BaseLegTests(BaseLegFixture fixture) : IClassFixture<BaseLegFixture>
{
    [Fact]
    public async Task Each_leg_builds_its_platform_alone_and_records_the_digest_of_its_staging_tag()
    {
        foreach (var (run, tag) in new[] { (fixture.Amd64Leg, "amd64"), (fixture.Arm64Leg, "arm64") })
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            var row = run.Row($"BuildBase[{fixture.Stem}@{tag}]");
            Assert.Equal("Succeeded", row.Status);
            Assert.Contains(row.Note, new[] { "built", "cached" });
            Assert.Contains($"--cache-to type=registry,ref={ImageRefs.BaseCache(fixture.BaseRepo, fixture.Stem, tag)},", run.Output + run.Error);
            var digest = BackendLegs.Read(BackendLegs.DigestFile(fixture.Digests, ImageRefs.BaseDigestsKey(fixture.Stem), tag));
            using var registry = new RegistryImages(fixture.Docker);
            var staged = await registry.DescribePlatformAsync(ImageRefs.BaseLeg(fixture.BaseRepo, fixture.Stem, tag), $"linux/{tag}");
            Assert.Equal($"linux/{tag}", staged?.Manifest.Platform);
            Assert.Equal(staged?.Manifest.Digest, digest);
        }
    }

    [Fact]
    public void A_merge_with_a_leg_missing_fails_naming_it_and_tags_nothing()
    {
        var run = fixture.MergeMissingLeg;
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"leg {fixture.Stem}@arm64 recorded no digest", run.Output + run.Error);
        Assert.Null(fixture.BaseAfterMissingLeg);
    }

    [Fact]
    public async Task The_merge_writes_base_image_stem_as_one_index_of_both_legs_with_their_labels()
    {
        Assert.True(fixture.Merge.ExitCode == 0, fixture.Merge.ToString());
        Assert.Equal("Succeeded", fixture.Merge.Row($"MergeBase[{fixture.Stem}]").Status);
        var index = fixture.Index;
        Assert.True(index is not null, $"{fixture.BaseTag} is not in the registry\n{fixture.Merge}");
        Assert.Equal("application/vnd.oci.image.index.v1+json", index.MediaType);
        Assert.Equal(BaseLegFixture.PlatformList, index.Platforms);
        var digests = index.Body.GetProperty("manifests").EnumerateArray().Select(entry => entry.GetProperty("digest").GetString()).ToList();
        Assert.Equal(new[] { "amd64", "arm64" }.Select(tag => BackendLegs.Read(BackendLegs.DigestFile(fixture.Digests, ImageRefs.BaseDigestsKey(fixture.Stem), tag))), digests);
        var hashes = new List<string>();
        foreach (var platform in BaseLegFixture.PlatformList)
        {
            var labels = await RegistryApi.LabelsAsync(fixture.BaseTag, platform);
            Assert.Equal("shell", labels.GetValueOrDefault(ImageLabels.Lang));
            Assert.Equal(fixture.Stem, labels.GetValueOrDefault(ImageLabels.Stem));
            hashes.Add(labels.GetValueOrDefault(ImageLabels.InputsHash) ?? "");
        }
        Assert.Matches("^[0-9a-f]{64}$", Assert.Single(hashes.Distinct()));
    }

    [Fact]
    public void The_consumers_of_each_platform_find_the_merged_base_up_to_date()
    {
        foreach (var (run, tag) in fixture.Consumers.Zip(new[] { "amd64", "arm64" }))
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            var row = run.Row($"BuildBase[{fixture.Stem}]");
            Assert.Equal("Succeeded", row.Status);
            Assert.Equal("up to date", row.Note);
            Assert.Equal("Succeeded", run.Row($"BuildBackend[{BaseLegFixture.TagSuffix}@{tag}]").Status);
        }
    }

    [Fact]
    public void A_second_leg_run_is_up_to_date_from_the_merged_index_without_building()
    {
        var run = fixture.SecondArm64Leg;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("up to date", run.Row($"BuildBase[{fixture.Stem}@arm64]").Note);
        Assert.Empty(run.BuildKitSteps);
        Assert.DoesNotContain("buildx build", run.Output + run.Error);
        var arm64 = fixture.Index!.Body.GetProperty("manifests").EnumerateArray()
            .Single(entry => entry.GetProperty("platform").GetProperty("architecture").GetString() == "arm64");
        Assert.Equal(arm64.GetProperty("digest").GetString(), fixture.SecondArm64Digest);
    }

    [Fact]
    public void Merging_a_base_of_one_platform_is_an_input_error_listing_the_bases_with_legs()
    {
        var run = fixture.MergeSinglePlatform;
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("has no legs to merge", run.Output + run.Error);
        Assert.Contains($"bases with legs: {fixture.Stem}", run.Output + run.Error);
    }
}
