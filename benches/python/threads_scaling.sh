#!/usr/bin/env bash
# Times benches/python/threads_scaling.py on 1 and N threads (best of 3)
# under rupy and the reference CPython 3.14 and prints speedup = N*t1/tN.
#
#   benches/python/threads_scaling.sh RUPY_BINARY [N]
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,5p' "$0" >&2; exit 2; }
RUPY=$1; N=${2:-2}
case "$RUPY" in /*) ;; */*) RUPY=$PWD/$RUPY ;; esac
cd "$(dirname "$0")"
REF=${RUPY_REF_PYTHON:-$(../../scripts/fetch-cpython.sh python)}

best() {  # best wall time in ns of: INTERP NTHREADS
  local b="" t0 t1 i
  for i in 1 2 3; do
    t0=$(date +%s%N); "$1" threads_scaling.py "$2" >/dev/null; t1=$(date +%s%N)
    if [ -z "$b" ] || [ $((t1 - t0)) -lt "$b" ]; then b=$((t1 - t0)); fi
  done
  echo "$b"
}

printf "%-10s %8s %8s %8s\n" interp t1_s "t${N}_s" speedup
for interp in "$RUPY" "$REF"; do
  t1=$(best "$interp" 1); tn=$(best "$interp" "$N")
  name=$(basename "$interp")
  awk -v n="$name" -v a="$t1" -v b="$tn" -v k="$N" \
    'BEGIN { printf "%-10s %8.3f %8.3f %8.2f\n", n, a/1e9, b/1e9, k*a/b }'
done
