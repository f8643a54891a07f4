#!/usr/bin/env bash
# In-process derivation benchmarks (BENCHMARKS.md, figure 1): BenchmarkDotNet with MemoryDiagnoser over the LocalAI
# matrices (234, 457 entries) and generated 1k/10k/100k matrices. Extra arguments go to BenchmarkDotNet,
# e.g. --filter '*LoadAndDerive*'. Results: build/benchmarks/BenchmarkDotNet.Artifacts/results/*.md
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT/build/benchmarks"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
(($#)) || set -- --filter '*'
dotnet run -c Release --project _build.Benchmarks.csproj -- "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
