#!/usr/bin/env bash
# Cold / warm / rebuilt-from-the-registry-cache base builds on both build drivers, side by side in one run
# (BENCHMARKS.md §9): the engine driver (Docker 20.10's BuildKit, inline cache; /run/strata/env) and the buildx driver
# (Docker 26 + buildx on the containerd image store, registry cache mode=max; /run/strata/buildx.env).
# Both engines come from .ci/docker-up.sh and .ci/buildx-up.sh and are shared with the tests, so nothing here prunes a
# whole builder cache or removes an image it did not make:
#   - "cold" is made cold by the recipe: a copy of it whose first step writes a marker unique to this run, so every
#     step after FROM has a cache key no build has used (the OS image layers stay, as on a CI runner's pulled base);
#   - "rebuilt" removes this run's local images and prunes only the build-cache records of the marker step and every
#     record built on top of it, then builds with --force: only the registry cache can serve the steps.
# Phases, each a real ./build.sh BuildBase call for the host platform with --push, drivers interleaved per phase:
#   cold      first build, empty registry repository
#   uptodate  the same call again: the registry API answers, nothing is built
#   warm      --force with the local builder cache intact
#   rebuilt   --force after the local images and this recipe's cache records are gone
# Each round repeats the four phases with a new marker and registry repository (median and range over rounds).
# Usage: build/benchmarks/driver-caches.sh [--bases "shell python"] [--drivers "engine buildx"] [--rounds 3] [--out DIR] [--run-id ID]
# Output: DIR/builds.tsv (round, base, driver, phase, seconds, outcome, steps, cached steps, load) and one log per build;
# build/benchmarks/driver-caches-summary.sh DIR/builds.tsv prints the medians.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BASES="shell python"
DRIVERS="engine buildx"
ROUNDS=3
RUN_ID=$(date -u +%Y%m%d%H%M%S)
OUT=""
while (($#)); do
  case $1 in
    --bases) BASES=$2; shift 2 ;;
    --drivers) DRIVERS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --run-id) RUN_ID=$2; shift 2 ;;
    *) echo "driver-caches: unknown argument '$1' (valid: --bases, --drivers, --rounds, --out, --run-id)" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$ROOT/.nuke/temp/bench/drivers-$RUN_ID}
mkdir -p "$OUT"
TSV="$OUT/builds.tsv"
[[ -f $TSV ]] || printf 'round\tbase\tdriver\tphase\tseconds\toutcome\tsteps\tcached\tload\n' >"$TSV"
cd "$ROOT"

log() { echo "driver-caches: $*" >&2; }

env_file() {
  case $1 in
    engine) echo /run/strata/env ;;
    buildx) echo /run/strata/buildx.env ;;
    *) log "unknown driver '$1' (valid: engine, buildx)"; exit 2 ;;
  esac
}

# The recipes of one base, copied into DIR with a first step naming MARKER. shell: the two-platform test's tiny
# recipe and matrix; python: the project's recipe (context: the repository root) and matrix.
prepare_bases() {
  local base=$1 dir=$2 marker=$3 source
  mkdir -p "$dir"
  case $base in
    shell) source=build/tests/EndToEnd/testdata/two-platform/bases ;;
    python) source=.docker/bases ;;
    *) log "unknown base '$base' (valid: shell, python)"; exit 2 ;;
  esac
  cp "$source"/Dockerfile.* "$dir"/
  sed -i -E "0,/^FROM /s#^(FROM .*)\$#\\1\\nRUN echo $marker > /etc/strata-bench-marker#" "$dir/Dockerfile.$base"
  grep -q "$marker" "$dir/Dockerfile.$base" || { log "no FROM line in $source/Dockerfile.$base"; exit 1; }
}

matrix_arguments() {
  case $1 in
    shell) echo "--matrix build/tests/EndToEnd/testdata/two-platform/matrix.yaml" ;;
    python) echo "" ;;
  esac
}

# Ids of the build-cache records whose description contains MARKER, with all their descendants (by parent).
marker_records() {
  curl -sf --unix-socket "${DOCKER_HOST#unix://}" http://docker/system/df | jq -r --arg marker "$1" '
    def parents: ([.Parent] + (.Parents // []) + (.[" Parents"] // [])) | map(select(. != null and . != ""));
    (.BuildCache // []) as $all
    | [$all[] | select((.Description // "") | contains($marker)) | .ID]
    | until(. as $set | [$all[] | select((.ID | IN($set[]) | not) and (parents | any(IN($set[])))) | .ID] | length == 0;
            . as $set | . + [$all[] | select((.ID | IN($set[]) | not) and (parents | any(IN($set[])))) | .ID])
    | .[]'
}

# Prunes the records of marker_records (leaves first: a few rounds, one id filter per call); fails if any is left.
prune_marker_records() {
  local marker=$1 ids round id present
  mapfile -t ids < <(marker_records "$marker" | tac)  # descendants were appended last: leaves first
  ((${#ids[@]})) || { log "no build-cache record names $marker"; return 1; }
  for round in 1 2 3 4 5 6 7 8; do
    present=$(curl -sf --unix-socket "${DOCKER_HOST#unix://}" http://docker/system/df | jq -r '.BuildCache // [] | .[].ID')
    local left=0
    for id in "${ids[@]}"; do
      grep -qx "$id" <<<"$present" || continue
      left=1
      "$DOCKER" builder prune -f --filter "id=$id" >/dev/null 2>&1 || true
    done
    ((left)) || break
  done
  present=$(curl -sf --unix-socket "${DOCKER_HOST#unix://}" http://docker/system/df | jq -r '.BuildCache // [] | .[].ID')
  # A record another image still holds cannot go; the rebuilt row then says how many survived.
  SURVIVORS=0
  for id in "${ids[@]}"; do grep -qx "$id" <<<"$present" && SURVIVORS=$((SURVIVORS + 1)); done
  ((SURVIVORS == 0)) || log "$SURVIVORS of ${#ids[@]} records of $marker survived the prune"
  echo "$SURVIVORS" >"$OUT/survivors"
  return 0
}

# build ROUND BASE DRIVER PHASE EXTRA...: one timed ./build.sh BuildBase on DRIVER's engine; one TSV row.
build() {
  local round=$1 base=$2 driver=$3 phase=$4; shift 4
  local logfile="$OUT/$round.$base.$driver.$phase.log" start end status=0 load
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s%N)
  (
    # shellcheck disable=SC1090
    source "$(env_file "$driver")"
    # shellcheck disable=SC2046
    # One platform is built, so the buildx engine builds on its single-platform OS image: a build FROM the two-platform
    # index shares the FROM step with any other build of that index in flight on the engine, and while one runs
    # (e.g. another session's two-platform build), BuildKit 0.13 reused no local cache below it in our runs (README).
    os_image=$STRATA_OS_IMAGE
    case $HOST_PLATFORM in linux/amd64) os_image=${STRATA_OS_IMAGE_AMD64:-$os_image} ;; linux/arm64) os_image=${STRATA_OS_IMAGE_ARM64:-$os_image} ;; esac
    ./build.sh BuildBase --lang "$base" --accel cpu --base-image "$os_image" --platform "$HOST_PLATFORM" \
      --base-repo "$STRATA_REGISTRY/strata-bench-$RUN_ID/$round-$driver-$base" --bases-dir "$OUT/bases-$round-$base" \
      $(matrix_arguments "$base") --push "$@"
  ) >"$logfile" 2>&1 || status=$?
  end=$(date +%s%N)
  local seconds outcome steps cached
  seconds=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.1f", ns / 1e9 }')
  outcome=$(grep -oE '^(\[[^ ]*\] )?base [^ ]+: (Built|Cached|UpToDate|Retagged)' "$logfile" | awk '{print $NF}' | tail -1 || true)
  ((status == 0)) || outcome="FAILED(exit $status)"
  # Recipe steps (#N [platform i/n] RUN|COPY|ADD) and how many of them BuildKit reported as CACHED.
  read -r steps cached < <(awk '
    match($0, /^#[0-9]+ \[[^]]*[0-9]+\/[0-9]+\] (RUN|COPY|ADD)/) { split($0, f, " "); step[f[1]] = 1 }
    /^#[0-9]+ CACHED$/ { done[$1] = 1 }
    END { n = 0; c = 0; for (s in step) { n++; if (s in done) c++ } print n, c }' "$logfile")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$base" "$driver" "$phase" "$seconds" "${outcome:-?}" "$steps" "$cached" "$load" >>"$TSV"
  log "round $round $base $driver $phase: ${seconds}s ${outcome:-?} ($cached of $steps steps cached, load $load)"
  ((status == 0)) || FAILURES=$((FAILURES + 1))
}

# Removes this run's local images of one base on DRIVER's engine and prunes the marker step's cache records.
forget_locally() {
  local round=$1 base=$2 driver=$3 marker=$4
  (
    # shellcheck disable=SC1090
    source "$(env_file "$driver")"
    DOCKER=${DOCKER_CLI:-/usr/bin/docker}
    "$DOCKER" image ls --quiet --no-trunc "$STRATA_REGISTRY/strata-bench-$RUN_ID/$round-$driver-$base" | sort -u |
      xargs -r "$DOCKER" image rm -f >/dev/null
    prune_marker_records "$marker"
  )
}

FAILURES=0
HOST_PLATFORM="linux/$(case $(uname -m) in aarch64|arm64) echo arm64 ;; *) echo amd64 ;; esac)"
for driver in $DRIVERS; do [[ -f $(env_file "$driver") ]] || { log "$(env_file "$driver") is missing: start that engine first (.ci/docker-up.sh, .ci/buildx-up.sh)"; exit 2; }; done
log "run $RUN_ID: bases [$BASES], drivers [$DRIVERS], $ROUNDS round(s), $HOST_PLATFORM; results in $TSV"
for round in $(seq "$ROUNDS"); do
  for base in $BASES; do
    marker="strata-bench-$RUN_ID-$round-$base"
    prepare_bases "$base" "$OUT/bases-$round-$base" "$marker"
    for phase in cold uptodate warm rebuilt; do
      for driver in $DRIVERS; do
        case $phase in
          cold|uptodate) build "$round" "$base" "$driver" "$phase" ;;
          warm) build "$round" "$base" "$driver" "$phase" --force ;;
          rebuilt)
            forget_locally "$round" "$base" "$driver" "$marker" || { log "could not forget $base on $driver locally"; exit 1; }
            build "$round" "$base" "$driver" "$phase" --force
            # Records an image still held stayed local: the rebuilt row notes how many.
            if [[ $(cat "$OUT/survivors") != 0 ]]; then sed -i -E '$s/\t(Built|Cached)\t/\t\1+'"$(cat "$OUT/survivors")"'-local-records\t/' "$TSV"; fi ;;
        esac
      done
    done
  done
done
log "done: $TSV"
column -t -s $'\t' "$TSV" >&2
((FAILURES == 0)) || { log "$FAILURES build(s) failed; see the logs in $OUT"; exit 1; }
