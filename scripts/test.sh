#!/usr/bin/env bash
# Runs every test rupy has: unit and integration tests (the conformance
# tests against a reference CPython 3.14 included), the real-thread stress
# tests (optimized, with debug assertions), the differential programs that
# rupy passes today, the runtime's unit and threaded tests, the programs
# and the compat list again on the GIL build (--features gil), and the
# loom models.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== reference CPython 3.14 (for the conformance tests)"
RUPY_REF_PYTHON=$(scripts/fetch-cpython.sh python)
export RUPY_REF_PYTHON

echo "== unit, integration, conformance and stress tests (profile: stress)"
cargo test --workspace --profile stress

echo "== differential programs that pass today (tests/programs/passing.txt)"
cargo build --profile stress -p rupy-stdlib --bin rupy
tests/programs/run.sh target/stress/rupy $(cat tests/programs/passing.txt)

echo "== CPython's own test modules that pass today (tests/compat/passing.txt)"
COMPAT_JOBS=2 scripts/compat.sh --check target/stress/rupy

echo "== the GIL build (--features gil, own target dir): runtime unit tests,"
echo "   the threaded integration tests, the differential programs, the compat list"
CARGO_TARGET_DIR=target/gil cargo test --profile stress -p rupy --features gil \
  --lib --test gil_threads --test threads_parallel
CARGO_TARGET_DIR=target/gil cargo build --profile stress -p rupy-stdlib --bin rupy --features gil
tests/programs/run.sh target/gil/stress/rupy $(cat tests/programs/passing.txt)
COMPAT_JOBS=2 scripts/compat.sh --check target/gil/stress/rupy

echo "== loom models (RUSTFLAGS=--cfg loom)"
RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom \
  cargo test --release -p rupy-loom-tests
