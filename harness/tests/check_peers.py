"""Peers: another program's version of a workload's job, run on the inputs the workload exports.
A peer that agrees is a passed case with its times beside the variants' and a "vs peer" ratio
in report.md and report.html; one that disagrees fails and says where; one that crashes is an
error; one whose package is missing (exit 77) and one whose program is absent are skipped with
their reasons; the run goes on through all of them. A props-only run plans no peer, and a
malformed [[peer]] table is an error at its file:line:col.

usage: check_peers.py CRUCIBLE FIXTURE_PLUGINS PEER_SCRIPT OUT
"""
import json
import os
import shutil
import subprocess
import sys

crucible, plugins, script, out = sys.argv[1:5]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
env = dict(os.environ, CRUCIBLE_HISTORY="off")
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)


def peer(name, mode):
    command = ["no-such-peer-program"] if mode is None else [script, mode]
    return (f'[[peer]]\nname = "{name}"\nplugin = "healthy"\nworkload = "prefix_sum"\n'
            f'command = {json.dumps(command)}\n')


suite = os.path.join(out, "peers.toml")
with open(suite, "w") as f:
    f.write('[suite]\nname = "peers"\nseed = 7\ntimeout = 20\n[bench]\nrepetitions = 3\nmin_time = 0.01\n'
            '[[select]]\nplugin = "healthy"\n[select.axes]\nn = [1000, 3000]\n')
    for name, mode in [("agrees", "agrees"), ("wrong", "disagrees"), ("crash", "crashes"),
                       ("missing", "missing"), ("absent", None), ("silent", "no-output")]:
        f.write(peer(name, mode))


def run(*args):
    return subprocess.run([crucible, *args], capture_output=True, text=True, timeout=300, env=env)


r = run("run", suite, "--plugins", plugins, "--bench-only", "--out", os.path.join(out, "run"))
check(r.returncode == 1, f"a disagreeing peer fails the run (rc {r.returncode}; {r.stderr[-300:]})")
doc = json.load(open(os.path.join(out, "run", "results.json")))
cases = {c["name"]: c for c in doc["cases"]}
base = "healthy/prefix_sum/peer:"
check(cases.get(base + "agrees", {}).get("status") == "passed" and cases[base + "agrees"].get("peer") == "agrees",
      "the agreeing peer passes")
wrong = cases.get(base + "wrong", {})
check(wrong.get("status") == "failed" and "outputs differ first at byte offset 4000" in wrong.get("reason", ""),
      f"the disagreeing peer fails and says where ({wrong.get('reason')})")
check(cases.get(base + "crash", {}).get("status") == "error" and "signal 11" in cases[base + "crash"].get("reason", ""),
      f"the crashing peer is an error with its signal ({cases.get(base + 'crash', {}).get('reason')})")
check(cases.get(base + "missing", {}).get("status") == "skipped" and
      "'notapackage' is not installed" in cases[base + "missing"].get("reason", ""),
      "a peer whose package is missing is skipped with its reason")
check(cases.get(base + "absent", {}).get("status") == "skipped" and
      "not on PATH" in cases[base + "absent"].get("reason", ""),
      "a peer whose program is absent is skipped")
check(cases.get(base + "silent", {}).get("status") == "failed" and
      "wrote no --output file" in cases[base + "silent"].get("reason", ""),
      "a peer that writes no output disagrees")
check(cases.get("healthy/prefix_sum/cpu_fast", {}).get("status") == "passed", "the variants still pass beside them")

rows = [p for p in doc["peers"] if p["case"] == base + "agrees"]
check(sorted(p["params"]["n"] for p in rows) == [1000, 3000] and all(p["agrees"] for p in rows),
      "results.json holds one agreement per parameter set")
peer_medians = [b for b in doc["benchmarks"] if b["case"] == base + "agrees" and b.get("aggregate_name") == "median"]
check(len(peer_medians) == 2 and all(b["real_time"] > 0 and "/threads:1/" in b["name"] for b in peer_medians),
      "the peer's median times are benchmarks beside the variants'")
iterations = [b for b in doc["benchmarks"] if b["case"] == base + "agrees" and b["run_type"] == "iteration"]
check(len(iterations) == 6, f"three repetitions per parameter set ({len(iterations)} iterations)")

md = open(os.path.join(out, "run", "report.md")).read()
check("### Peers" in md and "| `healthy/prefix_sum/peer:agrees` | n:1000 | 1 | agrees (bitwise, cpu_ref)" in md,
      "report.md has the peer table")
check(":x: disagrees: outputs differ first at byte offset 12000" in md, "report.md shows the disagreement")
ratio_cells = [line.split("|")[-2].strip() for line in md.splitlines()
               if line.startswith("| `healthy/prefix_sum/peer:agrees`") and "agrees (bitwise" in line]
check(len(ratio_cells) == 4 and all(c.endswith("x") for c in ratio_cells), f"a vs-peer ratio per variant ({ratio_cells})")
html = open(os.path.join(out, "run", "report.html")).read()
check('id="peers"' in html and "Variant vs peer" in html, "report.html has the peer section and chart")

r = run("run", suite, "--plugins", plugins, "--props-only", "--out", os.path.join(out, "props"))
doc = json.load(open(os.path.join(out, "props", "results.json")))
check(not any("/peer:" in c["name"] for c in doc["cases"]), "a props-only run runs no peer")

r = run("run", suite, "--plugins", plugins, "--only", base + "agrees", "--bench-only", "--out", os.path.join(out, "only"))
doc = json.load(open(os.path.join(out, "only", "results.json")))
check(r.returncode == 0 and [c["name"] for c in doc["cases"]] == [base + "agrees"],
      f"--only can select a peer alone (rc {r.returncode}, {r.stderr.strip()[-200:]})")

bad = os.path.join(out, "bad.toml")
with open(bad, "w") as f:
    f.write('[[select]]\nplugin = "healthy"\n\n[[peer]]\nname = "x"\nplugin = "healthy"\nworkload = "prefix_sum"\n'
            'command = []\n')
r = run("run", bad, "--plugins", plugins)
check(r.returncode == 2 and f"{bad}:8:11: [[peer]] command must not be empty" in r.stderr,
      f"an empty peer command is an error at its place ({r.stderr.strip()})")
with open(bad, "w") as f:
    f.write('[[select]]\nplugin = "healthy"\n\n[[peer]]\nname = "x"\nplugin = "healthy"\nworkload = "prefix_sum"\n'
            'command = ["true"]\nreference = "cpu_nope"\n')
r = run("run", bad, "--plugins", plugins)
check(r.returncode == 2 and "reference 'cpu_nope' is not a variant" in r.stderr and f"{bad}:4:1" in r.stderr,
      f"an unknown reference variant is an error at its [[peer]] ({r.stderr.strip()})")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("all peer checks passed")
