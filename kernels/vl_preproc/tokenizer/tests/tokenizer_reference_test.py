#!/usr/bin/env python3
"""Token ids of the C++ tokenizer (the vl_tokenize driver) against Hugging Face `tokenizers`
on the committed corpus plus seeded random texts, for: the committed small trained tokenizer
(also against its committed golden ids), a small tokenizer trained now, and a real Qwen2
vocabulary built from llama.cpp's ggml-vocab-qwen2.gguf. Exit 77 (skipped) without
`tokenizers`; the Qwen2 part is skipped, with the reason, when `gguf` or the llama-cpp-python
source distribution cannot be had.

  --regenerate   rewrite data/small_tokenizer.json and data/small_golden.jsonl"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tokenizer_fixtures as fixtures  # noqa: E402

POOLS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "0123456789", "'''''sStTrRvVeEmMlLdD\u017f",
    " " * 6 + "\t\n\r\u00a0\u3000\u2028\u0085\u000b\u000c",
    "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~",
    "\u00e9\u00e8\u00fc\u00f1\u00c5\u00df\u00e6\u00f8",
    "\u0300\u0301\u0302\u0308\u0323\u0327\u030a\u0903\u093e",
    "你好世界机器学习，。！？日本語カタカナひらがな",
    "हिन्दीभाषामेंनमस्ते१२३",
    "مرحبابالعالم١٢٣",
    "\u1100\u1161\u11a8\u1112\u1173\u11af한국어",
    "😀🎉🚀👍🏽\u200d👨👩👧🇫🇷❤\ufe0f",
    ["<|im_start|>", "<|im_end|>", "<|image_pad|>", "<|vision_start|>", "<|vision_end|>", "<|endoftext|>",
     "<tool_call>", "<|", "|>", "<"],
]


def assigned_code_points():
    out = []
    for cp in range(0x20, 0x32000):
        ch = chr(cp)
        if unicodedata.category(ch) not in ("Cn", "Cs", "Co"):
            out.append(ch)
    return out


def random_texts(seed, count):
    rng = random.Random(seed)
    anything = assigned_code_points()
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 40)):
            if rng.random() < 0.1:
                parts.append(rng.choice(anything))
            else:
                pool = rng.choice(POOLS)
                parts.append(rng.choice(pool) * (rng.randint(1, 4) if rng.random() < 0.2 else 1))
        texts.append("".join(parts))
    return texts


def run_driver(driver, tokenizer_json, texts):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps(t) + "\n")
        path = f.name
    try:
        r = subprocess.run([driver, "--tokenizer", tokenizer_json, "--input", path], capture_output=True, text=True)
    finally:
        os.unlink(path)
    if r.returncode != 0:
        raise SystemExit(f"driver failed ({r.returncode}): {r.stderr.strip()}")
    out = [json.loads(line) for line in r.stdout.splitlines()]
    if len(out) != len(texts):
        raise SystemExit(f"driver printed {len(out)} results for {len(texts)} texts")
    return out


def compare(label, driver, tokenizer_json, texts):
    from tokenizers import Tokenizer
    ref = Tokenizer.from_file(tokenizer_json)
    want = [e.ids for e in ref.encode_batch(texts, add_special_tokens=True)]
    got = run_driver(driver, tokenizer_json, texts)
    bad = [i for i, (a, b) in enumerate(zip(want, got)) if a != b]
    for i in bad[:5]:
        print(f"{label}: MISMATCH text {i} {texts[i]!r}\n  tokenizers {want[i]}\n  C++        {got[i]}")
    print(f"{label}: {len(texts) - len(bad)}/{len(texts)} texts equal, {sum(map(len, want))} tokens")
    return not bad, want


def read_corpus():
    with open(os.path.join(HERE, "data", "corpus.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--driver", help="path of vl_tokenize")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "crucible-vl-tokenizer"),
                    help="folder for the downloaded llama-cpp-python sdist and the extracted GGUF")
    ap.add_argument("--seed", type=int, default=20240607)
    ap.add_argument("--random", type=int, default=400, help="random texts per tokenizer")
    ap.add_argument("--regenerate", action="store_true")
    a = ap.parse_args()
    try:
        import tokenizers  # noqa: F401
    except ImportError:
        print("skipped: the Python package `tokenizers` is not installed (scripts/setup.sh installs it)")
        return 77
    corpus = read_corpus()
    small_json = os.path.join(HERE, "data", "small_tokenizer.json")
    golden = os.path.join(HERE, "data", "small_golden.jsonl")
    if a.regenerate:
        tok = fixtures.build_small(small_json)
        with open(golden, "w", encoding="utf-8") as f:
            for t in corpus:
                f.write(json.dumps(tok.encode(t).ids) + "\n")
        print(f"wrote {small_json} and {golden}")
        return 0
    if not a.driver:
        ap.error("--driver is required")
    ok = True
    texts = corpus + random_texts(a.seed, a.random)

    good, want = compare("small (committed)", a.driver, small_json, texts)
    ok &= good
    with open(golden, encoding="utf-8") as f:
        gold = [json.loads(line) for line in f if line.strip()]
    if gold != want[:len(corpus)]:
        print("small (committed): tokenizers' ids differ from data/small_golden.jsonl (a tokenizers change?)")
        ok = False

    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, "trained.json")
        fixtures.build_small(fresh, vocab_size=1500)
        ok &= compare("small (trained now)", a.driver, fresh, texts)[0]

        try:
            import gguf  # noqa: F401
            gguf_path, why = fixtures.qwen2_gguf(a.cache)
        except ImportError:
            gguf_path, why = None, "the Python package `gguf` is not installed"
        if gguf_path is None:
            print(f"qwen2: skipped: {why}")
        else:
            qwen = os.path.join(tmp, "qwen2.json")
            fixtures.build_qwen2(gguf_path, qwen)
            ok &= compare("qwen2 (ggml-vocab-qwen2.gguf)", a.driver, qwen, texts + random_texts(a.seed + 1, a.random))[0]
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
