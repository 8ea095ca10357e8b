#!/usr/bin/env bash
# Runs each workload of benches/python/threads_workloads.py on 1 and N
# threads (best of 3 runs, time measured inside the program) under rupy
# and the reference CPython 3.14, and prints speedup = N*t1/tN for both.
#
#   benches/python/threads_workloads.sh RUPY_BINARY [N]
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,6p' "$0" >&2; exit 2; }
RUPY=$1; N=${2:-2}
case "$RUPY" in /*) ;; */*) RUPY=$PWD/$RUPY ;; esac
cd "$(dirname "$0")"
REF=${RUPY_REF_PYTHON:-$(../../scripts/fetch-cpython.sh python)}

best() {  # best time in seconds of: INTERP WORKLOAD NTHREADS
  for i in 1 2 3; do "$1" threads_workloads.py "$2" "$3"; done | sort -g | head -1
}

printf "%-18s %9s %9s %8s   %9s %9s %8s\n" workload rupy_t1 "rupy_t$N" speedup cpy_t1 "cpy_t$N" speedup
for w in $("$REF" threads_workloads.py --list); do
  r1=$(best "$RUPY" "$w" 1); rn=$(best "$RUPY" "$w" "$N")
  c1=$(best "$REF" "$w" 1); cn=$(best "$REF" "$w" "$N")
  awk -v w="$w" -v r1="$r1" -v rn="$rn" -v c1="$c1" -v cn="$cn" -v k="$N" \
    'BEGIN { printf "%-18s %9.3f %9.3f %8.2f   %9.3f %9.3f %8.2f\n", w, r1, rn, k*r1/rn, c1, cn, k*c1/cn }'
done
