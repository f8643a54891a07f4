namespace Strata.Matrix;

/// <summary>
/// One platform of a base flavour whose consumers span several platforms: it builds natively on its own runner, pushes
/// by digest, and a merge joins the legs into one index at <c>base-image-&lt;stem&gt;</c> before any consumer runs.
/// </summary>
/// <param name="PlatformTag">The platform's architecture (<c>linux/arm64</c> → <c>arm64</c>): it names the leg, its cache and its digest.</param>
/// <param name="RunsOn">The <c>runs-on</c> of the first consumer that builds this platform alone; null when none names one.</param>
public sealed record BaseLeg(string Platform, string PlatformTag, string? RunsOn)
{
    /// <summary>The legs of <paramref name="flavour"/>, one per platform; none for a flavour of one platform (it stays one build).</summary>
    public static IReadOnlyList<BaseLeg> Of(BaseFlavour flavour) =>
        flavour.Platforms.Count < 2
            ? []
            : [.. flavour.Platforms.Select(platform => new BaseLeg(
                platform,
                TagOf(platform),
                flavour.Consumers.FirstOrDefault(consumer => consumer.Platforms is [var only] && only == platform && consumer.RunsOn.Length > 0)?.RunsOn))];

    /// <summary><c>linux/arm64</c> → <c>arm64</c>, as <see cref="Rows.PlatformTagOf"/> names a leg without <c>platform-tag</c>.</summary>
    public static string TagOf(string platform) => platform[(platform.IndexOf('/') + 1)..];
}
