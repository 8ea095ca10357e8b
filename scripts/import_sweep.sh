#!/usr/bin/env bash
# Imports every module of the fetched 3.14 Lib, one process each, and
# prints those that fail with the last line of their error (issue #6's
# "every Lib module whose native dependencies are ported imports";
# docs/stdlib.md keeps the list and the reasons).
#
#   scripts/import_sweep.sh RUPY_BINARY [JOBS]
#
# Left out: the test suite, IDLE, tkinter and turtledemo (GUI), `__main__`
# modules, and Debian's packaging files.
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
BIN=$1; JOBS=${2:-2}
case "$BIN" in /*) ;; */*) BIN=$PWD/$BIN ;; esac
cd "$(dirname "$0")/.."
LIB=$(scripts/fetch-cpython.sh lib)

modules() {
  (cd "$LIB" && find . -name '*.py' \
      -not -path './test/*' -not -path '*/tests/*' -not -path './idlelib/*' \
      -not -path './tkinter/*' -not -path './turtledemo/*' \
      -not -path './site-packages/*' -not -path './dist-packages/*' \
      -not -path '*/__pycache__/*') \
    | sed 's|^\./||; s|\.py$||; s|/__init__$||; s|/|.|g' \
    | grep -v -e '__main__$' -e '^_sysconfigdata' -e '^_distutils_system_mod$' -e '^sitecustomize$' \
    | sort
}

try_import() {  # BIN MODULE: prints nothing, or "MODULE: last error line"
  local out
  if ! out=$(cd / && timeout 60 "$1" -c "import $2" 2>&1 </dev/null); then
    printf '%s: %s\n' "$2" "$(printf '%s\n' "$out" | tail -1)"
  fi
}
export -f try_import

total=$(modules | wc -l)
failed=$(modules | xargs -P "$JOBS" -I{} bash -c 'try_import "$0" "$1"' "$BIN" {} | sort)
[ -z "$failed" ] || printf '%s\n' "$failed"
echo "$((total - $(printf '%s' "$failed" | grep -c '^' || true))) of $total modules import"
