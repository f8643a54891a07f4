#!/usr/bin/env bash
# Tier-1 scaffolding shared by every base recipe: the OS packages every backend build needs.
# Distro packages only, present under the same names on Debian bookworm and Ubuntu 22.04/24.04.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

. /etc/os-release
case "${ID}" in
  ubuntu|debian) ;;
  *) echo "install-os.sh: unsupported OS '${ID}' (from /etc/os-release); valid: ubuntu, debian" >&2; exit 1 ;;
esac

apt-get update
apt-get install -y --no-install-recommends ca-certificates curl make
apt-get clean
rm -rf /var/lib/apt/lists/*
