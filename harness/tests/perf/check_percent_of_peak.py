"""End to end on the CPU: with a capability profile in CRUCIBLE_PROFILE, `crucible run` puts
percent_of_peak (and its basis) on every timing entry of a benchmark that declares work, and
embeds the profile in results.json's context; CPU entries say which timer and stopping rule.

usage: check_percent_of_peak.py CRUCIBLE SUITE PLUGINS OUT
"""
import json
import os
import subprocess
import sys

crucible, suite, plugins, out = sys.argv[1:5]
os.makedirs(out, exist_ok=True)
env = dict(os.environ, CRUCIBLE_PROFILE=os.path.join(out, "profile.json"))
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


profile = subprocess.run([crucible, "profile", "--quick", "--json", "--out", env["CRUCIBLE_PROFILE"]],
                         env=env, capture_output=True, text=True, timeout=120)
check(profile.returncode == 0, "crucible profile --quick --out exits 0")
run = subprocess.run([crucible, "run", suite, "--bench-only", "--only", "healthy/*", "--plugins", plugins,
                      "--repetitions", "2", "--min-time", "0.01", "--out", os.path.join(out, "run")],
                     env=env, capture_output=True, text=True, timeout=240)
print(run.stdout[-2000:], run.stderr[-2000:])
results = json.load(open(os.path.join(out, "run", "results.json")))
benches = [b for b in results["benchmarks"] if b.get("case", "").startswith("healthy/")]
check(len(benches) > 0, "healthy plugin benchmarked")
timed = [b for b in benches if b.get("aggregate_name") not in ("cv", "stddev")]
check(all("percent_of_peak" in b for b in timed), "every timing entry has percent_of_peak")
check(all(b["percent_of_peak"].get("bound") in ("memory", "compute", "latency") for b in timed if "percent_of_peak" in b),
      "percent_of_peak names a bound")
check(all("STREAM triad" in b["percent_of_peak"].get("basis", "") for b in timed if "percent_of_peak" in b),
      "percent_of_peak names its basis")
check(not any("percent_of_peak" in b for b in benches if b.get("aggregate_name") == "cv"), "no percent_of_peak on cv")
check(all(b.get("work", {}).get("ops_type") == "fp32" for b in benches), "work says what an op is (fp32 by default)")
check(all(b.get("timer") == "steady_clock" for b in benches), "CPU entries say steady_clock")
embedded = results.get("context", {}).get("capability_profile", {})
check(embedded.get("schema") == "crucible-profile-2", "results.json context embeds the capability profile")
sys.exit(1 if failures else 0)
