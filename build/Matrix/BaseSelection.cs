namespace Strata.Matrix;

/// <summary>Picks exactly one base flavour for a <see cref="BaseQuery"/>, preferring the flavours the matrix declares.</summary>
public static class BaseSelection
{
    public static BaseFlavour Resolve(IReadOnlyList<BaseFlavour> bases, BaseQuery query)
    {
        var candidates = bases.Where(flavour => Matches(flavour, query)).ToList();
        if (candidates.Count > 1 && query.CudaVersion is null && query.DefaultCudaVersion is { } defaultCuda)
        {
            var withDefaultCuda = candidates.Where(flavour => CudaVersionOf(flavour) == defaultCuda).ToList();
            if (withDefaultCuda.Count > 0)
                candidates = withDefaultCuda;
        }

        return candidates.Count switch
        {
            1 => candidates[0],
            0 => Compose(query),
            _ => throw new ArgumentException(
                $"{candidates.Count} base flavours match --lang {query.Lang}, build-type {AccelOf(query)}: " +
                $"{string.Join(", ", candidates.Select(flavour => flavour.TagStem))}; narrow it with --cuda, --ubuntu or --base-image"),
        };
    }

    static bool Matches(BaseFlavour flavour, BaseQuery query) =>
        flavour.Lang == query.Lang
        && flavour.BuildType == query.BuildType
        && (query.UbuntuVersion is null || flavour.UbuntuVersion == query.UbuntuVersion)
        && (query.CudaVersion is null || CudaVersionOf(flavour) == query.CudaVersion)
        && (query.BaseImage is null || flavour.BaseImage == query.BaseImage)
        && (query.Platform is null || Platforms.Parse(query.Platform).All(flavour.Platforms.Contains))
        && (query.SkipDrivers is null || flavour.SkipDrivers == query.SkipDrivers);

    static BaseFlavour Compose(BaseQuery query)
    {
        var needsCuda = BuildTypes.NeedsCuda(query.BuildType);
        var cuda = needsCuda ? query.CudaVersion ?? query.DefaultCudaVersion : null;
        if (needsCuda && cuda is null)
            throw new ArgumentException($"--accel {AccelOf(query)} needs a CUDA version: pass --cuda X.Y or set Cuda in .nuke/parameters.json");
        var (cudaMajor, cudaMinor) = SplitCuda(cuda);
        var ubuntu = query.UbuntuVersion ?? query.DefaultUbuntuVersion;
        var image = query.BaseImage ?? query.DefaultBaseImage ?? "ubuntu:24.04";
        var platforms = query.Platform is { } platform ? Platforms.Parse(platform) : [Platforms.Amd64];
        var skipDrivers = BuildTypes.EffectiveSkipDrivers(query.BuildType, query.SkipDrivers ?? "false");
        return BaseFlavour.For(query.Lang, query.BuildType, ubuntu, cudaMajor, cudaMinor, image, platforms, skipDrivers);
    }

    static (string Major, string Minor) SplitCuda(string? version)
    {
        if (version is null)
            return ("", "");
        var parts = version.Split('.');
        if (parts is not [var major, var minor] || !major.All(char.IsAsciiDigit) || !minor.All(char.IsAsciiDigit) || major.Length == 0 || minor.Length == 0)
            throw new ArgumentException($"--cuda: '{version}' is not a CUDA version; expected X.Y, e.g. 12.8");
        return (major, minor);
    }

    static string? CudaVersionOf(BaseFlavour flavour) =>
        flavour.CudaMajorVersion.Length > 0 ? $"{flavour.CudaMajorVersion}.{flavour.CudaMinorVersion}" : null;

    static string AccelOf(BaseQuery query) => query.BuildType.Length == 0 ? "cpu" : query.BuildType;
}
