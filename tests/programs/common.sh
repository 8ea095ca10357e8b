# Sourced by regen.sh and run.sh: the one way a test program is run.
#
#   run_program INTERPRETER NAME OUT ERR   ->  prints the exit status
#
# The program runs from this directory with a relative path, in an emptied
# environment (env -i) except for PYTHONHASHSEED=0, PYTHONDONTWRITEBYTECODE=1,
# a C.UTF-8 locale and a minimal PATH, as `INTERPRETER -X utf8 -s NAME.py`
# (-s: no user site-packages), stdin from /dev/null, a 60 s time limit.
#
# CPython makes the script's path absolute (__file__, tracebacks, warnings):
# every occurrence of this directory's absolute path plus "/" is removed from
# stdout and stderr, so expected files hold relative names only.
run_program() {
  local py=$1 name=$2 out=$3 err=$4 status=0 dir=$PWD/
  env -i PATH=/usr/local/bin:/usr/bin:/bin LC_ALL=C.UTF-8 PYTHONHASHSEED=0 \
      PYTHONDONTWRITEBYTECODE=1 \
      timeout 60 "$py" -X utf8 -s "$name.py" </dev/null >"$out.raw" 2>"$err.raw" || status=$?
  strip_dir "$dir" <"$out.raw" >"$out"
  strip_dir "$dir" <"$err.raw" >"$err"
  rm -f "$out.raw" "$err.raw"
  echo "$status"
}

# Copies stdin to stdout with every occurrence of $1 removed (byte-exact).
strip_dir() {
  DIR=$1 perl -pe 'BEGIN { $d = quotemeta $ENV{DIR} } s/$d//g'
}

# Prints the names (without .py) of the programs asked for, or of all.
program_names() {
  if [ $# -gt 0 ]; then
    for n in "$@"; do n=${n%.py}; basename "$n"; done
  else
    for f in [a-z]*.py; do echo "${f%.py}"; done
  fi
}
