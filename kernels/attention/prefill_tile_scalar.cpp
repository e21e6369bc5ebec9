// Portable tile operations: the fallback where the CPU has no AVX2, and the plainest
// statement of what each operation computes.
#include <cmath>
#include <stdexcept>
#include <string>

#include "attention/prefill_tile.hpp"

namespace attention {

namespace {

void scores_scalar(const float* q, std::size_t q_stride, int rows, const float* kt, int d, float* s) {
  for (int r = 0; r < rows; ++r) {
    const float* qr = q + static_cast<std::size_t>(r) * q_stride;
    float* sr = s + static_cast<std::size_t>(r) * kKeyTile;
    for (int c = 0; c < kKeyTile; ++c) sr[c] = 0.0f;
    for (int x = 0; x < d; ++x) {
      const float qx = qr[x];
      const float* row = kt + static_cast<std::size_t>(x) * kKeyTile;
      for (int c = 0; c < kKeyTile; ++c) sr[c] += qx * row[c];
    }
  }
}

void softmax_scalar(float* s, int rows, const std::uint64_t* visible, float scale, RowState* st, float* alpha) {
  for (int r = 0; r < rows; ++r) {
    float* sr = s + static_cast<std::size_t>(r) * kKeyTile;
    const std::uint64_t bits = visible[r];
    float tile_max = -INFINITY;
    for (int c = 0; c < kKeyTile; ++c) {
      sr[c] = (bits >> c & 1u) ? sr[c] * scale : -INFINITY;
      tile_max = sr[c] > tile_max ? sr[c] : tile_max;
    }
    if (tile_max == -INFINITY) {  // nothing visible in this tile
      for (int c = 0; c < kKeyTile; ++c) sr[c] = 0.0f;
      alpha[r] = 1.0f;
      continue;
    }
    alpha[r] = online_rescale(st[r], tile_max);
    float sum = 0.0f;
    for (int c = 0; c < kKeyTile; ++c) {
      sr[c] = sr[c] == -INFINITY ? 0.0f : std::exp(sr[c] - st[r].m);
      sum += sr[c];
    }
    st[r].l += sum;
  }
}

void pv_scalar(float* o, int rows, int d, const float* alpha, const float* p, int keys, const float* v,
               std::size_t v_stride) {
  for (int r = 0; r < rows; ++r) {
    float* orow = o + static_cast<std::size_t>(r) * d;
    const float* pr = p + static_cast<std::size_t>(r) * kKeyTile;
    for (int i = 0; i < d; ++i) orow[i] *= alpha[r];
    for (int c = 0; c < keys; ++c) {
      const float* vc = v + static_cast<std::size_t>(c) * v_stride;
      for (int i = 0; i < d; ++i) orow[i] += pr[c] * vc[i];
    }
  }
}

void pv_list_scalar(float* o, int d, float alpha, const float* w, const float* const* v_rows, int count) {
  for (int i = 0; i < d; ++i) o[i] *= alpha;
  for (int n = 0; n < count; ++n) {
    for (int i = 0; i < d; ++i) o[i] += w[n] * v_rows[n][i];
  }
}

}  // namespace

const PrefillTileOps& prefill_tile_ops_scalar() {
  static const PrefillTileOps ops{scores_scalar, softmax_scalar, pv_scalar, pv_list_scalar, Isa::scalar};
  return ops;
}

const PrefillTileOps& prefill_tile_ops(Isa isa) {
  if (!isa_supported(isa)) {
    throw std::invalid_argument(std::string("cpu_fast prefill: this CPU cannot run the ") + isa_name(isa) + " path");
  }
  switch (isa) {
    case Isa::avx512: return prefill_tile_ops_avx512();
    case Isa::avx2: return prefill_tile_ops_avx2();
    case Isa::scalar: break;
  }
  return prefill_tile_ops_scalar();
}

}  // namespace attention
