#!/usr/bin/env python3
"""Regenerates plugins/vl_preproc/tests/data: small seeded images and golden.json, the
reference results of transformers' Qwen2VLImageProcessorPil (PIL backend, built offline with
the hub's arguments) on them. golden.json stores, per case and model, the grid and FNV-1a 64
hashes of the decoded RGB bytes and of the float32 pixel_values, or the reference's error.

Needs: pip install pillow transformers numpy (no torch). Usage: scripts/vl_make_goldens.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(HERE, "..", "plugins", "vl_preproc", "tests")
sys.path.insert(0, TESTS)

import numpy as np  # noqa: E402
import PIL  # noqa: E402
import transformers  # noqa: E402

import vl_cases  # noqa: E402


def gradient(h, w):
    y, x = np.mgrid[0:h, 0:w]
    # Blocky, so that the PNG stays small.
    return np.stack([(x // 8 * 20) % 256, (y // 8 * 30) % 256, ((x + y) // 16 * 10) % 256], axis=-1)


def main():
    rng = np.random.default_rng(20261203)
    data = os.path.join(TESTS, "data")
    os.makedirs(data, exist_ok=True)
    cases = vl_cases.make_png_cases(rng, [(13, 11), (37, 23)]) + vl_cases.make_jpeg_cases(rng, [(45, 29)])
    # smart_resize exact .5 cases: 70 = 2.5 * 28 and 42 = 1.5 * 28 (Qwen2); 400 = 12.5 * 32 and
    # 208 = 6.5 * 32 (Qwen3, 384 x 192 is above its min_pixels).
    cases.append(("half_70x42.png", vl_cases.encode_png(gradient(42, 70), 2, 8)))
    cases.append(("half_400x208.png", vl_cases.encode_png(gradient(208, 400), 2, 8)))
    # 1xN strips: the reference rejects ratios above 200 and accepts 200 exactly.
    cases.append(("strip_250x1.png", vl_cases.encode_png(gradient(1, 250), 2, 8)))
    cases.append(("strip_1x201.png", vl_cases.encode_png(gradient(201, 1), 2, 8)))
    cases.append(("strip_200x1.png", vl_cases.encode_png(gradient(1, 200), 2, 8)))
    cases.append(("one_1x1.png", vl_cases.encode_png(gradient(1, 1), 2, 8)))
    # Pillow 13 order: vertical pass first (height shrinks by more than twice the width).
    cases.append(("order_85x94.png", vl_cases.encode_png(vl_cases.pattern(rng, 94, 85, 3, 255), 2, 8)))
    # Real photographs (plugins/vl_preproc/tests/photos, see its README): a PNG and a JPEG.
    photos = []
    for name in ("chelsea.png", "rocket.jpg"):
        with open(os.path.join(TESTS, "photos", name), "rb") as f:
            photos.append(("../photos/" + name, f.read()))
    golden = {"generator": "scripts/vl_make_goldens.py", "transformers": transformers.__version__,
              "pillow": PIL.__version__, "cases": []}
    for name, blob in cases + photos:
        if not name.startswith("../"):
            with open(os.path.join(data, name), "wb") as f:
                f.write(blob)
        entry = {"file": name, "models": {}}
        for model in ("qwen2", "qwen3"):
            ref = vl_cases.reference(blob, model)
            if isinstance(ref, str):
                entry["models"][model] = {"error": ref}
            elif len(ref) == 2:
                entry["models"][model] = {"error": ref[0], "rgb_fnv": vl_cases.fnv1a64(np.ascontiguousarray(ref[1]).tobytes())}
            else:
                rgb, pv, grid = ref
                entry["models"][model] = {"grid": grid[0].tolist(), "rgb_fnv": vl_cases.fnv1a64(np.ascontiguousarray(rgb).tobytes()),
                                          "pixel_values_fnv": vl_cases.fnv1a64(pv.tobytes())}
        golden["cases"].append(entry)
        print(name, entry["models"]["qwen2"].get("grid", entry["models"]["qwen2"].get("error")))
    with open(os.path.join(data, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
