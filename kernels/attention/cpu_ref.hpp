#pragma once
// cpu_ref: the oracle. Straightforward attention per (sequence, head, query row): every score
// in float64, the softmax in float64, the weighted sum of values in float64; rounded to float
// once at the end. Single-threaded and slow on purpose.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "attention/problem.hpp"

namespace attention {

// O = softmax(scale * Q K^T + mask(shape.mask)) V; see problem.hpp for layouts.
std::vector<float> attention_ref(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                 std::span<const float> v);

// The same with an explicit mask: allow(b, i, j) says whether query row i of sequence b sees
// key row j of that sequence (indices within the sequence). shape.mask is ignored. The keys a
// row sees are summed in the same order as attention_ref, so equal masks give equal bits.
using ExplicitMask = std::function<bool(int b, int i, int j)>;
std::vector<float> attention_ref_masked(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                        std::span<const float> v, const ExplicitMask& allow);

}  // namespace attention
