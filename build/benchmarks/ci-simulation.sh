#!/usr/bin/env bash
# CI cost simulation on a real engine (BENCHMARKS.md, figures 3-5). Every "job" starts from a fresh builder: build
# cache pruned and every image but the OS image removed; caches travel only through the registry.
#   inline-cold / inline-warm   old flow: each backend job builds its bootstrap inline (base recipe + consumer steps
#                               in one Dockerfile), registry cache per job
#   layered-cold / layered-warm new flow: one BuildBase job per base, then one BuildBackend job per backend
#   parallel                    BackendAll --parallel 1 and --parallel 2, each cold (fresh builder, fresh registry repo)
# "cold" uses a registry repository that is still empty; "warm" repeats the same jobs against it.
# Usage: source /run/strata-bench/env (from engine-up.sh), then
#   build/benchmarks/ci-simulation.sh [--phases "inline-cold layered-cold inline-warm layered-warm parallel"] [--out DIR]
#     [--parallel-levels "1 2"]   (order of the BackendAll runs; "2 1" to check for drift in the machine's load)
# Output: DIR/jobs.tsv (phase, job, seconds, outcome, exit code) and one log per job.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PHASES="inline-cold layered-cold inline-warm layered-warm parallel"
PARALLEL_LEVELS="1 2"
RUN_ID=$(date -u +%Y%m%d%H%M%S)
OUT="$ROOT/.nuke/temp/bench/ci-$RUN_ID"
while (($#)); do
  case $1 in
    --phases) PHASES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --run-id) RUN_ID=$2; shift 2 ;;
    --parallel-levels) PARALLEL_LEVELS=$2; shift 2 ;;
    *) echo "ci-simulation: unknown argument '$1' (valid: --phases, --out, --run-id, --parallel-levels)" >&2; exit 2 ;;
  esac
done

: "${DOCKER_HOST:?source /run/strata-bench/env first (build/benchmarks/engine-up.sh)}"
: "${BENCH_REGISTRY:?source /run/strata-bench/env first}"
[[ $DOCKER_HOST == *strata-bench* ]] || { echo "ci-simulation: DOCKER_HOST=$DOCKER_HOST is not the benchmark engine; it prunes caches and images" >&2; exit 2; }
DOCKER=/usr/bin/docker
OS_IMAGE=${BENCH_OS_IMAGE:-strata/bookworm:minbase}
REPO="$BENCH_REGISTRY/bench-$RUN_ID"
export DOCKER_BUILDKIT=1 DOCKER_NETWORK=${DOCKER_NETWORK:-host}
mkdir -p "$OUT"
TSV="$OUT/jobs.tsv"
[[ -f $TSV ]] || printf 'phase\tjob\tseconds\toutcome\texit\n' >"$TSV"
cd "$ROOT"

# The project's CPU entries for this host: tag-suffix, backend, dockerfile kind, lang (from Derive, not re-derived here).
HOST_PLATFORM="linux/$(case $(uname -m) in aarch64|arm64) echo arm64 ;; *) echo amd64 ;; esac)"
mapfile -t JOBS < <(./build.sh Derive --base-repo "$REPO/layered" --output-json "$OUT/derive.json" >/dev/null &&
  jq -r --arg platform "$HOST_PLATFORM" '.matrix.include[] | select(."build-type" == "" and .platforms == $platform)
    | [."tag-suffix", .backend, (.dockerfile | sub(".*Dockerfile\\."; "")), ."base-image-prebuilt"] | @tsv' "$OUT/derive.json")
((${#JOBS[@]})) || { echo "ci-simulation: no CPU entries for $HOST_PLATFORM in the matrix" >&2; exit 1; }
lang_of() { case $1 in llama-cpp|ik-llama-cpp|turboquant) echo cpp ;; *) echo "$1" ;; esac; }
mapfile -t LANGS < <(for job in "${JOBS[@]}"; do IFS=$'\t' read -r _ _ kind _ <<<"$job"; lang_of "$kind"; done | awk '!seen[$0]++')

log() { echo "ci-simulation: $*" >&2; }

fresh_builder() {
  $DOCKER builder prune -af >/dev/null
  local keep; keep=$($DOCKER image inspect -f '{{.Id}}' "$OS_IMAGE")
  $DOCKER image ls -aq --no-trunc | sort -u | grep -v "^$keep\$" | xargs -r $DOCKER rmi -f >/dev/null 2>&1 || true
}

# run_job PHASE NAME OUTCOME-EXTRACTOR COMMAND... : fresh builder, then the timed job; one TSV row.
run_job() {
  local phase=$1 name=$2 extract=$3; shift 3
  fresh_builder
  local logfile="$OUT/$phase.${name//\//_}.log" start end status=0
  start=$(date +%s%N)
  "$@" >"$logfile" 2>&1 || status=$?
  end=$(date +%s%N)
  local seconds outcome
  seconds=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.1f", ns / 1e9 }')
  outcome=$($extract "$logfile")
  printf '%s\t%s\t%s\t%s\t%s\n' "$phase" "$name" "$seconds" "$outcome" "$status" >>"$TSV"
  log "$phase $name: ${seconds}s $outcome (exit $status)"
}

# Outcome lines may carry a "[target] " prefix when targets run in parallel. Extractors never fail the run.
OUTCOME='^(\[[^ ]*\] )?%s [^ ]+: (Built|Cached|UpToDate|Retagged)'
outcomes() { grep -oE "$(printf "$OUTCOME" "$2")" "$1" | awk '{print $NF}' || true; }
base_outcome() { outcomes "$1" base | tail -1; }
backend_outcome() { { outcomes "$1" base | sed 's/^/base /'; outcomes "$1" backend; } | paste -sd' ' -; }
summary_outcome() { echo "$(outcomes "$1" base | grep -c Built || true) bases built"; }
inline_outcome() { echo "steps cached: $(grep -cE '^#[0-9]+ CACHED' "$1")"; }

# Old flow: the base recipe's steps, then the consumer's steps, in one Dockerfile; the builder stage is exported
# as an inline-cache image (the engine's equivalent of a mode=max registry cache), then the final stage is built.
inline_dockerfile() {
  local kind=$1 lang=$2 target=$3
  {
    sed -E 's#^FROM \$\{BASE_IMAGE\}$#FROM ${BASE_IMAGE} AS builder#' ".docker/bases/Dockerfile.$lang"
    grep -vE '^(ARG BASE_IMAGE_PREBUILT|FROM \$\{BASE_IMAGE_PREBUILT\} AS builder)$' "backend/Dockerfile.$kind"
  } >"$target"
  grep -q '^FROM ${BASE_IMAGE} AS builder$' "$target" || { log "cannot inline .docker/bases/Dockerfile.$lang (no 'FROM \${BASE_IMAGE}' line)"; exit 1; }
}

inline_job() {
  local suffix=$1 backend=$2 kind=$3 dockerfile=$4 cache="$REPO/inline:cache-builder$1"
  local args=(--progress=plain -f "$dockerfile" --network "$DOCKER_NETWORK" --build-arg "BASE_IMAGE=$OS_IMAGE"
    --build-arg "BACKEND=$backend" --build-arg BUILD_TYPE= --build-arg UBUNTU_VERSION=2404 --build-arg SKIP_DRIVERS=false)
  $DOCKER build "${args[@]}" --target builder --build-arg BUILDKIT_INLINE_CACHE=1 --cache-from "$cache" -t "$cache" . &&
    { $DOCKER push "$cache" >/dev/null || log "cache push $cache failed"; } &&
    $DOCKER build "${args[@]}" -t "bench/inline$suffix" .
}

run_inline() {
  local phase=$1
  for job in "${JOBS[@]}"; do
    IFS=$'\t' read -r suffix backend kind _ <<<"$job"
    local dockerfile="$OUT/Dockerfile.inline$suffix"
    inline_dockerfile "$kind" "$(lang_of "$kind")" "$dockerfile"
    run_job "$phase" "$suffix" inline_outcome inline_job "$suffix" "$backend" "$kind" "$dockerfile"
  done
}

strata() { ./build.sh "$@" --base-image "$OS_IMAGE" --backend-repo "$REPO/backends"; }

run_layered() {
  local phase=$1
  for lang in "${LANGS[@]}"; do
    run_job "$phase" "base-$lang" base_outcome strata BuildBase --lang "$lang" --accel cpu --base-repo "$REPO/layered" --push
  done
  for job in "${JOBS[@]}"; do
    IFS=$'\t' read -r suffix _ _ _ <<<"$job"
    run_job "$phase" "$suffix" backend_outcome strata BuildBackend --tag-suffix "$suffix" --base-repo "$REPO/layered"
  done
}

run_parallel() {
  for n in $PARALLEL_LEVELS; do
    run_job parallel "BackendAll--parallel-$n" summary_outcome \
      strata BackendAll --parallel "$n" --base-repo "$REPO/parallel$n" --push
  done
}

log "run $RUN_ID: ${#JOBS[@]} CPU backends (${LANGS[*]} bases), registry repo $REPO, results in $TSV"
for phase in $PHASES; do
  case $phase in
    inline-cold|inline-warm) run_inline "$phase" ;;
    layered-cold|layered-warm) run_layered "$phase" ;;
    parallel) run_parallel ;;
    *) log "unknown phase '$phase' (valid: inline-cold layered-cold inline-warm layered-warm parallel)"; exit 2 ;;
  esac
done
fresh_builder
log "done: $TSV"
column -t -s $'\t' "$TSV" >&2
