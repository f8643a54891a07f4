using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Matrix;

/// <summary>
/// Names a base flavour. Arch is deliberately not part of the stem: one base is built multi-arch when any
/// consumer needs it, so consumers of different arches share it.
/// </summary>
public static class Stems
{
    public const string DefaultUbuntuVersion = "2404";
    const string DefaultBaseImage = "ubuntu:24.04";

    public static string For(string lang, string buildType, string ubuntuVersion, string cudaMajor, string cudaMinor, string baseImage)
    {
        var stem = new StringBuilder()
            .Append(lang).Append('-')
            .Append(buildType.Length == 0 ? "cpu" : buildType).Append('-')
            .Append(ubuntuVersion.Length == 0 ? DefaultUbuntuVersion : ubuntuVersion);
        if (BuildTypes.NeedsCuda(buildType))
            stem.Append("-cuda").Append(cudaMajor).Append('.').Append(cudaMinor);
        var slug = Slug(baseImage);
        if (slug.Length > 0)
            stem.Append('-').Append(slug);
        return stem.ToString();
    }

    public static string For(BackendEntry entry, string lang) =>
        For(lang, entry.BuildType, entry.UbuntuVersion, entry.CudaMajorVersion, entry.CudaMinorVersion, entry.BaseImage);

    /// <summary>A short, tag-safe name for the upstream image; empty for the default ubuntu:24.04 or no image.</summary>
    public static string Slug(string baseImage)
    {
        if (baseImage.Length == 0 || baseImage == DefaultBaseImage)
            return "";
        if (baseImage.Contains("l4t-jetpack", StringComparison.Ordinal))
            return "jetpack-" + (JetpackRelease().Match(baseImage) is { Success: true } m ? m.Value : "x");
        if (baseImage.Contains("rocm/dev-ubuntu", StringComparison.Ordinal))
            return "rocm-" + VersionOfTag(baseImage);
        if (baseImage.Contains("intel/oneapi-basekit", StringComparison.Ordinal))
            return "oneapi-" + VersionOfTag(baseImage);
        var name = baseImage[(baseImage.LastIndexOf('/') + 1)..].Replace(':', '-');
        return string.Concat(name.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'));
    }

    /// <summary>The leading digits and dots of the image tag (<c>2025.3.0-0-devel-ubuntu24.04</c> → <c>2025.3.0</c>).</summary>
    static string VersionOfTag(string image)
    {
        var tagStart = image.IndexOf(':', image.LastIndexOf('/') + 1);
        if (tagStart < 0)
            return "x";
        var tag = image.AsSpan(tagStart + 1);
        var length = 0;
        while (length < tag.Length && (char.IsAsciiDigit(tag[length]) || tag[length] == '.'))
            length++;
        return length == 0 ? "x" : tag[..length].ToString();
    }

    private static Regex JetpackRelease() => jetpackRelease ??= new(@"r\d+(?:\.\d+)+");
    static Regex? jetpackRelease;
}
