#pragma once
// Pillow's per-pixel colour arithmetic, as the reference applies it when converting to RGB.
#include <cstdint>

namespace vl {

// PIL.Image.alpha_composite(white, src) for one pixel (AlphaComposite.c, 7-bit precision
// coefficients, division by 255 by shifts); returns the composited channel value.
inline std::uint8_t composite_on_white(std::uint8_t value, std::uint8_t alpha) {
  if (alpha == 0) return 255;
  constexpr std::uint32_t kPrecisionBits = 7;
  const std::uint32_t dst_a = 255, dst_v = 255;
  const std::uint32_t blend = dst_a * (255u - alpha);
  const std::uint32_t outa255 = alpha * 255u + blend;
  const std::uint32_t coef1 = alpha * 255u * 255u * (1u << kPrecisionBits) / outa255;
  const std::uint32_t coef2 = 255u * (1u << kPrecisionBits) - coef1;
  const std::uint32_t tmp = value * coef1 + dst_v * coef2 + (0x80u << kPrecisionBits);
  return static_cast<std::uint8_t>(((((tmp >> 8) + tmp) >> 8)) >> kPrecisionBits);
}

// Pillow's cmyk2rgb (Convert.c): out = clip8(nk - nk*c/255) with nk = 255 - k, using its
// rounding MULDIV255.
inline std::uint8_t cmyk_channel_to_rgb(std::uint8_t c, std::uint8_t k) {
  const int nk = 255 - k;
  const int tmp = c * nk + 128;
  const int muldiv = ((tmp >> 8) + tmp) >> 8;
  const int v = nk - muldiv;
  return static_cast<std::uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
}

}  // namespace vl
