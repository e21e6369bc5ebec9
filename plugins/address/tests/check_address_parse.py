"""`crucible address parse` as a user runs it on files: a 100,000-row generated CSV parsed whole,
and parsed again while being killed with SIGKILL each time it has recorded more progress, and resumed each time,
must give byte-identical outputs; completed files are skipped; every input row appears once
with its columns carried through; bad rows get a parse_error and the run goes on; a malformed
file names its line and the other files still finish; bad settings name file:line:col; a
second run into a folder in use is refused.

usage: check_address_parse.py CRUCIBLE OUT
"""
import csv
import fcntl
import glob
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

crucible, out = sys.argv[1:3]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
failures = []
csv.field_size_limit(1 << 24)


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)


def run(*args, **kw):
    return subprocess.run([crucible, "address", *args], capture_output=True, text=True, timeout=300, **kw)


def output_csv(folder):
    found = [f for f in glob.glob(os.path.join(folder, "*_processed_*.csv"))]
    return found[0] if len(found) == 1 else None


def read_rows(path):
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") as f:
        return list(csv.reader(f))


# --- 100,000 rows: uninterrupted, then killed and resumed -----------------------------------
big = os.path.join(out, "addresses.csv")
r = run("generate", "--rows", "100000", "--seed", "9", "--out", big)
check(r.returncode == 0, "generate writes 100,000 rows")

whole = os.path.join(out, "whole")
r = run("parse", big, "--out", whole, "--chunk-rows", "4000", "--threads", "1")
check(r.returncode == 0 and output_csv(whole), f"an uninterrupted parse finishes (rc {r.returncode}: {r.stderr.strip()[-300:]})")
reference = open(output_csv(whole), "rb").read() if output_csv(whole) else b""
meta = json.load(open(output_csv(whole)[:-4] + ".json")) if output_csv(whole) else {}
check(meta.get("rows") == 100000 and meta.get("rows_by_device", {}).get("cpu") == 100000,
      f"metadata counts 100,000 rows, all on the CPU ({meta.get('rows')})")
rows = read_rows(output_csv(whole)) if reference else []
source = read_rows(big)
check(len(rows) == len(source), f"every input row appears once in the output ({len(rows) - 1} of {len(source) - 1})")
width = len(source[0])
check(all(o[:width] == s for o, s in zip(rows, source)), "the input's columns are carried through unchanged")
header = rows[0] if rows else []
text_at = header.index("addr_text") if "addr_text" in header else 0
substr_ok = True
for o in rows[1:2000]:
    for name in ("parsed_unit_number", "parsed_society_name", "parsed_landmark", "parsed_road", "parsed_locality"):
        v = o[header.index(name)]
        if v and v not in o[text_at]:
            substr_ok = False
check(substr_ok, "every parsed text field is a substring of its address")

killed = os.path.join(out, "killed")
killed_state = os.path.join(killed, "addresses.state.json")
rng = random.Random(16)
kills = 0


def progress():
    """Input lines the state file records as parsed (0 before the first chunk)."""
    try:
        return json.load(open(killed_state)).get("input_line", 0)
    except (OSError, ValueError):
        return 0


for attempt in range(7):
    # Six kills, each once the run has recorded at least one more chunk (so every kill lands
    # mid-way whatever the machine's load), a random few milliseconds later; then one to the end.
    p = subprocess.Popen([crucible, "address", "parse", big, "--out", killed, "--chunk-rows", "4000", "--threads", "1",
                          "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if attempt == 6:
        p.wait(timeout=300)
        break
    start = progress()
    deadline = time.monotonic() + 300
    while p.poll() is None and progress() <= start and time.monotonic() < deadline:
        time.sleep(0.002)
    if p.poll() is not None:
        break
    time.sleep(rng.uniform(0, 0.02))
    if p.poll() is not None:
        break
    p.send_signal(signal.SIGKILL)
    p.wait()
    kills += 1
stdout = p.stdout.read()
check(p.returncode == 0, f"the killed run completes when run again (rc {p.returncode}) after {kills} kill -9s")
check(kills >= 3, f"the run was killed mid-way at least 3 times ({kills})")
resumed = open(output_csv(killed), "rb").read() if output_csv(killed) else b"missing"
check(resumed == reference, "the output after kills and resumes is byte-identical to the uninterrupted one")
state = json.load(open(os.path.join(killed, "addresses.state.json")))
check(state["status"] == "completed" and state["resumes"] >= 1, f"the state records completion after {state['resumes']} resume(s)")
check(not glob.glob(os.path.join(killed, "*.partial")) and not glob.glob(os.path.join(killed, "*.tmp.*")),
      "no partial or temporary file is left")
r = run("parse", big, "--out", killed)
check(r.returncode == 0 and "already done" in r.stdout, f"a completed file is skipped ({r.stdout.strip()})")

# --- bad rows, a malformed file, many files -------------------------------------------------
bad = os.path.join(out, "bad_rows.csv")
with open(bad, "wb") as f:
    f.write(b"addr_hash_key,addr_text,city_id,pincode,extra\r\n")
    f.write(b'k1,"flat 12, shanti residency, near bus stand, koregaon park, pune 411001",PNQ,411001,x1\r\n')
    f.write(b"k2,,PNQ,411001,x2\r\n")                       # empty text
    f.write(b"k3,flat 3 \xff pune,PNQ,411001,x3\r\n")        # invalid UTF-8
    f.write(b"k4," + b"a" * 1500 + b",PNQ,411001,x4\r\n")   # over-long
    f.write(b"k5,only three fields\r\n")                     # wrong field count
    f.write(b'k6,"sector 5, rohini",DEL,110085,"multi\nline, extra"\r\n')
malformed = os.path.join(out, "malformed.csv")
with open(malformed, "w") as f:
    f.write("addr_hash_key,addr_text,city_id,pincode\n1,mg road,BLR,560001\n2,\"never closed,BLR,560001\n3,x,y,z\n")
nohdr = os.path.join(out, "noheader.csv")
with open(nohdr, "w") as f:
    f.write("id,text\n1,mg road\n")
many = os.path.join(out, "many")
r = run("parse", bad, malformed, nohdr, "--out", many)
check(r.returncode == 2, f"a run with a malformed file exits 2 ({r.returncode})")
check("malformed.csv:3: quoted field never closed" in r.stderr, f"the malformed file's error names its line ({r.stderr.strip()})")
check("noheader.csv:1: missing required column 'addr_text'" in r.stderr, "a file without the required columns is named")
bad_out = [f for f in glob.glob(os.path.join(many, "bad_rows_processed_*.csv"))]
check(len(bad_out) == 1, "the good file in the same run still finishes")
if bad_out:
    got = read_rows(bad_out[0])
    h = got[0]
    by_key = {row[0]: row for row in got[1:]}
    check(sorted(by_key) == ["k1", "k2", "k3", "k4", "k5", "k6"], f"every row appears once ({sorted(by_key)})")
    err = lambda k: by_key[k][h.index("parse_error")]
    ok = lambda k: by_key[k][h.index("parse_success")]
    check(ok("k1") == "true" and by_key["k1"][h.index("parsed_pin_code")] == "411001", "a good row parses")
    check(err("k2") == "empty address text", f"an empty text gets its parse_error ({err('k2')})")
    check(err("k3") == "address text is not valid UTF-8", f"invalid UTF-8 gets its parse_error ({err('k3')})")
    check(err("k4") == "address text longer than 1024 bytes", f"an over-long text gets its parse_error ({err('k4')})")
    check(err("k5").startswith("row has 2 fields, the header has 5; the row as read: k5,only three fields"),
          f"a short row gets its parse_error and keeps its bytes ({err('k5')})")
    check(by_key["k6"][h.index("extra")] == "multi\nline, extra", "quoted fields with commas and line breaks are carried through")

# --- settings and the folder lock -----------------------------------------------------------
cfg = os.path.join(out, "parse.toml")
with open(cfg, "w") as f:
    f.write("threads = 2\nqueue_depth = 0\n")
r = run("parse", bad, "--out", os.path.join(out, "cfg"), "--config", cfg)
check(r.returncode == 2 and f"{cfg}:2:15: queue_depth must be an integer in [1, 64]" in r.stderr,
      f"a bad setting names file:line:col ({r.stderr.strip()})")
r = run("parse", bad, "--out", os.path.join(out, "cfg"), "--threads", "lots")
check(r.returncode == 2 and "--threads must be an integer" in r.stderr, f"a bad flag is refused ({r.stderr.strip()})")
locked = os.path.join(out, "locked")
os.makedirs(locked)
with open(os.path.join(locked, ".lock"), "w") as holder:
    fcntl.flock(holder, fcntl.LOCK_EX)
    holder.write("4242")
    holder.flush()
    r = run("parse", bad, "--out", locked)
check(r.returncode == 2 and "in use by another" in r.stderr and "4242" in r.stderr,
      f"a folder in use is refused, naming the holder ({r.stderr.strip()})")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
