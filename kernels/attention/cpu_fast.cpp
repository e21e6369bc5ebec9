#include "attention/cpu_fast.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "attention/online_softmax.hpp"
#include "attention/parallel_tasks.hpp"

namespace attention {

std::vector<float> attention_fast(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                  std::span<const float> v, unsigned threads) {
  return attention_fast(shape, q, k, v, threads, vector_ops());
}

std::vector<float> attention_fast(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                  std::span<const float> v, unsigned threads, const VectorOps& ops) {
  shape.validate(q.size(), k.size(), v.size());
  const int hq = shape.q_heads, hk = shape.kv_heads, d = shape.head_dim, group = shape.group();
  const float scale = shape.softmax_scale();
  const Mask mask = shape.mask;
  std::vector<float> out(shape.q_elements(), 0.0f);

  // Task list: (sequence, head, row block), fixed by the shape alone.
  struct Task {
    int b, h, row0;
  };
  std::vector<Task> tasks;
  for (int b = 0; b < shape.batch(); ++b) {
    for (int h = 0; h < hq; ++h) {
      for (int r = 0; r < shape.q_len(b); r += kRowBlock) tasks.push_back({b, h, r});
    }
  }

  parallel_tasks(static_cast<int>(tasks.size()), threads, [&](int t) {
    const Task task = tasks[static_cast<std::size_t>(t)];
    const int lq = shape.q_len(task.b), lk = shape.k_len(task.b);
    const int rows = std::min(kRowBlock, lq - task.row0);
    const int kh = task.h / group;
    const std::size_t q_base = static_cast<std::size_t>(shape.q_offsets[task.b]);
    const std::size_t k_base = static_cast<std::size_t>(shape.k_offsets[task.b]);
    auto q_row = [&](int i) { return &q[((q_base + i) * hq + task.h) * d]; };
    auto k_row = [&](int j) { return &k[((k_base + j) * hk + kh) * d]; };
    auto v_row = [&](int j) { return &v[((k_base + j) * hk + kh) * d]; };

    std::array<RowState, kRowBlock> state{};
    std::array<int, kRowBlock> lo{}, hi{}, pos{};
    std::vector<float> acc(static_cast<std::size_t>(rows) * d, 0.0f);
    std::array<float, kKeyTile> scores{};
    int block_lo = lk, block_hi = 0;
    for (int r = 0; r < rows; ++r) {
      pos[r] = query_position(task.row0 + r, lq, lk);
      mask_key_range(mask, pos[r], lk, &lo[r], &hi[r]);
      if (lo[r] < hi[r]) {
        block_lo = std::min(block_lo, lo[r]);
        block_hi = std::max(block_hi, hi[r]);
      }
    }
    for (int j0 = block_lo / kKeyTile * kKeyTile; j0 < block_hi; j0 += kKeyTile) {
      for (int r = 0; r < rows; ++r) {
        const int jb = std::max(j0, lo[r]), je = std::min(j0 + kKeyTile, hi[r]);
        if (jb >= je) continue;
        const float* qr = q_row(task.row0 + r);
        float tile_max = -INFINITY;
        for (int j = jb; j < je; ++j) {
          float s = -INFINITY;
          if (mask_allows(mask, pos[r], j)) {
            s = ops.dot(qr, k_row(j), d) * scale;
            tile_max = std::fmax(tile_max, s);
          }
          scores[static_cast<std::size_t>(j - j0)] = s;
        }
        if (tile_max == -INFINITY) continue;  // nothing visible in this tile
        float* a = &acc[static_cast<std::size_t>(r) * d];
        const float alpha = online_rescale(state[r], tile_max);
        if (alpha != 1.0f) ops.scale(a, alpha, d);
        for (int j = jb; j < je; ++j) {
          const float s = scores[static_cast<std::size_t>(j - j0)];
          if (s == -INFINITY) continue;
          const float p = online_weight(state[r], s);
          state[r].l += p;
          ops.axpy(a, p, v_row(j), d);
        }
      }
    }
    for (int r = 0; r < rows; ++r) {
      const float inv = online_finish(state[r]);
      float* o = &out[((q_base + task.row0 + r) * hq + task.h) * d];
      const float* a = &acc[static_cast<std::size_t>(r) * d];
      for (int x = 0; x < d; ++x) o[x] = a[x] * inv;
    }
  });
  return out;
}

}  // namespace attention
