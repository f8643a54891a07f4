#!/usr/bin/env bash
# Stops the benchmark engine and registry started by engine-up.sh (by their pidfiles only). Data stays unless --purge.
set -uo pipefail
STATE_DIR=${BENCH_STATE_DIR:-/run/strata-bench}
stop() {
  local pidfile=$1 name=$2
  [[ -f $pidfile ]] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    echo "engine-down: stopped $name ($pid)" >&2
  fi
  rm -f "$pidfile"
}
stop "$STATE_DIR/registry.pid" docker-registry
stop "$STATE_DIR/docker.pid" dockerd
if [[ ${1:-} == --purge ]]; then
  rm -rf "${BENCH_DATA_ROOT:-/var/lib/strata-bench}" "${BENCH_REGISTRY_ROOT:-/var/lib/strata-bench-registry}"
  echo "engine-down: removed the benchmark engine's data and registry storage" >&2
fi
