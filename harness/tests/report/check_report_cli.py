#!/usr/bin/env python3
"""The compare, report and history commands end to end on synthetic results files: exit codes,
files written (the CSV report read back), history trends and change points.

usage: check_report_cli.py CRUCIBLE OUT_DIR
"""
import csv
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synthetic_results as sr  # noqa: E402

failures = []


def run(crucible, args, expect, env=None, cwd=None):
    p = subprocess.run([crucible] + args, capture_output=True, text=True, timeout=120, env=env, cwd=cwd)
    if p.returncode != expect:
        failures.append("crucible %s: exit %d, expected %d\n%s%s" % (" ".join(args), p.returncode, expect,
                                                                   p.stdout[-3000:], p.stderr[-2000:]))
    return p


def check_csv(path):
    """report.csv against a baseline: one row per benchmark, the one regression marked slower."""
    if not os.path.exists(path):
        return
    with open(path, newline="") as h:
        rows = list(csv.DictReader(h))
    if len(rows) != 6:
        failures.append("%s: expected 6 benchmark rows, got %d" % (path, len(rows)))
    slower = [r["benchmark"] for r in rows if r.get("verdict") == "slower"]
    if slower != ["demo/sum/cpu_fast/n:100000"]:
        failures.append("%s: expected cpu_fast/n:100000 alone slower, got %s" % (path, slower))
    for r in rows:
        if not r.get("median_ns") or float(r["median_ns"]) <= 0 or r.get("samples") != "5":
            failures.append("%s: row without its 5 samples' median: %s" % (path, r))


def main():
    crucible, out = sys.argv[1], os.path.abspath(sys.argv[2])
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    f = lambda name: os.path.join(out, name)  # noqa: E731
    sr.write(f("base.json"), sr.results(1.0, seed=1))
    sr.write(f("same.json"), sr.results(1.0, seed=2))
    sr.write(f("slow.json"), sr.results(1.3, seed=3))
    sr.write(f("fast.json"), sr.results(0.7, seed=4))
    sr.write(f("broken.json"), sr.results(1.0, seed=5, failed=True))
    sr.write(f("other_hw.json"), sr.results(1.3, seed=6, num_cpus=64))
    sr.write(f("noisy.json"), sr.results(1.1, seed=7, noise=0.5, reps=3))
    sr.write(f("noisy_base.json"), sr.results(1.0, seed=8, noise=0.5, reps=3))

    p = run(crucible, ["compare", f("base.json"), f("same.json")], 0)
    if "0 slower, 0 faster, 6 same" not in p.stdout:
        failures.append("identical runs: expected 6 same\n" + p.stdout)
    p = run(crucible, ["compare", f("base.json"), f("slow.json"), "--md", f("slow.md"), "--junit", f("slow.xml"),
                       "--html", f("slow.html"), "--csv", f("slow.csv"), "--json", f("slow.cmp.json")], 4)
    if "1 slower" not in p.stdout or "demo/sum/cpu_fast/n:100000" not in p.stdout:
        failures.append("regression not reported\n" + p.stdout)
    for name in ("slow.md", "slow.xml", "slow.html", "slow.csv", "slow.cmp.json"):
        if not os.path.exists(f(name)):
            failures.append("not written: " + name)
    p = run(crucible, ["compare", f("base.json"), f("fast.json")], 0)
    if "1 faster" not in p.stdout:
        failures.append("improvement not reported\n" + p.stdout)
    run(crucible, ["compare", f("base.json"), f("broken.json")], 1)
    p = run(crucible, ["compare", f("base.json"), f("other_hw.json")], 0)
    if "not comparable" not in p.stdout:
        failures.append("different hardware must be 'not comparable'\n" + p.stdout)
    run(crucible, ["compare", f("noisy_base.json"), f("noisy.json")], 0)
    run(crucible, ["compare", f("noisy_base.json"), f("noisy.json"), "--inconclusive", "fail"], 5)
    run(crucible, ["compare", f("base.json"), f("slow.json"), "--min-effect", "0.5"], 0)
    run(crucible, ["compare", f("base.json"), f("missing.json")], 2)
    run(crucible, ["compare", f("base.json")], 2)
    run(crucible, ["compare", f("base.json"), f("slow.json"), "--inconclusive", "maybe"], 2)

    run(crucible, ["report", f("slow.json"), "--base", f("base.json")], 0)
    for name in ("report.md", "junit.xml", "report.html", "report.csv"):
        if not os.path.exists(f(name)):
            failures.append("crucible report did not write " + name)
    check_csv(f("report.csv"))
    # The same file twice is read once, and the user is told.
    p = run(crucible, ["report", f("slow.json"), f("slow.json"), "--base", f("base.json")], 0)
    if "already merged" not in p.stderr:
        failures.append("crucible report FILE FILE does not say the second is already merged: " + p.stderr[-500:])
    check_csv(f("report.csv"))

    db = f("history.sqlite")
    for i in range(12):
        doc = sr.results(1.0 if i < 7 else 1.4, seed=100 + i)
        doc["started"] = "2026-01-%02dT00:00:00Z" % (i + 1)
        sr.write(f("h%d.json" % i), doc)
        env = dict(os.environ, CRUCIBLE_GIT_COMMIT="commit%02d" % i)
        run(crucible, ["history", "add", f("h%d.json" % i), "--db", db], 0, env=env)
    p = run(crucible, ["history", "list", "--db", db], 0)
    if p.stdout.count("demo") != 12:
        failures.append("history list: expected 12 runs\n" + p.stdout)
    p = run(crucible, ["history", "trend", "demo/sum/cpu_fast/n:100000", "--db", db, "--detect"], 0)
    if "change at commit commit07" not in p.stdout or "1 change point(s) found" not in p.stdout:
        failures.append("history --detect: expected one change at commit07\n" + p.stdout)
    p = run(crucible, ["history", "demo/sum/cpu_ref/*", "--db", db, "--detect", "--since", "2026-01-03"], 0)
    if "0 change point(s) found" not in p.stdout or p.stdout.count("commit") != 30:
        failures.append("history: expected 3 series x 10 runs since 01-03 and no change\n" + p.stdout)
    run(crucible, ["history", "show", "3", "--db", db], 0)
    run(crucible, ["history", "show", "99", "--db", db], 2)
    run(crucible, ["history", "list", "--db", f("nope.sqlite")], 2)
    run(crucible, ["report", f("h11.json"), "--history", db, "--html", f("trend.html")], 0)
    with open(f("trend.html")) as h:
        if "change at commit07" not in h.read():
            failures.append("trend.html: no change point annotation")

    if failures:
        print("\n\n".join(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
