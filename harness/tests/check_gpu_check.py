#!/usr/bin/env python3
"""scripts/gpu-check.sh without a GPU, so that a broken script never spends scarce device time.

usage: check_gpu_check.py SCRIPT BUILD_DIR WORK_DIR

1. nvidia-smi that lists no GPU: "no GPU", exit 0; with --require-gpu, exit 2.
2. nvidia-smi that lists one (a stub): the props and bench steps against the real build (every
   CUDA variant is skipped, no device being there), then the summary, the README rows and the
   acceptance table are written and say what was not measured.
3. An unknown step is a usage error.
"""
import os
import shutil
import stat
import subprocess
import sys

script, build, work = sys.argv[1:4]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
failures = []


def expect(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def stub(folder, body):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "nvidia-smi")
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body + "\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)
    env = dict(os.environ)
    env["PATH"] = folder + os.pathsep + env.get("PATH", "")
    return env


def run(args, env):
    p = subprocess.run(["bash", script] + args, env=env, capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout + p.stderr


no_gpu = stub(os.path.join(work, "no-gpu"), "echo 'No devices were found' >&2; exit 9")
rc, text = run(["1", "--build", build, "--out", os.path.join(work, "none")], no_gpu)
expect(rc == 0 and "no GPU: nvidia-smi reports no usable GPU" in text, "no GPU: says so, exit 0 (got %d)" % rc)
rc, text = run(["1", "--require-gpu", "--build", build], no_gpu)
expect(rc == 2, "no GPU with --require-gpu: exit 2 (got %d)" % rc)

one_gpu = stub(os.path.join(work, "one-gpu"), "echo '0, Stub GPU, GPU-00000000, 580.00, 81559 MiB'")
out = os.path.join(work, "check")
rc, text = run(["2", "--build", build, "--out", out, "--steps", "props,bench"], one_gpu)
print(text)
expect(rc == 0, "stub GPU, props and bench steps: exit 0 (got %d)" % rc)
for name in ("summary.txt", "gpu-status.md", "acceptance.md", "steps.tsv", "props/results.json", "bench/results.json"):
    expect(os.path.exists(os.path.join(out, name)), "wrote " + name)


def read(name):
    try:
        return open(os.path.join(out, name)).read()
    except OSError:
        return ""


steps = read("steps.tsv")
expect("ctest-gpu\tnot asked" in steps and "profile\tnot asked" in steps, "steps not asked are recorded as such")
expect("props\t0\t" in steps and "bench\t0\t" in steps, "props and bench ran and exited 0")
status = read("gpu-status.md")
expect("| kato/match/cuda | never run on a GPU |" in status, "README rows: a skipped variant stays 'never run on a GPU'")
expect("quant_llm/generate/cuda_graph" in status, "README rows: every CUDA variant of the GPU suite")
acceptance = read("acceptance.md")
expect("| crucible profile | a GPU part | absent" in acceptance, "acceptance: no profile, said so")
expect("not measured" in acceptance and "| no |" in acceptance, "acceptance: unmeasured checks are not met")

rc, text = run(["--steps", "profile,nonsense"], one_gpu)
expect(rc == 2 and "unknown step 'nonsense'" in text, "unknown step: exit 2 with the known ones")
sys.exit(1 if failures else 0)
