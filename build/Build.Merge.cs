using Strata.Engine;
using Strata.Images;
using Strata.Matrix;

partial class Build
{
    Target MergeBackend => _ => _
        .Description("Publish latest<tag-suffix> (and --version-tag's tag) as one image index of the digests its legs recorded: --tag-suffix S")
        .Requires(() => TagSuffix)
        .Requires(() => BackendRepo)
        .Expands(() => [MergeTarget(TagSuffix!, LegsOf(TagSuffix!))]);

    Target MergeBase => _ => _
        .Description("Publish base-image-<stem> as one image index of the digests its legs recorded: --lang L --accel A [--ubuntu U] [--cuda X.Y] [--base-image IMG]")
        .Requires(() => Lang)
        .Requires(() => Accel)
        .Requires(() => BaseRepo)
        .Expands(() => [BaseMergeTarget(BaseWithLegs)]);

    BaseFlavour BaseWithLegs => RequestedBase is { Legs.Count: > 0 } flavour
        ? flavour
        : throw new BuildInputException($"--lang {Lang} --accel {Accel}: the base {RequestedBase.TagStem} is built for {RequestedBase.PlatformList} alone, so it has no legs to merge; " +
            $"bases with legs: {string.Join(", ", Plan.BaseMerges.Select(flavour => flavour.TagStem).DefaultIfEmpty("none"))}");

    SubTarget BaseMergeTarget(BaseFlavour flavour) => new($"{nameof(MergeBase)}[{flavour.TagStem}]", async context =>
    {
        using var registry = new RegistryImages(DockerEnvironment.FromProcessEnvironment());
        context.Note = await new BackendMerge(registry).RunAsync(new MergeRequest(
            TagSuffix: flavour.TagStem,
            Repository: BaseRepo!,
            Legs: [.. flavour.Legs.Select(leg => new MergeLeg(Strata.Matrix.Rows.Name(flavour.TagStem, leg.PlatformTag), leg.Platform,
                BackendLegs.DigestFile(RootPath(DigestsDir), ImageRefs.BaseDigestsKey(flavour.TagStem), leg.PlatformTag)))],
            Tags: [ImageRefs.BaseImage(BaseRepo!, flavour.TagStem)]), context.CancellationToken);
    });

    IReadOnlyList<DerivedBackend> LegsOf(string tagSuffix)
    {
        var legs = Plan.Backends.Where(row => row.IsLeg && row.Entry.TagSuffix == tagSuffix).ToList();
        return legs.Count > 0
            ? legs
            : throw new BuildInputException($"--tag-suffix: '{tagSuffix}' has no legs to merge (it is not shared by rows of several platforms); " +
                $"tag-suffixes with legs: {string.Join(", ", Plan.Backends.Where(row => row.IsLeg).Select(row => row.Entry.TagSuffix).Distinct())}");
    }

    SubTarget MergeTarget(string tagSuffix, IReadOnlyList<DerivedBackend> legs) => new($"{nameof(MergeBackend)}[{tagSuffix}]", async context =>
    {
        using var registry = new RegistryImages(DockerEnvironment.FromProcessEnvironment());
        context.Note = await new BackendMerge(registry).RunAsync(new MergeRequest(
            TagSuffix: tagSuffix,
            Repository: BackendRepo!,
            Legs: [.. legs.Select(leg => new MergeLeg(leg.RowName, string.Join(",", leg.Entry.Platforms),
                BackendLegs.DigestFile(RootPath(DigestsDir), tagSuffix, leg.PlatformTag!)))],
            Tags:
            [
                ImageRefs.BackendImage(BackendRepo!, tagSuffix),
                .. VersionTag is { Length: > 0 } version ? [ImageRefs.BackendVersionImage(BackendRepo!, version, tagSuffix)] : Array.Empty<string>(),
            ]), context.CancellationToken);
    });
}
