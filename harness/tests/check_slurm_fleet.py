"""`crucible slurm submit` on a real Slurm: a one-node cluster (munged, slurmctld, slurmd from
Debian's munge and slurm-wlm) started on localhost in a temporary folder, a fixture suite
submitted as a 3-task job array plus its merge job; the merged results have the unsharded run's
cases, statuses, properties and digests, `crucible slurm status` reports the tasks, the merge
job appended the run to the history, and a shard missing at merge time is named with its
task's Slurm state. Skipped (exit 77) where Slurm or munge is not installed, or not as root.

usage: check_slurm_fleet.py CRUCIBLE FIXTURE_PLUGINS WORK
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

crucible, fixtures, work = (os.path.abspath(p) for p in sys.argv[1:4])
SEARCH = os.environ.get("PATH", "") + ":/usr/sbin:/sbin:/usr/bin"
programs = {p: shutil.which(p, path=SEARCH) for p in ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo")}
if not all(programs.values()):
    print("skipped: Slurm or munge is not installed (" + ", ".join(p for p, w in programs.items() if not w) + " not found)")
    sys.exit(77)
if os.geteuid() != 0:
    print("skipped: the one-node test cluster runs slurmd as root; run as root to test on Slurm")
    sys.exit(77)

shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The cluster's files: a short path, since munge's socket path must fit a sockaddr_un.
cluster = tempfile.mkdtemp(prefix="crucible-slurm-")
os.chmod(cluster, 0o711)
for d in ("munge", "state", "spool", "log"):
    os.makedirs(os.path.join(cluster, d))
os.chmod(os.path.join(cluster, "munge"), 0o711)
key = os.path.join(cluster, "munge", "munge.key")
with open(key, "wb") as f:
    f.write(os.urandom(1024))
os.chmod(key, 0o400)
sock = os.path.join(cluster, "munge", "sock")
conf = os.path.join(cluster, "slurm.conf")
with open(conf, "w") as f:
    f.write(f"""ClusterName=crucibletest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={sock}
StateSaveLocation={cluster}/state
SlurmdSpoolDir={cluster}/spool
SlurmctldPidFile={cluster}/slurmctld.pid
SlurmdPidFile={cluster}/slurmd.pid
SlurmctldLogFile={cluster}/log/slurmctld.log
SlurmdLogFile={cluster}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
InactiveLimit=0
MinJobAge=600
KillWait=5
Waittime=0
NodeName=localhost NodeAddr=127.0.0.1 CPUs={os.cpu_count()} State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
""")
history = os.path.join(work, "history.sqlite")
env = dict(os.environ, SLURM_CONF=conf, CRUCIBLE_HISTORY=history, PATH=SEARCH)


def daemon_pid(name):
    try:
        return int(open(os.path.join(cluster, name)).read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def stop_cluster():
    for name in ("slurmd.pid", "slurmctld.pid", "munge/pid"):
        pid = daemon_pid(name)
        if pid:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.time() + 15
    for name in ("slurmd.pid", "slurmctld.pid", "munge/pid"):
        pid = daemon_pid(name)
        while pid and time.time() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
    shutil.rmtree(cluster, ignore_errors=True)


def log_tails():
    out = ""
    for name in ("log/slurmctld.log", "log/slurmd.log", "munge/log"):
        try:
            out += f"--- {name}\n" + "".join(open(os.path.join(cluster, name)).readlines()[-10:])
        except OSError:
            pass
    return out


def run(*args, timeout=120):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, env=env, cwd=work)


def outcome(doc):
    out = {c["name"]: {"status": c["status"], "properties": [], "digests": []} for c in doc["cases"]}
    for p in doc["properties"]:
        out[p["case"]]["properties"].append((p["property"], p["status"], p.get("cases"), p.get("seed")))
    for d in doc["determinism"]:
        out[d["case"]]["digests"].append([(r["what"], r["digest"]) for r in d.get("runs", [])])
    return out


try:
    r = run(programs["munged"], "--force", f"--key-file={key}", f"--socket={sock}",
            f"--pid-file={cluster}/munge/pid", f"--log-file={cluster}/munge/log", f"--seed-file={cluster}/munge/seed")
    check(r.returncode == 0, f"munged starts ({r.stderr.strip()})")
    r = run(programs["slurmctld"], "-f", conf, "-i")
    check(r.returncode == 0, f"slurmctld starts ({r.stderr.strip()})")
    r = run(programs["slurmd"], "-f", conf, "-N", "localhost")
    check(r.returncode == 0, f"slurmd starts ({r.stderr.strip()})")
    deadline = time.time() + 30
    idle = False
    while not idle and time.time() < deadline:
        idle = "idle" in run(programs["sinfo"], "-h", "-o", "%T").stdout
        time.sleep(0.2)
    check(idle, "the node is idle")
    if failures:
        raise RuntimeError("the test cluster did not start\n" + log_tails())

    suite = os.path.join(work, "fleet.toml")
    with open(suite, "w") as f:
        f.write("""[suite]
name = "slurm-fixtures"
seed = 91
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
    whole_env = dict(env, CRUCIBLE_HISTORY="off")
    r = subprocess.run([crucible, "run", suite, "--plugins", fixtures, "--out", "whole"], capture_output=True, text=True,
                       timeout=120, env=whole_env, cwd=work)
    check(r.returncode == 0, f"the unsharded run passes (rc {r.returncode})")
    whole = json.load(open(os.path.join(work, "whole", "results.json")))

    r = run(crucible, "slurm", "submit", suite, "--shards", "3", "--plugins", fixtures, "--time", "00:05:00",
            "--out", "cluster")
    check(r.returncode == 0, f"slurm submit submits (rc {r.returncode}: {r.stderr.strip()})")
    lines = r.stdout.splitlines()
    array_job = lines[0].split()[2] if lines and lines[0].startswith("shards: job ") else ""
    merge_job = lines[1].split()[2] if len(lines) > 1 and lines[1].startswith("merge:  job ") else ""
    check(array_job.isdigit() and merge_job.isdigit(), f"it prints both job ids ({lines[:2]})")

    state = ""
    deadline = time.time() + 120
    while time.time() < deadline:
        state = run(programs["squeue"], "-h", "-t", "all", "-j", merge_job, "-o", "%T").stdout.strip()
        if state and state not in ("PENDING", "RUNNING", "CONFIGURING", "COMPLETING"):
            break
        time.sleep(0.5)
    check(state == "COMPLETED", f"the merge job ran after the shards and completed ({state})\n" +
          (open(os.path.join(work, "cluster", "slurm", "merge.log")).read()[-800:]
           if os.path.exists(os.path.join(work, "cluster", "slurm", "merge.log")) else ""))

    r = run(crucible, "slurm", "status", array_job)
    check(r.returncode == 0 and "3 task(s): 3 COMPLETED" in r.stdout, f"slurm status reports the tasks ({r.stdout.strip()})")

    merged_file = os.path.join(work, "cluster", "merged", "results.json")
    merged = json.load(open(merged_file)) if os.path.exists(merged_file) else {"cases": [], "properties": [], "determinism": []}
    check([c["name"] for c in merged["cases"]] == [c["name"] for c in whole["cases"]],
          "the merged results have the unsharded run's cases, in its order")
    a, b = outcome(whole), outcome(merged)
    check(a == b, "same statuses, properties and output digests as the unsharded run")
    check(sorted(s["index"] for s in merged.get("shards", [])) == [1, 2, 3], "all three shards merged")
    check(os.path.isfile(os.path.join(work, "cluster", "merged", "report.md")), "the merge job wrote the reports")
    r = run(crucible, "history", "list", "--db", history)
    check(r.returncode == 0 and "slurm-fixtures" in r.stdout, "the merge job appended the run to the history")

    # A shard gone at merge time is named with its task's Slurm state.
    shutil.rmtree(os.path.join(work, "cluster", "shard-2"))
    r = run(crucible, "merge", "cluster/shard-1", "cluster/shard-2", "cluster/shard-3", "--out", "partial",
            "--slurm-job", array_job)
    check(r.returncode == 3 and "shard 2/3 missing" in r.stderr and "Slurm state COMPLETED" in r.stderr,
          f"a missing shard is reported with its Slurm state ({r.stderr.strip()})")
except Exception as e:  # the cluster is stopped whatever failed
    check(False, f"{type(e).__name__}: {e}")
finally:
    stop_cluster()

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
