#!/bin/sh
# Entry point of the saxpy-vulkan backend; runs on its Strata Vulkan base with this package at any path.
set -eu
DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "$DIR/saxpy-vulkan" "$@"
