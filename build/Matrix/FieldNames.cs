namespace Strata.Matrix;

/// <summary>The kebab-case entry fields the derivation reads; every other field passes through untouched.</summary>
public static class FieldNames
{
    public const string Backend = "backend";
    public const string Dockerfile = "dockerfile";
    public const string TagSuffix = "tag-suffix";
    public const string TagLatest = "tag-latest";
    public const string BuildType = "build-type";
    public const string CudaMajorVersion = "cuda-major-version";
    public const string CudaMinorVersion = "cuda-minor-version";
    public const string Platforms = "platforms";
    public const string PlatformTag = "platform-tag";
    public const string RunsOn = "runs-on";
    public const string BaseImage = "base-image";
    public const string SkipDrivers = "skip-drivers";
    public const string Context = "context";
    public const string UbuntuVersion = "ubuntu-version";
    public const string Lang = "lang";
    public const string SourceDir = "source-dir";
    public const string BaseImagePrebuilt = "base-image-prebuilt";

    /// <summary>Every name above, for readers that share one instance of each name among all entries.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Backend, Dockerfile, TagSuffix, TagLatest, BuildType, CudaMajorVersion, CudaMinorVersion, Platforms, PlatformTag,
        RunsOn, BaseImage, SkipDrivers, Context, UbuntuVersion, Lang, SourceDir, BaseImagePrebuilt,
    ];
}
