#!/usr/bin/env python3
"""kill -9 of `crucible kato learn` while it rewrites a large binary knowledge base: after every
kill the file is the whole old knowledge base or the whole new one (the same bytes as an
uninterrupted learn writes, which load with their pattern counts), never a torn or empty one.
A temporary left by a kill is the writer's PATH.tmp.PID beside it; the next write removes it.

The knowledge base has enough patterns that one learn takes a good part of a second, so kills
at seeded random moments land while it loads, serializes, writes and renames; one more kill
waits for the temporary to appear, to land inside the write.

usage: check_learn_kill.py CRUCIBLE WORK [PATTERNS]
"""
import hashlib
import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import time

crucible, work = os.path.abspath(sys.argv[1]), sys.argv[2]
patterns = int(sys.argv[3]) if len(sys.argv) > 3 else 300_000
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def write_kbin(path, n, seed):
    """A binary knowledge base (kernels/kato/kb_io.cpp's format) of n stable patterns over 1000
    symbols, two or three events of one to three symbols each."""
    rng = random.Random(seed)
    vocab = [f"s{i}".encode() for i in range(1000)]
    out = [b"KATOKB01", struct.pack("<Q", len(vocab))]
    out += [struct.pack("<I", len(s)) + s for s in vocab]
    out.append(struct.pack("<Q", n))
    for p in range(n):
        name = f"p{p}".encode()
        sizes = [rng.randint(1, 3) for _ in range(rng.randint(2, 3))]
        symbols = [rng.randrange(1000) for _ in range(sum(sizes))]
        out.append(struct.pack(f"<I{len(name)}sQI{len(sizes)}I{len(symbols)}I", len(name), name, 1 + p % 5,
                               len(sizes), *sizes, *symbols))
    out.append(struct.pack("<Q", 0))  # the recent tier, empty
    with open(path, "wb") as f:
        f.write(b"".join(out))


def pattern_count(path):
    """Patterns in both tiers of a binary knowledge base, walking the whole file (a torn file
    raises struct.error)."""
    data = open(path, "rb").read()
    assert data[:8] == b"KATOKB01", "bad magic"
    pos = 8
    (nvocab,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    for _ in range(nvocab):
        (n,) = struct.unpack_from("<I", data, pos)
        pos += 4 + n
    total = 0
    for _ in range(2):
        (npat,) = struct.unpack_from("<Q", data, pos)
        pos += 8
        total += npat
        for _ in range(npat):
            (n,) = struct.unpack_from("<I", data, pos)
            pos += 4 + n + 8
            (nev,) = struct.unpack_from("<I", data, pos)
            sizes = struct.unpack_from(f"<{nev}I", data, pos + 4)
            pos += 4 + 4 * nev + 4 * sum(sizes)
    assert pos == len(data), "trailing bytes"
    return total


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def temporaries():
    return sorted(n for n in os.listdir(work) if n.startswith("kb.kbin.tmp."))


def learn(path, stm):
    return subprocess.Popen([crucible, "kato", "learn", path, "--stm", stm], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


kb = os.path.join(work, "kb.kbin")
stm_initial, stm_new = os.path.join(work, "stm-initial.json"), os.path.join(work, "stm-new.json")
state = os.path.join(work, "state.json")
json.dump([["s1", "s2"], ["s3"]], open(stm_initial, "w"))
json.dump([["killed", "learn"], ["s7"]], open(stm_new, "w"))
json.dump([["s1"], ["s3"]], open(state, "w"))
started = time.monotonic()
write_kbin(kb, patterns, seed=20261203)
print(f"wrote {patterns} patterns ({os.path.getsize(kb) / 1e6:.1f} MB) in {time.monotonic() - started:.1f} s")

# The initial knowledge base, as crucible writes it: the generated one plus one learned pattern.
first = learn(kb, stm_initial)
_, err = first.communicate(timeout=300)
check(first.returncode == 0, f"the initial learn exits 0: {err.strip()}")
old = os.path.join(work, "old.kbin")
shutil.copyfile(kb, old)
old_digest, old_count = digest(old), pattern_count(old)

# The new knowledge base, from an uninterrupted learn of the second STM onto a copy.
new = os.path.join(work, "new.kbin")
shutil.copyfile(old, new)
started = time.monotonic()
second = learn(new, stm_new)
_, err = second.communicate(timeout=300)
learn_seconds = time.monotonic() - started
check(second.returncode == 0, f"the reference learn exits 0: {err.strip()}")
new_digest, new_count = digest(new), pattern_count(new)
check((old_count, new_count) == (patterns + 1, patterns + 2),
      f"old and new hold {patterns + 1} and {patterns + 2} patterns: {old_count}, {new_count}")
for path in (old, new):
    loaded = subprocess.run([crucible, "kato", "predict", path, "--state", state, "--max", "1"], capture_output=True,
                            text=True, timeout=300)
    check(loaded.returncode == 0, f"kato predict loads {os.path.basename(path)}: {loaded.stderr.strip()}")
print(f"one learn of {patterns + 1} patterns: {learn_seconds:.2f} s")

rng = random.Random(20261203)
moments = sorted(rng.uniform(0.05, 1.1) * learn_seconds for _ in range(6))
outcomes = {"old": 0, "new": 0}
left = []
for k, moment in enumerate(moments + [None]):
    shutil.copyfile(old, kb + ".restore")
    os.replace(kb + ".restore", kb)  # start each kill from the old knowledge base
    proc = learn(kb, stm_new)
    if moment is None:
        # Wait for the temporary to appear: the kill lands inside the write (or just after
        # the rename, when the write was quicker than this loop).
        what = "when the temporary appears"
        deadline = time.monotonic() + 10 * learn_seconds + 10
        while not any(n == f"kb.kbin.tmp.{proc.pid}" for n in temporaries()) and proc.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.0005)
    else:
        what = f"at {moment:.2f} s"
        time.sleep(moment)
    mid_write = f"kb.kbin.tmp.{proc.pid}" in temporaries()
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    now = digest(kb)
    state_seen = "old" if now == old_digest else "new" if now == new_digest else "torn"
    if state_seen != "torn":
        outcomes[state_seen] += 1
    check(state_seen != "torn", f"kill {k + 1} {what}{' (mid-write)' if mid_write else ''}: the file is the "
          f"{state_seen} knowledge base ({old_count if state_seen == 'old' else new_count} patterns)")
    mine = f"kb.kbin.tmp.{proc.pid}"
    stray = [n for n in temporaries() if n != mine and n not in left]
    check(not stray, f"kill {k + 1}: no temporary but the killed writer's: {stray}")
    if mine in temporaries():
        left.append(mine)  # kept for the cleanup check below, as a sequence of kills leaves them
print(f"kills: {outcomes['old']} left the old file, {outcomes['new']} the new; {len(left)} left a temporary")

# The next complete write removes every temporary whose writer is dead.
shutil.copyfile(old, kb + ".restore")
os.replace(kb + ".restore", kb)
final = learn(kb, stm_new)
_, err = final.communicate(timeout=300)
check(final.returncode == 0 and digest(kb) == new_digest, f"a learn after the kills writes the new file: {err.strip()}")
check(not temporaries(), f"it removes the temporaries the kills left: {temporaries()}")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
