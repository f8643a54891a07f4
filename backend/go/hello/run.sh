#!/bin/sh
# Entry point of the hello backend; runs on its Strata base with this package at any path.
set -eu
DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "$DIR/hello" "$@"
