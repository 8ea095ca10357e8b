#!/usr/bin/env bash
# Runs the test programs under an interpreter and compares stdout, stderr
# and exit status with the expected NAME.out / NAME.err / NAME.status.
#
#   tests/programs/run.sh INTERPRETER [NAME...]
#
# Prints PASS/FAIL per program (with what differed) and a total; exits 1 if
# any program failed. VERBOSE=1 also prints a diff for each failure.
set -uo pipefail
[ $# -ge 1 ] || { sed -n '2,8p' "$0" >&2; exit 2; }
INTERP=$1; shift
case "$INTERP" in /*) ;; */*) INTERP=$PWD/$INTERP ;; esac
cd "$(dirname "$0")"
. ./common.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0; failed=()
for name in $(program_names "$@"); do
  if [ ! -f "$name.status" ]; then
    echo "FAIL $name (no expected results: run regen.sh)"; fail=$((fail + 1)); failed+=("$name"); continue
  fi
  status=$(run_program "$INTERP" "$name" "$tmp/out" "$tmp/err")
  why=()
  cmp -s "$tmp/out" "$name.out" || why+=(stdout)
  if [ -f "$name.err" ]; then cmp -s "$tmp/err" "$name.err" || why+=(stderr)
  else [ ! -s "$tmp/err" ] || why+=(stderr); fi
  [ "$status" = "$(cat "$name.status")" ] || why+=("status $status, expected $(cat "$name.status")")
  if [ ${#why[@]} -eq 0 ]; then
    echo "PASS $name"; pass=$((pass + 1))
  else
    msg=$(printf "%s; " "${why[@]}"); echo "FAIL $name (${msg%; })"; fail=$((fail + 1)); failed+=("$name")
    if [ "${VERBOSE:-0}" = 1 ]; then
      diff -u "$name.out" "$tmp/out" | head -40
      if [ -f "$name.err" ]; then diff -u "$name.err" "$tmp/err" | head -40; else head -20 "$tmp/err"; fi
    fi
  fi
done
echo "total: $((pass + fail)) programs, $pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "failed: ${failed[*]}"; exit 1; }
