"""`crucible run --gbench` on a plain Google Benchmark executable: every listed benchmark is a
case run alone in a child; the working ones are in results.json with Crucible's repetitions,
the one that reports an error and the one that crashes are error cases with their reasons, and
the run goes on; the filter, --only and bad binaries behave; two runs compare. A suite's
[[gbench]] tables run the same way (the binary found from the suite's folder, merged with
--gbench), and a malformed one is an error at its location. `crucible ab --gbench-a/--gbench-b`
gives each benchmark of the two binaries a verdict row and writes its reports; against
GBENCH_SAMPLE_SLOW (the same sums over 8 times as many numbers) it reports both sums slower.

usage: check_gbench_run.py CRUCIBLE GBENCH_SAMPLE OUT GBENCH_SAMPLE_SLOW
"""
import json
import os
import shutil
import subprocess
import sys

crucible, sample, out, slow = (os.path.abspath(p) for p in sys.argv[1:5])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
env = dict(os.environ, CRUCIBLE_HISTORY="off")
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)


def run(*args, cwd=None):
    return subprocess.run([crucible, *args], capture_output=True, text=True, timeout=300, env=env, cwd=cwd)


def write(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)
    return os.path.join(out, name)


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

# --- [[gbench]] in a suite ------------------------------------------------------------------
rel = os.path.relpath(sample, out)  # from the suite's folder, not the working directory
suite = write("gbench.toml", f'[[gbench]]\nbinary = "{rel}"\nfilter = "BM_Sum"\nname = "sample"\n')
r = run("run", suite, "--gbench", sample, "--gbench-filter", "BM_ReportsError", "--repetitions", "1",
        "--min-time", "0.01", "--out", os.path.join(out, "suite"), cwd="/")
suite_cases = {c["name"]: c["status"] for c in json.load(open(os.path.join(out, "suite", "results.json")))["cases"]}
check(r.returncode == 3 and suite_cases == {"gbench/sample/BM_Sum/64": "passed", "gbench/sample/BM_Sum/4096": "passed",
                                            f"{name}/BM_ReportsError": "error"},
      f"a suite of [[gbench]] only runs its binary's benchmarks, merged with --gbench (rc {r.returncode}, {suite_cases})")

for text, code, needle in [
    ('[[gbench]]\nbinary = 3\n', 2, "bad.toml:2:10: [[gbench]] binary must be a string"),
    ('[[gbench]]\nfilter = "x"\n', 2, "bad.toml:1:1: [[gbench]] needs binary"),
    ('[[gbench]]\nbinary = "b"\nfiltr = "x"\n', 2, "bad.toml:3:1: unknown key 'filtr' in [[gbench]]"),
    ('[[gbench]]\nbinary = "b"\nname = "a/b"\n', 2, "bad.toml:3:8: [[gbench]] name 'a/b' may hold only"),
    ('gbench = 1\n', 2, "gbench must be an array of tables"),
    ('[[gbench]]\nbinary = "no_such_bench"\n', 2, "bad.toml:1:1: [[gbench]] binary "),
]:
    r = run("run", write("bad.toml", text), "--out", os.path.join(out, "bad"))
    check(r.returncode == code and needle in r.stderr and len(r.stderr.strip().splitlines()) == 1,
          f"suite {text!r}: exit {r.returncode}, {r.stderr.strip()}")

# --- crucible ab over two binaries ----------------------------------------------------------
# Structure only: A against itself may come out any way the machine's noise says.
ab_out = os.path.join(out, "ab-same")
r = run("ab", "--gbench-a", sample, "--gbench-b", sample, "--gbench-filter", "BM_Sum", "--rounds", "3", "--out", ab_out)
rows = {row["name"]: row["verdict"] for row in json.load(open(os.path.join(ab_out, "ab.json")))["rows"]} \
    if os.path.exists(os.path.join(ab_out, "ab.json")) else {}
check(r.returncode in (0, 4) and sorted(rows) == [f"{name}/BM_Sum/4096", f"{name}/BM_Sum/64"] and
      all(v in ("faster", "slower", "same", "inconclusive") for v in rows.values()),
      f"ab over a binary and itself: a verdict row per benchmark (rc {r.returncode}, {rows}, {r.stderr.strip()[-200:]})")
check(all(os.path.exists(os.path.join(ab_out, f)) for f in ("ab.json", "results-a.json", "results-b.json", "report.md")),
      "ab writes ab.json, results-a.json, results-b.json and report.md")
check(f"exit code {r.returncode}" in r.stdout, "ab prints its exit code")

# 8 times the work is far beyond noise; 8 rounds of all-positive signs give p = 2/256 < 0.01.
ab_out = os.path.join(out, "ab-slow")
r = run("ab", "--gbench-a", sample, "--gbench-b", slow, "--gbench-filter", "BM_Sum", "--rounds", "8", "--metric", "cpu",
        "--out", ab_out)
rows = {row["name"]: row["verdict"] for row in json.load(open(os.path.join(ab_out, "ab.json")))["rows"]} \
    if os.path.exists(os.path.join(ab_out, "ab.json")) else {}
check(r.returncode == 4 and rows == {f"{name}/BM_Sum/64": "slower", f"{name}/BM_Sum/4096": "slower"},
      f"ab over binaries named differently pairs benchmarks by name, 8x the work is slower (rc {r.returncode}, {rows})")
r = run("ab", "--gbench-a", sample, "--gbench-b", slow, "--gbench-filter", "BM_Crashes", "--rounds", "2",
        "--gbench-name", "bench", "--out", os.path.join(out, "ab-crash"))
check(r.returncode == 3 and "error: gbench/bench/BM_Crashes (A, round 1)" in r.stdout,
      f"ab: a crashing benchmark is an infrastructure error naming it (rc {r.returncode}, {r.stdout.strip()[-200:]})")
for args, needle in [
    (["--gbench-a", os.path.join(out, "missing"), "--gbench-b", sample], "missing: no such file"),
    (["--gbench-a", sample], "needs both"),
    (["--gbench-a", sample, "--gbench-b", sample, "--a", "x"], "exclude each other"),
    (["--gbench-a", sample, "--gbench-b", sample, "--gbench-filter", "BM_Nothing"], "lists no benchmark"),
]:
    r = run("ab", *args, "--out", os.path.join(out, "bad-ab"))
    check(r.returncode == 2 and needle in r.stderr and len(r.stderr.strip().splitlines()) == 1,
          f"ab {' '.join(args)}: exit {r.returncode}, {r.stderr.strip()}")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
