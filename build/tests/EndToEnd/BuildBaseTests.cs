using Strata.Images;
using Strata.Matrix;

namespace Strata.Tests.EndToEnd;

/// <summary>One <c>BuildBase --lang python --accel cpu</c> into a fresh repository, run once for the class.</summary>
public class PythonBaseFixture : EndToEndEnvironment
{
    public string Stem { get; private set; } = null!;
    public string BaseTag => ImageRefs.BaseImage(BaseRepo, Stem);
    public string CacheRef => ImageRefs.BaseCache(BaseRepo, Stem);
    public BuildRun First { get; private set; } = null!;
    public string FirstImageId { get; private set; } = "";
    public IReadOnlyList<string> TagsAfterFirst { get; private set; } = [];

    public string[] BuildBaseArguments(params string[] extra) =>
        ["BuildBase", "--lang", "python", "--accel", "cpu", "--base-image", OsImage, "--base-repo", BaseRepo, .. extra];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Stem = Plan().Bases.Single(flavour => flavour is { Lang: "python", BuildType: "" } && flavour.BaseImage == OsImage).TagStem;
        First = await RunAsync(BuildBaseArguments());
        if (await Engine.ImageExistsAsync(BaseTag))
            FirstImageId = await ImageIdAsync(BaseTag);
        TagsAfterFirst = await LocalTagsAsync(BaseRepo);
    }
}

/// <summary>The same base on the buildx engine (host platform): buildx with a registry cache instead of inline cache.</summary>
public sealed class BuildxPythonBaseFixture : PythonBaseFixture
{
    public override TestEngine Under => TestEngine.Buildx;
}

[Trait("Requires", "Docker")]
[Collection(EndToEndCollection.Name)]
public sealed class BuildBaseTests(PythonBaseFixture fixture) : BuildBaseBehaviour<PythonBaseFixture>(fixture), IClassFixture<PythonBaseFixture>;

[Collection(EndToEndCollection.Name)]
[Trait("Requires", "Docker")]
[Trait("Requires", "Buildx")]
public sealed class BuildBaseBuildxTests(BuildxPythonBaseFixture fixture) : BuildBaseBehaviour<BuildxPythonBaseFixture>(fixture), IClassFixture<BuildxPythonBaseFixture>;

/// <summary>What BuildBase does on any engine; one concrete class per engine runs it.</summary>
public abstract class BuildBaseBehaviour<TFixture>(TFixture fixture) where TFixture : PythonBaseFixture
{
    [Fact]
    public void Builds_with_the_driver_of_its_engine()
    {
        Assert.True(fixture.First.ExitCode == 0, fixture.First.ToString());
        Assert.Contains($"building with {fixture.Under.DriverName} (", fixture.First.Output + fixture.First.Error);
    }

    [Fact]
    public async Task Writes_its_engines_kind_of_cache_to_the_cache_ref()
    {
        Assert.True(fixture.First.ExitCode == 0, fixture.First.ToString());
        var cache = await RegistryApi.ManifestAsync(fixture.CacheRef);
        Assert.True(cache is not null, $"no cache at {fixture.CacheRef}\n{fixture.First}");
        Assert.Equal(fixture.Under.CacheConfigMediaType, cache.ConfigMediaType);
    }

    [Fact]
    public async Task Builds_a_base_labelled_with_its_lang_stem_and_inputs_hash()
    {
        var run = fixture.First;
        Assert.True(run.ExitCode == 0, run.ToString());
        var row = run.Row("BuildBase[");
        Assert.Equal("Succeeded", row.Status);
        Assert.Contains(row.Note, new[] { "built", "cached" });
        Assert.NotEmpty(run.BuildKitSteps);

        var labels = await fixture.Engine.GetLabelsAsync(fixture.BaseTag);
        Assert.Equal("python", labels.GetValueOrDefault("strata.lang"));
        Assert.Equal(fixture.Stem, labels.GetValueOrDefault("strata.stem"));
        Assert.Matches("^[0-9a-f]{64}$", labels.GetValueOrDefault(DockerEngine.InputsHashLabel) ?? "");
        Assert.Contains("python-cpu", fixture.Stem);
    }

    [Fact]
    public async Task A_second_identical_call_is_up_to_date_and_builds_nothing()
    {
        Assert.True(fixture.First.ExitCode == 0, fixture.First.ToString());
        var hashBefore = await fixture.Engine.GetInputsHashAsync(fixture.BaseTag);

        var second = await fixture.RunAsync(fixture.BuildBaseArguments());

        Assert.True(second.ExitCode == 0, second.ToString());
        var row = second.Row("BuildBase[");
        Assert.Equal("Succeeded", row.Status);
        Assert.Equal("up to date", row.Note);
        Assert.Empty(second.BuildKitSteps);
        Assert.DoesNotContain("docker build", second.Output + second.Error);
        Assert.DoesNotContain("buildx build", second.Output + second.Error);
        Assert.Equal(fixture.FirstImageId, await fixture.ImageIdAsync(fixture.BaseTag));
        Assert.Equal(hashBefore, await fixture.Engine.GetInputsHashAsync(fixture.BaseTag));
    }

    [Fact]
    public async Task A_pr_tag_appears_only_with_a_pr_number()
    {
        Assert.True(fixture.First.ExitCode == 0, fixture.First.ToString());
        Assert.Contains(fixture.BaseTag, fixture.TagsAfterFirst);
        Assert.DoesNotContain(fixture.TagsAfterFirst, tag => tag.Contains("-pr", StringComparison.Ordinal));

        var pr = await fixture.RunAsync(fixture.BuildBaseArguments("--pr", "7"));

        Assert.True(pr.ExitCode == 0, pr.ToString());
        Assert.Equal("Succeeded", pr.Row("BuildBase[").Status);
        var prTag = $"{fixture.BaseTag}-pr7";
        Assert.True(await fixture.Engine.ImageExistsAsync(prTag), $"{prTag} was not created\n{pr}");
        Assert.Equal(await fixture.Engine.GetInputsHashAsync(fixture.BaseTag), await fixture.Engine.GetInputsHashAsync(prTag));
        Assert.Equal(fixture.FirstImageId, await fixture.ImageIdAsync(fixture.BaseTag));
        var prTags = (await fixture.LocalTagsAsync(fixture.BaseRepo)).Where(tag => tag.Contains("-pr", StringComparison.Ordinal));
        Assert.Equal([prTag], prTags);
    }
}
