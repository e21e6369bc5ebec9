#!/usr/bin/env bash
# Installs the build into a scratch prefix, builds examples/plugin out of tree against it with
# find_package(Crucible), and runs its suite with the installed crucible. Also checks that the
# installed crucible finds the installed in-tree plugins.
# usage: check_installed_sdk.sh BUILD_DIR SCRATCH
set -euo pipefail
build=$1
scratch=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$scratch"
mkdir -p "$scratch"
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
launcher=()
[[ -n "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ]] && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER="$CMAKE_CXX_COMPILER_LAUNCHER")
cmake -S "$here/plugin" -B "$scratch/build" -DCMAKE_PREFIX_PATH="$scratch/prefix" "${launcher[@]}" >/dev/null
cmake --build "$scratch/build" >/dev/null
"$scratch/prefix/bin/crucible" list >"$scratch/list.txt"
grep -q "kato" "$scratch/list.txt" || { echo "FAIL: the installed crucible does not find the installed plugins"; cat "$scratch/list.txt"; exit 1; }
CRUCIBLE_HISTORY=off "$scratch/prefix/bin/crucible" run "$here/plugin/dot.toml" --plugins "$scratch/build" --out "$scratch/results"
python3 - "$scratch/results/results.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = {c["name"]: c["status"] for c in d["cases"]}
print(names)
assert any(n.startswith("dot/dot/cpu_blocked") for n in names), "the example's variant did not run"
assert all(s == "passed" for s in names.values()), names
PY
echo "ok: examples/plugin built against the installed package and its suite passed"
