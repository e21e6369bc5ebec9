#!/usr/bin/env python3
"""Google Benchmark's compare.py (Debian's libbenchmark-tools) must read crucible's
results.json unchanged: every benchmark name appears in its comparison table."""
import json
import os
import subprocess
import sys

results = sys.argv[1]
compare = "/usr/share/benchmark/compare.py"
if not os.path.exists(compare):
    print("skipped: Google Benchmark's compare.py not installed (libbenchmark-tools)")
    sys.exit(77)
try:
    import scipy  # noqa: F401  compare.py needs it
except ImportError:
    print("skipped: scipy not installed (compare.py needs it)")
    sys.exit(77)
names = {b["run_name"] for b in json.load(open(results))["benchmarks"] if b.get("run_type") == "iteration"}
run = subprocess.run([sys.executable, compare, "benchmarks", results, results], capture_output=True, text=True)
print(run.stdout[-3000:], run.stderr[-3000:])
missing = [n for n in names if n not in run.stdout]
if run.returncode != 0 or not names or missing:
    print(f"FAIL: compare.py exit {run.returncode}; benchmarks missing from its table: {missing}")
    sys.exit(1)
print(f"compare.py compared {len(names)} benchmarks")
