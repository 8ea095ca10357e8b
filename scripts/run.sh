#!/usr/bin/env bash
# Builds rupy and runs its main job, examples/main_job.py (a Python program
# that uses threads).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p rupy-stdlib --bin rupy
exec target/release/rupy examples/main_job.py "$@"
