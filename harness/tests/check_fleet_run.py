"""A suite of the fixture plugins run whole and as 3 shards (`crucible run --shard K/N`), the
shards merged (`crucible merge`): the merged results have the unsharded run's cases, in its
order, with the same statuses, property outcomes and output digests; every case is in exactly
one shard (--dry-run); with durations in the history the shards are balanced by them; a missing
shard's cases are reported missing (exit 3), shards of another seed or a shard given twice are
refused (exit 2), and the merged run compares with the unsharded one as the same machine.

usage: check_fleet_run.py CRUCIBLE FIXTURE_PLUGINS WORK
"""
import json
import os
import shutil
import subprocess
import sys

crucible, fixtures, work = sys.argv[1:4]
crucible, fixtures, work = (os.path.abspath(p) for p in (crucible, fixtures, work))
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
history = os.path.join(work, "history.sqlite")
failures = []

suite = os.path.join(work, "fleet.toml")
with open(suite, "w") as f:
    f.write("""[suite]
name = "fleet-fixtures"
seed = 77
timeout = 20
[props]
cases = 20
max_size = 20
[determinism]
repeats = 2
threads = [1, 2]
[bench]
repetitions = 2
min_time = 0.005
[[select]]
plugin = "healthy"
[select.axes]
n = [1000]
[[select]]
plugin = "sum"
[select.axes]
n = [1000]
[[select]]
plugin = "long_inputs"
[select.axes]
n = [1000]
""")


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)


def run(*args, history_file="off"):
    env = dict(os.environ, CRUCIBLE_HISTORY=history_file)
    return subprocess.run([crucible, *args], capture_output=True, text=True, timeout=120, env=env, cwd=work)


def load(folder):
    return json.load(open(os.path.join(work, folder, "results.json")))


def outcome(doc):
    """Per case: status, properties (name, status, cases, seed), determinism digests."""
    out = {}
    for c in doc["cases"]:
        out[c["name"]] = {"status": c["status"], "properties": [], "digests": []}
    for p in doc["properties"]:
        out[p["case"]]["properties"].append((p["property"], p["status"], p.get("cases"), p.get("seed")))
    for d in doc["determinism"]:
        out[d["case"]]["digests"].append([(r["what"], r["digest"]) for r in d.get("runs", [])])
    return out


P = ["--plugins", fixtures]
# The whole suite, recorded in the history (its case durations balance the shards below).
r = run("run", suite, *P, "--out", "whole", history_file=history)
check(r.returncode == 0, f"the unsharded run passes (rc {r.returncode}) {r.stderr[-300:]}")
whole = load("whole")
names = [c["name"] for c in whole["cases"]]
check(len(names) >= 6, f"the suite has several cases ({len(names)})")

# The plan: every case in exactly one of the 3 shards, the same on every call.
r = run("run", suite, *P, "--shard", "2/3", "--dry-run", history_file=history)
plan = [line.rsplit(" -> ", 1) for line in r.stdout.splitlines()]
check(r.returncode == 0 and [n.strip() for n, _ in plan] == names, "--dry-run prints every case of the plan, in order")
shard_of = {n.strip(): s for n, s in plan}
check(set(shard_of.values()) <= {"1/3", "2/3", "3/3"} and len(set(shard_of.values())) == 3,
      f"cases spread over shards 1..3 ({sorted(set(shard_of.values()))})")
check("balanced by durations" in r.stderr, f"with durations in the history the split is by them ({r.stderr.strip()})")
check(not os.path.exists(os.path.join(work, "reports")), "--dry-run writes nothing")
again = run("run", suite, *P, "--shard", "1/3", "--dry-run", history_file=history)
check(again.stdout == r.stdout, "the plan is the same whichever shard asks")

for k in (1, 2, 3):
    r = run("run", suite, *P, "--shard", f"{k}/3", "--out", f"shard-{k}", history_file=history)
    check(r.returncode == 0, f"shard {k}/3 passes (rc {r.returncode}) {r.stderr[-300:]}")
    doc = load(f"shard-{k}")
    got = [c["name"] for c in doc["cases"]]
    check(got == [n for n in names if shard_of[n] == f"{k}/3"], f"shard {k} runs its cases of the plan ({got})")
    spec = doc.get("shard", {})
    check(spec.get("index") == k and spec.get("count") == 3 and spec.get("suite") == "fleet-fixtures" and
          spec.get("seed") == 77 and spec.get("crucible_version") == whole["crucible_version"],
          f"shard {k}'s results.json carries its shard spec")

r = run("merge", "shard-1", "shard-2", "shard-3", "--out", "merged", history_file=history)
check(r.returncode == 0, f"merging the 3 shards passes (rc {r.returncode}) {r.stderr.strip()}")
merged = load("merged")
check([c["name"] for c in merged["cases"]] == names, "the merged run has the unsharded run's cases, in its order")
a, b = outcome(whole), outcome(merged)
for n in names:
    check(a[n] == b[n], f"{n}: same status, properties and digests merged as unsharded")
check(sorted(e["name"] for e in merged["benchmarks"]) == sorted(e["name"] for e in whole["benchmarks"]),
      "the merged run has the unsharded run's benchmarks")
check(all(c.get("fingerprint") for c in merged["cases"]), "each merged case carries its shard's hardware fingerprint")
check(os.path.isfile(os.path.join(work, "merged", "report.md")), "merge writes the reports")
cmp = run("compare", "whole/results.json", "merged/results.json")
check("not comparable" not in cmp.stdout and cmp.returncode in (0, 4, 5),
      f"shards of this machine compare with the unsharded run as one machine (rc {cmp.returncode})")

# A missing shard: reported, never dropped.
os.makedirs(os.path.join(work, "empty"))
r = run("merge", "shard-1", "shard-3", "empty", "--out", "partial")
check(r.returncode == 3, f"a missing shard makes merge exit 3 (rc {r.returncode})")
check("shard 2/3 missing" in r.stderr, f"stderr names the missing shard ({r.stderr.strip()})")
partial = load("partial")
missing = [c["name"] for c in partial["cases"] if c.get("missing")]
check(missing == [n for n in names if shard_of[n] == "2/3"], f"the missing shard's cases are marked missing ({missing})")
check([c["name"] for c in partial["cases"]] == names, "no case is dropped")

# Shards that do not belong together.
r = run("run", suite, *P, "--shard", "2/3", "--seed", "78", "--out", "other-seed", history_file=history)
r = run("merge", "shard-1", "other-seed", "shard-3", "--out", "refused")
check(r.returncode == 2 and "different seeds" in r.stderr, f"another seed is refused ({r.returncode}: {r.stderr.strip()})")
r = run("merge", "shard-1", "shard-1", "--out", "refused")
check(r.returncode == 2 and "given twice" in r.stderr, f"a duplicate shard is refused ({r.returncode}: {r.stderr.strip()})")
check(not os.path.exists(os.path.join(work, "refused", "results.json")), "a refused merge writes no results")

# Slurm without Slurm: the scripts are written, submit says sbatch is missing (exit 3).
r = subprocess.run([crucible, "slurm", "submit", suite, "--shards", "3", "--out", "cluster", *P], capture_output=True,
                   text=True, timeout=60, cwd=work, env=dict(os.environ, CRUCIBLE_HISTORY="off", PATH="/nonexistent"))
check(r.returncode == 3 and "sbatch is not on PATH" in r.stderr, f"submit without sbatch: exit 3 ({r.stderr.strip()})")
script = open(os.path.join(work, "cluster", "slurm", "shards.sbatch")).read()
check("--array=0-2" in script and '--shard "$shard/3" --seed 77' in script, "the array script runs one shard per task")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
