#!/usr/bin/env bash
# The build's start as Native AOT against the ReadyToRun build that ./build.sh runs (issue #16: "measure both and
# choose"). Publishes this checkout's build with PublishAot into a scratch folder (timed: what every source change
# would cost), checks that both builds print the same help and write the same Derive outputs, then measures, interleaved,
# `--help` and `Derive` on localai-2026-08.yaml (457 entries) for: ./build.sh (the bootstrap + ReadyToRun build),
# `dotnet _build.dll` called directly, and the native executable.
# Usage: build/benchmarks/native-compare.sh [--rounds N] [--out DIR]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROUNDS=10
OUT="$ROOT/.nuke/temp/bench/native-compare-$(date -u +%Y%m%d%H%M%S)"
while (($#)); do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "native-compare: unknown argument '$1' (valid: --rounds, --out)" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
SCRATCH=$(mktemp -d /tmp/strata-native-compare.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# shellcheck source=build/benchmarks/localai-fixtures.sh
source "$(dirname "${BASH_SOURCE[0]}")/localai-fixtures.sh"
MATRIX="$(localai_fixtures "$ROOT")/localai-2026-08.yaml"

"$ROOT/build.sh" --help >/dev/null  # the ReadyToRun build is up to date
NATIVE="$SCRATCH/native/_build"
echo "# publishing the native build (Native AOT) of $ROOT"
# The same publish as build.sh's compile_native (keep the two in step).
/usr/bin/time -f '%e %U %S %M' -o "$OUT/publish.time" dotnet publish "$ROOT/build/_build.csproj" --nologo -v q -c Release \
  --use-current-runtime -p:PublishAot=true -p:OptimizationPreference=Size -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false \
  -p:SuppressTrimAnalysisWarnings=true -p:SuppressAotAnalysisWarnings=true \
  -p:BaseIntermediateOutputPath="$SCRATCH/obj/" -p:OutputPath="$SCRATCH/bin/" -o "$SCRATCH/native" >"$OUT/publish.log" 2>&1 \
  || { tail -20 "$OUT/publish.log" >&2; exit 1; }
read -r wall user sys rss <"$OUT/publish.time"
echo "native publish: ${wall} s wall, $(echo "$user + $sys" | bc) s CPU, $((rss / 1024)) MB peak; executable $(($(stat -c %s "$NATIVE") / 1048576)) MB" \
  | tee "$OUT/publish.txt"

# Same behaviour: help text and Derive's outputs.
"$ROOT/build.sh" --help >"$SCRATCH/help.managed"
"$NATIVE" --help --root "$ROOT" >"$SCRATCH/help.native"
cmp -s "$SCRATCH/help.managed" "$SCRATCH/help.native" || { diff "$SCRATCH/help.managed" "$SCRATCH/help.native" >&2; echo "native-compare: help differs" >&2; exit 1; }
GITHUB_OUTPUT="$SCRATCH/outputs.managed" "$ROOT/build.sh" Derive --matrix "$MATRIX" --base-repo x >/dev/null
GITHUB_OUTPUT="$SCRATCH/outputs.native" "$NATIVE" Derive --matrix "$MATRIX" --base-repo x --root "$ROOT" >/dev/null
cmp -s "$SCRATCH/outputs.managed" "$SCRATCH/outputs.native" || { echo "native-compare: Derive outputs differ" >&2; exit 1; }
echo "same help text and Derive outputs ($(wc -c <"$SCRATCH/outputs.native") bytes)"

SAMPLES="$OUT/samples.tsv"
printf 'figure\tside\tround\twall\tuser\tsys\n' >"$SAMPLES"
sample() {  # sample FIGURE SIDE ROUND COMMAND...
  local figure=$1 side=$2 round=$3; shift 3
  /usr/bin/time -f '%e %U %S' -o "$OUT/time" "$@" >/dev/null 2>&1 || { echo "native-compare: $figure/$side failed" >&2; exit 1; }
  read -r wall user sys <"$OUT/time"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$figure" "$side" "$round" "$wall" "$user" "$sys" >>"$SAMPLES"
}
run_side() {  # run_side SIDE ROUND ARGS...
  local side=$1 round=$2; shift 2
  case $side in
    build.sh) sample "$FIGURE" "$side" "$round" "$ROOT/build.sh" "$@" ;;
    dotnet) sample "$FIGURE" "$side" "$round" dotnet "$ROOT/.nuke/temp/bin/_build.dll" "$@" --root "$ROOT" ;;
    native) sample "$FIGURE" "$side" "$round" "$NATIVE" "$@" --root "$ROOT" ;;
  esac
}
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/load"
for ((round = 1; round <= ROUNDS; round++)); do
  sides=(build.sh dotnet native); ((round % 2)) || sides=(native dotnet build.sh)
  for side in "${sides[@]}"; do FIGURE=help run_side "$side" "$round" --help; done
  for side in "${sides[@]}"; do FIGURE=derive-457 run_side "$side" "$round" Derive --matrix "$MATRIX" --base-repo x; done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load"
echo "# figure side wall-median wall-min wall-max cpu-median (seconds; cpu = user + sys); samples: $SAMPLES"
awk -F'\t' -f "$(dirname "${BASH_SOURCE[0]}")/samples-summary.awk" "$SAMPLES" | tee "$OUT/summary.txt"
