#include "attention/decode.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "attention/online_softmax.hpp"
#include "attention/parallel_tasks.hpp"

namespace attention {

std::vector<float> decode_paged(const PagedKvCache& cache, std::span<const float> q, const DecodeOptions& options) {
  return decode_paged(cache, q, options, vector_ops());
}

std::vector<float> decode_paged(const PagedKvCache& cache, std::span<const float> q, const DecodeOptions& options,
                                const VectorOps& ops) {
  const PagedLayout& layout = cache.layout();
  const int seqs = cache.sequences(), hq = options.q_heads, hk = layout.kv_heads, d = layout.head_dim;
  if (hq < 1 || hq % hk != 0) {
    throw std::invalid_argument("decode: q_heads (" + std::to_string(hq) + ") must be a multiple of kv_heads (" +
                                std::to_string(hk) + ")");
  }
  if (q.size() != static_cast<std::size_t>(seqs) * hq * d) {
    throw std::invalid_argument("decode: Q needs sequences * q_heads * head_dim = " +
                                std::to_string(static_cast<std::size_t>(seqs) * hq * d) + " values, got " +
                                std::to_string(q.size()));
  }
  Mask mask = options.mask;
  mask.causal = true;
  const int group = hq / hk;
  const float scale = options.scale != 0.0f ? options.scale : 1.0f / std::sqrt(static_cast<float>(d));
  auto splits_of = [&](int b) { return options.splits > 0 ? options.splits : decode_splits_for(cache.length(b)); };
  // Partials of (sequence, head) start at first_part[b] * hq + h * splits_of(b).
  std::vector<int> first_part(static_cast<std::size_t>(seqs) + 1, 0);
  struct Task {
    int b, h, split;
  };
  std::vector<Task> tasks;
  for (int b = 0; b < seqs; ++b) {
    first_part[static_cast<std::size_t>(b) + 1] = first_part[static_cast<std::size_t>(b)] + splits_of(b);
    for (int h = 0; h < hq; ++h) {
      for (int s = 0; s < splits_of(b); ++s) tasks.push_back({b, h, s});
    }
  }
  const std::size_t partials = tasks.size();
  std::vector<float> part_o(partials * d, 0.0f), part_lse(partials, -INFINITY);
  const int* table = cache.block_table().data();
  const float* kp = cache.k_pool().data();
  const float* vp = cache.v_pool().data();

  parallel_tasks(static_cast<int>(partials), options.threads, [&](int t) {
    const auto [b, h, split] = tasks[static_cast<std::size_t>(t)];
    const int splits = splits_of(b);
    const int len = cache.length(b), kh = h / group, pos = len - 1;
    int sb = 0, se = 0, lo = 0, hi = 0;
    split_range(len, splits, split, &sb, &se);
    mask_key_range(mask, pos, len, &lo, &hi);
    sb = std::max(sb, lo);
    se = std::min(se, hi);
    const float* qr = &q[(static_cast<std::size_t>(b) * hq + h) * d];
    float* o = &part_o[static_cast<std::size_t>(t) * d];
    RowState st;
    std::array<float, 64> scores{};
    for (int j0 = sb; j0 < se; j0 += 64) {
      const int je = std::min(j0 + 64, se);
      float tile_max = -INFINITY;
      for (int j = j0; j < je; ++j) {
        float s = -INFINITY;
        if (mask_allows(mask, pos, j)) {
          s = ops.dot(qr, kp + paged_offset(table, layout, b, j, kh), d) * scale;
          tile_max = std::fmax(tile_max, s);
        }
        scores[static_cast<std::size_t>(j - j0)] = s;
      }
      if (tile_max == -INFINITY) continue;
      const float alpha = online_rescale(st, tile_max);
      if (alpha != 1.0f) ops.scale(o, alpha, d);
      for (int j = j0; j < je; ++j) {
        const float s = scores[static_cast<std::size_t>(j - j0)];
        if (s == -INFINITY) continue;
        const float p = online_weight(st, s);
        st.l += p;
        ops.axpy(o, p, vp + paged_offset(table, layout, b, j, kh), d);
      }
    }
    ops.scale(o, online_finish(st), d);
    part_lse[static_cast<std::size_t>(t)] = online_lse(st);
  });

  std::vector<float> out(static_cast<std::size_t>(seqs) * hq * d, 0.0f);
  for (int bh = 0; bh < seqs * hq; ++bh) {
    const int b = bh / hq, h = bh % hq, splits = splits_of(b);
    const std::size_t first = static_cast<std::size_t>(first_part[static_cast<std::size_t>(b)]) * hq +
                              static_cast<std::size_t>(h) * splits;
    float max_lse = -INFINITY;
    for (int s = 0; s < splits; ++s) max_lse = merge_max(max_lse, part_lse[first + s]);
    if (max_lse == -INFINITY) continue;  // no visible key: zeros
    float total = 0.0f;
    float* o = &out[static_cast<std::size_t>(bh) * d];
    for (int s = 0; s < splits; ++s) {
      const float w = merge_weight(part_lse[first + s], max_lse);
      if (w == 0.0f) continue;
      total += w;
      ops.axpy(o, w, &part_o[(first + s) * d], d);
    }
    ops.scale(o, 1.0f / total, d);
  }
  return out;
}

}  // namespace attention
