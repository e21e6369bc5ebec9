#include "vl_preproc/decode.hpp"

#include <cstring>
#include <new>

namespace vl {

ImageFormat sniff_format(std::span<const std::uint8_t> bytes) {
  static constexpr std::uint8_t png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), png, 8) == 0) return ImageFormat::png;
  if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return ImageFormat::jpeg;
  return ImageFormat::unknown;
}

void check_dimensions(int width, int height, const DecodeLimits& limits) {
  if (width <= 0 || height <= 0) {
    throw DecodeError("zero image size " + std::to_string(width) + "x" + std::to_string(height));
  }
  const std::int64_t pixels = static_cast<std::int64_t>(width) * height;
  if (pixels > limits.max_pixels) {
    throw DecodeError("image too large: " + std::to_string(width) + "x" + std::to_string(height) + " = " +
                      std::to_string(pixels) + " pixels, limit " + std::to_string(limits.max_pixels));
  }
}

ImageHeader probe_image(std::span<const std::uint8_t> bytes) {
  switch (sniff_format(bytes)) {
    case ImageFormat::png: return probe_png(bytes);
    case ImageFormat::jpeg: return probe_jpeg(bytes);
    default: break;
  }
  if (bytes.empty()) throw DecodeError("empty file");
  throw DecodeError("not a PNG or JPEG file");
}

RgbImage decode_image(std::span<const std::uint8_t> bytes, AlphaMode alpha, const DecodeLimits& limits) {
  try {
    switch (sniff_format(bytes)) {
      case ImageFormat::png: return decode_png(bytes, alpha, limits);
      case ImageFormat::jpeg: return decode_jpeg(bytes, limits);
      default: break;
    }
  } catch (const std::bad_alloc&) {
    throw DecodeError("out of memory decoding the image");
  }
  if (bytes.empty()) throw DecodeError("empty file");
  throw DecodeError("not a PNG or JPEG file");
}

}  // namespace vl
