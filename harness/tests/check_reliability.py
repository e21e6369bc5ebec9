"""Interruptions and bad output folders, as a user causes them: no worker outlives its parent,
no scratch folder is left behind, `--out` is checked before the first case and held against a
second run, and a knowledge
base rewritten by `kato learn` is replaced whole, never truncated in place.

usage: check_reliability.py CRUCIBLE FIXTURES_TOML FIXTURE_PLUGINS OUT
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

crucible, suite, plugins, out = sys.argv[1:5]
shutil.rmtree(out, ignore_errors=True)
tmp = os.path.join(out, "tmp")
os.makedirs(tmp)
env = dict(os.environ, TMPDIR=tmp, CRUCIBLE_HISTORY="off")
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def workers_alive(variant_only=False):
    """Processes whose command line names a task file under this test's TMPDIR (with
    variant_only, a task that runs a variant, not one that describes a plugin)."""
    alive = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace")
            state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        args = cmdline.split("\0")
        if "__worker" in args and tmp in cmdline and state != "Z":
            if variant_only:
                try:
                    if json.load(open(args[args.index("__worker") + 1])).get("kind") != "variant":
                        continue
                except (OSError, ValueError, IndexError):
                    continue
            alive.append(int(pid))
    return alive


def wait_for(predicate, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def start_hanging_run(name):
    return subprocess.Popen([crucible, "run", suite, "--plugins", plugins, "--only", "hanging/prefix_sum/hang",
                             "--out", os.path.join(out, name)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# A signal to the parent while its worker hangs (the suite's timeout is 10 s): the worker is
# stopped, the scratch folder removed, and the exit code is the shell's for that signal.
for sig, code in ((signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGINT, 128 + signal.SIGINT)):
    run = start_hanging_run(f"signal-{sig.name}")
    check(wait_for(lambda: workers_alive(variant_only=True), 10), f"{sig.name}: the hanging worker started")
    if sig == signal.SIGTERM:
        # A second run into the same --out fails at once and names the first.
        second = subprocess.run([crucible, "run", suite, "--plugins", plugins, "--only", "healthy/*",
                                 "--out", os.path.join(out, f"signal-{sig.name}")],
                                env=env, capture_output=True, text=True, timeout=30)
        check(second.returncode == 2 and f"in use by another crucible (pid {run.pid})" in second.stderr,
              f"a second run into the same --out: exit 2 naming pid {run.pid}: {second.returncode} {second.stderr.strip()}")
    run.send_signal(sig)
    try:
        stdout, stderr = run.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        run.kill()
        stdout, stderr = run.communicate()
    check(run.returncode == code, f"{sig.name}: crucible exits {code}, got {run.returncode}: {stderr.strip()[-300:]}")
    check("interrupted by signal" in stderr, f"{sig.name}: says it was interrupted")
    check(wait_for(lambda: not workers_alive(), 2), f"{sig.name}: no worker outlives the run")
    check(not any(n.startswith("crucible-") for n in os.listdir(tmp)), f"{sig.name}: scratch folder removed: {os.listdir(tmp)}")

# kill -9 of the parent: it cleans nothing up, but its worker dies with it.
run = start_hanging_run("kill-9")
check(wait_for(lambda: workers_alive(variant_only=True), 10), "SIGKILL: the hanging worker started")
run.kill()
run.communicate()
check(wait_for(lambda: not workers_alive(), 2), "SIGKILL: the worker dies with its parent")
for name in os.listdir(tmp):
    shutil.rmtree(os.path.join(tmp, name), ignore_errors=True)

# --out that cannot hold results: exit 2 at once, before any case runs.
not_a_folder = os.path.join(out, "file")
open(not_a_folder, "w").write("x")
for target, what in ((not_a_folder, "exists and is not a folder"), ("/dev/null/sub", "cannot create the folder")):
    started = time.monotonic()
    bad = subprocess.run([crucible, "run", suite, "--plugins", plugins, "--only", "hanging/prefix_sum/hang",
                          "--out", target], env=env, capture_output=True, text=True, timeout=60)
    check(bad.returncode == 2 and what in bad.stderr, f"--out {target}: exit 2, '{what}': {bad.returncode} {bad.stderr.strip()}")
    check(time.monotonic() - started < 5, f"--out {target}: refused before the hanging case ran")
check(not workers_alive(), "no worker left after the --out errors")
check(not any(n.startswith("crucible-") for n in os.listdir(tmp)), "no scratch folder left after the --out errors")

# A worker that allocates past its memory limit: the case says out of memory and names the
# limit (not a timeout, not a crash), and the run goes on to exit 3. Not under ASan, whose
# shadow memory cannot live under a data limit (the limit is off there).
greedy_suite = os.path.join(out, "greedy.toml")
open(greedy_suite, "w").write('[suite]\ntimeout = 60\n[props]\nenabled = false\n[determinism]\nenabled = false\n'
                              '[bench]\nrepetitions = 1\nmin_time = 0.01\n'
                              '[[select]]\nplugin = "greedy"\n[select.axes]\nmb = [4000]\n')
asan = "asan" in plugins
started = time.monotonic()
greedy = subprocess.run([crucible, "run", greedy_suite, "--plugins", plugins, "--memory-limit", "0.5",
                         "--out", os.path.join(out, "greedy")], env=env, capture_output=True, text=True, timeout=120)
if not asan:
    results = json.load(open(os.path.join(out, "greedy", "results.json")))
    reason = next((c.get("reason", "") for c in results["cases"] if c["name"] == "greedy/allocate/cpu"), "")
    check(greedy.returncode == 3, f"a worker over its memory limit: exit 3, got {greedy.returncode}")
    check("out of memory" in reason and "worker memory limit 0.5 GB" in reason,
          f"the case says out of memory and names the limit: {reason}")
    check(time.monotonic() - started < 30, "the allocation fails at once instead of running to the timeout")
# An axis value outside the workload's domain: exit 2 at the axis's line, before any worker.
open(greedy_suite, "w").write('[[select]]\nplugin = "greedy"\n[select.axes]\nmb = [-5]\n')
bad_axis = subprocess.run([crucible, "run", greedy_suite, "--plugins", plugins, "--out", os.path.join(out, "greedy-bad")],
                          env=env, capture_output=True, text=True, timeout=60)
check(bad_axis.returncode == 2 and f"{greedy_suite}:4:1: axis 'mb' of workload 'allocate' must be an integer in "
      "[0, 1048576], got -5" in bad_axis.stderr, f"mb = [-5]: exit 2 at file:line:col: {bad_axis.stderr.strip()}")
for flag, value, words in (("--memory-limit", "-1", "--memory-limit must be >= 0 GB (0 = no limit), got -1"),
                           ("--memory-limit", "inf", "--memory-limit must be a finite number, got inf"),
                           ("--repetitions", "0", "--repetitions must be >= 1, got 0")):
    bad_flag = subprocess.run([crucible, "run", greedy_suite, "--plugins", plugins, flag, value], env=env,
                              capture_output=True, text=True, timeout=60)
    check(bad_flag.returncode == 2 and words in bad_flag.stderr, f"{flag} {value}: exit 2, '{words}': {bad_flag.stderr.strip()}")

# kato learn replaces the knowledge base by rename: another inode, the old file never truncated.
kb = os.path.join(out, "kb.jsonl")
with open(kb, "w") as f:
    for i in range(200):
        f.write(json.dumps({"events": [[f"s{i}", f"t{i}"], ["u"]]}) + "\n")
stm = os.path.join(out, "stm.json")
json.dump([["new", "pattern"], ["here"]], open(stm, "w"))
before = os.stat(kb).st_ino
held = open(kb)  # a reader that opened the old file keeps all of it
learn = subprocess.run([crucible, "kato", "learn", kb, "--stm", stm], env=env, capture_output=True, text=True, timeout=60)
check(learn.returncode == 0, f"kato learn exits 0: {learn.stderr.strip()}")
check(os.stat(kb).st_ino != before, "kato learn writes a new file and renames it over the old one")
check(len(held.read().splitlines()) == 200, "a reader of the old file still sees all of it")
check(len(open(kb).read().splitlines()) == 201, "the new file holds the learned pattern")
check(not [n for n in os.listdir(out) if n.startswith("kb.jsonl.tmp")], "no temporary file left beside it")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
