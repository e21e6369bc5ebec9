#include "attention_inputs.hpp"

#include <cmath>
#include <stdexcept>

namespace attention_plugin {

using attention::DType;
using attention::Mask;
using attention::Shape;

namespace {

void fill(std::vector<float>& x, crucible::Rng& rng, float amplitude) {
  for (auto& value : x) value = rng.uniform(-amplitude, amplitude);
}

const char* values_name(Values v) {
  switch (v) {
    case Values::plain: return "plain";
    case Values::large_logits: return "large_logits";
    case Values::dominant_key: return "dominant_key";
  }
  return "?";
}

// Makes key `key` of rows [k0, k0+lk) of every KV head point along the mean query direction of
// the sequence's heads, scaled so its score dominates.
void plant_dominant_key(std::vector<float>& k, const std::vector<float>& q, int hq, int hk, int d, int q0, int lq,
                        int k0, int key) {
  const int group = hq / hk;
  for (int kh = 0; kh < hk; ++kh) {
    float* row = &k[(static_cast<std::size_t>(k0 + key) * hk + kh) * d];
    for (int x = 0; x < d; ++x) {
      double sum = 0;
      for (int i = 0; i < lq; ++i) {
        for (int g = 0; g < group; ++g) sum += q[(static_cast<std::size_t>(q0 + i) * hq + kh * group + g) * d + x];
      }
      row[x] = static_cast<float>(sum >= 0 ? 4.0 : -4.0);
    }
  }
}

Mask mask_named(const std::string& name, int window, int dilation) {
  Mask m;
  if (name == "none") return m;
  m.causal = true;
  if (name == "causal") return m;
  if (name == "sliding") {
    m.window = window;
    return m;
  }
  if (name == "dilated") {
    m.window = window;
    m.dilation = dilation;
    return m;
  }
  throw std::invalid_argument("mask must be none, causal, sliding or dilated, not '" + name + "'");
}

}  // namespace

PrefillInput make_prefill(Shape shape, DType dtype, Values values, std::uint64_t seed) {
  PrefillInput in;
  in.shape = std::move(shape);
  in.dtype = dtype;
  in.values = values;
  crucible::Rng rng(seed);
  in.q.resize(in.shape.q_elements());
  in.k.resize(in.shape.kv_elements());
  in.v.resize(in.shape.kv_elements());
  const float qk_amplitude = values == Values::large_logits ? 6.0f : 1.0f;
  fill(in.q, rng, qk_amplitude);
  fill(in.k, rng, qk_amplitude);
  fill(in.v, rng, 1.0f);
  if (values == Values::dominant_key) {
    for (int b = 0; b < in.shape.batch(); ++b) {
      if (in.shape.k_len(b) == 0) continue;
      const int key = static_cast<int>(rng.below(static_cast<std::uint64_t>(in.shape.k_len(b))));
      plant_dominant_key(in.k, in.q, in.shape.q_heads, in.shape.kv_heads, in.shape.head_dim, in.shape.q_offsets[b],
                         in.shape.q_len(b), in.shape.k_offsets[b], key);
    }
  }
  attention::round_all(dtype, in.q);
  attention::round_all(dtype, in.k);
  attention::round_all(dtype, in.v);
  return in;
}

DecodeInput make_decode(DecodeInput in, std::uint64_t seed) {
  crucible::Rng rng(seed);
  int total = 0;
  for (int len : in.lengths) total += len;
  const std::size_t width = static_cast<std::size_t>(in.kv_heads) * in.head_dim;
  in.k.resize(static_cast<std::size_t>(total) * width);
  in.v.resize(in.k.size());
  in.q.resize(in.lengths.size() * static_cast<std::size_t>(in.q_heads) * in.head_dim);
  const float qk_amplitude = in.values == Values::large_logits ? 6.0f : 1.0f;
  fill(in.q, rng, qk_amplitude);
  fill(in.k, rng, qk_amplitude);
  fill(in.v, rng, 1.0f);
  if (in.values == Values::dominant_key) {
    int k0 = 0;
    for (std::size_t b = 0; b < in.lengths.size(); ++b) {
      const int key = static_cast<int>(rng.below(static_cast<std::uint64_t>(in.lengths[b])));
      plant_dominant_key(in.k, in.q, in.q_heads, in.kv_heads, in.head_dim, static_cast<int>(b), 1, k0, key);
      k0 += in.lengths[b];
    }
  }
  attention::round_all(in.dtype, in.q);
  attention::round_all(in.dtype, in.k);
  attention::round_all(in.dtype, in.v);
  return in;
}

Mask mask_from_params(const crucible::Params& p) {
  return mask_named(p.string("mask", "none"), static_cast<int>(p.integer("window", 256)),
                    static_cast<int>(p.integer("dilation", 2)));
}

PrefillInput prefill_from_params(const crucible::Params& p, crucible::Rng& rng) {
  const int seq = static_cast<int>(p.integer("seq"));
  const int tokens = static_cast<int>(p.integer("tokens", seq));
  const int head_dim = static_cast<int>(p.integer("head_dim", 64));
  const int width = static_cast<int>(p.integer("width", 256));
  const int group = static_cast<int>(p.integer("gqa", 1));
  if (seq < 1 || tokens < seq || width % head_dim != 0 || (width / head_dim) % group != 0) {
    throw std::invalid_argument("prefill needs seq >= 1, tokens >= seq, width a multiple of head_dim and "
                                "heads (width / head_dim) a multiple of gqa");
  }
  const int batch = tokens / seq;
  std::vector<int> lengths(static_cast<std::size_t>(batch), seq);
  if (p.integer("ragged", 0) != 0) {  // same token count, unequal lengths 1..2*seq-1 in pairs
    for (int b = 0; b + 1 < batch; b += 2) {
      const int delta = static_cast<int>(rng.below(static_cast<std::uint64_t>(seq)));
      lengths[static_cast<std::size_t>(b)] += delta;
      lengths[static_cast<std::size_t>(b) + 1] -= delta;
    }
  }
  const int heads = width / head_dim;
  Shape shape = attention::self_attention_shape(lengths, heads, heads / group, head_dim, mask_from_params(p));
  return make_prefill(std::move(shape), attention::parse_dtype(p.string("dtype", "bf16")), Values::plain, rng.next());
}

DecodeInput decode_from_params(const crucible::Params& p, crucible::Rng& rng) {
  DecodeInput in;
  in.head_dim = static_cast<int>(p.integer("head_dim", 128));
  in.q_heads = static_cast<int>(p.integer("width", 1024)) / in.head_dim;
  in.kv_heads = in.q_heads / static_cast<int>(p.integer("gqa", 4));
  if (in.q_heads < 1 || in.kv_heads < 1 || in.q_heads % in.kv_heads != 0) {
    throw std::invalid_argument("decode needs width / head_dim heads, a multiple of gqa");
  }
  in.page_size = static_cast<int>(p.integer("page_size", 16));
  in.mask = mask_from_params(p);
  in.dtype = attention::parse_dtype(p.string("dtype", "bf16"));
  in.page_seed = rng.next() | 1;
  in.lengths.assign(static_cast<std::size_t>(p.integer("batch", 4)), static_cast<int>(p.integer("kv_len")));
  return make_decode(std::move(in), rng.next());
}

rc::Gen<PrefillInput> gen_prefill() {
  return rc::gen::exec([] {
    const int batch = *rc::gen::inRange(1, 4);
    const auto lengths = *rc::gen::container<std::vector<int>>(static_cast<std::size_t>(batch), rc::gen::inRange(1, 71));
    const int kv_heads = *rc::gen::inRange(1, 3);
    const int group = *rc::gen::inRange(1, 4);
    const int head_dim = *rc::gen::element(64, 128);
    const std::string mask = *rc::gen::element<std::string>("none", "causal", "sliding", "dilated");
    const int window = *rc::gen::inRange(1, 80);
    const int dilation = *rc::gen::inRange(2, 5);
    const DType dtype = *rc::gen::element(DType::bf16, DType::f16);
    const Values values = *rc::gen::element(Values::plain, Values::large_logits, Values::dominant_key);
    const auto seed = *rc::gen::arbitrary<std::uint64_t>();
    Shape shape = attention::self_attention_shape(lengths, kv_heads * group, kv_heads, head_dim,
                                                  mask_named(mask, window, dilation));
    return make_prefill(std::move(shape), dtype, values, seed);
  });
}

rc::Gen<DecodeInput> gen_decode() {
  return rc::gen::exec([] {
    DecodeInput in;
    const int batch = *rc::gen::inRange(1, 4);
    in.lengths = *rc::gen::container<std::vector<int>>(static_cast<std::size_t>(batch), rc::gen::inRange(1, 300));
    in.kv_heads = *rc::gen::inRange(1, 3);
    in.q_heads = in.kv_heads * *rc::gen::inRange(1, 5);
    in.head_dim = *rc::gen::element(64, 128);
    in.page_size = *rc::gen::element(1, 3, 16, 64);
    const std::string mask = *rc::gen::element<std::string>("causal", "sliding", "dilated");
    in.mask = mask_named(mask, *rc::gen::inRange(1, 200), *rc::gen::inRange(2, 5));
    in.dtype = *rc::gen::element(DType::bf16, DType::f16);
    in.values = *rc::gen::element(Values::plain, Values::large_logits, Values::dominant_key);
    in.page_seed = *rc::gen::arbitrary<std::uint64_t>() | 1;
    return make_decode(std::move(in), *rc::gen::arbitrary<std::uint64_t>());
  });
}

Shape decode_as_prefill(const DecodeInput& in) {
  Shape s;
  s.q_heads = in.q_heads;
  s.kv_heads = in.kv_heads;
  s.head_dim = in.head_dim;
  s.q_offsets.resize(in.lengths.size() + 1);
  for (std::size_t b = 0; b <= in.lengths.size(); ++b) s.q_offsets[b] = static_cast<int>(b);
  s.k_offsets = attention::offsets_from_lengths(in.lengths);
  s.mask = in.mask;
  s.mask.causal = true;
  return s;
}

std::ostream& operator<<(std::ostream& os, const PrefillInput& in) {
  os << "prefill{lengths=[";
  for (int b = 0; b < in.shape.batch(); ++b) os << (b ? "," : "") << in.shape.q_len(b);
  os << "] q_heads=" << in.shape.q_heads << " kv_heads=" << in.shape.kv_heads << " head_dim=" << in.shape.head_dim
     << " causal=" << in.shape.mask.causal << " window=" << in.shape.mask.window
     << " dilation=" << in.shape.mask.dilation << " dtype=" << attention::dtype_name(in.dtype)
     << " values=" << values_name(in.values) << "}";
  return os;
}

std::ostream& operator<<(std::ostream& os, const DecodeInput& in) {
  os << "decode{lengths=[";
  for (std::size_t b = 0; b < in.lengths.size(); ++b) os << (b ? "," : "") << in.lengths[b];
  os << "] q_heads=" << in.q_heads << " kv_heads=" << in.kv_heads << " head_dim=" << in.head_dim
     << " page_size=" << in.page_size << " window=" << in.mask.window << " dilation=" << in.mask.dilation
     << " dtype=" << attention::dtype_name(in.dtype) << " values=" << values_name(in.values) << "}";
  return os;
}

}  // namespace attention_plugin
