#!/bin/sh
# Entry point of the saxpy-hip backend; runs on its Strata ROCm (HIP) base with this package at any path.
set -eu
DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "$DIR/saxpy-hip" "$@"
