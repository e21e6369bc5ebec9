"""`crucible run --gbench` on a plain Google Benchmark executable: every listed benchmark is a
case run alone in a child; the working ones are in results.json with Crucible's repetitions,
the one that reports an error and the one that crashes are error cases with their reasons, and
the run goes on; the filter, --only and bad binaries behave; two runs compare.

usage: check_gbench_run.py CRUCIBLE GBENCH_SAMPLE OUT
"""
import json
import os
import shutil
import subprocess
import sys

crucible, sample, out = sys.argv[1:4]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
env = dict(os.environ, CRUCIBLE_HISTORY="off")
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)


def run(*args):
    return subprocess.run([crucible, *args], capture_output=True, text=True, timeout=300, env=env)


r = run("run", "--gbench", sample, "--repetitions", "3", "--min-time", "0.01", "--out", os.path.join(out, "a"))
check(r.returncode == 3, f"a crashing benchmark makes the run an infrastructure error (rc {r.returncode})")
doc = json.load(open(os.path.join(out, "a", "results.json")))
cases = {c["name"]: c for c in doc["cases"]}
name = "gbench/" + os.path.basename(sample)
check(sorted(cases) == sorted(f"{name}/{b}" for b in ("BM_Sum/64", "BM_Sum/4096", "BM_ReportsError", "BM_Crashes")),
      f"each listed benchmark is a case ({sorted(cases)})")
check(cases.get(f"{name}/BM_Sum/64", {}).get("status") == "passed" and "median" in cases.get(f"{name}/BM_Sum/64", {}),
      "a working benchmark passes with a median")
check("the input file is missing" in cases.get(f"{name}/BM_ReportsError", {}).get("reason", ""),
      f"an error the benchmark reports is its reason ({cases.get(f'{name}/BM_ReportsError', {}).get('reason')})")
crash = cases.get(f"{name}/BM_Crashes", {})
check(crash.get("status") == "error" and "signal 6" in crash.get("reason", ""), f"a crash is reported ({crash.get('reason')})")
iterations = [b for b in doc["benchmarks"] if b["name"] == f"{name}/BM_Sum/4096" and b.get("run_type") == "iteration"]
medians = [b for b in doc["benchmarks"] if b["name"] == f"{name}/BM_Sum/4096_median"]
check(len(iterations) == 3 and len(medians) == 1, f"Crucible's repetitions are used ({len(iterations)} iterations)")
check(medians and medians[0].get("bytes_per_second", 0) > 0, "the binary's own counters are kept")

r = run("run", "--gbench", sample, "--gbench-filter", "BM_Sum", "--repetitions", "3", "--min-time", "0.01",
        "--out", os.path.join(out, "b"))
check(r.returncode == 0, f"with --gbench-filter only the sums run and pass (rc {r.returncode}: {r.stderr.strip()[-200:]})")
r = run("compare", os.path.join(out, "b", "results.json"), os.path.join(out, "b", "results.json"))
check(r.returncode == 0 and "BM_Sum/64" in r.stdout, f"two runs compare ({r.returncode})")
r = run("run", "--gbench", sample, "--only", "*/BM_Sum/64", "--repetitions", "1", "--min-time", "0.01",
        "--out", os.path.join(out, "c"))
only = [c["name"] for c in json.load(open(os.path.join(out, "c", "results.json")))["cases"]]
check(r.returncode == 0 and only == [f"{name}/BM_Sum/64"], f"--only selects gbench cases ({only})")

for args, code, needle in [
    (["--gbench", os.path.join(out, "missing")], 2, "missing: no such file"),
    (["--gbench", "/bin/false"], 2, "is it a Google Benchmark binary?"),
    (["--gbench", sample, "--gbench-filter", "BM_Nothing"], 2, "list no benchmark"),
    (["--gbench-filter", "x"], 2, "--gbench-filter needs --gbench BINARY"),
    ([], 2, "one suite file"),
]:
    r = run("run", *args, "--out", os.path.join(out, "bad"))
    check(r.returncode == code and needle in r.stderr and len(r.stderr.strip().splitlines()) == 1,
          f"run {' '.join(args)}: exit {r.returncode}, {r.stderr.strip()}")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
