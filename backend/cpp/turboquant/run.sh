#!/bin/sh
# Entry point of the turboquant backend; runs on its Strata base with this package at any path.
set -eu
DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "$DIR/turboquant" "$@"
