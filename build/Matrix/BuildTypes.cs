namespace Strata.Matrix;

/// <summary>
/// One matrix <c>build-type</c>: the accelerator name <c>--accel</c> uses for it, and what it asks of a base.
/// </summary>
/// <param name="Name">The value in the matrix ('' is CPU).</param>
/// <param name="Accelerator">The <c>--accel</c> name (<c>cuda</c> for <c>cublas</c>).</param>
/// <param name="NeedsCuda">The base carries a CUDA toolkit, so the CUDA version is part of its stem.</param>
/// <param name="HonoursSkipDrivers">The base recipe reads SKIP_DRIVERS; for the others the flag is a no-op, so consumers
/// that disagree on it can still share one base.</param>
/// <param name="DarwinOnly">Built natively on macOS only (a darwin entry); never a linux image.</param>
public sealed record BuildType(string Name, string Accelerator, bool NeedsCuda = false, bool HonoursSkipDrivers = false, bool DarwinOnly = false)
{
    /// <summary>The names a build-type is known by: the matrix name and the accelerator name (cpu for '').</summary>
    public IEnumerable<string> Aliases => Name == Accelerator ? [Name] : [Name, Accelerator];
}

/// <summary>The one registry of build-types; every other place (validation, stems, --accel, base recipes) reads it.</summary>
public static class BuildTypes
{
    public static readonly BuildType Cpu = new("", "cpu");
    public static readonly BuildType Cublas = new("cublas", "cuda", NeedsCuda: true, HonoursSkipDrivers: true);
    public static readonly BuildType L4t = new("l4t", "l4t", NeedsCuda: true, HonoursSkipDrivers: true);
    public static readonly BuildType Hipblas = new("hipblas", "rocm", HonoursSkipDrivers: true);
    public static readonly BuildType Intel = new("intel", "intel");
    public static readonly BuildType SyclF16 = new("sycl_f16", "sycl_f16");
    public static readonly BuildType SyclF32 = new("sycl_f32", "sycl_f32");
    public static readonly BuildType Vulkan = new("vulkan", "vulkan", HonoursSkipDrivers: true);
    public static readonly BuildType Clblas = new("clblas", "clblas", HonoursSkipDrivers: true);
    public static readonly BuildType Mps = new("mps", "mps", DarwinOnly: true);
    public static readonly BuildType Metal = new("metal", "metal", DarwinOnly: true);

    public static readonly IReadOnlyList<BuildType> All = [Cpu, Cublas, L4t, Hipblas, Intel, SyclF16, SyclF32, Vulkan, Clblas, Mps, Metal];

    /// <summary>The build-type a matrix value or accelerator name names (case-insensitive; 'cpu' is ''), or null.</summary>
    public static BuildType? Find(string name) =>
        All.FirstOrDefault(type => type.Aliases.Any(alias => string.Equals(alias, name, StringComparison.OrdinalIgnoreCase)));

    public static string ValidNames => string.Join(", ", All.Select(type => type.Name.Length == 0 ? "'' (cpu)" : type.Name));

    public static bool NeedsCuda(string buildType) => Find(buildType)?.NeedsCuda == true;

    /// <summary>The skip-drivers value that actually reaches the base build: the entry's for driver build types, "false" otherwise.</summary>
    public static string EffectiveSkipDrivers(BackendEntry entry) => EffectiveSkipDrivers(entry.BuildType, entry.SkipDrivers);

    public static string EffectiveSkipDrivers(string buildType, string skipDrivers) =>
        Find(buildType)?.HonoursSkipDrivers == true && skipDrivers.Length > 0 ? skipDrivers : "false";
}
