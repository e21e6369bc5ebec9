#!/usr/bin/env python3
"""Cross-check quant_llm against gguf-py (PyPI `gguf`, which needs `numpy`):

* gguf-py's GGUFReader reads the files we wrote (KVs, tensor table, data offsets);
* gguf-py's numpy dequantizers give bit-identical floats to ours for every supported type;
* gguf-py's Q8_0 and Q4_0 quantizers (ports of the reference ones) give identical bytes.

Usage: check_gguf_py.py WRITE_FIXTURE_EXE WORKDIR. Exits 77 (skipped) when gguf/numpy are missing.
"""
import os
import subprocess
import sys

try:
    import numpy as np
    import gguf
    from gguf import GGMLQuantizationType as Q
    from gguf.quants import dequantize, quantize
except ImportError as e:  # pragma: no cover
    print(f"skipped: {e} (pip install gguf numpy)")
    sys.exit(77)

exe, work = sys.argv[1], sys.argv[2]
subprocess.run([exe, work], check=True)
fail = 0


def check(ok, what):
    global fail
    print(("ok   " if ok else "FAIL ") + what)
    fail += 0 if ok else 1


r = gguf.GGUFReader(os.path.join(work, "fixture.gguf"))
f = r.fields
check(bytes(f["general.architecture"].parts[-1]).decode() == "llama", "architecture string")
strings = [bytes(f["test.strings"].parts[i]).decode() for i in f["test.strings"].data]
check(strings == ["a", "\u2581b", ""], f"string array {strings}")
check([int(f["test.ints"].parts[i][0]) for i in f["test.ints"].data] == [1, -2, 3], "int array")
check(float(f["test.float"].parts[-1][0]) == 0.25, "float")
check(bool(f["test.bool"].parts[-1][0]), "bool")

source = np.fromfile(os.path.join(work, "source.f32"), dtype=np.float32).reshape(8, 512)
for t in r.tensors:
    name = t.name.split(".", 1)[1]
    qt = getattr(Q, name)
    check(t.tensor_type == qt, f"{t.name}: type {t.tensor_type.name}")
    check(list(t.shape) == [512, 8], f"{t.name}: shape {list(t.shape)}")
    raw = np.fromfile(os.path.join(work, name + ".bin"), dtype=np.uint8)
    check(np.array_equal(np.asarray(t.data).view(np.uint8).reshape(-1), raw), f"{t.name}: data bytes at the right offset")
    ours = np.fromfile(os.path.join(work, name + ".f32"), dtype=np.float32).reshape(8, 512)
    theirs = dequantize(raw.reshape(8, -1), qt).astype(np.float32).reshape(8, 512)
    same = np.array_equal(ours.view(np.uint32), theirs.view(np.uint32))
    diff = np.max(np.abs(ours - theirs))
    check(same, f"{name}: dequantize bit-identical to gguf-py (max diff {diff})")
    if name in ("Q8_0", "Q4_0", "F16", "BF16"):
        q = np.asarray(quantize(source, qt)).view(np.uint8).reshape(-1)
        check(np.array_equal(q, raw), f"{name}: quantize bytes identical to gguf-py ({int(np.sum(q != raw))} differ)")

m = gguf.GGUFReader(os.path.join(work, "tiny.gguf"))
check(len(m.tensors) == 2 * 9 + 3, f"tiny model: {len(m.tensors)} tensors")
types = {t.name: t.tensor_type.name for t in m.tensors}
check(types["blk.1.attn_v.weight"] == "Q6_K" and types["blk.0.attn_v.weight"] == "Q4_K", "tiny model: Q4_K_M mix")
check(len(m.fields["tokenizer.ggml.tokens"].data) == 512, "tiny model: 512 tokens")
for t in m.tensors:
    if t.tensor_type.name in ("Q4_K", "Q6_K"):
        y = dequantize(np.asarray(t.data), t.tensor_type)
        if not np.all(np.isfinite(y)):
            check(False, f"tiny model: {t.name} dequantizes to non-finite values")
print("failures:", fail)
sys.exit(1 if fail else 0)
