#!/usr/bin/env bash
# Runs CPython 3.14's own test modules (Lib/test) under rupy, one process
# per module, and reports tests run/passed/failed/skipped for each.
#
#   scripts/compat.sh RUPY [MODULE...]   run the modules (default: every
#                                        test_* module of Lib/test) and
#                                        print a table
#   scripts/compat.sh --record RUPY      run them all and rewrite the table
#                                        in docs/compat.md
#   scripts/compat.sh --check RUPY       run tests/compat/passing.txt and
#                                        fail unless each passes completely
#   scripts/compat.sh --update RUPY MODULE...
#                                        rerun these modules and replace
#                                        their rows in docs/compat.md
#
# RUPY is the interpreter to test. Each module gets COMPAT_TIMEOUT seconds
# (default 300); COMPAT_JOBS modules run at once (default 1). Lib/test comes from scripts/fetch-cpython.sh tests.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=table
case "${1:-}" in
--record) mode=record; shift ;;
--check) mode=check; shift ;;
--update) mode=update; shift ;;
esac
[ $# -ge 1 ] || { sed -n '2,17p' "$0" >&2; exit 2; }
rupy=$(realpath "$1"); shift
libdir=$(scripts/fetch-cpython.sh tests)
timeout=${COMPAT_TIMEOUT:-300}

if [ "$mode" = check ]; then
  mapfile -t modules < <(grep -v '^#' tests/compat/passing.txt | sed '/^$/d')
elif [ $# -gt 0 ]; then
  modules=("$@")
else
  mapfile -t modules < <(cd "$libdir/test" && ls -d test_* | sed 's/\.py$//' | sort)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rows=()
failed=0
here=$PWD
# Runs one module in a scratch directory it may litter.
run_one() {
  local m=$1 rc
  mkdir -p "$work/$m"
  set +e
  (cd "$work/$m" && exec timeout -k 10 "$timeout" "$rupy" "$here/tests/compat/driver.py" "test.$m") \
    >"$work/$m.out" 2>"$work/$m.err" </dev/null
  rc=$?
  set -e
  echo "$rc" >"$work/$m.rc"
}
# COMPAT_JOBS modules at a time (default 1).
for m in "${modules[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "${COMPAT_JOBS:-1}" ]; do wait -n || true; done
  run_one "$m" &
done
wait || true
for m in "${modules[@]}"; do
  rc=$(cat "$work/$m.rc")
  line=$(grep '^COMPAT ' "$work/$m.out" | tail -1 || true)
  counts=' run=([0-9]+) failures=([0-9]+) errors=([0-9]+) skipped=([0-9]+) xfail=([0-9]+) xpass=([0-9]+) passed=([0-9]+)'
  if [[ "$line" =~ $counts ]]; then
    read -r run fail err skip xfail xpass passed <<<"${BASH_REMATCH[*]:1}"
    if [ $((fail + err + xpass)) -eq 0 ]; then state=pass; else state=fail; fi
    note=""
    [[ "$line" == *"(module skipped: "* ]] && { state=skip; note=${line#*(module skipped: }; note=${note%)}; }
  elif [[ "$line" == *" import-error "* ]]; then
    run=0 passed=0 fail=0 err=0 skip=0; state=import
    note=${line#* import-error }
  else
    run=0 passed=0 fail=0 err=0 skip=0; state=crash
    note="exit status $rc: $(grep -av '^\s*$' "$work/$m.err" | tail -1 | cut -c1-150)"
  fi
  note=${note//|/\\|}
  rows+=("| $m | $state | $run | $passed | $fail | $err | $skip | $note |")
  printf '%-32s %-6s run=%s passed=%s failed=%s errors=%s skipped=%s %s\n' "$m" "$state" "$run" "$passed" "$fail" "$err" "$skip" "$note"
  if [ "$mode" = check ] && [ "$state" != pass ]; then
    failed=1
    tail -40 "$work/$m.err" >&2
  fi
done

if [ "$mode" = update ]; then
  # Keep every other row; recount from the whole table.
  others=$(sed -n '/^| test_/p' docs/compat.md)
  for r in "${rows[@]}"; do
    m=$(echo "$r" | cut -d'|' -f2 | tr -d ' ')
    others=$(printf '%s\n' "$others" | grep -v "^| $m |")
  done
  mapfile -t rows < <(printf '%s\n' "$others" "${rows[@]}" | sed '/^$/d' | sort -t'|' -k2,2)
  mode=record
fi
if [ "$mode" = record ]; then
  total=${#rows[@]}
  npass=$(printf '%s\n' "${rows[@]}" | grep -c '| pass |' || true)
  {
    sed '/^<!-- table -->$/q' docs/compat.md
    echo
    echo "$npass of $total modules pass completely (run on $(date -u +%Y-%m-%d))."
    echo
    echo "| module | state | run | passed | failed | errors | skipped | first blocker |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
  } > "$work/compat.md"
  mv "$work/compat.md" docs/compat.md
fi
exit $failed
