// FP32 FMA peak: 12 independent FMA chains (enough to cover FMA latency times the number of
// FMA ports) in the widest vector unit the CPU has, chosen at run time, on every thread.
#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "capability/cpu_profile.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace crucible {

namespace {

constexpr int kChains = 12;

#if defined(__x86_64__)
__attribute__((target("avx512f"))) float fma_avx512(std::uint64_t iterations) {
  __m512 acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = _mm512_set1_ps(1.0f + 0.01f * static_cast<float>(i));
  const __m512 mul = _mm512_set1_ps(0.999999f), add = _mm512_set1_ps(1e-7f);
  for (std::uint64_t n = 0; n < iterations; ++n) {
    for (int i = 0; i < kChains; ++i) acc[i] = _mm512_fmadd_ps(acc[i], mul, add);
  }
  __m512 sum = acc[0];
  for (int i = 1; i < kChains; ++i) sum = _mm512_add_ps(sum, acc[i]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  float total = 0;
  for (float x : lanes) total += x;
  return total;
}

__attribute__((target("avx2,fma"))) float fma_avx2(std::uint64_t iterations) {
  __m256 acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = _mm256_set1_ps(1.0f + 0.01f * static_cast<float>(i));
  const __m256 mul = _mm256_set1_ps(0.999999f), add = _mm256_set1_ps(1e-7f);
  for (std::uint64_t n = 0; n < iterations; ++n) {
    for (int i = 0; i < kChains; ++i) acc[i] = _mm256_fmadd_ps(acc[i], mul, add);
  }
  __m256 sum = acc[0];
  for (int i = 1; i < kChains; ++i) sum = _mm256_add_ps(sum, acc[i]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, sum);
  float total = 0;
  for (float x : lanes) total += x;
  return total;
}
#endif

float fma_scalar(std::uint64_t iterations) {
  float acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = 1.0f + 0.01f * static_cast<float>(i);
  for (std::uint64_t n = 0; n < iterations; ++n) {
    for (int i = 0; i < kChains; ++i) acc[i] = __builtin_fmaf(acc[i], 0.999999f, 1e-7f);
  }
  float total = 0;
  for (float x : acc) total += x;
  return total;
}

}  // namespace

double measure_fp32_fma_flops(unsigned threads, std::uint64_t iterations, std::string* isa_used) {
  threads = std::max(threads, 1u);
  float (*kernel)(std::uint64_t) = fma_scalar;
  int lanes = 1;
  std::string isa = "scalar";
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) {
    kernel = fma_avx512, lanes = 16, isa = "avx512f";
  } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    kernel = fma_avx2, lanes = 8, isa = "avx2+fma";
  }
#endif
  if (isa_used) *isa_used = isa;
  std::vector<float> sinks(threads);
  double best = 0;
  for (int rep = 0; rep < 3; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back([&, t] { sinks[t] = kernel(iterations); });
    for (auto& th : pool) th.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double ops = 2.0 * kChains * lanes * static_cast<double>(iterations) * threads;
    if (seconds > 0) best = std::max(best, ops / seconds);
  }
  volatile float sink = sinks[0];
  (void)sink;
  return best;
}

}  // namespace crucible
