#include "quant_llm/synth.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "quant_llm/quantize.hpp"
#include "quant_llm/thread_pool.hpp"

namespace quant {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
std::uint64_t hash_name(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}
// Uniform in [-1, 1) from (seed, tensor, element): counter-based, so any split of the work
// gives the same values.
float uniform_pm1(std::uint64_t key, std::uint64_t index) {
  const std::uint64_t r = splitmix64(key ^ splitmix64(index));
  return static_cast<float>(static_cast<double>(r >> 40) * 0x1.0p-23 - 1.0);
}

}  // namespace

SynthPreset synth_preset(const std::string& name) {
  if (name == "tiny") return {"tiny", 256, 2, 4, 2, 512, 512, 512};
  if (name == "tinyllama") return {"tinyllama", 2048, 22, 32, 4, 5632, 32000, 2048};
  throw std::invalid_argument("unknown preset '" + name + "'; known: tiny, tinyllama");
}

bool use_more_bits(std::int64_t i, std::int64_t n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; }

std::uint32_t synth_file_type(const std::string& mix) {
  if (mix == "q4_k_m") return 15;
  if (mix == "q4_0") return 2;
  if (mix == "q8_0") return 7;
  if (mix == "f16") return 1;
  throw std::invalid_argument("unknown mix '" + mix + "'; known: q4_k_m, q4_0, q8_0, f16");
}

std::uint64_t PlannedTensor::bytes() const {
  std::int64_t n = 1;
  for (auto d : ne) n *= d;
  return static_cast<std::uint64_t>(row_bytes(type, ne[0]) * (n / ne[0]));
}

std::vector<PlannedTensor> synth_plan(const SynthPreset& p, const std::string& mix) {
  synth_file_type(mix);  // validates the name
  GgmlType base = mix == "q4_k_m" ? GgmlType::Q4_K : mix == "q4_0" ? GgmlType::Q4_0 : mix == "q8_0" ? GgmlType::Q8_0 : GgmlType::F16;
  // output.weight is Q6_K for every quantized ftype whose base is not Q8_0, as llama.cpp's
  // llama_tensor_get_type chooses it.
  const GgmlType output = (base == GgmlType::Q8_0 || base == GgmlType::F16) ? base : GgmlType::Q6_K;
  const std::int64_t hd = p.n_embd / p.n_head, kv = p.n_head_kv * hd;
  std::vector<PlannedTensor> t;
  t.push_back({"token_embd.weight", base, {p.n_embd, p.n_vocab}});
  for (std::int64_t i = 0; i < p.n_layer; ++i) {
    const std::string b = "blk." + std::to_string(i) + ".";
    const GgmlType promoted = (mix == "q4_k_m" && use_more_bits(i, p.n_layer)) ? GgmlType::Q6_K : base;
    t.push_back({b + "attn_norm.weight", GgmlType::F32, {p.n_embd}});
    t.push_back({b + "attn_q.weight", base, {p.n_embd, p.n_head * hd}});
    t.push_back({b + "attn_k.weight", base, {p.n_embd, kv}});
    t.push_back({b + "attn_v.weight", promoted, {p.n_embd, kv}});
    t.push_back({b + "attn_output.weight", base, {p.n_head * hd, p.n_embd}});
    t.push_back({b + "ffn_norm.weight", GgmlType::F32, {p.n_embd}});
    t.push_back({b + "ffn_gate.weight", base, {p.n_embd, p.n_ff}});
    t.push_back({b + "ffn_up.weight", base, {p.n_embd, p.n_ff}});
    t.push_back({b + "ffn_down.weight", promoted, {p.n_ff, p.n_embd}});
  }
  t.push_back({"output_norm.weight", GgmlType::F32, {p.n_embd}});
  t.push_back({"output.weight", output, {p.n_embd, p.n_vocab}});
  return t;
}

GgufWriter synth_llama(const SynthOptions& o) {
  const SynthPreset p = synth_preset(o.preset);
  const auto plan = synth_plan(p, o.mix);
  GgufWriter w;
  w.set_string("general.architecture", "llama");
  w.set_string("general.name", "crucible-synth-" + p.name + "-" + o.mix + "-seed" + std::to_string(o.seed));
  w.set_u32("llama.context_length", static_cast<std::uint32_t>(p.n_ctx));
  w.set_u32("llama.embedding_length", static_cast<std::uint32_t>(p.n_embd));
  w.set_u32("llama.block_count", static_cast<std::uint32_t>(p.n_layer));
  w.set_u32("llama.feed_forward_length", static_cast<std::uint32_t>(p.n_ff));
  w.set_u32("llama.rope.dimension_count", static_cast<std::uint32_t>(p.n_embd / p.n_head));
  w.set_u32("llama.attention.head_count", static_cast<std::uint32_t>(p.n_head));
  w.set_u32("llama.attention.head_count_kv", static_cast<std::uint32_t>(p.n_head_kv));
  w.set_f32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
  w.set_f32("llama.rope.freq_base", 10000.f);
  w.set_u32("general.file_type", synth_file_type(o.mix));
  // Tokenizer: <unk> <s> </s>, the 256 byte tokens, then placeholder pieces (SentencePiece layout).
  std::vector<std::string> tokens{"<unk>", "<s>", "</s>"};
  std::vector<float> scores{0.f, 0.f, 0.f};
  std::vector<std::int32_t> types{2, 3, 3};
  for (int b = 0; b < 256; ++b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    tokens.emplace_back(buf);
    scores.push_back(0.f);
    types.push_back(6);
  }
  for (std::int64_t i = static_cast<std::int64_t>(tokens.size()); i < p.n_vocab; ++i) {
    tokens.push_back("\xE2\x96\x81tok" + std::to_string(i));  // U+2581 word-start marker
    scores.push_back(-static_cast<float>(i));
    types.push_back(1);
  }
  if (static_cast<std::int64_t>(tokens.size()) != p.n_vocab) throw std::logic_error("vocab smaller than 259 tokens");
  w.set_string("tokenizer.ggml.model", "llama");
  w.set_string_array("tokenizer.ggml.tokens", tokens);
  w.set_f32_array("tokenizer.ggml.scores", scores);
  w.set_i32_array("tokenizer.ggml.token_type", types);
  w.set_u32("tokenizer.ggml.bos_token_id", 1);
  w.set_u32("tokenizer.ggml.eos_token_id", 2);
  w.set_u32("tokenizer.ggml.unknown_token_id", 0);
  w.set_bool("tokenizer.ggml.add_bos_token", true);
  w.set_bool("tokenizer.ggml.add_eos_token", false);
  w.set_u32("general.quantization_version", 2);

  ThreadPool pool(o.threads);
  for (const auto& t : plan) {
    const std::uint64_t key = splitmix64(o.seed) ^ hash_name(t.name);
    const std::int64_t cols = t.ne[0], rows = t.ne.size() > 1 ? t.ne[1] : 1;
    const bool is_norm = t.ne.size() == 1;
    // Norms near 1; embeddings O(1); projections scaled so activations keep unit size.
    const float scale = is_norm ? 0.1f : t.name == "token_embd.weight" ? 1.0f : std::sqrt(3.0f / static_cast<float>(cols));
    const std::int64_t rb = row_bytes(t.type, cols);
    std::vector<std::uint8_t> data(static_cast<std::size_t>(rb * rows));
    pool.parallel_for(rows, [&](std::int64_t r0, std::int64_t r1) {
      std::vector<float> row(static_cast<std::size_t>(cols));
      for (std::int64_t r = r0; r < r1; ++r) {
        for (std::int64_t k = 0; k < cols; ++k) {
          const float u = uniform_pm1(key, static_cast<std::uint64_t>(r * cols + k));
          row[static_cast<std::size_t>(k)] = is_norm ? 1.0f + scale * u : scale * u;
        }
        quantize_row(t.type, row.data(), data.data() + r * rb, cols);
      }
    });
    w.add_tensor(t.name, t.type, t.ne, std::move(data));
  }
  return w;
}

}  // namespace quant
