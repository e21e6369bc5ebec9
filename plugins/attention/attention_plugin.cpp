// The attention plugin: workloads `prefill` (self-attention over a packed, possibly ragged
// batch; masks and GQA as parameters) and `decode` (one new token per sequence over a paged KV
// cache, split-KV). Compute lives in kernels/attention; this file only declares.
#include <algorithm>
#include <memory>
#include <vector>

#include <crucible/sdk.hpp>

#include "attention/cpu_fast.hpp"
#include "attention/cpu_ref.hpp"
#include "attention/cuda_attention.hpp"
#include "attention/decode.hpp"
#include "attention/paged_cache.hpp"
#include "attention_inputs.hpp"

namespace attention_plugin {
namespace {

using attention::DType;
using attention::Shape;

// The FLOPs are on the input type: a GPU kernel's peak is the tensor-core GEMM of that type
// (the harness falls back to fp32 where there is none, as on a CPU, which computes in fp32).
crucible::Ops ops_type_of(DType t) {
  switch (t) {
    case DType::f16: return crucible::Ops::fp16;
    case DType::bf16: return crucible::Ops::bf16;
    case DType::f32: break;
  }
  return crucible::Ops::fp32;
}

// ---------- prefill ----------

void prefill_ref(const PrefillInput& in, crucible::Output& out) {
  out.write(attention::attention_ref(in.shape, in.q, in.k, in.v));
}

// For peers (docs/peers.md), little-endian: int32 batch, q_heads, kv_heads, head_dim, causal,
// window, dilation; int32 q_offsets[batch + 1], k_offsets[batch + 1]; f32 softmax scale; then
// Q [total_q][q_heads][head_dim], K and V [total_k][kv_heads][head_dim] as f32 (the values
// already rounded to the dtype, as every variant gets them). The output is O like Q, f32.
void export_prefill(const PrefillInput& in, crucible::Output& out) {
  const auto& s = in.shape;
  for (const int v : {s.batch(), s.q_heads, s.kv_heads, s.head_dim, s.mask.causal ? 1 : 0, s.mask.window, s.mask.dilation})
    out.write(static_cast<std::int32_t>(v));
  for (const auto* offsets : {&s.q_offsets, &s.k_offsets})
    for (const int o : *offsets) out.write(static_cast<std::int32_t>(o));
  out.write(s.softmax_scale());
  out.write(in.q);
  out.write(in.k);
  out.write(in.v);
}

void prefill_fast(const PrefillInput& in, crucible::Output& out, const crucible::Context& context) {
  out.write(attention::attention_fast(in.shape, in.q, in.k, in.v, context.threads()));
}

// cpu_fast with its instruction set forced, so that every path the CPU runs is checked and timed.
auto prefill_fast_with(attention::Isa isa) {
  return [isa](const PrefillInput& in, crucible::Output& out, const crucible::Context& context) {
    out.write(attention::attention_fast(in.shape, in.q, in.k, in.v, context.threads(), isa));
  };
}

// The instruction sets this CPU runs, for the laws that hold on every path.
std::vector<attention::Isa> runnable_isas() {
  std::vector<attention::Isa> out;
  for (auto isa : {attention::Isa::scalar, attention::Isa::avx2, attention::Isa::avx512}) {
    if (attention::isa_supported(isa)) out.push_back(isa);
  }
  return out;
}

// Q, K and V uploaded once, untimed; run() only enqueues on the harness stream.
template <attention::CudaPrefillAlgo Algo>
struct CudaPrefillVariant : crucible::Fixture<PrefillInput> {
  void prepare(const PrefillInput& in, const crucible::Context&) override {
    state = std::make_unique<attention::CudaPrefill>(Algo, in.shape, in.dtype, in.q, in.k, in.v);
  }
  void run(const crucible::Context& context) override { state->run(context.stream()); }
  void output(crucible::Output& out) override { out.write(state->output(nullptr)); }
  std::unique_ptr<attention::CudaPrefill> state;
};

// Keys/values of sequence b at positions > i replaced by other values.
PrefillInput perturb_after(PrefillInput in, int b, int i, std::uint64_t seed) {
  crucible::Rng rng(seed);
  const std::size_t width = static_cast<std::size_t>(in.shape.kv_heads) * in.shape.head_dim;
  for (int j = i + 1; j < in.shape.k_len(b); ++j) {
    const std::size_t at = static_cast<std::size_t>(in.shape.k_offsets[b] + j) * width;
    for (std::size_t x = 0; x < width; ++x) {
      in.k[at + x] = attention::round_to(in.dtype, rng.uniform(-3.0f, 3.0f));
      in.v[at + x] = attention::round_to(in.dtype, rng.uniform(-3.0f, 3.0f));
    }
  }
  return in;
}

// Bytes of rows [q_offsets[b], q_offsets[b] + rows) of an output.
std::vector<float> rows_of(const std::vector<float>& out, const Shape& s, int b, int first, int rows) {
  const std::size_t width = static_cast<std::size_t>(s.q_heads) * s.head_dim;
  const auto begin = out.begin() + static_cast<std::ptrdiff_t>((s.q_offsets[b] + first) * width);
  return {begin, begin + static_cast<std::ptrdiff_t>(rows * width)};
}

// The input reduced to sequence b alone, or with its sequences in another order.
PrefillInput select_sequences(const PrefillInput& in, const std::vector<int>& order) {
  PrefillInput out = in;
  const Shape& s = in.shape;
  const std::size_t qw = static_cast<std::size_t>(s.q_heads) * s.head_dim;
  const std::size_t kw = static_cast<std::size_t>(s.kv_heads) * s.head_dim;
  std::vector<int> lengths;
  out.q.clear();
  out.k.clear();
  out.v.clear();
  for (int b : order) {
    lengths.push_back(s.q_len(b));
    out.q.insert(out.q.end(), in.q.begin() + static_cast<std::ptrdiff_t>(s.q_offsets[b] * qw),
                 in.q.begin() + static_cast<std::ptrdiff_t>(s.q_offsets[b + 1] * qw));
    out.k.insert(out.k.end(), in.k.begin() + static_cast<std::ptrdiff_t>(s.k_offsets[b] * kw),
                 in.k.begin() + static_cast<std::ptrdiff_t>(s.k_offsets[b + 1] * kw));
    out.v.insert(out.v.end(), in.v.begin() + static_cast<std::ptrdiff_t>(s.k_offsets[b] * kw),
                 in.v.begin() + static_cast<std::ptrdiff_t>(s.k_offsets[b + 1] * kw));
  }
  out.shape.q_offsets = attention::offsets_from_lengths(lengths);
  out.shape.k_offsets = out.shape.q_offsets;
  return out;
}

void declare_prefill(crucible::Plugin& plugin) {
  auto& w = plugin.workload<PrefillInput>("prefill")
                .describe("softmax(QK^T/sqrt(d) + mask) V over a packed batch; masks none|causal|sliding|dilated, "
                          "GQA, ragged lengths; f16/bf16 inputs, f32 output")
                .axis("seq", {128, 512}, crucible::AxisDomain::integers(1, 1 << 17))
                .axis("tokens", {1024}, crucible::AxisDomain::integers(1, 1 << 17))
                .axis("width", {256}, crucible::AxisDomain::integers(1, 1 << 14))
                .axis("head_dim", {64}, crucible::AxisDomain::integers(1, 512))
                .axis("gqa", {1}, crucible::AxisDomain::integers(1, 256))
                .axis("mask", {"none", "causal"}, crucible::AxisDomain::one_of({"none", "causal", "sliding", "dilated"}))
                .axis("window", {256}, crucible::AxisDomain::integers(0, 1 << 24))
                .axis("dilation", {2}, crucible::AxisDomain::integers(1, 1 << 16))
                .axis("ragged", {0}, crucible::AxisDomain::integers(0, 1))
                .axis("dtype", {"bf16"}, crucible::AxisDomain::one_of({"f16", "fp16", "float16", "bf16", "bfloat16"}))
                .generate(prefill_from_params)
                .inputs(gen_prefill)
                .exports(export_prefill)
                .work([](const crucible::Params&, const PrefillInput& in) {
                  return crucible::Work{.bytes = attention::attention_bytes(in.shape, attention::dtype_bytes(in.dtype)),
                                        .ops = attention::attention_flops(in.shape),
                                        .ops_type = ops_type_of(in.dtype)};
                });

  w.variant("cpu_ref", prefill_ref);
  w.variant("cpu_fast", prefill_fast).threads();  // the best path this CPU runs
  w.variant("cpu_fast_avx2", prefill_fast_with(attention::Isa::avx2)).threads().requires_isa("avx2").requires_isa("fma");
  w.variant("cpu_fast_avx512", prefill_fast_with(attention::Isa::avx512)).threads().requires_isa("avx512f");
  using Naive = CudaPrefillVariant<attention::CudaPrefillAlgo::naive>;
  using Flash = CudaPrefillVariant<attention::CudaPrefillAlgo::flash>;
  // Not capturable: cuBLAS would need a workspace of its own (cublasSetWorkspace) to be
  // captured without allocating.
  w.variant<Naive>("cuda_naive").requires_cuda(8.0);
  w.variant<Flash>("cuda_flash").requires_cuda(8.0).capturable();

  // Error bounds by relative Frobenius norm against the float64 oracle (NaN never passes):
  // the f32 path under 1e-5; the f16/bf16 tensor-core paths (P rounded to 16 bits) under 1e-2.
  w.equal("cpu_fast", "cpu_ref", crucible::within(1e-5, crucible::Metric::rel_l2));
  w.equal("cpu_fast_avx2", "cpu_ref", crucible::within(1e-5, crucible::Metric::rel_l2));
  w.equal("cpu_fast_avx512", "cpu_ref", crucible::within(1e-5, crucible::Metric::rel_l2));
  w.equal("cuda_naive", "cpu_ref", crucible::within(1e-2, crucible::Metric::rel_l2));
  w.equal("cuda_flash", "cpu_ref", crucible::within(1e-2, crucible::Metric::rel_l2));

  w.property("causal: keys and values after position i leave rows <= i bitwise unchanged, on every instruction set",
             [](const PrefillInput& generated) {
               PrefillInput in = generated;
               if (!in.shape.mask.restricted()) in.shape.mask.causal = true;
               const int b = *rc::gen::inRange(0, in.shape.batch());
               const int i = *rc::gen::inRange(0, in.shape.q_len(b));
               const PrefillInput changed = perturb_after(in, b, i, *rc::gen::arbitrary<std::uint64_t>());
               for (attention::Isa isa : runnable_isas()) {
                 for (unsigned threads : {1u, 2u}) {
                   const auto a = attention::attention_fast(in.shape, in.q, in.k, in.v, threads, isa);
                   const auto c = attention::attention_fast(changed.shape, changed.q, changed.k, changed.v, threads, isa);
                   RC_ASSERT(rows_of(a, in.shape, b, 0, i + 1) == rows_of(c, in.shape, b, 0, i + 1));
                 }
               }
               const auto ra = attention::attention_ref(in.shape, in.q, in.k, in.v);
               const auto rc_ = attention::attention_ref(changed.shape, changed.q, changed.k, changed.v);
               RC_ASSERT(rows_of(ra, in.shape, b, 0, i + 1) == rows_of(rc_, in.shape, b, 0, i + 1));
             });

  w.property("sliding window and dilation equal full attention with the explicit mask",
             [](const PrefillInput& generated) {
               PrefillInput in = generated;
               in.shape.mask.causal = true;
               in.shape.mask.window = *rc::gen::inRange(1, 80);
               in.shape.mask.dilation = *rc::gen::inRange(1, 5);
               const int w = in.shape.mask.window, dil = in.shape.mask.dilation;
               // The explicit mask, written from the definition (not from mask_allows).
               const attention::ExplicitMask explicit_mask = [w, dil](int, int i, int j) {
                 return j <= i && i - j < w && (i - j) % dil == 0;
               };
               const auto want = attention::attention_ref_masked(in.shape, in.q, in.k, in.v, explicit_mask);
               const auto ref = attention::attention_ref(in.shape, in.q, in.k, in.v);
               RC_ASSERT(ref == want);  // the same keys in the same order: bitwise
               const auto fast = attention::attention_fast(in.shape, in.q, in.k, in.v, 2);
               crucible::expect_close(fast, want, crucible::within(1e-5));
             });

  w.property("batch invariance: a sequence's output ignores the rest of the batch and its position, bitwise",
             [](const PrefillInput& in) {
               const int n = in.shape.batch();
               const auto whole = attention::attention_fast(in.shape, in.q, in.k, in.v, 2);
               std::vector<int> reversed(static_cast<std::size_t>(n));
               for (int b = 0; b < n; ++b) reversed[static_cast<std::size_t>(b)] = n - 1 - b;
               const PrefillInput flipped = select_sequences(in, reversed);
               const auto flipped_out = attention::attention_fast(flipped.shape, flipped.q, flipped.k, flipped.v, 1);
               for (int b = 0; b < n; ++b) {
                 const PrefillInput alone = select_sequences(in, {b});
                 const auto alone_out = attention::attention_fast(alone.shape, alone.q, alone.k, alone.v, 1);
                 const auto mine = rows_of(whole, in.shape, b, 0, in.shape.q_len(b));
                 RC_ASSERT(mine == alone_out);
                 RC_ASSERT(mine == rows_of(flipped_out, flipped.shape, n - 1 - b, 0, in.shape.q_len(b)));
               }
             });

  w.property("GQA equals multi-head attention with each KV head repeated, bitwise", [](const PrefillInput& in) {
    const Shape& s = in.shape;
    PrefillInput mha = in;
    mha.shape.kv_heads = s.q_heads;
    const std::size_t d = static_cast<std::size_t>(s.head_dim);
    mha.k.assign(static_cast<std::size_t>(s.total_k()) * s.q_heads * d, 0.0f);
    mha.v.assign(mha.k.size(), 0.0f);
    for (int t = 0; t < s.total_k(); ++t) {
      for (int h = 0; h < s.q_heads; ++h) {
        const std::size_t from = (static_cast<std::size_t>(t) * s.kv_heads + h / s.group()) * d;
        const std::size_t to = (static_cast<std::size_t>(t) * s.q_heads + h) * d;
        std::copy_n(in.k.begin() + static_cast<std::ptrdiff_t>(from), d, mha.k.begin() + static_cast<std::ptrdiff_t>(to));
        std::copy_n(in.v.begin() + static_cast<std::ptrdiff_t>(from), d, mha.v.begin() + static_cast<std::ptrdiff_t>(to));
      }
    }
    RC_ASSERT(attention::attention_fast(s, in.q, in.k, in.v, 2) ==
              attention::attention_fast(mha.shape, mha.q, mha.k, mha.v, 2));
  });

  w.property("cpu_fast output does not depend on the thread count, bitwise, on every instruction set",
             [](const PrefillInput& in) {
               for (attention::Isa isa : runnable_isas()) {
                 const auto one = attention::attention_fast(in.shape, in.q, in.k, in.v, 1, isa);
                 RC_ASSERT(one == attention::attention_fast(in.shape, in.q, in.k, in.v, 3, isa));
               }
             });
}

// ---------- decode ----------

// A cache holding every sequence's tokens but the last (the one each run appends).
attention::PagedKvCache cache_before_last(const DecodeInput& in) {
  int longest = 1;
  for (int len : in.lengths) longest = std::max(longest, len);
  attention::PagedKvCache cache(static_cast<int>(in.lengths.size()), in.kv_heads, in.head_dim, in.page_size, longest,
                                in.page_seed);
  const std::size_t width = static_cast<std::size_t>(in.kv_heads) * in.head_dim;
  std::size_t token = 0;
  for (std::size_t b = 0; b < in.lengths.size(); ++b) {
    for (int t = 0; t < in.lengths[b]; ++t, ++token) {
      if (t + 1 == in.lengths[b]) continue;
      cache.append(static_cast<int>(b), std::span<const float>(&in.k[token * width], width),
                   std::span<const float>(&in.v[token * width], width));
    }
  }
  return cache;
}

// The last token of each sequence, [sequences][kv_heads][head_dim], from K or V.
std::vector<float> last_tokens(const DecodeInput& in, const std::vector<float>& kv) {
  const std::size_t width = static_cast<std::size_t>(in.kv_heads) * in.head_dim;
  std::vector<float> out;
  std::size_t end = 0;
  for (int len : in.lengths) {
    end += static_cast<std::size_t>(len);
    out.insert(out.end(), kv.begin() + static_cast<std::ptrdiff_t>((end - 1) * width),
               kv.begin() + static_cast<std::ptrdiff_t>(end * width));
  }
  return out;
}

attention::DecodeOptions decode_options(const DecodeInput& in, unsigned threads, int splits = 0) {
  return attention::DecodeOptions{in.q_heads, in.mask, 0.0f, splits, threads};
}

// Appends each sequence's new token (at the same slot every run) and decodes.
std::vector<float> append_and_decode(attention::PagedKvCache& cache, const DecodeInput& in,
                                     const std::vector<float>& new_k, const std::vector<float>& new_v,
                                     unsigned threads, int splits = 0) {
  const std::size_t width = static_cast<std::size_t>(in.kv_heads) * in.head_dim;
  for (std::size_t b = 0; b < in.lengths.size(); ++b) {
    cache.truncate(static_cast<int>(b), in.lengths[b] - 1);
    cache.append(static_cast<int>(b), std::span<const float>(&new_k[b * width], width),
                 std::span<const float>(&new_v[b * width], width));
  }
  return attention::decode_paged(cache, in.q, decode_options(in, threads, splits));
}

std::vector<float> decode_fast(const DecodeInput& in, unsigned threads, int splits = 0) {
  auto cache = cache_before_last(in);
  return append_and_decode(cache, in, last_tokens(in, in.k), last_tokens(in, in.v), threads, splits);
}

// The cache holds every token but each sequence's last; each run appends the last (at the same
// slot, so runs repeat) and decodes.
struct CpuDecodeVariant : crucible::Fixture<DecodeInput> {
  void prepare(const DecodeInput& in, const crucible::Context&) override {
    input = &in;
    cache = std::make_unique<attention::PagedKvCache>(cache_before_last(in));
    new_k = last_tokens(in, in.k);
    new_v = last_tokens(in, in.v);
  }
  void run(const crucible::Context& context) override {
    out = append_and_decode(*cache, *input, new_k, new_v, context.threads());
  }
  void output(crucible::Output& result) override { result.write(out); }

  const DecodeInput* input = nullptr;
  std::unique_ptr<attention::PagedKvCache> cache;
  std::vector<float> new_k, new_v, out;
};

// The cache and the new tokens uploaded once, untimed; run() only enqueues.
struct CudaDecodeVariant : crucible::Fixture<DecodeInput> {
  void prepare(const DecodeInput& in, const crucible::Context&) override {
    const auto cache = cache_before_last(in);
    state = std::make_unique<attention::CudaDecode>(cache, in.dtype, in.q, last_tokens(in, in.k),
                                                    last_tokens(in, in.v), decode_options(in, 1));
  }
  void run(const crucible::Context& context) override { state->run(context.stream()); }
  void output(crucible::Output& out) override { out.write(state->output(nullptr)); }
  std::unique_ptr<attention::CudaDecode> state;
};

void declare_decode(crucible::Plugin& plugin) {
  auto& w = plugin.workload<DecodeInput>("decode")
                .describe("one new token per sequence against a paged KV cache (append, split-KV, merge); "
                          "GQA; sliding/dilated masks; f16/bf16 inputs, f32 output")
                .axis("kv_len", {1024, 4096}, crucible::AxisDomain::integers(1, 1 << 20))
                .axis("batch", {4}, crucible::AxisDomain::integers(1, 4096))
                .axis("width", {1024}, crucible::AxisDomain::integers(1, 1 << 14))
                .axis("head_dim", {128}, crucible::AxisDomain::integers(1, 512))
                .axis("gqa", {4}, crucible::AxisDomain::integers(1, 256))
                .axis("page_size", {16}, crucible::AxisDomain::integers(1, 1 << 16))
                .axis("mask", {"causal"}, crucible::AxisDomain::one_of({"none", "causal", "sliding", "dilated"}))
                .axis("window", {256}, crucible::AxisDomain::integers(0, 1 << 24))
                .axis("dilation", {2}, crucible::AxisDomain::integers(1, 1 << 16))
                .axis("dtype", {"bf16"}, crucible::AxisDomain::one_of({"f16", "fp16", "float16", "bf16", "bfloat16"}))
                .generate(decode_from_params)
                .inputs(gen_decode)
                .work([](const crucible::Params&, const DecodeInput& in) {
                  double keys = 0;  // cached tokens over all sequences, the new ones included
                  for (int len : in.lengths) keys += len;
                  const double b = static_cast<double>(in.lengths.size());
                  const double d = in.head_dim, hq = in.q_heads, hk = in.kv_heads;
                  const double eb = attention::dtype_bytes(in.dtype);
                  // Reads the whole cache once (K and V) plus q; writes o. Masks not discounted.
                  // fp32 whatever the dtype: every variant widens K and V and multiplies in f32
                  // (cuda_decode on CUDA cores, not tensor cores).
                  return crucible::Work{.bytes = 2 * keys * hk * d * eb + b * (hq * d * eb + hq * d * 4),
                                        .ops = 4 * hq * keys * d,
                                        .ops_type = crucible::Ops::fp32};
                });

  w.variant("cpu_ref", [](const DecodeInput& in, crucible::Output& out) {
    out.write(attention::attention_ref(decode_as_prefill(in), in.q, in.k, in.v));
  });
  w.variant<CpuDecodeVariant>("cpu_fast").threads();
  w.variant<CudaDecodeVariant>("cuda_decode")
      .requires_cuda(8.0)
      .capturable();

  w.equal("cpu_fast", "cpu_ref", crucible::within(1e-5, crucible::Metric::rel_l2));
  w.equal("cuda_decode", "cpu_ref", crucible::within(1e-2, crucible::Metric::rel_l2));

  w.property("decode of token t over t-1 appends equals the last row of a prefill over t tokens, any page size",
             [](const DecodeInput& generated) {
               DecodeInput in = generated;
               in.page_size = *rc::gen::inRange(1, 70);
               const auto decoded = decode_fast(in, 2);
               // The prefill: each sequence's full self-attention, last rows kept.
               const Shape shape = attention::self_attention_shape(in.lengths, in.q_heads, in.kv_heads, in.head_dim,
                                                                   [&] {
                                                                     attention::Mask m = in.mask;
                                                                     m.causal = true;
                                                                     return m;
                                                                   }());
               // Queries of the prefill: random except each sequence's last row, which is the decode query.
               std::vector<float> q(shape.q_elements(), 0.5f);
               const std::size_t qw = static_cast<std::size_t>(in.q_heads) * in.head_dim;
               for (int b = 0; b < shape.batch(); ++b) {
                 std::copy_n(in.q.begin() + static_cast<std::ptrdiff_t>(b * qw), qw,
                             q.begin() + static_cast<std::ptrdiff_t>((shape.q_offsets[b + 1] - 1) * qw));
               }
               const auto prefill = attention::attention_fast(shape, q, in.k, in.v, 2);
               std::vector<float> last;
               for (int b = 0; b < shape.batch(); ++b) {
                 const auto row = rows_of(prefill, shape, b, shape.q_len(b) - 1, 1);
                 last.insert(last.end(), row.begin(), row.end());
               }
               crucible::expect_close(decoded, last, crucible::within(1e-5));
             });

  w.property("the page size and page order change nothing, bitwise", [](const DecodeInput& in) {
    DecodeInput other = in;
    other.page_size = *rc::gen::inRange(1, 70);
    other.page_seed = *rc::gen::arbitrary<std::uint64_t>();
    RC_ASSERT(decode_fast(in, 1) == decode_fast(other, 2));
  });

  w.property("the split count changes the result by under 1e-5 relative", [](const DecodeInput& in) {
    const int splits = *rc::gen::inRange(1, 9);
    crucible::expect_close(decode_fast(in, 2, splits), decode_fast(in, 1, 1), crucible::within(1e-5));
  });

  w.property("decode batch invariance: a sequence's output ignores the rest of the batch, bitwise",
             [](const DecodeInput& in) {
               const auto whole = decode_fast(in, 2);
               const std::size_t qw = static_cast<std::size_t>(in.q_heads) * in.head_dim;
               const std::size_t kw = static_cast<std::size_t>(in.kv_heads) * in.head_dim;
               std::size_t k0 = 0;
               for (std::size_t b = 0; b < in.lengths.size(); ++b) {
                 DecodeInput alone = in;
                 alone.lengths = {in.lengths[b]};
                 alone.q.assign(in.q.begin() + static_cast<std::ptrdiff_t>(b * qw),
                                in.q.begin() + static_cast<std::ptrdiff_t>((b + 1) * qw));
                 const auto kb = in.k.begin() + static_cast<std::ptrdiff_t>(k0 * kw);
                 const auto vb = in.v.begin() + static_cast<std::ptrdiff_t>(k0 * kw);
                 const auto n = static_cast<std::ptrdiff_t>(static_cast<std::size_t>(in.lengths[b]) * kw);
                 alone.k.assign(kb, kb + n);
                 alone.v.assign(vb, vb + n);
                 k0 += static_cast<std::size_t>(in.lengths[b]);
                 const auto mine = std::vector<float>(whole.begin() + static_cast<std::ptrdiff_t>(b * qw),
                                                      whole.begin() + static_cast<std::ptrdiff_t>((b + 1) * qw));
                 RC_ASSERT(mine == decode_fast(alone, 1));
               }
             });
}

}  // namespace
}  // namespace attention_plugin

CRUCIBLE_PLUGIN("attention", "1.0") {
  attention_plugin::declare_prefill(plugin);
  attention_plugin::declare_decode(plugin);
}
