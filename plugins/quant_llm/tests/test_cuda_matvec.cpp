// GPU test: the CUDA fused kernels against the CPU reference, NMSE < 5e-4 per format, on
// shapes including row counts that are not a multiple of anything. Exits 77 (skipped) without
// a CUDA device.
#include <cstdio>
#include <random>
#include <vector>

#include "quant_llm/matvec.hpp"
#include "quant_llm/matvec_cuda.hpp"
#include "quant_llm/quantize.hpp"

using namespace quant;

int main() {
  std::string why;
  if (!cuda::available(&why)) {
    std::printf("skipped: no CUDA device (%s)\n", why.c_str());
    return 77;
  }
  std::mt19937 rng(17);
  std::normal_distribution<float> nd(0.f, 1.f);
  int failures = 0;
  for (GgmlType t : {GgmlType::Q4_0, GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K}) {
    for (auto [rows, cols] : {std::pair<std::int64_t, std::int64_t>{1, 256}, {37, 512}, {300, 2048}, {5, 5632}}) {
      std::vector<float> wf(static_cast<std::size_t>(rows * cols)), x(static_cast<std::size_t>(cols));
      for (auto& v : wf) v = nd(rng);
      for (auto& v : x) v = nd(rng);
      const auto w = quantize(t, wf, cols);
      const WeightView view{t, cols, rows, w.data()};
      std::vector<float> ref(static_cast<std::size_t>(rows));
      matvec_ref(view, x.data(), ref.data());
      cuda::DeviceMatvec dev(view, x.data());
      Dispatch d;
      dev.run(nullptr, &d);
      const auto y = dev.result(nullptr);
      const double e = nmse(y.data(), ref.data(), rows);
      const bool ok = e < 5e-4 && d.fallbacks().empty();
      std::printf("%s %s %lldx%lld nmse %.3e\n", ok ? "ok  " : "FAIL", type_name(t).c_str(),
                  static_cast<long long>(rows), static_cast<long long>(cols), e);
      failures += !ok;
    }
  }
  return failures == 0 ? 0 : 1;
}
