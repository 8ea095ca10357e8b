#!/usr/bin/env bash
# Obtains CPython 3.14 from Debian's `sid` packages (through the Debian
# mirror this machine's apt already uses) into .cache/cpython/, and prints
# the path asked for. Nothing fetched here is ever committed.
#
#   scripts/fetch-cpython.sh lib      the pure-Python Lib (what rupy runs)
#   scripts/fetch-cpython.sh tests    the Lib with its test package (Lib/test)
#   scripts/fetch-cpython.sh headers  the include directory (opcode metadata)
#   scripts/fetch-cpython.sh python   a reference python3.14 (Lib/test too),
#                                     run with its own glibc; for expected
#                                     outputs and side-by-side benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD/.cache/cpython
TREE=$ROOT/tree
LIBDIR=$TREE/usr/lib/python3.14
INCDIR=$TREE/usr/include/python3.14
PY=$ROOT/bin/python3.14

mirror() {
  local u
  u=$(grep -rhoE '^(URIs:|deb) *[a-z]+://[^ ]+/debian/?( |$)' \
        /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
      | grep -v security | head -1 | awk '{print $2}')
  [ -n "$u" ] || { echo "fetch-cpython: no Debian mirror configured in /etc/apt" >&2; exit 2; }
  echo "${u%/}"
}

# Downloads and unpacks the named packages of Debian sid into $TREE.
fetch() {
  local apt=$ROOT/apt
  mkdir -p "$apt/lists/partial" "$ROOT/debs" "$TREE"
  echo "deb [trusted=yes] $(mirror) sid main" > "$apt/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$apt/lists" -o APT::Sandbox::User=root)
  [ -n "$(ls "$apt/lists" 2>/dev/null | grep -v partial)" ] || apt-get "${opts[@]}" update -qq >&2
  (cd "$ROOT/debs" && apt-get "${opts[@]}" download -qq "$@" >&2)
  for p in "$@"; do dpkg -x "$ROOT"/debs/"${p}"_*.deb "$TREE"; done
}

case "${1:-}" in
lib)
  [ -f "$LIBDIR/os.py" ] && [ -f "$LIBDIR/threading.py" ] || fetch libpython3.14-minimal libpython3.14-stdlib
  echo "$LIBDIR" ;;
tests)
  [ -f "$LIBDIR/os.py" ] && [ -f "$LIBDIR/threading.py" ] || fetch libpython3.14-minimal libpython3.14-stdlib
  [ -f "$LIBDIR/test/test_grammar.py" ] || fetch libpython3.14-testsuite
  echo "$LIBDIR" ;;
headers)
  [ -f "$INCDIR/internal/pycore_opcode_metadata.h" ] || fetch libpython3.14-dev
  echo "$INCDIR" ;;
python)
  if ! [ -x "$PY" ] || ! "$PY" -c 'import sys; assert sys.version_info[:2] == (3, 14)' 2>/dev/null; then
    fetch python3.14 python3.14-minimal libpython3.14 libpython3.14-minimal libpython3.14-stdlib \
      libpython3.14-testsuite libc6 libexpat1 zlib1g libffi8 libssl3t64 libzstd1 libbz2-1.0 \
      liblzma5 libmpdec4 libsqlite3-0 libuuid1 libncursesw6 libtinfo6 libreadline8t64
    command -v patchelf >/dev/null || { apt-get update -qq >&2; apt-get install -y -qq patchelf >&2; }
    gnu=$TREE/usr/lib/x86_64-linux-gnu
    # Run the interpreter with the glibc it was built against.
    patchelf --set-interpreter "$gnu/ld-linux-x86-64.so.2" --force-rpath \
      --set-rpath "$gnu:$TREE/lib/x86_64-linux-gnu" "$TREE/usr/bin/python3.14"
    mkdir -p "$ROOT/bin" && ln -sf "$TREE/usr/bin/python3.14" "$PY"
  fi
  echo "$PY" ;;
*) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
