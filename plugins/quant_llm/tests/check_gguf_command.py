#!/usr/bin/env python3
"""`crucible gguf synth|info|dequant|generate` end to end, and bad files through the CLI:
each must exit non-zero with one clear error line naming the file, never crash.

Usage: check_gguf_command.py CRUCIBLE_EXE WORKDIR
"""
import os
import struct
import subprocess
import sys

exe, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
fail = 0


def run(*args):
    p = subprocess.run([exe, "gguf", *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def check(ok, what, extra=""):
    global fail
    print(("ok   " if ok else "FAIL ") + what + (("\n" + extra) if (extra and not ok) else ""))
    fail += 0 if ok else 1


model = os.path.join(work, "tiny.gguf")
rc, out, err = run("synth", "--arch", "llama", "--preset", "tiny", "--mix", "q4_k_m", "--seed", "9", "--out", model)
check(rc == 0 and os.path.getsize(model) > 100000, "synth writes a tiny model", out + err)

rc, out, err = run("info", model)
check(rc == 0 and "general.architecture" in out and "blk.1.attn_v.weight" in out and "Q6_K" in out,
      "info prints keys and tensors", out + err)
check("21 tensors" in out, "info counts 21 tensors", out)

f32 = os.path.join(work, "norm.f32")
rc, out, err = run("dequant", model, "output_norm.weight", "--out", f32)
data = open(f32, "rb").read() if rc == 0 else b""
check(rc == 0 and len(data) == 256 * 4, "dequant writes 256 floats", out + err)
vals = struct.unpack("<256f", data) if len(data) == 1024 else []
check(all(0.85 < v < 1.15 for v in vals), "dequantized norm weights are near 1")

rc, out, err = run("dequant", model, "no.such.tensor")
check(rc == 2 and "no tensor named 'no.such.tensor'" in err, "dequant of a missing tensor names it", err)

rc, out, err = run("generate", model, "--prompt", "4", "--gen", "8", "--threads", "2", "--rss-every", "4")
check(rc == 0 and "tok/s" in out and "dispatch:" in out and "FALLBACK" not in out, "generate runs with no fallback",
      out + err)

blob = open(model, "rb").read()
cases = {
    "truncated.gguf": blob[: len(blob) // 3],
    "header_only.gguf": blob[:20],
    "empty.gguf": b"",
    "text.gguf": b"hello, this is not a model\n",
    "bigendian.gguf": blob[:4] + struct.pack(">I", 3) + blob[8:],
    "liar_count.gguf": blob[:8] + struct.pack("<Q", 1 << 40) + blob[16:],
}
for name, data in cases.items():
    path = os.path.join(work, name)
    open(path, "wb").write(data)
    rc, out, err = run("info", path)
    lines = [l for l in err.splitlines() if l.strip()]
    check(rc == 2 and len(lines) == 1 and path in lines[0] and "offset" in lines[0],
          f"{name}: one clear error line", f"rc={rc} stderr={err!r}")

rc, out, err = run("frobnicate")
check(rc == 2 and "unknown subcommand" in err, "unknown subcommand is refused")
rc, out, err = run("synth", "--preset", "huge", "--out", os.path.join(work, "x.gguf"))
check(rc == 2 and "unknown preset 'huge'" in err, "unknown preset is refused", err)
print("failures:", fail)
sys.exit(1 if fail else 0)
