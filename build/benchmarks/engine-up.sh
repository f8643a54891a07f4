#!/usr/bin/env bash
# A private Docker engine and registry for the CI-cost benchmarks, isolated from the test engine in /run/strata:
# the benchmarks prune build caches and images, which would break tests running against a shared engine.
# Idempotent. Runs as root. Writes $STATE_DIR/env (DOCKER_HOST, BENCH_REGISTRY, BENCH_OS_IMAGE, DOCKER_NETWORK).
set -euo pipefail

STATE_DIR=${BENCH_STATE_DIR:-/run/strata-bench}
SOCKET="$STATE_DIR/docker.sock"
DOCKER_HOST_URI="unix://$SOCKET"
DATA_ROOT=${BENCH_DATA_ROOT:-/var/lib/strata-bench}
REGISTRY_ROOT=${BENCH_REGISTRY_ROOT:-/var/lib/strata-bench-registry}
REGISTRY_ADDR=${BENCH_REGISTRY:-127.0.0.1:5001}
OS_TARBALL=${BENCH_OS_TARBALL:-/var/cache/strata/bookworm-minbase.tar}
OS_IMAGE=strata/bookworm:minbase
DOCKER=/usr/bin/docker

log() { echo "engine-up: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[[ $(id -u) -eq 0 ]] || die "must run as root"
command -v dockerd >/dev/null && [[ -x $DOCKER ]] || die "dockerd or $DOCKER missing: apt-get install docker.io"
command -v docker-registry >/dev/null || die "docker-registry missing: apt-get install docker-registry"
[[ -s $OS_TARBALL ]] || die "$OS_TARBALL missing: run .ci/docker-up.sh once (it debootstraps the OS image)"

mkdir -p "$STATE_DIR/exec" "$DATA_ROOT" "$REGISTRY_ROOT"
d() { DOCKER_HOST="$DOCKER_HOST_URI" "$DOCKER" "$@"; }
wait_for() { local what=$1; shift; local waited=0; until "$@" >/dev/null 2>&1; do ((waited++ < 60)) || die "$what did not come up"; sleep 1; done; }

if ! d version >/dev/null 2>&1; then
  log "starting dockerd on $SOCKET (log: $STATE_DIR/dockerd.log)"
  # A second daemon beside the test engine: no bridge and no iptables rules of its own, so builds use the host network.
  setsid nohup dockerd --data-root "$DATA_ROOT" --exec-root "$STATE_DIR/exec" -H "$DOCKER_HOST_URI" \
    --pidfile "$STATE_DIR/docker.pid" --storage-driver overlay2 --bridge=none --iptables=false \
    >>"$STATE_DIR/dockerd.log" 2>&1 </dev/null &
  wait_for dockerd d version
fi

if ! curl -fsS "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1; then
  cat >"$STATE_DIR/registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REGISTRY_ROOT
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
YAML
  log "starting docker-registry on $REGISTRY_ADDR (log: $STATE_DIR/registry.log)"
  setsid nohup docker-registry serve "$STATE_DIR/registry.yml" >>"$STATE_DIR/registry.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/registry.pid"
  wait_for registry curl -fsS "http://$REGISTRY_ADDR/v2/"
fi

d image inspect "$OS_IMAGE" >/dev/null 2>&1 || { log "importing $OS_TARBALL as $OS_IMAGE"; d import "$OS_TARBALL" "$OS_IMAGE" >/dev/null; }

cat >"$STATE_DIR/env" <<ENV
export DOCKER_HOST=$DOCKER_HOST_URI
export BENCH_REGISTRY=$REGISTRY_ADDR
export BENCH_REGISTRY_ROOT=$REGISTRY_ROOT
export BENCH_OS_IMAGE=$OS_IMAGE
export DOCKER_NETWORK=host
ENV
log "engine $(d version --format '{{.Server.Version}}') at $DOCKER_HOST_URI, registry $REGISTRY_ADDR, OS image $OS_IMAGE; source $STATE_DIR/env"
