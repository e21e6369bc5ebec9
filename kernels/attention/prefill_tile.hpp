#pragma once
// The tile operations cpu_fast prefill spends its time in, one table per instruction set
// (scalar, AVX2+FMA, AVX-512). A tile is kKeyTile keys of one sequence and KV head; its K is
// packed transposed, kt[x * kKeyTile + c] for dimension x and key c (columns past the
// sequence's end are zero). Rows are query rows of one head; up to kRowGroup of them are held
// in registers at once.
//
// Every operation sums in an order fixed by its arguments alone (never by the thread or the
// other rows of the call), so a row's result depends only on its own query and keys.
#include <cstddef>
#include <cstdint>

#include "attention/isa.hpp"
#include "attention/online_softmax.hpp"

namespace attention {

inline constexpr int kKeyTile = 64;  // keys per tile: one bit each in a row's visibility word
inline constexpr int kRowGroup = 4;  // query rows per register block

struct PrefillTileOps {
  // s[r * kKeyTile + c] = sum_x q_r[x] * kt[x * kKeyTile + c], x in order, for r < rows
  // (row r at q + r * q_stride, rows <= kRowGroup) and every c < kKeyTile.
  void (*scores)(const float* q, std::size_t q_stride, int rows, const float* kt, int d, float* s);
  // Per row r < rows: the scores scaled, keys whose bit in visible[r] is clear set to -inf,
  // the online state st[r] raised to the tile's maximum and its sum increased by the tile's
  // weights; s is overwritten by the weights p = exp(s - m) (exactly 0 for hidden keys) and
  // alpha[r] is the factor the row's accumulator must be multiplied by. A row that sees no key
  // of the tile gets alpha 1, weights 0 and an unchanged state.
  void (*softmax)(float* s, int rows, const std::uint64_t* visible, float scale, RowState* st, float* alpha);
  // o[r * d + i] = o[r * d + i] * alpha[r] + sum_c p[r * kKeyTile + c] * v_c[i], c = 0 .. keys-1
  // in order (key c at v + c * v_stride), for r < rows <= kRowGroup and i < d.
  void (*pv)(float* o, int rows, int d, const float* alpha, const float* p, int keys, const float* v,
             std::size_t v_stride);
  // One row over a list of keys: o[i] = o[i] * alpha + sum_n w[n] * v_rows[n][i], n in order.
  void (*pv_list)(float* o, int d, float alpha, const float* w, const float* const* v_rows, int count);
  Isa isa;
};

// The operations of one instruction set; throws std::invalid_argument naming it when this CPU
// cannot run it.
const PrefillTileOps& prefill_tile_ops(Isa isa);

// Per instruction set (defined in prefill_tile_<isa>.cpp; callers go through prefill_tile_ops).
const PrefillTileOps& prefill_tile_ops_scalar();
const PrefillTileOps& prefill_tile_ops_avx2();
const PrefillTileOps& prefill_tile_ops_avx512();

}  // namespace attention
