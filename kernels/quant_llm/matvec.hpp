#pragma once
// Matrix-vector products y[r] = sum_k W[r,k] x[k] over GGUF weights (ne = [cols, rows]).
//
//   matvec_ref    dequantize each row to f32, then an f32 dot (the reference)
//   matvec_fused  dequantize inside the dot, block by block: AVX2+FMA where the CPU has it
//                 (integer dots against int8-quantized activations), scalar otherwise; rows split over a ThreadPool (each row is computed the same
//                 way whatever the thread count, so the result is bitwise independent of it)
//
// Dispatch accounting: every call records which path ran for which weight type.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "quant_llm/ggml_type.hpp"
#include "quant_llm/thread_pool.hpp"

namespace quant {

struct WeightView {
  GgmlType type = GgmlType::F32;
  std::int64_t cols = 0;  // ne[0], elements per row
  std::int64_t rows = 0;  // ne[1]
  const std::uint8_t* data = nullptr;
  std::int64_t row_bytes() const { return quant::row_bytes(type, cols); }
  std::int64_t bytes() const { return row_bytes() * rows; }
};

enum class MatvecPath : std::uint8_t {
  f32_ref,       // dequantize-then-f32 reference
  dense_f32,     // F32/F16/BF16 weights (nothing to fuse)
  fused_scalar,  // fused dequant-dot, portable C++
  fused_avx2,    // fused dequant-dot, AVX2+FMA, f32 activations
  fused_avx2_q8, // fused integer dot, AVX2, int8 activations (Q8_K for K-quants, per-32 for Q4_0/Q8_0)
  fused_cuda,    // fused dequant-dot, CUDA kernel
};
const char* path_name(MatvecPath p);
bool is_fused(MatvecPath p);

class Dispatch {
 public:
  void record(GgmlType type, MatvecPath path, std::uint64_t n = 1);
  std::map<std::pair<GgmlType, MatvecPath>, std::uint64_t> counts() const;
  void clear();
  // "Q4_K/fused_avx2=154 Q6_K/fused_avx2=21"
  std::string summary() const;
  // Quantized types that ran a non-fused path ("" when none): the property that fails on it.
  std::string fallbacks() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<GgmlType, MatvecPath>, std::uint64_t> counts_;
};

bool cpu_has_avx2();
// Forces the scalar fused path even where AVX2 exists (tests compare both).
void set_force_scalar(bool force);
// Quantized weights on AVX2 use int8 activations by default (as llama.cpp does); false keeps f32.
void set_int8_activations(bool enable);

void matvec_ref(const WeightView& w, const float* x, float* y, Dispatch* dispatch = nullptr);
void matvec_fused(const WeightView& w, const float* x, float* y, ThreadPool* pool = nullptr,
                  Dispatch* dispatch = nullptr);
// One row of the fused path (scalar), exposed for tests.
float dot_row_scalar(GgmlType type, const std::uint8_t* row, const float* x, std::int64_t cols);

// Normalized squared error sum (a-b)^2 / sum b^2 in double (bounds: docs/quant_llm.md).
double nmse(const float* a, const float* b, std::int64_t n);

}  // namespace quant
