#!/usr/bin/env python3
"""Runs the fixture suite and checks that every failure path is reported as it must be:
healthy complete, crash/hang/ABI reported with reasons, non-determinism caught at its byte
offset, the property failure shrunk to 38 elements with a repro command that replays it."""
import json
import re
import shlex
import subprocess
import sys

crucible, suite, plugins, out = sys.argv[1:5]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


run = subprocess.run([crucible, "run", suite, "--plugins", plugins, "--out", out],
                     capture_output=True, text=True, timeout=240)
print(run.stdout)
print(run.stderr, file=sys.stderr)
check(run.returncode == 1, f"exit code {run.returncode}, expected 1 (correctness failure outranks errors)")
results = json.load(open(f"{out}/results.json"))
check(results["schema"] == "crucible.results/1", "schema")
cases = {c["name"]: c for c in results["cases"]}
interference = results.get("context", {}).get("interference", {})
check(set(interference) >= {"num_cpus", "wall_s", "own_cpus", "busy_cpus", "others_cpus", "steal_fraction",
                            "loadavg_start", "loadavg_end", "canary_start_ms", "canary_end_ms"},
      f"context.interference records what disturbed the run: {interference}")
check(all(interference.get(k, 0) > 0 for k in ("num_cpus", "canary_start_ms", "canary_end_ms")),
      f"interference canaries and CPU count are positive: {interference}")

for name in ["healthy/prefix_sum/laws", "healthy/prefix_sum/cpu_ref", "healthy/prefix_sum/cpu_fast"]:
    check(cases.get(name, {}).get("status") == "passed", f"{name} should pass: {cases.get(name)}")
healthy_bench = [b for b in results["benchmarks"] if b["name"].startswith("healthy/prefix_sum/cpu_fast/")]
check(any(b.get("aggregate_name") == "median" for b in healthy_bench), "healthy cpu_fast has a median benchmark entry")
check(all("bytes_per_second" in b for b in healthy_bench if b.get("run_type") == "iteration"),
      "healthy benchmarks carry bytes_per_second")
check(any("/threads:1/" in b["name"] for b in healthy_bench), "threaded variant benchmarked at 1 thread")
check(not any("repeats:" in b["name"] or "min_time:" in b["name"] for b in results["benchmarks"]),
      "benchmark names carry no run settings (they must match across runs with other settings)")

check(cases.get("sum/sum/cpu", {}).get("status") == "passed", "the README's minimal plugin runs")

crash = cases.get("crashing/prefix_sum/segfault", {})
check(crash.get("status") == "error" and "signal 11" in crash.get("reason", ""), f"crash reported: {crash}")
check("about to crash" in crash.get("stderr_tail", ""), "crash keeps the stderr tail")
check(cases.get("crashing/prefix_sum/cpu_ref", {}).get("status") == "passed", "a crash does not stop the plugin's other variants")

hang = cases.get("hanging/prefix_sum/hang", {})
check(hang.get("status") == "error" and "timed out" in hang.get("reason", ""), f"hang reported: {hang}")

abi = cases.get("fixture_wrong_abi/(load)", {})
check(abi.get("status") == "error" and "ABI version 99" in abi.get("reason", "")
      and re.search(r"expects \d+; rebuild", abi.get("reason", "")), f"wrong ABI reported: {abi}")
abi2 = cases.get("fixture_abi2/(load)", {})
check(abi2.get("status") == "error"
      and "plugin ABI version 2 (exports crucible_plugin_v1), this crucible expects 3; rebuild" in abi2.get("reason", ""),
      f"ABI-2 plugin refused with both versions named: {abi2}")

nondet = [d for d in results["determinism"] if d["plugin"] == "nondeterministic" and d["variant"] == "cpu_fast"]
check(len(nondet) == 1 and nondet[0]["status"] == "failed" and nondet[0].get("first_diff_offset") == 40,
      f"non-determinism caught at byte offset 40: {nondet}")
check(cases.get("nondeterministic/prefix_sum/cpu_fast", {}).get("status") == "failed", "non-determinism fails the case")

prop = [p for p in results["properties"] if p["plugin"] == "long_inputs" and p["kind"] == "law"]
check(len(prop) == 1 and prop[0]["status"] == "failed", f"long-input law fails: {prop}")
if prop and prop[0]["status"] == "failed":
    shown = prop[0]["counterexample"][0][1]
    length = len(shown.strip("[]").split(","))
    check(length == 38, f"counterexample shrunk to 38 elements, got {length}: {shown}")
    repro = shlex.split(prop[0]["repro"])
    check(repro[0] == "crucible" and "--reproduce" in repro, f"repro command: {prop[0]['repro']}")
    replay = subprocess.run([crucible] + repro[1:] + ["--out", f"{out}-repro"], capture_output=True, text=True, timeout=120)
    check(replay.returncode == 1, f"repro exits 1, got {replay.returncode}: {replay.stderr}")
    again = json.load(open(f"{out}-repro/results.json"))
    check([c["name"] for c in again["cases"]] == ["long_inputs/prefix_sum/laws"], "repro runs only the failing case")
    check(again["properties"][0]["counterexample"] == prop[0]["counterexample"], "repro replays the same counterexample")

check(re.search(r"crashing/prefix_sum/segfault\s+.*error", run.stdout) is not None, "summary table lists the crash")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
