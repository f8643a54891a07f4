#!/usr/bin/env bash
# Totals and ratios from ci-simulation.sh results: job-seconds per phase, layered/inline (cold), warm/cold,
# base builds per layered run, and the parallel wall-time ratio. Usage: ci-summary.sh RUN_DIR/jobs.tsv...
set -euo pipefail
(($#)) || { echo "usage: $0 .nuke/temp/bench/ci-<run>/jobs.tsv..." >&2; exit 2; }
for tsv in "$@"; do
  echo "== $tsv"
  awk -F'\t' 'NR > 1 {
      total[$1] += $3; jobs[$1]++
      if ($2 ~ /^base-/) { bases[$1] += $3; if ($4 == "Built") built[$1]++ } else consumers[$1] += $3
      if ($5 != 0) failed[$1]++
      if ($1 == "parallel") par[$2] = $3
    }
    END {
      for (p in total)
        if (p != "parallel")
          printf "%-13s %6.1f job-s over %d jobs (bases %.1f, backends %.1f), base builds: %d, failed jobs: %d\n",
            p, total[p], jobs[p], bases[p], consumers[p], built[p], failed[p]
      if (total["inline-cold"] && total["layered-cold"]) printf "layered/inline cold: %.3f\n", total["layered-cold"] / total["inline-cold"]
      if (total["inline-warm"] && total["layered-warm"]) printf "layered/inline warm: %.3f\n", total["layered-warm"] / total["inline-warm"]
      if (total["layered-cold"] && total["layered-warm"]) printf "layered warm/cold: %.3f\n", total["layered-warm"] / total["layered-cold"]
      if (total["inline-cold"] && total["inline-warm"]) printf "inline warm/cold: %.3f\n", total["inline-warm"] / total["inline-cold"]
      p1 = par["BackendAll--parallel-1"]; p2 = par["BackendAll--parallel-2"]
      if (p1 && p2) printf "BackendAll --parallel 1: %.1f s, --parallel 2: %.1f s, ratio %.3f\n", p1, p2, p2 / p1
    }' "$tsv" | sort
done
