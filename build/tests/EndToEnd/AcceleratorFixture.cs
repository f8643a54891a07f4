using Strata.Matrix;

namespace Strata.Tests.EndToEnd;

/// <summary>
/// The accelerator bases are the slowest builds of the suite (the CUDA toolkit alone is a 1.6 GB download), so one
/// collection fixture builds each once per test run and every accelerator test class reads from it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AcceleratorCollection : ICollectionFixture<AcceleratorFixture>
{
    public const string Name = "Accelerators";
}

/// <summary>One accelerator sample: its <c>--accel</c> value, its backend in the project's matrix, and what answers in its base.</summary>
public sealed record AcceleratorSample(string Accel, string BuildType, string Backend, string[] CompilerVersionCommand);

/// <summary>
/// <c>BackendAll --accel A --backend saxpy-…</c> for CUDA, ROCm and Vulkan on the Debian OS image (through
/// <c>--base-image</c>), into repositories unique to this fixture: each builds the base (Debian's SDK packages) and
/// then the backend on it.
/// </summary>
public sealed class AcceleratorFixture : EndToEndEnvironment
{
    public static readonly IReadOnlyDictionary<string, AcceleratorSample> Samples = new Dictionary<string, AcceleratorSample>
    {
        ["cuda"] = new("cuda", "cublas", "saxpy-cuda", ["nvcc", "--version"]),
        ["rocm"] = new("rocm", "hipblas", "saxpy-hip", ["hipcc", "--version"]),
        ["vulkan"] = new("vulkan", "vulkan", "saxpy-vulkan", ["glslc", "--version"]),
    };

    /// <summary>A cold CUDA base unpacks several GB; on a loaded two-core machine that alone took 17 minutes.</summary>
    static readonly TimeSpan ColdBuildLimit = TimeSpan.FromMinutes(75);

    readonly Dictionary<string, (BuildRun Run, DerivedBackend Backend)> _built = [];

    public BuildRun RunOf(string accel) => _built[accel].Run;

    /// <summary>The matrix entry built for <paramref name="accel"/>, with its upstream image replaced by the OS image.</summary>
    public DerivedBackend BackendOf(string accel) => _built[accel].Backend;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var sample in Samples.Values)
        {
            var backend = Assert.Single(AcceleratorBackends(sample));
            var run = await Script.RunAsync(["BackendAll", "--accel", sample.Accel, "--backend", sample.Backend, .. RepoArguments],
                timeLimit: ColdBuildLimit);
            _built[sample.Accel] = (run, backend);
        }
    }

    /// <summary>What <c>BackendAll --accel … --backend … --base-image OS</c> selects and derives.</summary>
    IReadOnlyList<DerivedBackend> AcceleratorBackends(AcceleratorSample sample)
    {
        var filter = new BackendFilter { Backends = [sample.Backend], BuildTypes = [sample.BuildType], Platform = HostPlatform };
        return filter.Apply(PlanFor(filter.Matches).Backends);
    }
}
