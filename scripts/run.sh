#!/usr/bin/env bash
# Builds rupy and runs its main job, examples/main_job.py (a Python program
# that uses threads).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-cpython.sh lib >/dev/null   # CPython 3.14's pure-Python Lib, which rupy finds on its own
cargo build --release -p rupy-stdlib --bin rupy
exec target/release/rupy examples/main_job.py "$@"
