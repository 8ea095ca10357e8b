#!/usr/bin/env bash
# Runs every test rupy has: unit and integration tests (the conformance
# tests against a reference CPython 3.14 included), the real-thread stress
# tests (optimized, with debug assertions), the differential programs that
# rupy passes today, and the loom models.
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

echo "== loom models (RUSTFLAGS=--cfg loom)"
RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom \
  cargo test --release -p rupy-loom-tests
