#pragma once
// Kernel launchers of the CUDA variants, over raw device pointers (C++17, no CUDA types: the
// host classes in cuda_prefill.cpp / cuda_decode_host.cpp own allocation and cuBLAS). Each
// returns a cudaError_t value as int (0 = success), stream is a cudaStream_t.
#include <cstdint>

#include "attention/mask.hpp"
#include "attention/paged_kv.hpp"

namespace attention::cuda {

enum class Elem { f32, f16, bf16 };

struct DeviceShape {
  int batch = 0;
  int q_heads = 1, kv_heads = 1, head_dim = 64;
  const int* q_offsets = nullptr;  // device, batch + 1
  const int* k_offsets = nullptr;  // device, batch + 1
  Mask mask;
  float scale = 1.0f;
  int total_q = 0;
  int max_q_len = 0;
};

// Fused FlashAttention-2 style forward: O (float, [total_q][q_heads][head_dim]) from Q, K, V
// in f16 or bf16; head_dim 64 or 128.
int launch_flash(const DeviceShape& shape, Elem elem, const void* q, const void* k, const void* v, float* o,
                 void* stream);

// The naive path's middle kernel: for every (row of a sequence, head), the masked softmax of
// S (float, per sequence b at s + s_offsets[b], [q_heads][Lq][Lk]) written to P in `elem`
// with the same layout. Rows with no visible key are all zero.
int launch_softmax_rows(const DeviceShape& shape, const std::int64_t* s_offsets, const float* s, Elem elem, void* p,
                        void* stream);

struct DecodeShape {
  int sequences = 0;
  int q_heads = 1;
  PagedLayout layout;
  const int* block_table = nullptr;  // device, [sequences][layout.max_pages]
  const int* lengths = nullptr;      // device: tokens already cached per sequence (before the append)
  Mask mask;                          // causal implied
  float scale = 1.0f;
  int splits = 0;      // 0: per sequence, decode_splits_for(its length)
  int max_splits = 1;  // grid size and partial stride: at least every sequence's split count
};

// Writes each sequence's new token (new_k/new_v: [sequences][kv_heads][head_dim]) at position
// lengths[b] of its pages.
int launch_append(const DecodeShape& shape, Elem elem, const void* new_k, const void* new_v, void* k_pool,
                  void* v_pool, void* stream);
// Decodes q ([sequences][q_heads][head_dim]) over lengths[b] + 1 cached tokens: one block per
// (split, head, sequence) writes a normalized partial and its log-sum-exp, then a merge kernel
// combines the splits in order into o (float).
int launch_decode(const DecodeShape& shape, Elem elem, const void* q, const void* k_pool, const void* v_pool,
                  float* partial_o, float* partial_lse, float* o, void* stream);

}  // namespace attention::cuda
