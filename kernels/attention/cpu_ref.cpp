#include "attention/cpu_ref.hpp"

#include <cmath>
#include <limits>

namespace attention {

namespace {

template <class Allow>
std::vector<float> reference(const Shape& shape, std::span<const float> q, std::span<const float> k,
                             std::span<const float> v, const Allow& allow) {
  shape.validate(q.size(), k.size(), v.size());
  const int hq = shape.q_heads, hk = shape.kv_heads, d = shape.head_dim, group = shape.group();
  const double scale = shape.softmax_scale();
  std::vector<float> out(shape.q_elements(), 0.0f);
  std::vector<double> scores, acc(static_cast<std::size_t>(d));
  std::vector<int> keys;
  for (int b = 0; b < shape.batch(); ++b) {
    const int lq = shape.q_len(b), lk = shape.k_len(b);
    for (int h = 0; h < hq; ++h) {
      const int kh = h / group;
      for (int i = 0; i < lq; ++i) {
        const float* qrow = &q[(static_cast<std::size_t>(shape.q_offsets[b] + i) * hq + h) * d];
        keys.clear();
        scores.clear();
        double max_score = -std::numeric_limits<double>::infinity();
        for (int j = 0; j < lk; ++j) {
          if (!allow(b, i, j)) continue;
          const float* krow = &k[(static_cast<std::size_t>(shape.k_offsets[b] + j) * hk + kh) * d];
          double dot = 0;
          for (int x = 0; x < d; ++x) dot += static_cast<double>(qrow[x]) * static_cast<double>(krow[x]);
          const double s = dot * scale;
          keys.push_back(j);
          scores.push_back(s);
          max_score = std::fmax(max_score, s);
        }
        float* orow = &out[(static_cast<std::size_t>(shape.q_offsets[b] + i) * hq + h) * d];
        if (keys.empty()) continue;  // a row with no visible key is zero
        double sum = 0;
        std::fill(acc.begin(), acc.end(), 0.0);
        for (std::size_t n = 0; n < keys.size(); ++n) {
          const double w = std::exp(scores[n] - max_score);
          sum += w;
          const float* vrow = &v[(static_cast<std::size_t>(shape.k_offsets[b] + keys[n]) * hk + kh) * d];
          for (int x = 0; x < d; ++x) acc[x] += w * static_cast<double>(vrow[x]);
        }
        for (int x = 0; x < d; ++x) orow[x] = static_cast<float>(acc[x] / sum);
      }
    }
  }
  return out;
}

}  // namespace

std::vector<float> attention_ref(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                 std::span<const float> v) {
  return reference(shape, q, k, v, [&shape](int b, int i, int j) {
    return mask_allows(shape.mask, query_position(i, shape.q_len(b), shape.k_len(b)), j);
  });
}

std::vector<float> attention_ref_masked(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                        std::span<const float> v, const ExplicitMask& allow) {
  return reference(shape, q, k, v, allow);
}

}  // namespace attention
