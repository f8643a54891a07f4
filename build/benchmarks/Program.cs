using BenchmarkDotNet.Running;

// `dotnet run -c Release --project build/benchmarks -- --filter '*'` (any BenchmarkDotNet switch works, e.g. --inProcess).
BenchmarkSwitcher.FromAssembly(typeof(Strata.Benchmarks.DerivationBenchmarks).Assembly).Run(args, new Strata.Benchmarks.BenchmarkConfig());
