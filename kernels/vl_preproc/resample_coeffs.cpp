// Built with -ffp-contract=off (see CMakeLists.txt): a fused multiply-add would round
// differently from Pillow and change coefficients.
#include "vl_preproc/resample_coeffs.hpp"

#include <cmath>

namespace vl {
namespace {

double bicubic(double x) {
  constexpr double a = -0.5;
  if (x < 0.0) x = -x;
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
  if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
  return 0.0;
}

constexpr double kSupport = 2.0;

struct Layout {
  double scale, filterscale, support;
  int ksize;
};

Layout layout(int in_size, int out_size) {
  Layout l;
  l.scale = static_cast<double>(in_size) / out_size;  // (in1 - in0) / out, full box
  l.filterscale = l.scale < 1.0 ? 1.0 : l.scale;
  l.support = kSupport * l.filterscale;
  l.ksize = static_cast<int>(std::ceil(l.support)) * 2 + 1;
  return l;
}

void weights_into(int in_size, int out_size, const Layout& l, std::vector<double>& kk, std::vector<std::int32_t>* first,
                  std::vector<std::int32_t>* count) {
  kk.assign(static_cast<std::size_t>(out_size) * l.ksize, 0.0);
  const double ss = 1.0 / l.filterscale;
  for (int xx = 0; xx < out_size; ++xx) {
    const double center = 0.0 + (xx + 0.5) * l.scale;
    double ww = 0.0;
    int xmin = static_cast<int>(center - l.support + 0.5);
    if (xmin < 0) xmin = 0;
    int xmax = static_cast<int>(center + l.support + 0.5);
    if (xmax > in_size) xmax = in_size;
    xmax -= xmin;
    double* k = &kk[static_cast<std::size_t>(xx) * l.ksize];
    for (int x = 0; x < xmax; ++x) {
      const double w = bicubic((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (int x = 0; x < xmax; ++x) {
      if (ww != 0.0) k[x] /= ww;
    }
    if (first) (*first)[static_cast<std::size_t>(xx)] = xmin;
    if (count) (*count)[static_cast<std::size_t>(xx)] = xmax;
  }
}

}  // namespace

std::vector<double> bicubic_weights(int in_size, int out_size, int* ksize) {
  const Layout l = layout(in_size, out_size);
  std::vector<double> kk;
  weights_into(in_size, out_size, l, kk, nullptr, nullptr);
  if (ksize) *ksize = l.ksize;
  return kk;
}

AxisCoefficients bicubic_coefficients(int in_size, int out_size) {
  const Layout l = layout(in_size, out_size);
  AxisCoefficients c;
  c.in_size = in_size;
  c.out_size = out_size;
  c.ksize = l.ksize;
  c.first.resize(static_cast<std::size_t>(out_size));
  c.count.resize(static_cast<std::size_t>(out_size));
  std::vector<double> kk;
  weights_into(in_size, out_size, l, kk, &c.first, &c.count);
  c.k.resize(kk.size());
  for (std::size_t x = 0; x < kk.size(); ++x) {
    const double v = kk[x] * (1 << kPrecisionBits);
    c.k[x] = kk[x] < 0 ? static_cast<std::int32_t>(-0.5 + v) : static_cast<std::int32_t>(0.5 + v);
  }
  return c;
}

}  // namespace vl
