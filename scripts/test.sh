#!/usr/bin/env bash
# Runs every test rupy has: unit and integration tests, the real-thread
# stress tests (optimized, with debug assertions), and the loom models.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== unit, integration and stress tests (profile: stress)"
cargo test --workspace --profile stress

echo "== loom models (RUSTFLAGS=--cfg loom)"
RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom \
  cargo test --release -p rupy-loom-tests
