#!/usr/bin/env python3
"""Encoding throughput, tokens per second, of the C++ tokenizer (vl_tokenize --bench) and of
Hugging Face `tokenizers` (encode_batch, its Rayon pool limited with RAYON_NUM_THREADS) on the
same texts, with the same tokenizer.json, in one run, at 1 and 2 threads. Both use their
piece caches as they do by default; each measures repeated passes after one warm-up pass.

Texts: the tokenizer test corpus plus the repository's Markdown files split into paragraphs.
Tokenizer: the Qwen2 vocabulary built from ggml-vocab-qwen2.gguf when it can be had (see
tests/tokenizer_fixtures.py), else the committed small trained tokenizer. Prints a Markdown
table and, with --json FILE, writes the numbers."""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(HERE, "..", "tests")
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, TESTS)


def bench_texts():
    with open(os.path.join(TESTS, "data", "corpus.jsonl"), encoding="utf-8") as f:
        texts = [json.loads(line) for line in f if line.strip()]
    for path in sorted(glob.glob(os.path.join(ROOT, "*.md")) + glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        with open(path, encoding="utf-8") as f:
            texts += [p for p in f.read().split("\n\n") if p.strip()]
    return texts


PEER = r"""
import json, sys, time
from tokenizers import Tokenizer
tok = Tokenizer.from_file(sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
seconds = float(sys.argv[3])
out = {}
# encode_batch builds full Encodings (offsets, masks); encode_batch_fast (tokenizers >= 0.21)
# skips the offsets.
for name in ["encode_batch", "encode_batch_fast"]:
    fn = getattr(tok, name, None)
    if fn is None:
        continue
    tokens = sum(len(e.ids) for e in fn(texts))
    passes, start = 0, time.perf_counter()
    while True:
        fn(texts)
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    out[name] = tokens * passes / elapsed
    out["tokens"] = tokens
print(json.dumps(out))
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--driver", required=True, help="path of vl_tokenize")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "crucible-vl-tokenizer"))
    ap.add_argument("--json", help="write the results here")
    a = ap.parse_args()
    try:
        import tokenizers  # noqa: F401
    except ImportError:
        print("skipped: the Python package `tokenizers` is not installed")
        return 77
    import tokenizer_fixtures as fixtures
    texts = bench_texts()
    with tempfile.TemporaryDirectory() as tmp:
        tok_json, label = os.path.join(TESTS, "data", "small_tokenizer.json"), "small trained (764 ids)"
        try:
            gguf_path, why = fixtures.qwen2_gguf(a.cache)
        except ImportError as e:
            gguf_path, why = None, str(e)
        if gguf_path:
            tok_json, label = os.path.join(tmp, "qwen2.json"), "Qwen2 (ggml-vocab-qwen2.gguf)"
            fixtures.build_qwen2(gguf_path, tok_json)
        else:
            print(f"note: Qwen2 vocabulary unavailable ({why}); using the small tokenizer")
        jsonl = os.path.join(tmp, "texts.jsonl")
        with open(jsonl, "w", encoding="utf-8") as f:
            for t in texts:
                f.write(json.dumps(t) + "\n")
        texts_json = os.path.join(tmp, "texts.json")
        with open(texts_json, "w", encoding="utf-8") as f:
            json.dump(texts, f)
        rows = []
        for n in [int(x) for x in a.threads.split(",")]:
            cpp = json.loads(subprocess.run([a.driver, "--tokenizer", tok_json, "--input", jsonl, "--threads", str(n),
                                             "--bench", str(a.seconds)], check=True, capture_output=True, text=True).stdout)
            env = dict(os.environ, RAYON_NUM_THREADS=str(n), TOKENIZERS_PARALLELISM="true")
            peer = json.loads(subprocess.run([sys.executable, "-c", PEER, tok_json, texts_json, str(a.seconds)], env=env,
                                             check=True, capture_output=True, text=True).stdout)
            if peer["tokens"] != cpp["tokens"]:
                print(f"warning: token counts differ: C++ {cpp['tokens']}, tokenizers {peer['tokens']}")
            fast = peer.get("encode_batch_fast", float("nan"))
            rows.append({"threads": n, "cpp_tokens_per_s": cpp["tokens_per_s"], "hf_tokens_per_s": peer["encode_batch"],
                         "hf_fast_tokens_per_s": fast, "ratio": cpp["tokens_per_s"] / peer["encode_batch"],
                         "ratio_fast": cpp["tokens_per_s"] / fast, "tokens_per_pass": cpp["tokens"]})
    chars = sum(len(t) for t in texts)
    print(f"tokenizer: {label}; texts: {len(texts)} ({chars} characters, {rows[0]['tokens_per_pass']} tokens per pass)")
    print("| threads | C++ tokens/s | tokenizers encode_batch | encode_batch_fast | C++ / encode_batch | C++ / encode_batch_fast |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['threads']} | {r['cpp_tokens_per_s']:.3g} | {r['hf_tokens_per_s']:.3g} | {r['hf_fast_tokens_per_s']:.3g} "
              f"| {r['ratio']:.1f} | {r['ratio_fast']:.1f} |")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"tokenizer": label, "texts": len(texts), "rows": rows}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
