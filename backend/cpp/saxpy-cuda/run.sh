#!/bin/sh
# Entry point of the saxpy-cuda backend; runs on its Strata CUDA base with this package at any path.
set -eu
DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "$DIR/saxpy-cuda" "$@"
