#!/usr/bin/env bash
# Brings up the CURRENT Docker engine beside the old one from docker-up.sh: Debian trixie's docker.io 26.1 and
# docker-buildx 0.13 (binaries extracted from the .debs, bookworm's runc), with the containerd image store so
# that buildx's "docker" driver exports registry caches and pushes multi-platform images. Also registers QEMU
# arm64 emulation and publishes a two-platform bookworm minbase OS index in the local registry; the arm64 OS
# image is imported into the old engine too.
# Idempotent: a second run only verifies what is already up. Runs as root, after docker-up.sh (it uses that
# script's registry and amd64 OS tarball). Writes /run/strata/buildx.env for callers to source.
set -euo pipefail

STATE_DIR=/run/strata-buildx
SOCKET="$STATE_DIR/docker.sock"
DOCKER_HOST_URI="unix://$SOCKET"
DATA_ROOT=/var/lib/strata-buildx-docker
PREFIX=/opt/strata-docker26
# The docker CLI 26 with buildx: the .deb's plugin sits outside the CLI's plugin search path, so a wrapper
# hands `docker buildx …` to the plugin run standalone (buildx supports that) and everything else to the CLI.
CLI="$PREFIX/bin/docker"
APT_DIR=/var/cache/strata/apt-trixie
PACKAGES=(docker.io docker-cli docker-buildx containerd)
# Its own bridge with its own subnet: the old engine owns docker0 (172.17.0.0/16) and its iptables chains,
# so this engine leaves iptables alone (--iptables=false) and we add the NAT and forward rules for its bridge.
BRIDGE=strata-bx0
BRIDGE_ADDR=172.31.213.1/24
BRIDGE_SUBNET=172.31.213.0/24
OLD_ENV=/run/strata/env
ENV_FILE=/run/strata/buildx.env
CACHE_DIR=/var/cache/strata
OS_REPO=strata/bookworm
DEBIAN_MIRROR=${STRATA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
STARTUP_TIMEOUT=${STRATA_STARTUP_TIMEOUT:-60}

log() { echo "buildx-up: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages, mounts binfmt_misc and starts dockerd)"
[[ -f $OLD_ENV ]] || die "$OLD_ENV is missing: run .ci/docker-up.sh first (this engine uses its registry)"
# shellcheck disable=SC1090
OLD_DOCKER_HOST=$(source "$OLD_ENV" && echo "$DOCKER_HOST")
REGISTRY=$(source "$OLD_ENV" && echo "$STRATA_REGISTRY")
OLD_CLI=${STRATA_DOCKER_CLIENT:-/usr/bin/docker}
OS_INDEX="$REGISTRY/$OS_REPO:minbase"
OS_ARM64_LOCAL="$OS_REPO:minbase-arm64"

install_host_packages() {
  local missing=()
  [[ -x /usr/bin/qemu-aarch64-static ]] || missing+=(qemu-user-static)
  command -v update-binfmts >/dev/null || missing+=(binfmt-support)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v runc >/dev/null || missing+=(runc)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Trixie's packages through a private apt directory: the system's sources and package state stay untouched.
install_docker26() {
  if [[ -x $PREFIX/usr/sbin/dockerd && -x $PREFIX/usr/bin/docker && -x $PREFIX/usr/libexec/docker/cli-plugins/docker-buildx && -x $CLI ]]; then
    return
  fi
  log "downloading trixie ${PACKAGES[*]} into $APT_DIR"
  mkdir -p "$APT_DIR/etc" "$APT_DIR/lists/partial" "$APT_DIR/archives/partial" "$APT_DIR/debs"
  echo "deb $DEBIAN_MIRROR trixie main" >"$APT_DIR/etc/sources.list"
  local apt_options=(
    -o "Dir::Etc::sourcelist=$APT_DIR/etc/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR" -o "Dir::Cache::archives=$APT_DIR/archives"
    -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root"
  )
  apt-get "${apt_options[@]}" update -qq
  rm -f "$APT_DIR"/debs/*.deb
  (cd "$APT_DIR/debs" && apt-get "${apt_options[@]}" download "${PACKAGES[@]}" >/dev/null)
  rm -rf "$PREFIX.tmp"
  mkdir -p "$PREFIX.tmp"
  for deb in "$APT_DIR"/debs/*.deb; do dpkg -x "$deb" "$PREFIX.tmp"; done
  mkdir -p "$PREFIX.tmp/bin"
  cat >"$PREFIX.tmp/bin/docker" <<WRAPPER
#!/bin/sh
# docker CLI 26.1 from Debian trixie; \`docker buildx …\` runs the buildx plugin standalone.
if [ "\${1:-}" = buildx ]; then shift; exec $PREFIX/usr/libexec/docker/cli-plugins/docker-buildx "\$@"; fi
exec $PREFIX/usr/bin/docker "\$@"
WRAPPER
  chmod +x "$PREFIX.tmp/bin/docker"
  rm -rf "$PREFIX"
  mv "$PREFIX.tmp" "$PREFIX"
}

register_qemu() {
  mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  if [[ ! -f /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]; then
    update-binfmts --enable qemu-aarch64 || die "update-binfmts --enable qemu-aarch64 failed"
  fi
  # F (fix binary): the kernel opens the interpreter now, so it works inside containers without qemu in them.
  grep -q '^flags: .*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 \
    || die "qemu-aarch64 is registered without the F flag: containers cannot run arm64 binaries"
}

setup_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_ADDR" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  iptables -t nat -C POSTROUTING -s "$BRIDGE_SUBNET" ! -o "$BRIDGE" -j MASQUERADE 2>/dev/null \
    || iptables -t nat -A POSTROUTING -s "$BRIDGE_SUBNET" ! -o "$BRIDGE" -j MASQUERADE
  iptables -C FORWARD -i "$BRIDGE" -j ACCEPT 2>/dev/null || iptables -I FORWARD -i "$BRIDGE" -j ACCEPT
  iptables -C FORWARD -o "$BRIDGE" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT 2>/dev/null \
    || iptables -I FORWARD -o "$BRIDGE" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  sysctl -qw net.ipv4.ip_forward=1
}

new_docker() { DOCKER_HOST="$DOCKER_HOST_URI" "$CLI" "$@"; }
old_docker() { DOCKER_HOST="$OLD_DOCKER_HOST" "$OLD_CLI" "$@"; }
engine_answers() { new_docker version >/dev/null 2>&1; }

start_engine() {
  mkdir -p "$STATE_DIR" "$STATE_DIR/exec" "$DATA_ROOT"
  if engine_answers; then
    log "engine already answers on $SOCKET"
    return
  fi
  if [[ -f $STATE_DIR/docker.pid ]] && ! kill -0 "$(cat "$STATE_DIR/docker.pid")" 2>/dev/null; then
    rm -f "$STATE_DIR/docker.pid"
  fi
  cat >"$STATE_DIR/daemon.json" <<JSON
{
  "features": { "containerd-snapshotter": true },
  "bridge": "$BRIDGE",
  "iptables": false,
  "ip-masq": false
}
JSON
  if [[ ! -f $STATE_DIR/docker.pid ]]; then
    log "starting dockerd 26 (log: $STATE_DIR/dockerd.log)"
    # Its own containerd (dockerd starts one under the exec root) from the trixie package; bookworm's runc
    # stays on the PATH because trixie's needs a newer glibc.
    PATH="$PREFIX/usr/sbin:$PREFIX/usr/bin:$PATH" setsid nohup "$PREFIX/usr/sbin/dockerd" \
      --config-file "$STATE_DIR/daemon.json" \
      --data-root "$DATA_ROOT" \
      --exec-root "$STATE_DIR/exec" \
      -H "$DOCKER_HOST_URI" \
      --pidfile "$STATE_DIR/docker.pid" \
      >>"$STATE_DIR/dockerd.log" 2>&1 </dev/null &
  fi
  local waited=0
  until engine_answers; do
    if ((waited >= STARTUP_TIMEOUT)); then
      tail -n 30 "$STATE_DIR/dockerd.log" >&2 || true
      die "dockerd 26 did not answer on $SOCKET within ${STARTUP_TIMEOUT}s (log above: $STATE_DIR/dockerd.log)"
    fi
    sleep 1; waited=$((waited + 1))
  done
  local store
  store=$(new_docker info --format '{{.DriverStatus}}')
  [[ $store == *io.containerd.snapshotter* ]] || die "dockerd 26 is not using the containerd image store (driver status: $store)"
}

# debootstrap's minbase for one architecture, cached as a tarball (docker-up.sh caches amd64 the same way).
os_tarball() {
  local arch=$1 tarball
  if [[ $arch == amd64 ]]; then tarball="$CACHE_DIR/bookworm-minbase.tar"; else tarball="$CACHE_DIR/bookworm-minbase-$arch.tar"; fi
  if [[ ! -s $tarball ]]; then
    mkdir -p "$CACHE_DIR"
    local root
    root=$(mktemp -d "$CACHE_DIR/bookworm-$arch-root.XXXXXX")
    log "debootstrapping bookworm minbase ($arch) into $root"
    debootstrap --arch="$arch" --variant=minbase bookworm "$root" "$DEBIAN_MIRROR" >"$CACHE_DIR/debootstrap-$arch.log" 2>&1 \
      || { tail -n 30 "$CACHE_DIR/debootstrap-$arch.log" >&2; rm -rf "$root"; die "debootstrap ($arch) failed (log: $CACHE_DIR/debootstrap-$arch.log)"; }
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -c . >"$tarball.tmp"
    mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
  fi
  echo "$tarball"
}

index_platforms() {
  curl -fsS -H 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json' \
    "http://$REGISTRY/v2/$OS_REPO/manifests/minbase" 2>/dev/null \
    | grep -o '"architecture": *"[a-z0-9]*"' | sed 's/.*"\([a-z0-9]*\)"$/\1/' | sort | tr '\n' ' ' || true
}

publish_os_index() {
  if [[ $(index_platforms) == "amd64 arm64 " ]]; then
    log "OS index $OS_INDEX already holds linux/amd64 and linux/arm64"
    return
  fi
  local arch
  for arch in amd64 arm64; do
    local image="$REGISTRY/$OS_REPO:minbase-$arch"
    log "importing the $arch OS tree as $image"
    new_docker import --platform "linux/$arch" "$(os_tarball "$arch")" "$image" >/dev/null
    new_docker push -q "$image" >/dev/null
  done
  log "joining both into $OS_INDEX"
  new_docker buildx imagetools create -t "$OS_INDEX" "$REGISTRY/$OS_REPO:minbase-amd64" "$REGISTRY/$OS_REPO:minbase-arm64" \
    >"$STATE_DIR/imagetools.log" 2>&1 || { cat "$STATE_DIR/imagetools.log" >&2; die "imagetools create $OS_INDEX failed"; }
  [[ $(index_platforms) == "amd64 arm64 " ]] || die "$OS_INDEX does not list linux/amd64 and linux/arm64 after imagetools create"
}

# Pulled from the registry rather than imported: docker 20.10's `import --platform` records the host's architecture.
import_arm64_into_old_engine() {
  if [[ $(old_docker image inspect --format '{{.Os}}/{{.Architecture}}' "$OS_ARM64_LOCAL" 2>/dev/null) == linux/arm64 ]]; then
    log "old engine already has $OS_ARM64_LOCAL"
    return
  fi
  log "pulling the arm64 OS image into the old engine as $OS_ARM64_LOCAL"
  old_docker pull -q --platform linux/arm64 "$REGISTRY/$OS_REPO:minbase-arm64" >/dev/null
  old_docker tag "$REGISTRY/$OS_REPO:minbase-arm64" "$OS_ARM64_LOCAL"
  old_docker rmi "$REGISTRY/$OS_REPO:minbase-arm64" >/dev/null
  [[ $(old_docker image inspect --format '{{.Os}}/{{.Architecture}}' "$OS_ARM64_LOCAL") == linux/arm64 ]] \
    || die "$OS_ARM64_LOCAL in the old engine is not linux/arm64"
}

# Like docker-up.sh: the bridge's NAT is ours, but if it cannot reach the mirror, builds use the host network.
detect_network() {
  if timeout 60 "$CLI" -H "$DOCKER_HOST_URI" run --rm "$REGISTRY/$OS_REPO:minbase-amd64" \
       bash -c 'exec 3<>/dev/tcp/deb.debian.org/80' >/dev/null 2>&1; then
    echo ""
  else
    echo host
  fi
}

check_arm64_runs() {
  local machine
  machine=$(new_docker run --rm --quiet --platform linux/arm64 "$OS_INDEX" uname -m 2>"$STATE_DIR/arm64-check.log") \
    || die "the arm64 OS image does not run under QEMU: $(cat "$STATE_DIR/arm64-check.log")"
  [[ $machine == aarch64 ]] || die "the arm64 OS image reports machine '$machine', expected aarch64"
}

write_env() {
  local network=$1
  cat >"$ENV_FILE.tmp" <<ENV
export DOCKER_HOST=$DOCKER_HOST_URI
export DOCKER_CLI=$CLI
export STRATA_REGISTRY=$REGISTRY
export STRATA_OS_IMAGE=$OS_INDEX
export STRATA_OS_IMAGE_AMD64=$REGISTRY/$OS_REPO:minbase-amd64
export STRATA_OS_IMAGE_ARM64=$REGISTRY/$OS_REPO:minbase-arm64
export STRATA_OLD_ENGINE_OS_IMAGE_ARM64=$OS_ARM64_LOCAL
export DOCKER_NETWORK=$network
ENV
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

install_host_packages
install_docker26
register_qemu
setup_bridge
start_engine
publish_os_index
import_arm64_into_old_engine
check_arm64_runs
network=$(detect_network)
write_env "$network"
server_version=$(new_docker version --format '{{.Server.Version}}')
buildx_version=$(new_docker buildx version)
echo "strata buildx up: engine $server_version (containerd image store) at $DOCKER_HOST_URI, $buildx_version, OS index $OS_INDEX (linux/amd64, linux/arm64), network ${network:-bridge $BRIDGE}; source $ENV_FILE"
