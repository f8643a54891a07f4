namespace Strata.Matrix;

public static class BuildTypes
{
    /// <summary>Build types whose base carries a CUDA toolkit, so the CUDA version is part of the stem.</summary>
    public static readonly IReadOnlySet<string> Cuda = new HashSet<string>(StringComparer.Ordinal) { "cublas", "l4t" };

    /// <summary>
    /// Build types that honour SKIP_DRIVERS in the base recipe. For the others (cpu, intel, sycl_*, mps, metal)
    /// the flag is a no-op, so consumers that disagree on it can still share one base.
    /// </summary>
    public static readonly IReadOnlySet<string> Driver = new HashSet<string>(StringComparer.Ordinal) { "vulkan", "cublas", "l4t", "clblas", "hipblas" };

    public static bool NeedsCuda(string buildType) => Cuda.Contains(buildType);

    /// <summary>The skip-drivers value that actually reaches the base build: the entry's for driver build types, "false" otherwise.</summary>
    public static string EffectiveSkipDrivers(BackendEntry entry) => EffectiveSkipDrivers(entry.BuildType, entry.SkipDrivers);

    public static string EffectiveSkipDrivers(string buildType, string skipDrivers) =>
        Driver.Contains(buildType) && skipDrivers.Length > 0 ? skipDrivers : "false";
}
