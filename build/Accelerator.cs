using Strata.Engine;

/// <summary>
/// The <c>--accel</c> values; each names the matrix build-type it selects, which is also accepted as an alias
/// (so a workflow can pass a matrix entry's build-type as it is, '' for CPU).
/// </summary>
public sealed class Accelerator : Enumeration
{
    public static readonly Accelerator Cpu = new("cpu", buildType: "");
    public static readonly Accelerator Cuda = new("cuda", buildType: "cublas");
    public static readonly Accelerator L4t = new("l4t", buildType: "l4t");
    public static readonly Accelerator Rocm = new("rocm", buildType: "hipblas");
    public static readonly Accelerator Intel = new("intel", buildType: "intel");
    public static readonly Accelerator SyclF16 = new("sycl_f16", buildType: "sycl_f16");
    public static readonly Accelerator SyclF32 = new("sycl_f32", buildType: "sycl_f32");
    public static readonly Accelerator Vulkan = new("vulkan", buildType: "vulkan");

    Accelerator(string value, string buildType)
        : base(value, buildType != value ? [buildType] : [])
    {
        BuildType = buildType;
    }

    public string BuildType { get; }
}
