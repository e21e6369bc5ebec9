"""Test images for vl_preproc and their Hugging Face references (PIL backend).

Images are synthetic (seeded gradients and noise) and encoded in every PNG colour type and
bit depth the decoder handles, plus JPEG (baseline, progressive, grayscale, CMYK). The
reference is transformers' Qwen2VLImageProcessorPil built offline with the hub's arguments.
"""
import io
import struct
import zlib

import numpy as np

MODELS = {
    "qwen2": dict(patch_size=14, merge_size=2, temporal_patch_size=2, min_pixels=3136, max_pixels=12845056,
                  image_mean=[0.48145466, 0.4578275, 0.40821073], image_std=[0.26862954, 0.26130258, 0.27577711]),
    "qwen3": dict(patch_size=16, merge_size=2, temporal_patch_size=2, min_pixels=65536, max_pixels=16777216,
                  image_mean=[0.5, 0.5, 0.5], image_std=[0.5, 0.5, 0.5]),
}
MODELS["qwen2.5"] = MODELS["qwen2"]


def fnv1a64(data: bytes) -> str:
    h = 0xcbf29ce484222325
    arr = np.frombuffer(data, dtype=np.uint8)
    # Chunked pure-Python loop is slow; numpy has no FNV, so loop in Python (fixtures are small).
    for b in arr.tolist():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png(samples: np.ndarray, color_type: int, bit_depth: int, palette=None, trns=None) -> bytes:
    """samples: (h, w, channels) integers in [0, 2^bit_depth)."""
    h, w = samples.shape[:2]
    rows = []
    for y in range(h):
        row = samples[y].reshape(-1)
        if bit_depth == 16:
            raw = row.astype(">u2").tobytes()
        elif bit_depth == 8:
            raw = row.astype(np.uint8).tobytes()
        else:
            per = 8 // bit_depth
            padded = np.zeros(((len(row) + per - 1) // per) * per, dtype=np.uint8)
            padded[: len(row)] = row
            packed = np.zeros(len(padded) // per, dtype=np.uint8)
            for i in range(per):
                packed |= (padded[i::per] << (8 - bit_depth * (i + 1))).astype(np.uint8)
            raw = packed.tobytes()
        rows.append(b"\x00" + raw)
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0))
    if palette is not None:
        out += png_chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    if trns is not None:
        out += png_chunk(b"tRNS", trns)
    out += png_chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + png_chunk(b"IEND", b"")
    return out


def pattern(rng, h, w, c, maxval):
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([(x * 7 + y * 3 + k * 50) for k in range(c)], axis=-1).astype(np.int64)
    noise = rng.integers(0, maxval + 1, size=(h, w, c))
    v = np.where(rng.random((h, w, 1)) < 0.5, base % (maxval + 1), noise)
    return v.astype(np.int64)


def make_png_cases(rng, sizes):
    """(name, bytes) pairs covering PNG colour types and depths."""
    cases = []
    for (w, h) in sizes:
        cases.append((f"rgb8_{w}x{h}.png", encode_png(pattern(rng, h, w, 3, 255), 2, 8)))
    w, h = sizes[0]
    cases.append((f"rgba8_{w}x{h}.png", encode_png(pattern(rng, h, w, 4, 255), 6, 8)))
    cases.append((f"gray8_{w}x{h}.png", encode_png(pattern(rng, h, w, 1, 255), 0, 8)))
    cases.append((f"gray4_{w}x{h}.png", encode_png(pattern(rng, h, w, 1, 15), 0, 4)))
    cases.append((f"gray1_{w}x{h}.png", encode_png(pattern(rng, h, w, 1, 1), 0, 1)))
    cases.append((f"gray2_{w}x{h}.png", encode_png(pattern(rng, h, w, 1, 3), 0, 2)))
    cases.append((f"graya8_{w}x{h}.png", encode_png(pattern(rng, h, w, 2, 255), 4, 8)))
    cases.append((f"rgb16_{w}x{h}.png", encode_png(pattern(rng, h, w, 3, 65535), 2, 16)))
    cases.append((f"rgba16_{w}x{h}.png", encode_png(pattern(rng, h, w, 4, 65535), 6, 16)))
    cases.append((f"gray16_{w}x{h}.png", encode_png(pattern(rng, h, w, 1, 65535) // 97, 0, 16)))
    pal = rng.integers(0, 256, size=(16, 3))
    idx = pattern(rng, h, w, 1, 15)
    cases.append((f"palette4_{w}x{h}.png", encode_png(idx, 3, 4, palette=pal)))
    alphas = bytes(rng.integers(0, 256, size=10).astype(np.uint8))
    cases.append((f"palette_trns_{w}x{h}.png", encode_png(idx, 3, 8, palette=pal, trns=alphas)))
    rgb = pattern(rng, h, w, 3, 3) * 80  # few distinct values, so the key colour occurs
    cases.append((f"rgb_trns_{w}x{h}.png", encode_png(rgb, 2, 8, trns=struct.pack(">HHH", 80, 0, 160))))
    g = pattern(rng, h, w, 1, 3) * 80
    cases.append((f"gray_trns_{w}x{h}.png", encode_png(g, 0, 8, trns=struct.pack(">H", 160))))
    return cases


def make_jpeg_cases(rng, sizes):
    from PIL import Image
    cases = []
    for (w, h) in sizes:
        arr = pattern(rng, h, w, 3, 255).astype(np.uint8)
        buf = io.BytesIO()
        Image.fromarray(arr, "RGB").save(buf, "JPEG", quality=90)
        cases.append((f"rgb_{w}x{h}.jpg", buf.getvalue()))
    w, h = sizes[0]
    arr = pattern(rng, h, w, 3, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr, "RGB").save(buf, "JPEG", quality=80, progressive=True)
    cases.append((f"progressive_{w}x{h}.jpg", buf.getvalue()))
    buf = io.BytesIO()
    Image.fromarray(arr[:, :, 0], "L").save(buf, "JPEG", quality=85)
    cases.append((f"gray_{w}x{h}.jpg", buf.getvalue()))
    buf = io.BytesIO()
    Image.fromarray(pattern(rng, h, w, 4, 255).astype(np.uint8), "CMYK").save(buf, "JPEG", quality=85)
    cases.append((f"cmyk_{w}x{h}.jpg", buf.getvalue()))
    buf = io.BytesIO()
    Image.fromarray(arr, "RGB").save(buf, "JPEG", quality=90, subsampling=0)
    cases.append((f"rgb444_{w}x{h}.jpg", buf.getvalue()))
    return cases


def processor(model, min_pixels=None, max_pixels=None):
    from transformers.models.qwen2_vl.image_processing_pil_qwen2_vl import Qwen2VLImageProcessorPil
    args = dict(MODELS[model])
    if min_pixels is not None:
        args["min_pixels"] = min_pixels
    if max_pixels is not None:
        args["max_pixels"] = max_pixels
    return Qwen2VLImageProcessorPil(**args)


def reference(data: bytes, model, min_pixels=None, max_pixels=None):
    """(decoded RGB array, pixel_values, grid) or an error string, as transformers computes them."""
    from PIL import Image
    from transformers.image_transforms import convert_to_rgb
    try:
        im = Image.open(io.BytesIO(data))
        im.load()
    except Exception as e:  # noqa: BLE001 - any Pillow failure is a per-item error
        return f"decode: {type(e).__name__}: {e}"
    rgb = convert_to_rgb(im, return_numpy=True)
    try:
        out = processor(model, min_pixels, max_pixels)(images=[im], return_tensors="np")
    except ValueError as e:
        return f"resize: {e}", rgb
    return rgb, np.ascontiguousarray(out["pixel_values"], dtype=np.float32), out["image_grid_thw"].astype(np.int64)
