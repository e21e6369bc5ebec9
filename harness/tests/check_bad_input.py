#!/usr/bin/env python3
"""Bad input as a new user would try it: each gets one clear line on stderr and the
documented exit code (2 bad usage, 3 infrastructure), never a crash or a stack trace."""
import json
import os
import subprocess
import sys

crucible, source_dir, plugins, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
failures = []


def write(name, text):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def expect(args, code, *needles):
    run = subprocess.run([crucible] + args, capture_output=True, text=True, timeout=60)
    err = run.stderr.strip()
    what = " ".join(args)
    if run.returncode != code:
        failures.append(f"`crucible {what}` exited {run.returncode}, expected {code}; stderr: {err}")
    for needle in needles:
        if needle not in err:
            failures.append(f"`crucible {what}`: stderr lacks {needle!r}: {err}")
    if "terminate called" in err or "Traceback" in err or "Aborted" in err:
        failures.append(f"`crucible {what}` crashed: {err}")


good = write("good.toml", '[[select]]\nplugin = "healthy"\n')
expect(["run", os.path.join(work, "missing.toml"), "--plugins", plugins], 2, "missing.toml", "cannot read suite file")
malformed = write("malformed.toml", '[suite]\nname = "x"\nseed = = 3\n')
expect(["run", malformed, "--plugins", plugins], 2, "malformed.toml:3:")
unknown_key = write("unknown_key.toml", '[bench]\nrepetiton = 3\n[[select]]\nplugin = "*"\n')
expect(["run", unknown_key, "--plugins", plugins], 2, "unknown_key.toml:2:1", "did you mean 'repetitions'")
unknown_workload = write("unknown_workload.toml", '[[select]]\nplugin = "healthy"\nworkload = "nope"\n')
expect(["run", unknown_workload, "--plugins", plugins], 2, "unknown_workload.toml:1:1", "has no workload 'nope'", "prefix_sum")
unknown_plugin = write("unknown_plugin.toml", '[[select]]\nplugin = "nope"\n')
expect(["run", unknown_plugin, "--plugins", plugins], 2, "no plugin named 'nope'")
unknown_axis = write("unknown_axis.toml", '[[select]]\nplugin = "healthy"\n[select.axes]\nsize = [1]\n')
expect(["run", unknown_axis, "--plugins", plugins], 2, "unknown_axis.toml:4:1", "no selected workload has an axis 'size'")
text_plugin = write("notes.so", "this is a text file, not a plugin\n")
expect(["list", "--plugins", text_plugin], 3)
listing = subprocess.run([crucible, "list", "--plugins", text_plugin], capture_output=True, text=True).stdout
if "cannot load as a shared library" not in listing:
    failures.append(f"a text file as plugin is not explained: {listing}")
expect(["run", good, "--plugins", os.path.join(work, "no-such-folder")], 2, "no-such-folder", "no such file or folder")
expect(["run", good, "--plugins", plugins, "--seed", "abc"], 2, "--seed must be an integer, got 'abc'")
expect(["run", good, "--plugins", plugins, "--frobnicate"], 2, "unknown option '--frobnicate'")
expect(["frobnicate"], 2, "unknown command 'frobnicate'")
expect(["run"], 2, "needs one suite file")
expect(["run", good, "--plugins", plugins, "--repetitions", "99999999999999"], 2, "--repetitions must be at most 2147483647, got 99999999999999")
corrupt_store = write("corrupt.sqlite", "this is not a database\n" * 100)
expect(["history", "list", "--db", corrupt_store], 2, "corrupt.sqlite: not a crucible history store")
# One repetition (--smoke): the summary's MEDIAN column shows that one time, not "-".
smoke = subprocess.run([crucible, "run", good, "--plugins", plugins, "--only", "healthy/prefix_sum/cpu_ref", "--bench-only",
                        "--smoke", "--out", os.path.join(work, "smoke")], capture_output=True, text=True, timeout=120)
row = [l for l in smoke.stdout.splitlines() if l.startswith("healthy/prefix_sum/cpu_ref")]
if smoke.returncode != 0 or not row or not any(u in row[0] for u in (" ns ", " us ", " µs ", " ms ")):
    failures.append("--smoke: the summary shows the one repetition's time as the median: " + smoke.stdout[-400:])

fake_plugin = write("fake.so", "not a plugin\n")
expect(["run", good, "--plugins", plugins, "--plugins", fake_plugin, "--props-only", "--out", os.path.join(work, "named")],
       3)
named = subprocess.run([crucible, "run", good, "--plugins", plugins, "--plugins", fake_plugin, "--props-only",
                        "--out", os.path.join(work, "named")], capture_output=True, text=True, timeout=120)
if "a plugin did not load (named with --plugins): " + fake_plugin + ": cannot load as a shared library: " + fake_plugin + \
        ": file too short" not in named.stdout or "Bad file descriptor" in named.stdout:
    failures.append("a named plugin that fails to load is in the summary, with dlerror's reason only: " + named.stdout[-600:])
# A setting from the command line is refused as its suite key is, in the same words.
inf_suite = write("inf.toml", '[bench]\nmin_time = inf\n[[select]]\nplugin = "healthy"\n')
expect(["run", inf_suite, "--plugins", plugins], 2, "inf.toml:2:", "min_time must be a finite number, got inf")
expect(["run", good, "--plugins", plugins, "--min-time", "inf"], 2, "--min-time must be a finite number, got inf")
expect(["run", good, "--plugins", plugins, "--min-time", "-1"], 2, "--min-time must be > 0 seconds, got -1")
# compare, ab and history options get the checks of the suite keys they mirror, in their words.
expect(["run", good, "--plugins", plugins, "--seed", "-1"], 2, "--seed must be >= 0, got -1 (0 = random)")
bad_effect = write("bad_effect.toml", '[bench]\nmin_effect = 2\n[[select]]\nplugin = "healthy"\n')
expect(["run", bad_effect, "--plugins", plugins], 2, "bad_effect.toml:2:", "min_effect must be between 0 and 1 (exclusive), got 2; it is a relative change")
expect(["ab", good, "--a", plugins, "--b", plugins, "--rounds", "1"], 2, "--rounds must be >= 2, got 1")
expect(["ab", good, "--a", plugins, "--b", plugins, "--seed", "1.5"], 2, "--seed must be an integer, got '1.5'")
expect(["run", good, "--plugins", plugins, "--reproduce", "garbage"], 2, "--reproduce 'garbage' is not a reproduction string")

# Results files that are not what `crucible run` writes: exit 2, the field named; a malformed
# file never passes the gate by losing its benchmarks.
good_results = write("good-results.json", json.dumps({"schema": "crucible.results/1", "benchmarks": [
    {"name": "p/w/v/n:1", "run_name": "p/w/v/n:1", "run_type": "iteration", "real_time": 10.0, "time_unit": "ns"}]}))
not_a_list = write("not-a-list.json", json.dumps({"schema": "crucible.results/1", "benchmarks": "notalist"}))
string_time = write("string-time.json", json.dumps({"schema": "crucible.results/1", "benchmarks": [
    {"name": "p/w/v/n:1", "run_type": "iteration", "real_time": "10", "time_unit": "ns"}]}))
future = write("future.json", json.dumps({"schema": "crucible.results/99", "benchmarks": []}))
for command in (["compare", good_results], ["report"]):
    expect(command + [not_a_list], 2, "not-a-list.json: benchmarks: expected an array, got string")
    expect(command + [string_time], 2, "string-time.json: benchmarks[0].real_time: expected a number, got string")
    expect(command + [future], 2, "schema 'crucible.results/99' is not one this crucible reads", "another version")
store = os.path.join(work, "history.sqlite")
if os.path.exists(store):
    os.remove(store)
expect(["history", "add", good_results, "--db", store], 0)
expect(["history", "list", "--db", store, "--limit", "-1"], 2, "--limit must be >= 1, got -1")
expect(["history", "trend", "*", "--db", store, "--since", "garbage"], 2, "--since must be an ISO 8601 date")
expect(["history", "trend", "*", "--db", store, "--min-effect", "abc"], 2, "--min-effect must be a number, got 'abc'")
expect(["compare", good_results, good_results, "--seed", "-5"], 2, "--seed must be >= 0, got -5")
expect(["compare", good_results, good_results, "--min-effect", "2"], 2,
       "--min-effect must be between 0 and 1 (exclusive), got 2; it is a relative change")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
