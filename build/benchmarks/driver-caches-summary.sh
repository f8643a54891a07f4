#!/usr/bin/env bash
# Medians and ranges of build/benchmarks/driver-caches.sh results: one line per base × phase, the drivers side by side.
# Usage: build/benchmarks/driver-caches-summary.sh DIR/builds.tsv [more.tsv ...]
set -euo pipefail
(($#)) || { echo "usage: $0 builds.tsv..." >&2; exit 2; }
awk -F'\t' '
  FNR == 1 { next }
  { key = $2 SUBSEP $4 SUBSEP $3; n[key]++; v[key, n[key]] = $5; out[key] = out[key] (out[key] == "" ? "" : ",") $6 "(" $8 "/" $7 ")"
    if (!($2 SUBSEP $4 in seen)) { seen[$2 SUBSEP $4] = 1; order[++rows] = $2 SUBSEP $4 }
    drivers[$3] = 1 }
  function median(key,   i, j, t, m, a) {
    m = n[key]; for (i = 1; i <= m; i++) a[i] = v[key, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    lo = a[1]; hi = a[m]
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
  END {
    printf "| base | phase |"; for (d in drivers) printf " %s: median s (range) | %s: outcome (cached/steps) |", d, d; print ""
    for (r = 1; r <= rows; r++) {
      split(order[r], parts, SUBSEP); printf "| %s | %s |", parts[1], parts[2]
      for (d in drivers) { key = order[r] SUBSEP d
        if (n[key]) { med = median(key); printf " %.1f (%.1f–%.1f) | %s |", med, lo, hi, out[key] } else printf " – | – |" }
      print "" } }' "$@"
