#!/usr/bin/env python3
"""Peer comparison for vl_preproc: images/s of transformers' Qwen2VLImageProcessorPil (PIL
backend, the bit-exact reference) and of vl_preproc (cpu_ref: 1 thread scalar; cpu_fast: 1
and 2 threads, best ISA) on the same PNG files, in one run, with the ratios.

The images are seeded synthetic PNGs (half noise, half gradients) at photo sizes. Each
measurement is the best of --repeats timed passes over all files, decode included. The HF
processor runs in this process on one core (PIL is single-threaded here); vl_preproc runs as
the vl_reference_driver binary, whose process start is outside its timer.

Usage: scripts/vl_peer.py --driver build/bin/vl_reference_driver [--json out.json]
Needs pillow, transformers, numpy (pip); exits 77 without them.
"""
import argparse
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "plugins", "vl_preproc", "tests"))
try:
    import numpy as np
    from PIL import Image
    import transformers
    import vl_cases
except ImportError as e:
    print(f"skipped: {e}; pip install pillow transformers numpy")
    sys.exit(77)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--driver", required=True)
    ap.add_argument("--sizes", default="640x480,1920x1080", help="comma-separated WxH")
    ap.add_argument("--images", type=int, default=8, help="images per size")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--model", default="qwen2", choices=["qwen2", "qwen2.5", "qwen3"])
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    rng = np.random.default_rng(7)
    results = {"machine": f"{platform.machine()} {os.cpu_count()} CPUs", "model": args.model,
               "transformers": transformers.__version__, "pillow": Image.__version__, "sizes": {}}
    proc = vl_cases.processor(args.model)
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            w, h = (int(v) for v in size.split("x"))
            paths, blobs = [], []
            for i in range(args.images):
                blob = vl_cases.encode_png(vl_cases.pattern(rng, h, w, 3, 255), 2, 8)
                p = os.path.join(tmp, f"{size}_{i}.png")
                with open(p, "wb") as f:
                    f.write(blob)
                paths.append(p)
                blobs.append(blob)
            best = float("inf")
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                for blob in blobs:
                    proc(images=[Image.open(io.BytesIO(blob))], return_tensors="np")
                best = min(best, time.perf_counter() - t0)
            row = {"hf_pil": len(blobs) / best}
            for name, extra in (("cpu_ref", ["--isa", "scalar", "--threads", "1"]),
                                ("cpu_fast_1", ["--isa", "avx512", "--threads", "1"]),
                                ("cpu_fast_2", ["--isa", "avx512", "--threads", "2"])):
                rates = []
                for _ in range(args.repeats):
                    out = subprocess.run([args.driver, tmp, "--model", args.model, "--time", "1"] + extra + paths,
                                         check=True, capture_output=True, text=True).stdout
                    rates.append(json.loads(out)["images_per_s"])
                row[name] = max(rates)
            row.update({f"{k}_vs_hf": row[k] / row["hf_pil"] for k in ("cpu_ref", "cpu_fast_1", "cpu_fast_2")})
            results["sizes"][size] = row
            print(f"{size}: " + ", ".join(f"{k} {v:.2f}" for k, v in row.items()), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
