#!/usr/bin/env bash
# Minimal reproduction, outside Strata, of the registry-cache misses behind issue #10's last done-when point: BuildKit
# before v0.32 re-runs the steps on top of a FROM that a concurrent build on the same BuildKit holds complete, instead
# of taking them from the cache it imported (moby/buildkit#4674, fixed by moby/buildkit#6955 in v0.32.0).
#   1. a 4-step recipe (two RUNs writing small files, a COPY, a RUN) FROM --base, unique to this run, built with
#      --cache-to type=registry,mode=max and pushed;
#   2. its images removed and its build-cache records pruned (only those: from its first RUN on), so that only the
#      registry cache can serve it;
#   3. the same build again, alone or (--concurrent) while another build FROM the same base runs a 40 s step;
# and prints the steps per platform that came from the cache (#N CACHED) after 3. --own-name builds the recipe FROM a
# copy of the base under this run's own name (same image, same cache keys; the concurrent build keeps the shared name),
# so the two builds share no FROM vertex: the workaround TwoPlatformBuildxTests and python-two-platform.sh use.
# Usage: DOCKER_HOST=… [DOCKER_CLI=…] build/benchmarks/concurrent-from.sh [--base REF] [--platform P[,P]] [--concurrent] [--own-name]
set -euo pipefail

DOCKER=${DOCKER_CLI:-docker}
REGISTRY=${STRATA_REGISTRY:-127.0.0.1:5000}
BASE=${STRATA_OS_IMAGE:-$REGISTRY/strata/bookworm:minbase}
PLATFORM=linux/amd64,linux/arm64
CONCURRENT=false
OWN_NAME=false
while (($#)); do
  case $1 in
    --base) BASE=$2; shift 2 ;;
    --platform) PLATFORM=$2; shift 2 ;;
    --concurrent) CONCURRENT=true; shift ;;
    --own-name) OWN_NAME=true; shift ;;
    *) echo "concurrent-from: unknown argument '$1' (valid: --base, --platform, --concurrent, --own-name)" >&2; exit 2 ;;
  esac
done
RUN_ID=$(date -u +%Y%m%d%H%M%S)-$$
REPO="$REGISTRY/strata-repro-$RUN_ID/image"
RECIPE_BASE=$BASE
if $OWN_NAME; then
  RECIPE_BASE="$REGISTRY/strata-repro-$RUN_ID/${BASE##*/}"
  "$DOCKER" buildx imagetools create -t "$RECIPE_BASE" "$BASE" >/dev/null 2>&1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
log() { echo "concurrent-from: $*" >&2; }

mkdir -p "$WORK/recipe" "$WORK/other"
echo "copied" >"$WORK/recipe/f"
cat >"$WORK/recipe/Dockerfile" <<DOCKERFILE
ARG BASE
FROM \${BASE}
RUN echo repro-$RUN_ID > /a
COPY f /f
RUN cat /a /f > /b
RUN uname -m >> /b
DOCKERFILE
cat >"$WORK/other/Dockerfile" <<DOCKERFILE
ARG BASE
FROM \${BASE}
RUN sleep 40 && echo other-$RUN_ID > /other
DOCKERFILE

build() {
  "$DOCKER" buildx build --progress=plain --platform "$PLATFORM" --build-arg "BASE=$RECIPE_BASE" -t "$REPO:image" \
    --cache-from "type=registry,ref=$REPO:cache" \
    --cache-to "type=registry,ref=$REPO:cache,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true" \
    --push "$WORK/recipe" >"$WORK/$1.log" 2>&1 || { tail -20 "$WORK/$1.log" >&2; exit 1; }
}

cached_steps() {
  awk 'match($0, /^#[0-9]+ \[([a-z]+\/[a-z0-9]+ )?[0-9]+\/[0-9]+\] (RUN|COPY)/) {
         split($0, f, " "); p = (f[2] ~ /\//) ? substr(f[2], 2) : "'"$PLATFORM"'"; step[f[1]] = p }
       /^#[0-9]+ CACHED$/ { done[$1] = 1 }
       END { for (s in step) { n[step[s]]++; if (s in done) c[step[s]]++ }
             for (p in n) printf "%s %d/%d cached; ", p, c[p] + 0, n[p] }' "$1"
}

build first
log "first build: $(cached_steps "$WORK/first.log")"
"$DOCKER" image ls --format '{{.Repository}}:{{.Tag}}' | grep -F "$REPO:" | xargs -r "$DOCKER" image rm -f >/dev/null
socket=${DOCKER_HOST#unix://}
ids=$(curl -sf --unix-socket "$socket" http://docker/system/df | jq -r --arg marker "repro-$RUN_ID" '
  def parents: ([.Parent] + (.Parents // [])) | map(select(. != null and . != ""));
  (.BuildCache // []) as $all
  | [$all[] | select((.Description // "") | contains($marker)) | .ID]
  | until(. as $set | [$all[] | select((.ID | IN($set[]) | not) and (parents | any(IN($set[])))) | .ID] | length == 0;
          . as $set | . + [$all[] | select((.ID | IN($set[]) | not) and (parents | any(IN($set[])))) | .ID])
  | reverse | .[]')
# Records of the later steps name their command, not the marker: prune by the recipe's commands too.
ids="$ids $(curl -sf --unix-socket "$socket" http://docker/system/df | jq -r '.BuildCache // [] | .[]
  | select((.Description // "") | test("COPY f /f|cat /a /f > /b|uname -m >> /b")) | .ID')"
for round in 1 2 3; do for id in $ids; do "$DOCKER" builder prune -f --filter "id=$id" >/dev/null 2>&1 || true; done; done
log "removed the local images and pruned $(wc -w <<<"$ids") build-cache records"
if $CONCURRENT; then
  "$DOCKER" buildx build --progress=plain --platform "$PLATFORM" --build-arg "BASE=$BASE" "$WORK/other" >"$WORK/other.log" 2>&1 &
  other=$!
  sleep 6
fi
build rebuilt
log "rebuilt FROM $RECIPE_BASE$($CONCURRENT && echo ", beside a concurrent build FROM $BASE"): $(cached_steps "$WORK/rebuilt.log")"
if $CONCURRENT; then wait "$other" || log "the concurrent build failed: $(tail -3 "$WORK/other.log")"; fi
