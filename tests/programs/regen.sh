#!/usr/bin/env bash
# Regenerates the expected results of the test programs with the reference
# CPython 3.14:  NAME.out (stdout), NAME.err (stderr; only written when not
# empty) and NAME.status (exit status).
#
#   tests/programs/regen.sh              all programs
#   tests/programs/regen.sh NAME...      only these (NAME or NAME.py)
#
# The interpreter is $RUPY_REF_PYTHON, else what
# `scripts/fetch-cpython.sh python` prints.
set -euo pipefail
cd "$(dirname "$0")"
. ./common.sh
PY=${RUPY_REF_PYTHON:-$(../../scripts/fetch-cpython.sh python)}
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 14), sys.version' || {
  echo "regen: $PY is not CPython 3.14" >&2; exit 2; }
n=0
for name in $(program_names "$@"); do
  [ -f "$name.py" ] || { echo "regen: no $name.py" >&2; exit 2; }
  status=$(run_program "$PY" "$name" "$name.out" "$name.err")
  echo "$status" > "$name.status"
  [ -s "$name.err" ] || rm -f "$name.err"
  n=$((n + 1))
done
echo "regen: wrote expected results of $n programs"
