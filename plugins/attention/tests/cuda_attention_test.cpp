// The CUDA variants against cpu_ref on a device (exit 77 = skipped without one): relative
// Frobenius error under 1e-2 with f16/bf16 inputs, bitwise-repeatable runs.
// Not yet run on a GPU (the machines this was written on had none).
#include <cstdio>
#include <string>

#include "attention/cpu_ref.hpp"
#include "attention/cuda_attention.hpp"
#include "test_support.hpp"

using namespace attention;
using attention_test::random_values;
using attention_test::rel_error;

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) ++failures;
}

std::vector<float> rounded(std::vector<float> v, DType t) {
  round_all(t, v);
  return v;
}

void check_prefill(CudaPrefillAlgo algo, const char* name, const Shape& shape, DType t, std::uint32_t seed) {
  const auto q = rounded(random_values(shape.q_elements(), seed, 2.0f), t);
  const auto k = rounded(random_values(shape.kv_elements(), seed + 1, 2.0f), t);
  const auto v = rounded(random_values(shape.kv_elements(), seed + 2), t);
  const auto want = attention_ref(shape, q, k, v);
  CudaPrefill gpu(algo, shape, t, q, k, v);
  gpu.run(nullptr);
  const auto first = gpu.output(nullptr);
  gpu.run(nullptr);
  const auto second = gpu.output(nullptr);
  const double err = rel_error(first, want);
  const std::string what = std::string(name) + " " + dtype_name(t) + " d=" + std::to_string(shape.head_dim) +
                           " causal=" + std::to_string(shape.mask.causal) + " window=" +
                           std::to_string(shape.mask.window) + " error " + std::to_string(err);
  expect(err < 1e-2, what);
  expect(first == second, std::string(name) + " repeats bitwise");
}

}  // namespace

int main() {
  std::string reason;
  if (!cuda_available(&reason)) {
    std::printf("skipped: no CUDA device (%s)\n", reason.c_str());
    return 77;
  }
  try {
    for (DType t : {DType::bf16, DType::f16}) {
      for (int d : {64, 128}) {
        for (const Mask& mask : {Mask{}, Mask{true, 0, 1}, Mask{true, 100, 1}, Mask{true, 90, 3}}) {
          const Shape shape = self_attention_shape({1, 63, 200, 64}, 8, 2, d, mask);
          check_prefill(CudaPrefillAlgo::flash, "cuda_flash", shape, t, 7);
          check_prefill(CudaPrefillAlgo::naive, "cuda_naive", shape, t, 7);
        }
      }
    }
    // Decode: cache of L-1 tokens, the run appends token L and decodes.
    for (int page : {1, 16}) {
      const std::vector<int> lengths{1, 777, 3000};
      const int hq = 8, hk = 2, d = 128;
      int total = 0;
      for (int len : lengths) total += len;
      const auto k = rounded(random_values(static_cast<std::size_t>(total) * hk * d, 3), DType::bf16);
      const auto v = rounded(random_values(k.size(), 4), DType::bf16);
      const auto q = rounded(random_values(lengths.size() * hq * d, 5), DType::bf16);
      PagedKvCache cache(3, hk, d, page, 3000, 42);
      std::vector<float> new_k, new_v;
      const std::size_t w = static_cast<std::size_t>(hk) * d;
      std::size_t token = 0;
      for (std::size_t b = 0; b < lengths.size(); ++b) {
        for (int t = 0; t < lengths[b]; ++t, ++token) {
          std::span<const float> kt(&k[token * w], w), vt(&v[token * w], w);
          if (t + 1 < lengths[b]) {
            cache.append(static_cast<int>(b), kt, vt);
          } else {
            new_k.insert(new_k.end(), kt.begin(), kt.end());
            new_v.insert(new_v.end(), vt.begin(), vt.end());
          }
        }
      }
      Shape s;
      s.q_heads = hq;
      s.kv_heads = hk;
      s.head_dim = d;
      s.q_offsets = {0, 1, 2, 3};
      s.k_offsets = offsets_from_lengths(lengths);
      s.mask.causal = true;
      const auto want = attention_ref(s, q, k, v);
      CudaDecode gpu(cache, DType::bf16, q, new_k, new_v, DecodeOptions{hq, {}, 0.0f, 0, 1});
      gpu.run(nullptr);
      const auto first = gpu.output(nullptr);
      gpu.run(nullptr);
      const auto second = gpu.output(nullptr);
      expect(rel_error(first, want) < 1e-2, "cuda_decode page " + std::to_string(page) + " error " +
                                                std::to_string(rel_error(first, want)));
      expect(first == second, "cuda_decode repeats bitwise");
    }
  } catch (const std::exception& e) {
    std::printf("FAIL exception: %s\n", e.what());
    return 1;
  }
  return failures == 0 ? 0 : 1;
}
