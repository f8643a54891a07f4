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
