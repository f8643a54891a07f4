#!/bin/sh
# Entry point of the wordcount backend; runs on its Strata Python base with this package at any path.
set -eu
DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
PYTHONPATH="$DIR/app${PYTHONPATH:+:$PYTHONPATH}" exec "$DIR/venv/bin/python3" -m strata_wordcount "$@"
