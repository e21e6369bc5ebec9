#pragma once
// cpu_fast: blocked online-softmax attention in float32 (FlashAttention's algorithm on a CPU).
// K and V are first packed into tiles of kKeyTile keys, K transposed (once per sequence, KV
// head and tile, shared by every query head and row block that reads it; the copies take as
// much memory as K and V and are kept by the calling thread between calls). Work is then split into tasks
// of (sequence, query head, block of kRowBlock query rows); each task walks the visible key
// tiles in order and, kRowGroup rows at a time in registers, computes the tile's scores, the
// online-softmax update per row and O += P V (prefill_tile.hpp). The keys of a tile that every
// row of a group sees take the register-blocked P V; the keys only some of its rows see (at the
// causal diagonal, a window's edge, and in dilated tiles) are added row by row, each row over
// its own visible keys. No S x S matrix is formed.
//
// Guarantees the properties rely on, all bitwise, for each instruction set:
//  - the thread count does not change the output (tasks are independent and fixed by the shape);
//  - a sequence's output does not depend on the other sequences in the batch or its position
//    (tiles and row blocks are aligned to the sequence's start);
//  - a hidden key never reaches a row: its score is replaced by -inf (a select, not arithmetic),
//    its weight is exactly 0, and its value is never read for that row;
//  - GQA equals MHA with each KV head repeated (the same arithmetic per query head).
// Different instruction sets may differ in the last bits (summation widths differ).
#include <span>
#include <vector>

#include "attention/isa.hpp"
#include "attention/prefill_tile.hpp"
#include "attention/problem.hpp"

namespace attention {

inline constexpr int kRowBlock = 32;  // query rows per task (kRowGroup rows per register block)

// The best instruction set this CPU runs (best_isa()).
std::vector<float> attention_fast(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                  std::span<const float> v, unsigned threads = 1);
// A given instruction set; throws std::invalid_argument when this CPU cannot run it.
std::vector<float> attention_fast(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                  std::span<const float> v, unsigned threads, Isa isa);

}  // namespace attention
