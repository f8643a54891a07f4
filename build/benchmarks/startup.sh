#!/usr/bin/env bash
# Whole-process start-up figures (BENCHMARKS.md, figure 2): warm `./build.sh --help`, warm `./build.sh Derive` on the
# 457-entry LocalAI matrix, the same two straight through the compiled build (no bash bootstrap), the cold first call
# from a fresh clone (includes the compile; NuGet packages already in the machine's cache), and a plain
# `dotnet build` no-op of the build project for reference.
# Uses hyperfine when present (apt-get install hyperfine), else a date +%s%N loop. Prints "name median min max" in seconds.
# Usage: build/benchmarks/startup.sh [--runs N] [--cold-runs N] [--out DIR] [--only NAME]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=20
COLD_RUNS=5
ONLY=
OUT="$ROOT/.nuke/temp/bench/startup-$(date -u +%Y%m%d%H%M%S)"
while (($#)); do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --cold-runs) COLD_RUNS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    *) echo "startup: unknown argument '$1' (valid: --runs, --cold-runs, --out, --only NAME)" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
cd "$ROOT"

MATRIX="${STRATA_FIXTURES:-$ROOT/build/tests/testdata/localai}/localai-2026-08.yaml"
CLONE=$(mktemp -d /tmp/strata-bench-clone.XXXXXX)
trap 'rm -rf "$CLONE"' EXIT

# LANG is unset because the engine binds environment variables to parameters (LANG -> --lang).
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
HELP="./build.sh --help"
DERIVE="./build.sh Derive --matrix $MATRIX --base-repo x"
DLL_HELP="dotnet .nuke/temp/bin/_build.dll --help --root $ROOT"
DLL_DERIVE="dotnet .nuke/temp/bin/_build.dll Derive --matrix $MATRIX --base-repo x --root $ROOT"
NOOP="dotnet build build/_build.csproj --nologo -v q"
COLD="cd $CLONE/strata && ./build.sh --help"
PREPARE_COLD="rm -rf $CLONE/strata && git clone -q $ROOT $CLONE/strata"

# measure NAME RUNS WARMUP [PREPARE] COMMAND
measure() {
  local name=$1 runs=$2 warmup=$3 prepare=$4 command=$5
  [[ -z $ONLY || $ONLY == "$name" ]] || return 0
  if command -v hyperfine >/dev/null; then
    # -N runs commands without a shell, the prepare command included: both go through bash -c.
    local prep=(); [[ -n $prepare ]] && prep=(--prepare "bash -c '$prepare'")
    if ! hyperfine -N --style none --runs "$runs" --warmup "$warmup" "${prep[@]}" --export-json "$OUT/$name.json" \
      --command-name "$name" -- "bash -c '$command'" >"$OUT/$name.log" 2>&1; then
      echo "$name FAILED (see $OUT/$name.log)"; return
    fi
    jq -r --arg name "$name" '.results[0] | "\($name) \(.median) \(.min) \(.max)"' "$OUT/$name.json"
  else
    local times=() i start
    for ((i = 0; i < warmup; i++)); do bash -c "$command" >/dev/null 2>&1; done
    for ((i = 0; i < runs; i++)); do
      [[ -n $prepare ]] && bash -c "$prepare" >/dev/null 2>&1
      start=$(date +%s%N); bash -c "$command" >/dev/null 2>&1; times+=($(( $(date +%s%N) - start )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '{ t[NR] = $1 / 1e9 } END {
      m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%s %.4f %.4f %.4f\n", name, m, t[1], t[NR] }'
  fi
}

bash -c "$HELP" >/dev/null  # compiles once if sources changed, so the warm figures are warm
echo "# name median min max (seconds); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure help-warm "$RUNS" 3 "" "$HELP"
measure derive-457-warm "$RUNS" 3 "" "$DERIVE"
measure dll-help-warm "$RUNS" 3 "" "$DLL_HELP"
measure dll-derive-457-warm "$RUNS" 3 "" "$DLL_DERIVE"
measure dotnet-build-noop 5 1 "" "$NOOP"
measure cold-clone-first-call "$COLD_RUNS" 0 "$PREPARE_COLD" "$COLD"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg); hyperfine JSON in $OUT"
