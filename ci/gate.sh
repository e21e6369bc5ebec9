#!/usr/bin/env bash
# The CI performance gate. Three ways in, one verdict out:
#
#   ci/gate.sh --base-results BASE.json --head-results HEAD.json      compare two results files
#   ci/gate.sh --base-plugins DIR_A --head-plugins DIR_B [--suite S]   A/B of two plugin builds (ABBA)
#   ci/gate.sh --base-ref REF [--suite S]                             build REF and this checkout, then A/B
#
# Writes OUT/gate.md (pull-request comment), OUT/junit.xml and OUT/report.html, appends the
# Markdown to $GITHUB_STEP_SUMMARY when set, and exits with crucible's code:
#   0 no regression, 1 correctness failure, 2 bad usage, 3 infrastructure error, 4 regression,
#   5 inconclusive only (with --inconclusive fail).
set -euo pipefail

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; echo "options: --suite FILE (default suites/quick.toml), --out DIR (default reports/gate),"
          echo "         --build-dir DIR (head build, default build), --crucible EXE, --rounds N (default 10),"
          echo "         --min-effect X, --inconclusive pass|fail, --metric real|cpu, --jobs N (default 2)"; }

root=$(cd "$(dirname "$0")/.." && pwd)
suite="$root/suites/quick.toml"; out="reports/gate"; build="$root/build"; crucible=""; rounds=10; jobs=2
base_results=""; head_results=""; base_plugins=""; head_plugins=""; base_ref=""; extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --suite) suite="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --build-dir) build="$2"; shift 2 ;;
    --crucible) crucible="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --base-results) base_results="$2"; shift 2 ;;
    --head-results) head_results="$2"; shift 2 ;;
    --base-plugins) base_plugins="$2"; shift 2 ;;
    --head-plugins) head_plugins="$2"; shift 2 ;;
    --base-ref) base_ref="$2"; shift 2 ;;
    --min-effect|--inconclusive|--metric) extra+=("$1" "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "gate.sh: unknown option '$1' (ci/gate.sh --help lists them)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"

build_tree() {  # SRC BUILD: a release build of crucible and the plugins; logs in OUT
  local log
  log="$out/$(basename "$2")"
  cmake -S "$1" -B "$2" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$log.configure.log" 2>&1 \
    || { echo "gate.sh: configuring $1 failed, see $log.configure.log" >&2; exit 3; }
  cmake --build "$2" -j"$jobs" >"$log.build.log" 2>&1 \
    || { echo "gate.sh: building $1 failed, see $log.build.log" >&2; exit 3; }
}

finish() {  # CODE: publish the summary and exit with the verdict
  local code=$1
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" && -f "$out/gate.md" ]]; then cat "$out/gate.md" >>"$GITHUB_STEP_SUMMARY"; fi
  echo "gate.sh: verdict exit code $code; summary $out/gate.md, JUnit $out/junit.xml, HTML $out/report.html"
  exit "$code"
}

if [[ -n "$base_results" || -n "$head_results" ]]; then
  [[ -n "$base_results" && -n "$head_results" ]] || { echo "gate.sh: give both --base-results and --head-results" >&2; exit 2; }
  [[ -n "$crucible" ]] || crucible=$(command -v crucible || echo "$build/bin/crucible")
  set +e
  "$crucible" compare "$base_results" "$head_results" --md "$out/gate.md" --junit "$out/junit.xml" \
    --html "$out/report.html" --json "$out/comparison.json" "${extra[@]}"
  finish $?
fi

if [[ -n "$base_ref" ]]; then
  git -C "$root" rev-parse --verify "$base_ref^{commit}" >/dev/null 2>&1 \
    || { echo "gate.sh: --base-ref '$base_ref' is not a commit" >&2; exit 2; }
  base_src="$out/base-src"
  rm -rf "$base_src"; git -C "$root" worktree prune
  git -C "$root" worktree add --detach "$(cd "$out" && pwd)/base-src" "$base_ref" >/dev/null
  trap 'git -C "$root" worktree remove --force "$(cd "$out" && pwd)/base-src" >/dev/null 2>&1 || true' EXIT
  echo "gate.sh: building base ($base_ref) and head"
  build_tree "$base_src" "$out/base-build"
  build_tree "$root" "$build"
  base_plugins="$out/base-build/lib/crucible/plugins"
  head_plugins="$build/lib/crucible/plugins"
fi

if [[ -n "$base_plugins" || -n "$head_plugins" ]]; then
  [[ -n "$base_plugins" && -n "$head_plugins" ]] || { echo "gate.sh: give both --base-plugins and --head-plugins" >&2; exit 2; }
  [[ -n "$crucible" ]] || crucible="$build/bin/crucible"
  [[ -x "$crucible" ]] || { echo "gate.sh: no crucible at $crucible (build first or pass --crucible)" >&2; exit 3; }
  set +e
  "$crucible" ab "$suite" --a "$base_plugins" --b "$head_plugins" --rounds "$rounds" --out "$out" \
    --md "$out/gate.md" "${extra[@]}"
  finish $?
fi

echo "gate.sh: nothing to compare: give --base-results/--head-results, --base-plugins/--head-plugins or --base-ref (ci/gate.sh --help)" >&2
exit 2
