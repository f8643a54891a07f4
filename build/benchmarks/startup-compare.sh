#!/usr/bin/env bash
# Start-up of this checkout against a baseline checkout (e.g. a clone of main before a change), interleaved: every
# round runs each figure once on each side, alternating which side goes first, and records wall, user and system
# seconds with GNU time. Figures:
#   help-warm          ./build.sh --help, compiled build up to date
#   derive-457-warm    ./build.sh Derive on localai-2026-08.yaml (457 linux entries), compiled build up to date
#   first-call         ./build.sh --help in a fresh `git clone` of the side's HEAD (NuGet cache warm; compiles, unless
#                      the side keeps compiled builds per machine (STRATA_BUILD_CACHE) and HEAD was compiled here)
#   first-call-uncached  the same with the candidate's machine cache empty (sources never compiled here): compiles
#                      through MSBuild
#   first-call-new-sources  ./build.sh --help in a fresh clone of HEAD with one source line added (sources never
#                      compiled here), the candidate's machine cache holding only the compile recipe of its project
#                      file (left by a warm-up compile): the candidate compiles directly, the baseline as its
#                      bootstrap does. The candidate's background ReadyToRun compile is waited for between samples.
#   ci-job             what a CI job runs before its first docker call, in a fresh clone: the build's start, the
#                      matrix load and derivation and the plan of `BuildBackend --tag-suffix -cpu-echo --plan`;
#                      this checkout's side reuses its compiled build through STRATA_PREBUILT_BIN (the artifact
#                      contract in build.sh), the baseline compiles as its bootstrap does.
#   ci-job-setup       this checkout only (no baseline), sides "compiles" and "reuses", --cold-rounds rounds: what a
#                      generated workflow's job does from checkout to its first docker call: `git clone` of HEAD, then
#                      for "reuses" a copy of the compiled build into the clone's .nuke/temp/prebuilt-build (the
#                      artifact download; the workflow's STRATA_PREBUILT_BIN), then the same ./build.sh BuildBackend
#                      --plan call. "compiles" is a job that gets no artifact (NuGet cache warm, as a restored cache).
# Prints a TSV of every sample (--out DIR/samples.tsv) and "figure side wall-median wall-min wall-max cpu-median"
# per figure. The fresh-clone figures clone HEAD: commit before measuring. The warm figures run what ./build.sh runs:
# the candidate's native build when it is current (STRATA_NATIVE, build.sh), else its managed build.
# Usage: build/benchmarks/startup-compare.sh [BASELINE_DIR] [--rounds N] [--cold-rounds N] [--figures "F …"] [--out DIR]
#   (BASELINE_DIR is needed unless --figures is ci-job-setup alone; default figures: all)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
USAGE='usage: startup-compare.sh [BASELINE_DIR] [--rounds N] [--cold-rounds N] [--figures "help-warm derive-457-warm first-call first-call-uncached first-call-new-sources ci-job ci-job-setup"] [--out DIR]'
BASELINE=
if (($#)) && [[ $1 != --* ]]; then BASELINE=$(cd "$1" && pwd); shift; fi
ROUNDS=15
COLD_ROUNDS=3
FIGURES="help-warm derive-457-warm first-call first-call-uncached first-call-new-sources ci-job ci-job-setup"
OUT="$ROOT/.nuke/temp/bench/startup-compare-$(date -u +%Y%m%d%H%M%S)"
while (($#)); do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --cold-rounds) COLD_ROUNDS=$2; shift 2 ;;
    --figures) FIGURES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "startup-compare: unknown argument '$1' (valid: --rounds, --cold-rounds, --figures, --out)" >&2; exit 2 ;;
  esac
done
measures() { [[ " $FIGURES " == *" $1 "* ]]; }
for figure in $FIGURES; do
  case $figure in
    help-warm | derive-457-warm | first-call | first-call-uncached | first-call-new-sources | ci-job) [[ -n $BASELINE ]] || { echo "startup-compare: $figure needs BASELINE_DIR; $USAGE" >&2; exit 2; } ;;
    ci-job-setup) ;;
    *) echo "startup-compare: unknown figure '$figure'; $USAGE" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
SAMPLES="$OUT/samples.tsv"
printf 'figure\tside\tround\twall\tuser\tsys\n' >"$SAMPLES"

# shellcheck source=build/benchmarks/localai-fixtures.sh
source "$(dirname "${BASH_SOURCE[0]}")/localai-fixtures.sh"
MATRIX="$(localai_fixtures "$ROOT")/localai-2026-08.yaml"
CLONES=$(mktemp -d /tmp/strata-startup-compare.XXXXXX)
trap 'rm -rf "$CLONES"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# sample FIGURE SIDE ROUND COMMAND...: one timed run, appended to the TSV; a failed run stops the script.
sample() {
  local figure=$1 side=$2 round=$3; shift 3
  if ! /usr/bin/time -f '%e %U %S' -o "$OUT/time" "$@" >"$OUT/last.log" 2>&1; then
    echo "startup-compare: $figure on $side failed (round $round):" >&2; tail -20 "$OUT/last.log" >&2; exit 1
  fi
  read -r wall user sys <"$OUT/time"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$figure" "$side" "$round" "$wall" "$user" "$sys" >>"$SAMPLES"
}

root_of() { [[ $1 == baseline ]] && echo "$BASELINE" || echo "$ROOT"; }

warm() {  # warm FIGURE SIDE ROUND ARGS...
  local figure=$1 side=$2 round=$3; shift 3
  sample "$figure" "$side" "$round" "$(root_of "$side")/build.sh" "$@"
}

fresh() {  # fresh FIGURE SIDE ROUND ARGS...: a new clone of the side's HEAD, then one call
  local figure=$1 side=$2 round=$3; shift 3
  local clone="$CLONES/$side"
  rm -rf "$clone" && git clone -q "$(root_of "$side")" "$clone"
  # A fresh clone has no native build; its first call would start compiling one in the background (not part of the
  # call's time, but load on every later sample).
  local -x STRATA_NATIVE=off
  if [[ $figure == ci-job && $side == candidate ]]; then
    sample "$figure" "$side" "$round" env STRATA_PREBUILT_BIN="$ROOT/.nuke/temp/bin" "$clone/build.sh" "$@"
  elif [[ $figure == first-call-uncached ]]; then
    rm -rf "$CLONES/empty-cache"
    sample "$figure" "$side" "$round" env STRATA_BUILD_CACHE="$CLONES/empty-cache" "$clone/build.sh" "$@"
  elif [[ $figure == first-call-new-sources ]]; then
    echo "// $figure $side $round" >>"$clone/build/Build.cs"
    sample "$figure" "$side" "$round" env STRATA_BUILD_CACHE="$CLONES/recipe-cache" "$clone/build.sh" "$@"
    if [[ $side == candidate ]] && ! grep -q 'compiling the ReadyToRun build in the background' "$OUT/last.log"; then
      echo "startup-compare: $figure/candidate did not compile directly:" >&2; tail -5 "$OUT/last.log" >&2; exit 1
    fi
    wait_for_background "$clone"
  else
    sample "$figure" "$side" "$round" "$clone/build.sh" "$@"
  fi
}

# wait_for_background CLONE: until the clone's background compiles ended (they would load the next sample).
wait_for_background() {
  while compgen -G "$1/.nuke/temp/*.lock" >/dev/null; do sleep 1; done
}

# job_setup SIDE: checkout to first docker call of a generated workflow's job (figure ci-job-setup), in one process
# tree so GNU time counts the clone, the artifact copy and the build's start together.
job_setup() {
  local clone="$CLONES/job"
  rm -rf "$clone"
  # shellcheck disable=SC2016 # expanded by the inner bash
  # A GitHub runner: CI set, and no compiled builds of earlier jobs on the machine.
  sample ci-job-setup "$1" "$2" env SIDE="$1" SOURCE="$ROOT" CLONE="$clone" CI=true STRATA_BUILD_CACHE=off bash -c '
    git clone -q "$SOURCE" "$CLONE"
    if [[ $SIDE == reuses ]]; then
      mkdir -p "$CLONE/.nuke/temp" && cp -R "$SOURCE/.nuke/temp/bin" "$CLONE/.nuke/temp/prebuilt-build"
    fi
    cd "$CLONE" && STRATA_PREBUILT_BIN=.nuke/temp/prebuilt-build ./build.sh BuildBackend --tag-suffix -cpu-echo --base-repo x --plan'
  if [[ $1 == reuses ]] && ! grep -q 'build.sh: reusing the compiled build' "$OUT/last.log"; then
    echo "startup-compare: ci-job-setup/reuses compiled instead of reusing:" >&2; tail -5 "$OUT/last.log" >&2; exit 1
  fi
}

if [[ -n $BASELINE ]]; then "$BASELINE/build.sh" --help >/dev/null; fi
"$ROOT/build.sh" --help >/dev/null  # compiled, so warm is warm and the artifact exists
# A compile just now may have been a direct one: warm means the ReadyToRun and native builds in place, nothing compiling.
wait_for_background "$ROOT"
if measures first-call-new-sources; then  # the compile recipe of the candidate's project file, in a cache of its own
  rm -rf "$CLONES/warm-up" && git clone -q "$ROOT" "$CLONES/warm-up" && echo "// warm-up" >>"$CLONES/warm-up/build/Build.cs"
  STRATA_NATIVE=off STRATA_BUILD_CACHE="$CLONES/recipe-cache" "$CLONES/warm-up/build.sh" --help >/dev/null
  wait_for_background "$CLONES/warm-up"
  compgen -G "$CLONES/recipe-cache/recipes/*" >/dev/null || { echo "startup-compare: the warm-up left no compile recipe" >&2; exit 1; }
fi
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/load"
for ((round = 1; round <= ROUNDS; round++)); do
  sides=(baseline candidate); ((round % 2)) || sides=(candidate baseline)
  if measures help-warm; then for side in "${sides[@]}"; do warm help-warm "$side" "$round" --help; done; fi
  if measures derive-457-warm; then for side in "${sides[@]}"; do warm derive-457-warm "$side" "$round" Derive --matrix "$MATRIX" --base-repo x; done; fi
done
for ((round = 1; round <= COLD_ROUNDS; round++)); do
  sides=(baseline candidate); ((round % 2)) || sides=(candidate baseline)
  if measures first-call; then for side in "${sides[@]}"; do fresh first-call "$side" "$round" --help; done; fi
  if measures first-call-uncached; then for side in "${sides[@]}"; do fresh first-call-uncached "$side" "$round" --help; done; fi
  if measures first-call-new-sources; then for side in "${sides[@]}"; do fresh first-call-new-sources "$side" "$round" --help; done; fi
  if measures ci-job; then for side in "${sides[@]}"; do fresh ci-job "$side" "$round" BuildBackend --tag-suffix -cpu-echo --base-repo x --plan; done; fi
  setups=(compiles reuses); ((round % 2)) || setups=(reuses compiles)
  if measures ci-job-setup; then for side in "${setups[@]}"; do job_setup "$side" "$round"; done; fi
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load"

echo "# figure side wall-median wall-min wall-max cpu-median (seconds; cpu = user + sys); samples: $SAMPLES"
awk -F'\t' -f "$(dirname "${BASH_SOURCE[0]}")/samples-summary.awk" "$SAMPLES" | tee "$OUT/summary.txt"
