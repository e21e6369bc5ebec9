#!/usr/bin/env python3
"""Bit-exact comparison of vl_preproc with transformers' Qwen2VLImageProcessorPil (Pillow).

Generates seeded images (every PNG colour type and depth, JPEG baseline/progressive/gray/
CMYK, random odd sizes, rejected 1xN strips), runs the reference and the C++ driver, and
requires: identical decoded RGB, identical grid, bitwise-identical float32 pixel_values, and
an error exactly where the reference raises one. Exit 77 (skipped) without pillow/transformers.
"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import numpy as np
    import PIL  # noqa: F401
    import transformers  # noqa: F401
    import vl_cases
except ImportError as e:
    print(f"skipped: Python reference packages missing ({e}); pip install pillow transformers numpy")
    sys.exit(77)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--random", type=int, default=12, help="random-size RGB cases per model")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    cases = vl_cases.make_png_cases(rng, [(37, 23)]) + vl_cases.make_jpeg_cases(rng, [(45, 29)])
    for _ in range(args.random):
        w, h = int(rng.integers(1, 300)), int(rng.integers(1, 300))
        cases.append((f"random_{w}x{h}.png", vl_cases.encode_png(vl_cases.pattern(rng, h, w, 3, 255), 2, 8)))
    cases.append(("strip_1x250.png", vl_cases.encode_png(vl_cases.pattern(rng, 1, 250, 3, 255), 2, 8)))
    cases.append(("strip_300x1.png", vl_cases.encode_png(vl_cases.pattern(rng, 300, 1, 3, 255), 2, 8)))
    cases.append(("one_1x1.png", vl_cases.encode_png(vl_cases.pattern(rng, 1, 1, 3, 255), 2, 8)))
    for name in ("chelsea.png", "rocket.jpg"):
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "photos", name), "rb") as f:
            cases.append((name, f.read()))
    failures = 0
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in cases:
            p = os.path.join(tmp, name)
            with open(p, "wb") as f:
                f.write(data)
            paths.append(p)
        runs = [("qwen2", ["--isa", "scalar", "--threads", "1"], None, None),
                ("qwen3", ["--isa", "avx512", "--threads", "2"], None, None),
                ("qwen2", ["--isa", "avx2", "--threads", "2"], 784, 40000)]
        for model, extra, mn, mx in runs:
            out = os.path.join(tmp, f"out_{model}_{mn}")
            os.makedirs(out)
            cmd = [args.driver, out, "--model", model] + extra
            if mn is not None:
                cmd += ["--min-pixels", str(mn), "--max-pixels", str(mx)]
            subprocess.run(cmd + paths, check=True)
            for i, (name, data) in enumerate(cases):
                import json
                got = json.load(open(os.path.join(out, f"{i}.json")))
                ref = vl_cases.reference(data, model, mn, mx)
                label = f"{model}/{mn}/{name}"
                checked += 1
                if isinstance(ref, str):
                    if "error" not in got:
                        print(f"FAIL {label}: reference error {ref!r}, ours succeeded")
                        failures += 1
                    continue
                if len(ref) == 2:  # decoded, then the resize raised
                    if "error" not in got or ref[0].split(": ", 1)[1] not in got["error"]:
                        print(f"FAIL {label}: reference {ref[0]!r}, ours {got}")
                        failures += 1
                    continue
                rgb, pv, grid = ref
                if "error" in got:
                    print(f"FAIL {label}: ours failed: {got['error']}")
                    failures += 1
                    continue
                ours_rgb = np.fromfile(os.path.join(out, f"{i}.rgb"), dtype=np.uint8)
                if ours_rgb.size != rgb.size or not np.array_equal(ours_rgb, rgb.reshape(-1)):
                    diff = np.count_nonzero(ours_rgb != rgb.reshape(-1)) if ours_rgb.size == rgb.size else "size"
                    print(f"FAIL {label}: decoded RGB differs ({diff})")
                    failures += 1
                    continue
                if got["grid"] != grid[0].tolist():
                    print(f"FAIL {label}: grid {got['grid']} != {grid[0].tolist()}")
                    failures += 1
                    continue
                ours = np.fromfile(os.path.join(out, f"{i}.pv"), dtype=np.float32)
                if ours.size != pv.size or not np.array_equal(ours.view(np.uint32), pv.reshape(-1).view(np.uint32)):
                    n = np.count_nonzero(ours.view(np.uint32) != pv.reshape(-1).view(np.uint32)) if ours.size == pv.size else "size"
                    print(f"FAIL {label}: pixel_values differ in {n} of {pv.size}")
                    failures += 1
    print(f"{checked - failures}/{checked} cases bit-exact with transformers {transformers.__version__}, Pillow {PIL.__version__}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
