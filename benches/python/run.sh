#!/usr/bin/env bash
# Times each benchmark program under rupy and under the reference CPython 3.14
# in the same run (best of 3 wall-clock runs each) and prints rupy/CPython.
#
#   benches/python/run.sh RUPY_BINARY [BENCH...]
#
# The reference is $RUPY_REF_PYTHON, else `scripts/fetch-cpython.sh python`.
# A benchmark counts as failed under rupy when it exits non-zero or prints
# something other than CPython's output; the table then says so instead of
# giving a ratio. Exit status: 1 if any benchmark failed under rupy.
# RUNS=N changes the number of runs per interpreter (default 3).
set -uo pipefail
[ $# -ge 1 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
RUPY=$1; shift
case "$RUPY" in /*) ;; */*) RUPY=$PWD/$RUPY ;; esac
cd "$(dirname "$0")"
REF=${RUPY_REF_PYTHON:-$(../../scripts/fetch-cpython.sh python)}
RUNS=${RUNS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ $# -gt 0 ]; then benches=("${@%.py}"); else
  # threads_workloads.py takes arguments: threads_workloads.sh drives it.
  benches=(); for f in [a-z]*.py; do [ "$f" = threads_workloads.py ] || benches+=("${f%.py}"); done
fi

# best_time INTERP NAME OUTFILE -> prints the best wall time in seconds, or
# "fail" when a run exits non-zero (its stderr is kept in OUTFILE.err).
best_time() {
  local interp=$1 name=$2 out=$3 best="" i t0 t1 dt
  for ((i = 0; i < RUNS; i++)); do
    t0=$(date +%s%N)
    env -i PATH=/usr/local/bin:/usr/bin:/bin LC_ALL=C.UTF-8 PYTHONHASHSEED=0 \
        PYTHONDONTWRITEBYTECODE=1 "$interp" -X utf8 -s "$name.py" \
        </dev/null >"$out" 2>"$out.err" || { echo fail; return; }
    t1=$(date +%s%N)
    dt=$((t1 - t0))
    if [ -z "$best" ] || [ "$dt" -lt "$best" ]; then best=$dt; fi
  done
  awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }'
}

failed=0
printf '%-16s %10s %10s %8s\n' benchmark "cpython s" "rupy s" ratio
for b in "${benches[@]}"; do
  [ -f "$b.py" ] || { echo "no benchmark $b" >&2; exit 2; }
  ref_t=$(best_time "$REF" "$b" "$tmp/ref.out")
  if [ "$ref_t" = fail ]; then
    printf '%-16s %10s\n' "$b" "CPython failed: $(tail -1 "$tmp/ref.out.err")"; failed=1; continue
  fi
  rupy_t=$(best_time "$RUPY" "$b" "$tmp/rupy.out")
  if [ "$rupy_t" = fail ]; then
    printf '%-16s %10s %10s %8s  (%s)\n' "$b" "$ref_t" - - "rupy failed: $(tail -1 "$tmp/rupy.out.err" | cut -c1-60)"
    failed=1
  elif ! cmp -s "$tmp/ref.out" "$tmp/rupy.out"; then
    printf '%-16s %10s %10s %8s  (%s)\n' "$b" "$ref_t" "$rupy_t" - "rupy failed: output differs"
    failed=1
  else
    printf '%-16s %10s %10s %8s\n' "$b" "$ref_t" "$rupy_t" \
      "$(awk -v r="$rupy_t" -v c="$ref_t" 'BEGIN { printf "%.2f", r / c }')"
  fi
done
exit $failed
