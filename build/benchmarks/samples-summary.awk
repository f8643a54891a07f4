# Summarizes a samples TSV (figure, side, round, wall, user, sys; one header line) as
# "figure side wall-median wall-min wall-max cpu-median" per figure and side, in the order first seen
# (cpu = user + sys). Used by startup-compare.sh and native-compare.sh: awk -F'\t' -f samples-summary.awk FILE
NR > 1 {
  key = $1 " " $2; n[key]++; wall[key, n[key]] = $4; cpu[key, n[key]] = $5 + $6
  if (!(key in seen)) { seen[key] = 1; order[++k] = key }
}
function median(a, key, count,   i, j, t, v) {
  for (i = 1; i <= count; i++) v[i] = a[key, i]
  for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
  lo = v[1]; hi = v[count]
  return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2
}
END {
  for (i = 1; i <= k; i++) {
    key = order[i]; m = median(wall, key, n[key]); wlo = lo; whi = hi; c = median(cpu, key, n[key])
    printf "%s %.3f %.3f %.3f %.3f\n", key, m, wlo, whi, c
  }
}
