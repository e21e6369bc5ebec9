#pragma once
// cpu_fast: blocked online-softmax attention in float32 (FlashAttention's algorithm on a CPU).
// Work is split into tasks of (sequence, query head, block of kRowBlock query rows); each task
// walks the visible key tiles (kKeyTile keys, aligned to the sequence start): it transposes
// the K tile once, computes each row's 64 scores as a broadcast-FMA sweep over head_dim (no
// horizontal sums), rescales the row's accumulator once per tile and adds P V over the visible
// keys with the accumulator held in registers. No S x S matrix is formed.
//
// Guarantees the properties rely on, all bitwise:
//  - the thread count does not change the output (tasks are independent and fixed);
//  - a sequence's output does not depend on the other sequences in the batch or its position;
//  - a row never reads a key its mask hides (so changing hidden keys changes nothing);
//  - GQA equals MHA with each KV head repeated (the same arithmetic per query head).
#include <span>
#include <vector>

#include "attention/problem.hpp"
#include "attention/vector_ops.hpp"

namespace attention {

inline constexpr int kRowBlock = 32;
inline constexpr int kKeyTile = kTileKeys;

std::vector<float> attention_fast(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                  std::span<const float> v, unsigned threads = 1);
// The same with explicit vector operations (tests compare the AVX2 and scalar paths).
std::vector<float> attention_fast(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                  std::span<const float> v, unsigned threads, const VectorOps& ops);

}  // namespace attention
