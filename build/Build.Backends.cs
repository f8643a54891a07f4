using Strata.Engine;
using Strata.Images;
using Strata.Matrix;

partial class Build
{
    Target BuildBackend => _ => _
        .Description("Build one backend on its base, the base first unless up to date: --backend NAME or --tag-suffix S")
        .DependsOn(ConnectDocker)
        .Requires(() => Backend.Length > 0 || TagSuffix != null)
        .Requires(() => BaseRepo)
        .Requires(() => BackendRepo)
        .Expands(() => DarwinEntry is { } entry ? [NativeTarget(entry)] : ImageTargets(SelectedBackends));

    Target BackendAll => _ => _
        .Description("Build every selected backend on its base, each base once (default: CPU entries for the host platform)")
        .DependsOn(ConnectDocker)
        .Requires(() => BaseRepo)
        .Requires(() => BackendRepo)
        .Expands(() => ImageTargets(SelectedBackends));

    BackendFilter BackendSelection => new()
    {
        TagSuffix = TagSuffix,
        Backends = Backend,
        BuildTypes = Accel is not null ? [Accel.BuildType] : TagSuffix is null ? [Accelerator.Cpu.BuildType] : [],
        Platform = Platform ?? (TagSuffix is null ? HostPlatform : null),
    };

    IReadOnlyList<DerivedBackend> SelectedBackends => AsInputError(() => BackendSelection.Apply(BackendPlan.Backends));

    IEnumerable<SubTarget> ImageTargets(IReadOnlyList<DerivedBackend> backends)
    {
        var stems = backends.Select(backend => backend.TagStem).ToHashSet();
        foreach (var flavour in BackendPlan.Bases.Where(flavour => stems.Contains(flavour.TagStem)))
            yield return BaseTarget(flavour);

        foreach (var backend in backends)
            yield return new SubTarget($"{nameof(BuildBackend)}[{backend.RowName}]", async context =>
                context.Note = await BuildBackendAsync(backend, context.CancellationToken))
            {
                DependsOn = backend.TagStem is { } stem ? [$"{nameof(BuildBase)}[{stem}]"] : [],
            };
    }

    bool BuildsNatively => DarwinEntry is not null;

    BackendEntry? DarwinEntry => TagSuffix is not null && Plan.Backends.All(backend => backend.Entry.TagSuffix != TagSuffix)
        ? Plan.Darwin.FirstOrDefault(entry => entry.TagSuffix == TagSuffix)
        : null;

    SubTarget NativeTarget(BackendEntry entry) => new($"{nameof(BuildBackend)}[{entry.TagSuffix}]", async context =>
        context.Note = await NativeBackendBuild.RunAsync(
            RepositoryPath.Resolve(RootDirectory, LoadedRules.SourceDirOf(entry) ?? throw new BuildInputException(
                $"{entry.FilePath}:{entry.Line}: {entry.DisplayName}: no source dir; give it source-dir, or add a darwin mapping to {LoadedRules.FilePath}"),
                $"{entry.DisplayName}: {FieldNames.SourceDir}"),
            RootPath($".nuke/temp/artifacts/{entry.Backend}{entry.TagSuffix}.tar.gz"),
            context.CancellationToken));

    async Task<string> BuildBackendAsync(DerivedBackend backend, CancellationToken cancellationToken)
    {
        var result = await Docker.Backends.RunAsync(ImageSpecs.ForBackend(backend, ImageSettings), cancellationToken);
        return ImageSpecs.Describe(result.Outcome);
    }
}
