#pragma once
// The vector operations CPU decode spends its time in, AVX2+FMA where the CPU has it (chosen
// once per process, so a machine always gives the same bits) and portable scalar code
// otherwise. Each has a fixed summation order for a given n. (Prefill's tile operations are in
// prefill_tile.hpp.)
namespace attention {

struct VectorOps {
  float (*dot)(const float* a, const float* b, int n);        // sum a[i] * b[i]
  void (*axpy)(float* y, float a, const float* x, int n);     // y += a * x
  void (*scale)(float* y, float a, int n);                    // y *= a
  const char* name;                                           // "avx2" or "scalar"
};

// The operations for this CPU.
const VectorOps& vector_ops();
// The portable ones, whatever the CPU (for tests).
const VectorOps& scalar_vector_ops();

}  // namespace attention
