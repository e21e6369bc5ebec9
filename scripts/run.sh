#!/usr/bin/env bash
# The main job: builds, then runs suites/quick.toml over every plugin built, writing the
# results and reports to reports/latest/. Extra arguments go to `crucible run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release
exec build/bin/crucible run suites/quick.toml --out reports/latest "$@"
