#!/usr/bin/env bash
# Issue #10's done-when sequence on the buildx engine (BENCHMARKS.md §9), timed:
#   1. ./build.sh BuildBase --lang python --accel cpu --base-image <two-platform OS index> --platform linux/amd64,linux/arm64
#      --push into a fresh repository: an index of both platforms and a BuildKit cache manifest must land in the registry;
#   2. the same call: "up to date" from the registry API, nothing built;
#   3. the local images of that repository removed and the builder's records of every step from the recipe's first RUN
#      on pruned (only those: the engine is shared), then --force: the steps must come from the registry cache.
# Checks what the registry holds after 1 and prints, per call, wall time, outcome and cached steps per platform.
# The base image is the OS index copied under this run's own name (same index, same stem): BuildKit before v0.32 takes no
# cache for the steps on top of a FROM that a concurrent build on the engine holds (moby/buildkit#4674, fixed by #6955
# in v0.32.0), and on a shared engine other builds use the shared name.
# Usage: source /run/strata/buildx.env; build/benchmarks/python-two-platform.sh [--out DIR] [--marker TEXT] [--shared-os-name]
#   --marker          text of the recipe step whose records (and all records built on them) are pruned before step 3
#                     (default: the first RUN of every base recipe, install-os.sh)
#   --shared-os-name  build FROM $STRATA_OS_IMAGE itself, as other builds on the engine do
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN_ID=$(date -u +%Y%m%d%H%M%S)
OUT="$ROOT/.nuke/temp/bench/python-two-platform-$RUN_ID"
MARKER=/opt/strata/bases/install-os.sh
SHARED_OS_NAME=false
while (($#)); do
  case $1 in
    --out) OUT=$2; shift 2 ;;
    --marker) MARKER=$2; shift 2 ;;
    --shared-os-name) SHARED_OS_NAME=true; shift ;;
    *) echo "python-two-platform: unknown argument '$1' (valid: --out, --marker, --shared-os-name)" >&2; exit 2 ;;
  esac
done
[[ ${DOCKER_HOST:-} == *strata-buildx* ]] || { echo "python-two-platform: source /run/strata/buildx.env first (DOCKER_HOST=${DOCKER_HOST:-unset})" >&2; exit 2; }
DOCKER=${DOCKER_CLI:?source /run/strata/buildx.env first}
REPO="$STRATA_REGISTRY/strata-donewhen-$RUN_ID/ci-cache"
OS_IMAGE=$STRATA_OS_IMAGE
mkdir -p "$OUT"
if ! $SHARED_OS_NAME; then
  OS_IMAGE="$STRATA_REGISTRY/strata-donewhen-$RUN_ID/${STRATA_OS_IMAGE##*/}"
  "$DOCKER" buildx imagetools create -t "$OS_IMAGE" "$STRATA_OS_IMAGE" >"$OUT/os-image.log" 2>&1 \
    || { cat "$OUT/os-image.log" >&2; exit 1; }
fi
cd "$ROOT"
log() { echo "python-two-platform: $*" >&2; }

call() {
  local name=$1 start end status=0; shift
  start=$(date +%s%N)
  ./build.sh BuildBase --lang python --accel cpu --base-image "$OS_IMAGE" --platform linux/amd64,linux/arm64 \
    --base-repo "$REPO" --push "$@" >"$OUT/$name.log" 2>&1 || status=$?
  end=$(date +%s%N)
  local summary
  summary=$(awk '
    match($0, /^#[0-9]+ \[linux\/[a-z0-9]+ [0-9]+\/[0-9]+\] (RUN|COPY)/) { split($0, f, " "); step[f[1]] = substr(f[2], 2) }
    /^#[0-9]+ CACHED$/ { done[$1] = 1 }
    END { for (s in step) { n[step[s]]++; if (s in done) c[step[s]]++ }
          for (p in n) printf "%s %d/%d cached; ", p, c[p] + 0, n[p] }' "$OUT/$name.log")
  log "$name: $(awk -v ns=$((end - start)) 'BEGIN { printf "%.1f", ns / 1e9 }') s, exit $status, $(grep -oE '^base [^ ]+: [A-Za-z]+' "$OUT/$name.log" | awk '{print $NF}' | tail -1), ${summary:-no steps}"
  return "$status"
}

manifest() {
  local ref=$1 repository=${1#*/}
  curl -sf -H 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
    "http://${ref%%/*}/v2/${repository%:*}/manifests/${ref##*:}"
}

log "repository $REPO, base image $OS_IMAGE, logs in $OUT"
call first
stem=$(grep -oE 'BuildBase\[[^]]+\]' "$OUT/first.log" | head -1 | sed -E 's/BuildBase\[(.*)\]/\1/')
log "index: $(manifest "$REPO:base-image-$stem" | jq -c '[.mediaType, [.manifests[] | select(.platform.os != "unknown") | .platform.os + "/" + .platform.architecture]]')"
log "cache: $(manifest "$REPO:base-$stem" | jq -c '[.mediaType, .config.mediaType, (.layers | length)]')"
call second

"$DOCKER" image ls --quiet --no-trunc "$REPO" | sort -u | xargs -r "$DOCKER" image rm -f >/dev/null
ids=$(curl -sf --unix-socket "${DOCKER_HOST#unix://}" http://docker/system/df | jq -r --arg marker "$MARKER" '
  def parents: ([.Parent] + (.Parents // []) + (.[" Parents"] // [])) | map(select(. != null and . != ""));
  (.BuildCache // []) as $all
  | [$all[] | select((.Description // "") | contains($marker)) | .ID]
  | until(. as $set | [$all[] | select((.ID | IN($set[]) | not) and (parents | any(IN($set[])))) | .ID] | length == 0;
          . as $set | . + [$all[] | select((.ID | IN($set[]) | not) and (parents | any(IN($set[])))) | .ID])
  | reverse | .[]')
for round in 1 2 3; do
  for id in $ids; do "$DOCKER" builder prune -f --filter "id=$id" >/dev/null 2>&1 || true; done
done
left=$(curl -sf --unix-socket "${DOCKER_HOST#unix://}" http://docker/system/df | jq -r '.BuildCache // [] | .[].ID' | grep -cxF -f <(tr ' ' '\n' <<<"$ids" | grep .) || true)
log "pruned $(wc -w <<<"$ids") build-cache records from '$MARKER' on ($left left)"
call forced --force
