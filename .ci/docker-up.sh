#!/usr/bin/env bash
# Brings up a private Docker engine, a local registry and the Debian bookworm minbase OS image
# used by Strata's end-to-end tests. Idempotent: a second run only verifies what is already up.
# Runs as root. Writes /run/strata/env for callers to source.
set -euo pipefail

STATE_DIR=/run/strata
SOCKET="$STATE_DIR/docker.sock"
DOCKER_HOST_URI="unix://$SOCKET"
DATA_ROOT=/var/lib/strata-docker
REGISTRY_ROOT=/var/lib/strata-registry
REGISTRY_ADDR=127.0.0.1:5000
CACHE_DIR=/var/cache/strata
OS_TARBALL="$CACHE_DIR/bookworm-minbase.tar"
OS_IMAGE=strata/bookworm:minbase
DEBIAN_MIRROR=${STRATA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The docker.io client drives the engine: it speaks BuildKit without buildx.
DOCKER=${STRATA_DOCKER_CLIENT:-/usr/bin/docker}
STARTUP_TIMEOUT=${STRATA_STARTUP_TIMEOUT:-60}

log() { echo "docker-up: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages and starts dockerd)"

# Checks commands rather than package names: a runner with docker-ce already has an engine,
# and installing docker.io beside it would conflict.
install_packages() {
  local missing=()
  command -v dockerd >/dev/null && [[ -x $DOCKER ]] || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v curl >/dev/null || missing+=(curl)
  command -v tar >/dev/null || missing+=(tar)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

engine_answers() { DOCKER_HOST="$DOCKER_HOST_URI" "$DOCKER" version >/dev/null 2>&1; }

start_engine() {
  mkdir -p "$STATE_DIR" "$STATE_DIR/exec" "$DATA_ROOT"
  if engine_answers; then
    log "engine already answers on $SOCKET"
    return
  fi
  # A stale pidfile from a dead daemon makes dockerd refuse to start.
  if [[ -f $STATE_DIR/docker.pid ]] && ! kill -0 "$(cat "$STATE_DIR/docker.pid")" 2>/dev/null; then
    rm -f "$STATE_DIR/docker.pid"
  fi
  if [[ ! -f $STATE_DIR/docker.pid ]]; then
    log "starting dockerd (log: $STATE_DIR/dockerd.log)"
    setsid nohup dockerd \
      --data-root "$DATA_ROOT" \
      --exec-root "$STATE_DIR/exec" \
      -H "$DOCKER_HOST_URI" \
      --pidfile "$STATE_DIR/docker.pid" \
      --storage-driver overlay2 \
      >>"$STATE_DIR/dockerd.log" 2>&1 </dev/null &
  fi
  local waited=0
  until engine_answers; do
    if ((waited >= STARTUP_TIMEOUT)); then
      tail -n 30 "$STATE_DIR/dockerd.log" >&2 || true
      die "dockerd did not answer on $SOCKET within ${STARTUP_TIMEOUT}s (log above: $STATE_DIR/dockerd.log)"
    fi
    sleep 1; waited=$((waited + 1))
  done
}

registry_answers() { curl -fsS "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1; }

# Test runs publish into repositories of their own (strata-e2e-<id>/…, strata-tests/images-<id>), which nothing reads
# after the run. Before the registry serves again, drop them and garbage-collect the blobs only they held: otherwise
# the storage grows by every run's pushes (it reached 31 GB over one day of runs). The OS image (strata/) stays.
prune_test_repositories() {
  local repositories="$REGISTRY_ROOT/docker/registry/v2/repositories" stale=() started=$SECONDS
  shopt -s nullglob
  stale=("$repositories"/strata-e2e-* "$repositories"/strata-tests)
  shopt -u nullglob
  ((${#stale[@]})) || return 0
  rm -rf "${stale[@]}"
  if docker-registry garbage-collect "$STATE_DIR/registry.yml" >>"$STATE_DIR/registry.log" 2>&1; then
    log "registry: dropped ${#stale[@]} test repositories of earlier runs and their blobs in $((SECONDS - started)) s"
  else
    log "registry: garbage-collect failed (see $STATE_DIR/registry.log); unreferenced blobs stay until the next start"
  fi
}

start_registry() {
  if registry_answers; then
    log "registry already answers on $REGISTRY_ADDR"
    return
  fi
  mkdir -p "$REGISTRY_ROOT"
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
  prune_test_repositories
  log "starting docker-registry (log: $STATE_DIR/registry.log)"
  setsid nohup docker-registry serve "$STATE_DIR/registry.yml" >>"$STATE_DIR/registry.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/registry.pid"
  local waited=0
  until registry_answers; do
    if ((waited >= STARTUP_TIMEOUT)); then
      tail -n 30 "$STATE_DIR/registry.log" >&2 || true
      die "registry did not answer on http://$REGISTRY_ADDR/v2/ within ${STARTUP_TIMEOUT}s (log: $STATE_DIR/registry.log)"
    fi
    sleep 1; waited=$((waited + 1))
  done
}

build_os_image() {
  if DOCKER_HOST="$DOCKER_HOST_URI" "$DOCKER" image inspect "$OS_IMAGE" >/dev/null 2>&1; then
    log "OS image $OS_IMAGE already present"
    return
  fi
  mkdir -p "$CACHE_DIR"
  if [[ ! -s $OS_TARBALL ]]; then
    local root
    root=$(mktemp -d "$CACHE_DIR/bookworm-root.XXXXXX")
    log "debootstrapping bookworm minbase into $root"
    debootstrap --variant=minbase bookworm "$root" "$DEBIAN_MIRROR" >"$CACHE_DIR/debootstrap.log" 2>&1 \
      || { tail -n 30 "$CACHE_DIR/debootstrap.log" >&2; rm -rf "$root"; die "debootstrap failed (log: $CACHE_DIR/debootstrap.log)"; }
    # Lean image: no package caches or lists from the bootstrap.
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -c . >"$OS_TARBALL.tmp"
    mv "$OS_TARBALL.tmp" "$OS_TARBALL"
    rm -rf "$root"
  fi
  log "importing $OS_TARBALL as $OS_IMAGE"
  DOCKER_HOST="$DOCKER_HOST_URI" "$DOCKER" import "$OS_TARBALL" "$OS_IMAGE" >/dev/null
}

# Containers on the default bridge need iptables NAT; where that is unavailable they only reach
# the network with --network host, which the env file then tells callers to use.
detect_network() {
  if DOCKER_HOST="$DOCKER_HOST_URI" timeout 60 "$DOCKER" run --rm "$OS_IMAGE" \
       bash -c 'exec 3<>/dev/tcp/deb.debian.org/80' >/dev/null 2>&1; then
    echo ""
  else
    echo host
  fi
}

write_env() {
  local network=$1
  cat >"$STATE_DIR/env.tmp" <<ENV
export DOCKER_HOST=$DOCKER_HOST_URI
export STRATA_REGISTRY=$REGISTRY_ADDR
export STRATA_OS_IMAGE=$OS_IMAGE
export DOCKER_NETWORK=$network
ENV
  mv "$STATE_DIR/env.tmp" "$STATE_DIR/env"
}

install_packages
start_engine
start_registry
build_os_image
network=$(detect_network)
write_env "$network"
server_version=$(DOCKER_HOST="$DOCKER_HOST_URI" "$DOCKER" version --format '{{.Server.Version}}')
echo "strata docker up: engine $server_version at $DOCKER_HOST_URI, registry $REGISTRY_ADDR, OS image $OS_IMAGE, network ${network:-bridge}; source $STATE_DIR/env"
