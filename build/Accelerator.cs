using Strata.Engine;
using Strata.Matrix;

/// <summary>
/// The <c>--accel</c> values: the linux build-types of the registry in <see cref="BuildTypes"/>, by accelerator name;
/// the matrix build-type name is accepted as an alias (so a workflow can pass an entry's build-type as it is, '' for CPU).
/// </summary>
public sealed class Accelerator : Enumeration
{
    public static readonly Accelerator Cpu = new(BuildTypes.Cpu);
    public static readonly Accelerator Cuda = new(BuildTypes.Cublas);
    public static readonly Accelerator L4t = new(BuildTypes.L4t);
    public static readonly Accelerator Rocm = new(BuildTypes.Hipblas);
    public static readonly Accelerator Intel = new(BuildTypes.Intel);
    public static readonly Accelerator SyclF16 = new(BuildTypes.SyclF16);
    public static readonly Accelerator SyclF32 = new(BuildTypes.SyclF32);
    public static readonly Accelerator Vulkan = new(BuildTypes.Vulkan);
    public static readonly Accelerator Clblas = new(BuildTypes.Clblas);

    Accelerator(BuildType type)
        : base(type.Accelerator, type.Name != type.Accelerator ? [type.Name] : [])
    {
        BuildType = type.Name;
    }

    public string BuildType { get; }
}
