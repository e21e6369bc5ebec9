#pragma once
// The three vector operations the CPU fast paths spend their time in, AVX2+FMA where the CPU
// has it (chosen once per process, so a machine always gives the same bits) and portable
// scalar code otherwise. Each has a fixed summation order for a given n.
namespace attention {

// Keys per tile of the tile operations (scores_tile's output width).
inline constexpr int kTileKeys = 64;

struct VectorOps {
  float (*dot)(const float* a, const float* b, int n);        // sum a[i] * b[i]
  void (*axpy)(float* y, float a, const float* x, int n);     // y += a * x
  void (*scale)(float* y, float a, int n);                    // y *= a
  // s[c] = sum_x q[x] * kt[x * kTileKeys + c] for c < kTileKeys (kt: a K tile transposed),
  // summed in x order: each score depends only on q and its own key.
  void (*scores_tile)(const float* q, const float* kt, int d, float* s);
  // acc[i] += sum_n p[n] * rows[n][i], n in order, for i < d.
  void (*pv_rows)(float* acc, const float* p, const float* const* rows, int count, int d);
  // p[i] = exp(s[i] - m), and 0 where s[i] is -inf (a hidden key); m >= every finite s[i].
  // The AVX2 version is a degree-6 polynomial after range reduction (within 2 ulp of expf).
  void (*exp_shifted)(const float* s, float m, float* p, int n);
  const char* name;                                           // "avx2" or "scalar"
};

// The operations for this CPU.
const VectorOps& vector_ops();
// The portable ones, whatever the CPU (for tests).
const VectorOps& scalar_vector_ops();

}  // namespace attention
