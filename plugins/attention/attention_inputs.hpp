#pragma once
// The attention plugin's inputs: what benchmarks build from parameters and a seed, and what
// the RapidCheck generators build for properties (small shapes, adversarial values).
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <crucible/params.hpp>
#include <crucible/rng.hpp>
#include <rapidcheck.h>

#include "attention/dtype.hpp"
#include "attention/problem.hpp"

namespace attention_plugin {

// How values are drawn: plain (uniform in [-1, 1]), large logits (Q and K scaled so scores
// reach the hundreds), or one dominant key per sequence (a key aligned with every query,
// scaled up, so each row's softmax is nearly one-hot).
enum class Values { plain, large_logits, dominant_key };

struct PrefillInput {
  attention::Shape shape;
  attention::DType dtype = attention::DType::bf16;
  Values values = Values::plain;
  std::vector<float> q, k, v;  // rounded to dtype
};

struct DecodeInput {
  int q_heads = 1, kv_heads = 1, head_dim = 64, page_size = 16;
  attention::Mask mask;  // causal implied
  attention::DType dtype = attention::DType::bf16;
  Values values = Values::plain;
  std::uint64_t page_seed = 1;   // order pages are handed out in
  std::vector<int> lengths;      // tokens per sequence, the new one included (>= 1)
  std::vector<float> k, v;       // [sum lengths][kv_heads][head_dim], packed by sequence
  std::vector<float> q;          // [sequences][q_heads][head_dim]
};

// Fills q/k/v of a shape with values of the given kind, rounded to dtype.
PrefillInput make_prefill(attention::Shape shape, attention::DType dtype, Values values, std::uint64_t seed);
DecodeInput make_decode(DecodeInput shape_only, std::uint64_t seed);

// From benchmark parameters (axes in attention_plugin.cpp).
PrefillInput prefill_from_params(const crucible::Params& p, crucible::Rng& rng);
DecodeInput decode_from_params(const crucible::Params& p, crucible::Rng& rng);
attention::Mask mask_from_params(const crucible::Params& p);

// RapidCheck generators: 1-3 sequences of 1-70 tokens (across the 64-key tile), head_dim 64
// or 128, GQA groups 1-3, every mask, f16/bf16, all three value kinds.
rc::Gen<PrefillInput> gen_prefill();
rc::Gen<DecodeInput> gen_decode();

// The decode problem as a prefill of one query per sequence (for cpu_ref).
attention::Shape decode_as_prefill(const DecodeInput& in);

std::ostream& operator<<(std::ostream& os, const PrefillInput& in);
std::ostream& operator<<(std::ostream& os, const DecodeInput& in);

}  // namespace attention_plugin
