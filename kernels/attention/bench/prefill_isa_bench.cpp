// prefill_isa_bench: cpu_fast prefill's instruction-set paths timed in one process, interleaved
// round by round (avx2, avx512, ... for each mask and thread count), so that machine noise hits
// every path alike. Each round also measures the FP32 FMA peak on 1 and 2 threads the way
// `crucible profile` does (harness/src/capability/cpu_fma_peak.cpp: 12 independent FMA chains
// in the widest vector unit), and the medians are reported as GFLOP/s and percent of the peak
// for the same thread count: the percent is taken per round (against that round's peak) and its
// median printed, since a shared VM's clock drifts between rounds. Checks every path against
// the first within the plugin's bound.
// usage: prefill_isa_bench [SEQ] [HEAD_DIM] [HEADS] [ROUNDS] [--scalar]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "attention/cpu_fast.hpp"
#include "attention/dtype.hpp"

using namespace attention;

namespace {

constexpr int kChains = 12;

#if defined(__x86_64__)
__attribute__((target("avx512f"))) float fma_avx512(long iterations) {
  __m512 acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = _mm512_set1_ps(1.0f + 0.01f * static_cast<float>(i));
  const __m512 mul = _mm512_set1_ps(0.999999f), add = _mm512_set1_ps(1e-7f);
  for (long n = 0; n < iterations; ++n) {
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
__attribute__((target("avx2,fma"))) float fma_avx2(long iterations) {
  __m256 acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = _mm256_set1_ps(1.0f + 0.01f * static_cast<float>(i));
  const __m256 mul = _mm256_set1_ps(0.999999f), add = _mm256_set1_ps(1e-7f);
  for (long n = 0; n < iterations; ++n) {
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

// FLOP/s of the FMA chains on `threads` threads (best of 3), or 0 without AVX2.
double fma_peak(unsigned threads) {
#if defined(__x86_64__)
  const bool wide = isa_supported(Isa::avx512);
  if (!wide && !isa_supported(Isa::avx2)) return 0;
  const long iterations = 20000000;
  const double lanes = wide ? 16 : 8;
  std::vector<float> sinks(threads);
  double best = 0;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] { sinks[t] = wide ? fma_avx512(iterations) : fma_avx2(iterations); });
    }
    for (auto& th : pool) th.join();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::max(best, 2.0 * kChains * lanes * static_cast<double>(iterations) * threads / s);
  }
  volatile float sink = sinks[0];
  (void)sink;
  return best;
#else
  (void)threads;
  return 0;
#endif
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double rel_l2(const std::vector<float>& a, const std::vector<float>& b) {
  double diff = 0, ref = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff += (static_cast<double>(a[i]) - b[i]) * (static_cast<double>(a[i]) - b[i]);
    ref += static_cast<double>(b[i]) * b[i];
  }
  return std::sqrt(diff / ref);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const bool with_scalar = std::find(args.begin(), args.end(), "--scalar") != args.end();
  args.erase(std::remove(args.begin(), args.end(), "--scalar"), args.end());
  const int seq = args.size() > 0 ? std::atoi(args[0].c_str()) : 2048;
  const int head_dim = args.size() > 1 ? std::atoi(args[1].c_str()) : 128;
  const int heads = args.size() > 2 ? std::atoi(args[2].c_str()) : 2;
  const int rounds = args.size() > 3 ? std::atoi(args[3].c_str()) : 5;
  if (seq < 1 || head_dim < 1 || heads < 1 || rounds < 1) {
    std::fprintf(stderr, "usage: prefill_isa_bench [SEQ >= 1] [HEAD_DIM >= 1] [HEADS >= 1] [ROUNDS >= 1] [--scalar]\n");
    return 2;
  }
  std::vector<Isa> isas;
  for (Isa isa : {Isa::scalar, Isa::avx2, Isa::avx512}) {
    if (isa_supported(isa) && (isa != Isa::scalar || with_scalar)) isas.push_back(isa);
  }
  if (isas.empty()) isas.push_back(Isa::scalar);

  struct Config {
    const char* mask_name;
    Mask mask;
    unsigned threads;
  };
  const std::vector<Config> configs{{"none", Mask{}, 1}, {"none", Mask{}, 2}, {"causal", Mask{true, 0, 1}, 1},
                                    {"causal", Mask{true, 0, 1}, 2}};
  std::mt19937 gen(42);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  Shape shape = self_attention_shape({seq}, heads, heads, head_dim);
  std::vector<float> q(shape.q_elements()), k(shape.kv_elements()), v(shape.kv_elements());
  for (auto* t : {&q, &k, &v}) {
    for (auto& x : *t) x = dist(gen);
    round_all(DType::bf16, *t);
  }

  // ms[config][isa], peak[threads - 1]
  std::vector<std::vector<std::vector<double>>> ms(configs.size(), std::vector<std::vector<double>>(isas.size()));
  std::vector<std::vector<double>> peak(2);
  std::vector<std::vector<float>> first(configs.size());
  for (int round = 0; round < rounds; ++round) {
    for (unsigned t : {1u, 2u}) peak[t - 1].push_back(fma_peak(t));
    for (std::size_t c = 0; c < configs.size(); ++c) {
      shape.mask = configs[c].mask;
      for (std::size_t i = 0; i < isas.size(); ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        auto out = attention_fast(shape, q, k, v, configs[c].threads, isas[i]);
        ms[c][i].push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        if (first[c].empty()) {
          first[c] = std::move(out);
        } else if (rel_l2(out, first[c]) > 1e-5) {
          std::fprintf(stderr, "%s differs from %s by more than 1e-5\n", isa_name(isas[i]), isa_name(isas[0]));
          return 1;
        }
      }
    }
    std::printf("round %d done\n", round + 1);
  }
  const double peak1 = median(peak[0]), peak2 = median(peak[1]);
  std::printf("seq %d, head_dim %d, %d heads, bf16-rounded inputs, medians of %d rounds\n", seq, head_dim, heads, rounds);
  std::printf("FP32 FMA peak (crucible profile's method): %.1f GFLOP/s on 1 thread, %.1f on 2\n", peak1 / 1e9, peak2 / 1e9);
  for (std::size_t c = 0; c < configs.size(); ++c) {
    shape.mask = configs[c].mask;
    const double flops = attention_flops(shape);
    const double pk = configs[c].threads == 1 ? peak1 : peak2;
    for (std::size_t i = 0; i < isas.size(); ++i) {
      const double m = median(ms[c][i]);
      const double gflops = flops / (m * 1e-3) / 1e9;
      std::vector<double> pct;
      for (int round = 0; round < rounds; ++round) {
        const double round_peak = peak[configs[c].threads - 1][static_cast<std::size_t>(round)];
        pct.push_back(round_peak > 0 ? 100.0 * flops / (ms[c][i][static_cast<std::size_t>(round)] * 1e-3) / round_peak : 0.0);
      }
      std::printf("  mask %-6s threads %u  %-6s %9.2f ms  %7.1f GFLOP/s  %5.1f %% of the median peak, %5.1f %% per round\n",
                  configs[c].mask_name, configs[c].threads, isa_name(isas[i]), m, gflops,
                  pk > 0 ? 100.0 * gflops * 1e9 / pk : 0.0, median(pct));
    }
  }
}
