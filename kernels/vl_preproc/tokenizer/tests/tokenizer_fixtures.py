"""Builds the tokenizer.json files the reference tests compare against, with Hugging Face
`tokenizers`: a Qwen2 tokenizer from llama.cpp's models/ggml-vocab-qwen2.gguf (vocabulary and
merges read with `gguf`), and a small byte-level BPE trained locally with the Qwen2 pipeline.
Nothing is downloaded from a model hub."""
import io
import os
import subprocess
import sys
import tarfile
import tempfile

QWEN2_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|"
                 r" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")

# Qwen2-VL's added tokens after the 151643 regular ones (ids 151643..); the GGUF names the
# later ones [PAD…], so their contents come from the published tokenizer (shared/specs/vl.md §6.2).
QWEN2_SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>",
                 "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>",
                 "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>"]
QWEN2_ADDED = ["<tool_call>", "</tool_call>"]  # non-special added tokens (Qwen2.5)
SMALL_SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|vision_start|>", "<|vision_end|>",
                 "<|image_pad|>", "<|video_pad|>"]


def qwen2_pipeline(tok):
    from tokenizers import Regex, decoders, normalizers, pre_tokenizers, processors
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_PATTERN), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)


SDIST_MEMBER = "vendor/llama.cpp/models/ggml-vocab-qwen2.gguf"


def qwen2_gguf(cache_dir):
    """Path of ggml-vocab-qwen2.gguf, extracted from the llama-cpp-python source distribution
    (downloaded once into cache_dir with pip). None, with a reason, when it cannot be had."""
    os.makedirs(cache_dir, exist_ok=True)
    gguf_path = os.path.join(cache_dir, "ggml-vocab-qwen2.gguf")
    if os.path.exists(gguf_path):
        return gguf_path, None
    sdists = [f for f in os.listdir(cache_dir) if f.startswith("llama_cpp_python-") and f.endswith(".tar.gz")]
    if not sdists:
        r = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                            "llama-cpp-python", "-d", cache_dir], capture_output=True, text=True)
        sdists = [f for f in os.listdir(cache_dir) if f.startswith("llama_cpp_python-") and f.endswith(".tar.gz")]
        if r.returncode != 0 or not sdists:
            return None, "pip download llama-cpp-python failed: " + (r.stderr.strip().splitlines() or ["?"])[-1]
    with tarfile.open(os.path.join(cache_dir, sorted(sdists)[-1])) as tar:
        member = next((m for m in tar.getmembers() if m.name.endswith(SDIST_MEMBER)), None)
        if member is None:
            return None, "the llama-cpp-python sdist has no " + SDIST_MEMBER
        data = tar.extractfile(member).read()
    tmp = gguf_path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, gguf_path)
    return gguf_path, None


def build_qwen2(gguf_path, out_path):
    import gguf
    from tokenizers import AddedToken, Tokenizer, models
    reader = gguf.GGUFReader(gguf_path)

    def strings(key):
        field = reader.fields[key]
        return [bytes(field.parts[i]).decode("utf-8") for i in field.data]

    tokens = strings("tokenizer.ggml.tokens")
    types_field = reader.fields["tokenizer.ggml.token_type"]
    types = [int(types_field.parts[i][0]) for i in types_field.data]
    regular = [t for t, ty in zip(tokens, types) if ty == 1]  # NORMAL tokens come first
    assert regular == tokens[:len(regular)], "regular tokens are not a prefix"
    vocab = {t: i for i, t in enumerate(regular)}
    merges = [tuple(m.split(" ")) for m in strings("tokenizer.ggml.merges")]
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges, dropout=None, unk_token=None, fuse_unk=False,
                               byte_fallback=False))
    qwen2_pipeline(tok)
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in QWEN2_SPECIAL])
    tok.add_tokens([AddedToken(t, special=False, normalized=False) for t in QWEN2_ADDED])
    tok.save(out_path)
    return tok


def training_corpus():
    base = ["The quick brown fox jumps over the lazy dog. " * 3,
            "def encode(self, text):\n    return [self.vocab[t] for t in text.split()]\n",
            "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; }\n",
            "Tokenizers split text into pieces; merges join bytes by rank. 2024-06-07 12:30:45 $100.50",
            "Größe, Straße, café, naïve, résumé, Ångström, Ελληνικά, русский язык, українська",
            "你好，世界。今天天气很好，我们去公园散步吧。机器学习和自然语言处理。",
            "日本語のテキスト、カタカナとひらがな。한국어 문장도 있습니다.",
            "हिन्दी भाषा में लिखा गया वाक्य। नमस्ते दुनिया",
            "مرحبا بالعالم. هذه جملة باللغة العربية.",
            "emoji 😀🎉🚀👍🏽 👨‍👩‍👧 flags 🇫🇷🇯🇵",
            "   indented\n\n\ttabbed\r\nwindows line\n    more   spaces   here  "]
    return base * 20


def build_small(out_path, vocab_size=800):
    from tokenizers import AddedToken, Tokenizer, models, pre_tokenizers, trainers
    tok = Tokenizer(models.BPE())
    qwen2_pipeline(tok)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  special_tokens=[AddedToken(t, special=True, normalized=False) for t in SMALL_SPECIAL])
    tok.train_from_iterator(training_corpus(), trainer=trainer)
    tok.add_tokens([AddedToken("<tool_call>", special=False, normalized=False)])
    tok.save(out_path)
    return tok
