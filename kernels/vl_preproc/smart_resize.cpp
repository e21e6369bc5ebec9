#include "vl_preproc/smart_resize.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace vl {

std::string python_float_repr(double value) {
  char buf[64];
  // Python's repr switches to exponent notation at 1e16; ratios here stay far below.
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  std::string s(buf, ec == std::errc{} ? end : buf);
  if (s.find('.') == std::string::npos) s += ".0";
  return s;
}

TargetSize smart_resize(int height, int width, int factor, std::int64_t min_pixels, std::int64_t max_pixels) {
  if (height <= 0 || width <= 0) {
    throw ResizeError("image size must be positive, got " + std::to_string(height) + "x" + std::to_string(width));
  }
  if (factor <= 0 || min_pixels < 0 || max_pixels <= 0) throw ResizeError("factor and pixel bounds must be positive");
  const double h = height, w = width, f = factor;
  const double ratio = std::max(h, w) / std::min(h, w);
  if (ratio > 200) throw ResizeError("absolute aspect ratio must be smaller than 200, got " + python_float_repr(ratio));
  double h_bar = std::nearbyint(h / f) * f;
  double w_bar = std::nearbyint(w / f) * f;
  const double area = static_cast<double>(static_cast<std::int64_t>(height) * width);
  if (h_bar * w_bar > static_cast<double>(max_pixels)) {
    const double beta = std::sqrt(area / static_cast<double>(max_pixels));
    h_bar = std::max(f, std::floor(h / beta / f) * f);
    w_bar = std::max(f, std::floor(w / beta / f) * f);
  } else if (h_bar * w_bar < static_cast<double>(min_pixels)) {
    const double beta = std::sqrt(static_cast<double>(min_pixels) / area);
    h_bar = std::ceil(h * beta / f) * f;
    w_bar = std::ceil(w * beta / f) * f;
  }
  if (h_bar > 2147483647.0 || w_bar > 2147483647.0) throw ResizeError("resized size out of range");
  return {static_cast<int>(h_bar), static_cast<int>(w_bar)};
}

}  // namespace vl
