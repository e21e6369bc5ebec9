#!/usr/bin/env python3
"""scripts/gpu-check.sh without a GPU, so that a broken script never spends scarce device time.

usage: check_gpu_check.py SCRIPT BUILD_DIR WORK_DIR

1. nvidia-smi that lists no GPU: "no GPU", exit 0; with --require-gpu, exit 2.
2. nvidia-smi that lists one (a stub): the props and bench steps against the real build (every
   CUDA variant is skipped, no device being there), then the summary, the README rows and the
   acceptance table are written and say what was not measured.
3. A profile written beforehand: its acceptance rows use each chip's targets (H100, H200, none).
4. An unknown step is a usage error.
"""
import json
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
expect("| kato/match/cuda | not yet run on a GPU |" in status, "README rows: a skipped variant stays 'not yet run on a GPU'")
expect("quant_llm/generate/cuda_graph" in status, "README rows: every CUDA variant of the GPU suite")
acceptance = read("acceptance.md")
expect("| crucible profile | a GPU part | absent" in acceptance, "acceptance: no profile, said so")
expect("not measured" in acceptance and "| no |" in acceptance, "acceptance: unmeasured checks are not met")

# 3. The profile's acceptance rows judge each chip by its own targets: a profile written
# beforehand (the profile step not asked) stands in for one measured on three chips.
out = os.path.join(work, "targets")
os.makedirs(out)
with open(os.path.join(out, "profile.json"), "w") as f:
    json.dump({"gpu": {"devices": [
        {"name": "NVIDIA H200", "measured": {"d2d_bytes_per_s": 4.2e12, "gemm": {"bf16": {"flops": 7.8e14, "n": 8192}}}},
        {"name": "NVIDIA H100 80GB HBM3", "measured": {"d2d_bytes_per_s": 4.2e12, "gemm": {"bf16": {"flops": 7.8e14, "n": 8192}}}},
        {"name": "NVIDIA L4", "measured": {"d2d_bytes_per_s": 0.25e12, "gemm": {"bf16": {"absent": "stub"}}}}]}}, f)
rc, text = run(["1", "--build", build, "--out", out, "--steps", "props"], one_gpu)
expect(rc == 0, "stub GPU, a profile written beforehand: exit 0 (got %d)" % rc)
acceptance = read("acceptance.md")
expect("| NVIDIA H200: device-to-device copy (read + write) | 4.3 TB/s ± 10 % (H200) | 4.20 TB/s | yes |" in acceptance,
       "acceptance: an H200's copy is judged by the H200's target")
expect("| NVIDIA H100 80GB HBM3: device-to-device copy (read + write) | 3.0 TB/s ± 10 % (H100) | 4.20 TB/s | no |" in acceptance,
       "acceptance: an H100's copy is judged by the H100's target")
expect("| NVIDIA H200: bf16 GEMM 8192³ (cuBLAS) | 790 TFLOP/s ± 10 % (H200) | 780 TFLOP/s | yes |" in acceptance,
       "acceptance: bf16 GEMM against the chip's target")
expect("| NVIDIA L4: device-to-device copy (read + write) | reported (no target for this chip) | 0.25 TB/s | - |" in acceptance,
       "acceptance: a chip without targets is reported, not judged")

rc, text = run(["--steps", "profile,nonsense"], one_gpu)
expect(rc == 2 and "unknown step 'nonsense'" in text, "unknown step: exit 2 with the known ones")
sys.exit(1 if failures else 0)
