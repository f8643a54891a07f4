using Strata.Matrix;

namespace Strata.Images;

/// <summary>Where images go and how this run builds them: the same for every base and backend of a run.</summary>
public sealed record ImageSettings(
    string RootDirectory,
    string BasesDirectory,
    string BaseRepo,
    string BackendRepo,
    int? PullRequest,
    string Platform,
    bool Push,
    bool Force,
    string RefreshWindow,
    string? DigestsDirectory = null);

/// <summary>Turns derived bases and backends into build specs; every name comes from <see cref="ImageRefs"/>.</summary>
public static class ImageSpecs
{
    /// <summary>
    /// A base, or with <paramref name="leg"/> one platform of a multi-platform base: the leg reads and writes its own
    /// cache and, when it publishes (a push outside pull requests), goes to its staging tag and records its digest.
    /// </summary>
    public static BaseBuildSpec ForBase(BaseFlavour flavour, ImageSettings settings, BaseLeg? leg = null) => new(
        Lang: flavour.Lang,
        Stem: flavour.TagStem,
        RecipePath: BaseRecipes.RecipePath(settings.BasesDirectory, flavour.Lang),
        ContextDir: settings.RootDirectory,
        ImageTag: ImageRefs.BaseImage(settings.BaseRepo, flavour.TagStem, settings.PullRequest),
        MasterImageTag: ImageRefs.BaseImage(settings.BaseRepo, flavour.TagStem),
        CacheRef: ImageRefs.BaseCache(settings.BaseRepo, flavour.TagStem, leg?.PlatformTag),
        BuildArgs:
        [
            new("BASE_IMAGE", flavour.BaseImage),
            new("BUILD_TYPE", flavour.BuildType),
            new("CUDA_MAJOR_VERSION", flavour.CudaMajorVersion),
            new("CUDA_MINOR_VERSION", flavour.CudaMinorVersion),
            new("UBUNTU_VERSION", flavour.UbuntuVersion),
            new("SKIP_DRIVERS", flavour.SkipDrivers),
        ],
        Platform: leg?.Platform ?? settings.Platform,
        IsPullRequest: settings.PullRequest is not null,
        Push: settings.Push,
        Force: settings.Force,
        RefreshWindow: settings.RefreshWindow)
    {
        Leg = leg is not null && settings.Push && settings.PullRequest is null
            ? new BaseLegOutput(
                leg.Platform,
                ImageRefs.BaseLeg(settings.BaseRepo, flavour.TagStem, leg.PlatformTag),
                BackendLegs.DigestFile(settings.DigestsDirectory ?? throw new InvalidOperationException("a leg that pushes needs a digests directory"),
                    ImageRefs.BaseDigestsKey(flavour.TagStem), leg.PlatformTag))
            : null,
    };

    /// <summary>
    /// A leg that pushes goes to its leg tag and records its digest for the merge; everything else builds
    /// <c>latest&lt;tag-suffix&gt;</c> (with <c>-pr&lt;N&gt;</c> on a pull request, which never publishes a merge).
    /// </summary>
    public static BackendBuildSpec ForBackend(DerivedBackend backend, ImageSettings settings)
    {
        var entry = backend.Entry;
        var publishesLeg = backend.IsLeg && settings.Push && settings.PullRequest is null;
        return new BackendBuildSpec(
            Backend: entry.Backend,
            Dockerfile: RepositoryPath.Resolve(settings.RootDirectory, entry.Dockerfile, $"{entry.DisplayName}: {FieldNames.Dockerfile}"),
            ContextDir: RepositoryPath.Resolve(settings.RootDirectory, entry.Context.Length > 0 ? entry.Context : ".", $"{entry.DisplayName}: {FieldNames.Context}"),
            ImageTag: publishesLeg
                ? ImageRefs.BackendLeg(settings.BackendRepo, entry.TagSuffix, backend.PlatformTag!)
                : ImageRefs.BackendImage(settings.BackendRepo, entry.TagSuffix, settings.PullRequest),
            CacheRef: backend.CacheRef(settings.BaseRepo),
            BaseImagePrebuilt: backend.BaseImagePrebuilt ?? entry.BaseImage,
            BuildArgs:
            [
                new("BACKEND", entry.Backend),
                new("BUILD_TYPE", entry.BuildType),
                new("CUDA_MAJOR_VERSION", entry.CudaMajorVersion),
                new("CUDA_MINOR_VERSION", entry.CudaMinorVersion),
                new("UBUNTU_VERSION", entry.UbuntuVersion.Length > 0 ? entry.UbuntuVersion : Stems.DefaultUbuntuVersion),
                new("BASE_IMAGE", entry.BaseImage),
            ],
            Platform: settings.Platform,
            IsPullRequest: settings.PullRequest is not null,
            Push: settings.Push)
        {
            DigestFile = publishesLeg
                ? BackendLegs.DigestFile(settings.DigestsDirectory ?? throw new InvalidOperationException("a leg that pushes needs a digests directory"),
                    entry.TagSuffix, backend.PlatformTag!)
                : null,
        };
    }

    public static string Describe(BaseBuildOutcome outcome) => outcome switch
    {
        BaseBuildOutcome.Built => "built",
        BaseBuildOutcome.Cached => "cached",
        BaseBuildOutcome.UpToDate => "up to date",
        BaseBuildOutcome.Retagged => "re-tagged from master",
        _ => outcome.ToString(),
    };

    public static string Describe(BackendBuildOutcome outcome) => outcome == BackendBuildOutcome.Built ? "built" : "cached";
}
