#include "attention/problem.hpp"

namespace attention {

namespace {

void check_offsets(const std::vector<int>& offsets, const char* name) {
  if (offsets.empty() || offsets.front() != 0) {
    throw std::invalid_argument(std::string(name) + " must start with 0 (cumulative sequence lengths)");
  }
  for (std::size_t i = 1; i < offsets.size(); ++i) {
    if (offsets[i] < offsets[i - 1]) {
      throw std::invalid_argument(std::string(name) + " must not decrease: entry " + std::to_string(i) + " is " +
                                  std::to_string(offsets[i]) + " after " + std::to_string(offsets[i - 1]));
    }
  }
}

}  // namespace

void Shape::validate() const {
  if (q_heads < 1 || kv_heads < 1 || head_dim < 1) {
    throw std::invalid_argument("q_heads, kv_heads and head_dim must be positive");
  }
  if (q_heads % kv_heads != 0) {
    throw std::invalid_argument("q_heads (" + std::to_string(q_heads) + ") must be a multiple of kv_heads (" +
                                std::to_string(kv_heads) + ")");
  }
  check_offsets(q_offsets, "q_offsets");
  check_offsets(k_offsets, "k_offsets");
  if (q_offsets.size() != k_offsets.size()) {
    throw std::invalid_argument("q_offsets and k_offsets must have the same length (batch + 1)");
  }
  if (mask.window < 0 || mask.dilation < 1) throw std::invalid_argument("window must be >= 0 and dilation >= 1");
  if ((mask.window > 0 || mask.dilation > 1) && !mask.causal) {
    throw std::invalid_argument("a sliding window or dilation is a causal mask: set causal");
  }
}

void Shape::validate(std::size_t q_size, std::size_t k_size, std::size_t v_size) const {
  validate();
  if (q_size != q_elements()) {
    throw std::invalid_argument("Q has " + std::to_string(q_size) + " values, the shape needs " +
                                std::to_string(q_elements()));
  }
  if (k_size != kv_elements() || v_size != kv_elements()) {
    throw std::invalid_argument("K and V need " + std::to_string(kv_elements()) + " values each, got " +
                                std::to_string(k_size) + " and " + std::to_string(v_size));
  }
}

std::vector<int> offsets_from_lengths(const std::vector<int>& lengths) {
  std::vector<int> offsets{0};
  for (int len : lengths) offsets.push_back(offsets.back() + len);
  return offsets;
}

Shape self_attention_shape(const std::vector<int>& lengths, int q_heads, int kv_heads, int head_dim, Mask mask) {
  Shape s;
  s.q_heads = q_heads;
  s.kv_heads = kv_heads;
  s.head_dim = head_dim;
  s.q_offsets = offsets_from_lengths(lengths);
  s.k_offsets = s.q_offsets;
  s.mask = mask;
  return s;
}

double attention_flops(const Shape& shape) {
  double pairs = 0;
  for (int b = 0; b < shape.batch(); ++b) {
    const double lq = shape.q_len(b), lk = shape.k_len(b);
    if (!shape.mask.restricted()) {
      pairs += lq * lk;
    } else if (shape.mask.window == 0 && shape.mask.dilation == 1 && lq == lk) {
      pairs += lq * lk / 2;  // the convention: causal halves the work
    } else {
      for (int i = 0; i < shape.q_len(b); ++i) {
        const int q = query_position(i, shape.q_len(b), shape.k_len(b));
        int lo = 0, hi = 0;
        mask_key_range(shape.mask, q, shape.k_len(b), &lo, &hi);
        pairs += shape.mask.dilation > 1 ? (hi - lo + shape.mask.dilation - 1) / shape.mask.dilation : hi - lo;
      }
    }
  }
  return 4.0 * pairs * shape.q_heads * shape.head_dim;
}

double attention_bytes(const Shape& shape, int bytes_per_element) {
  return (2.0 * static_cast<double>(shape.q_elements()) + 2.0 * static_cast<double>(shape.kv_elements())) *
         bytes_per_element;
}

}  // namespace attention
