using BenchmarkDotNet.Attributes;
using Strata.GitHub;
using Strata.Matrix;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strata.Benchmarks;

/// <summary>
/// Derivation cost by matrix size: the two real LocalAI matrices (234 and 457 linux entries) and generated ones of
/// 1k, 10k and 100k entries. <c>Parse</c> is YAML text to a validated matrix, <c>Derive</c> the pure derivation on a
/// loaded matrix, <c>LoadAndDerive</c> file to plan (the figure the 5 ms target is about), <c>Outputs</c> the
/// serialized CI outputs of a derived plan. <c>YamlTree</c> (YamlDotNet's representation model, which <c>Parse</c>
/// builds on) and <c>YamlEvents</c> (YamlDotNet's event parser alone, the floor for a streaming reader) show how much of
/// <c>Parse</c> is the YAML library rather than our reading and validation.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class DerivationBenchmarks
{
    static readonly IReadOnlySet<string> Langs = new HashSet<string>(["python", "golang", "cpp", "rust"], StringComparer.Ordinal);

    /// <summary>234, 457, 1 000, 10 000 and 100 000; <c>STRATA_BENCH_ENTRIES=457</c> (comma-separated) runs fewer.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Entries { get; set; }

    public static IEnumerable<int> Sizes() =>
        Environment.GetEnvironmentVariable("STRATA_BENCH_ENTRIES") is { Length: > 0 } sizes
            ? sizes.Split(',').Select(int.Parse)
            : [234, 457, 1_000, 10_000, 100_000];

    string path = "";
    string? generated;
    string yaml = "";
    BackendMatrix matrix = null!;
    DerivedPlan plan = null!;
    DeriveOptions options = null!;

    [GlobalSetup]
    public void Setup()
    {
        path = Entries switch
        {
            234 => Fixtures.File("localai-pr9672.yaml"),
            457 => Fixtures.File("localai-2026-08.yaml"),
            _ => generated = GenerateTemporary(Entries),
        };
        yaml = File.ReadAllText(path);
        options = new DeriveOptions { LangsWithBase = Langs, BaseRepo = "quay.io/go-skynet/ci-cache" };
        matrix = MatrixFile.Parse(yaml, path);
        if (matrix.Linux.Count != Entries)
            throw new InvalidOperationException($"{path} has {matrix.Linux.Count} linux entries, expected {Entries}");
        plan = Derivation.Derive(matrix, options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (generated is not null)
            File.Delete(generated);
    }

    [Benchmark]
    public BackendMatrix Parse() => MatrixFile.Parse(yaml, path);

    /// <summary>The first half of <c>Parse</c>: the subset reader alone (text to entries, no validation).</summary>
    [Benchmark]
    public BackendMatrix? ReadSubset() => MatrixSubsetReader.TryRead(yaml, path);

    /// <summary>The second half of <c>Parse</c>: validation of the read entries.</summary>
    [Benchmark]
    public int Validate() => MatrixValidation.Validate(matrix).Count();

    [Benchmark]
    public YamlStream YamlTree()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream;
    }

    [Benchmark]
    public int YamlEvents()
    {
        var parser = new Parser(new StringReader(yaml));
        var events = 0;
        while (parser.MoveNext())
            events++;
        return events;
    }

    [Benchmark]
    public DerivedPlan Derive() => Derivation.Derive(matrix, options);

    /// <summary>
    /// File to plan as a process does it once: read, parse, validate, derive. Not through <see cref="MatrixFile.Load"/>,
    /// which keeps the last matrix it parsed while the file's text is unchanged, so a loop over it would time a cache hit.
    /// </summary>
    [Benchmark(Baseline = true)]
    public DerivedPlan LoadAndDerive() => Derivation.Derive(MatrixFile.Parse(File.ReadAllText(path), path), options);

    /// <summary><c>LoadAndDerive</c> as it was before the subset reader: the matrix read through YamlDotNet.</summary>
    [Benchmark]
    public DerivedPlan LoadAndDeriveWithYamlDotNet() => Derivation.Derive(MatrixFile.ParseWithYamlDotNet(File.ReadAllText(path), path), options);

    /// <summary><c>Parse</c> through YamlDotNet alone (the reference the subset reader is tested against).</summary>
    [Benchmark]
    public BackendMatrix ParseWithYamlDotNet() => MatrixFile.ParseWithYamlDotNet(yaml, path);

    [Benchmark]
    public int Outputs() => DeriveOutputs.Compact(DeriveOutputs.ToJson(plan)).Length + DeriveOutputs.ToGitHubOutput(plan).Sum(line => line.Length);

    static string GenerateTemporary(int entries)
    {
        var target = Path.Combine(Path.GetTempPath(), $"strata-bench-matrix-{entries}-{Environment.ProcessId}.yaml");
        GeneratedMatrix.Write(Fixtures.File("localai-2026-08.yaml"), entries, target);
        return target;
    }
}
