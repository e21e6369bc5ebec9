#!/usr/bin/env bash
# Builds and runs every test through CTest: the release build (all workloads, CUDA code
# compiled where nvcc exists; GPU tests skip without a device), then the harness and the
# CPU paths again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release
ctest --preset release
scripts/build.sh asan
ctest --preset asan
