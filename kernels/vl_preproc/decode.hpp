#pragma once
// Decoding PNG (libpng) and JPEG (libjpeg-turbo) files into RGB as the reference processor
// sees them: Pillow's image modes, then transformers' convert_to_rgb.
//  - PNG: 1/2/4-bit gray scaled to 8 bits, 16-bit samples keep their high byte (16-bit gray:
//    values above 255 clip to 255, as Pillow's I;16 -> RGB), palettes looked up. An alpha
//    channel or a tRNS chunk makes the image transparent; it is then composited onto white
//    with Pillow's alpha_composite arithmetic (AlphaMode::composite_white, transformers 5),
//    or its alpha is dropped (AlphaMode::drop, transformers 4's convert("RGB")).
//  - JPEG: libjpeg defaults (ISLOW DCT, fancy upsampling); grayscale replicated; CMYK and
//    YCCK read with Adobe polarity (inverted) and converted with Pillow's cmyk2rgb.
//    A truncated JPEG is an error, as in Pillow without LOAD_TRUNCATED_IMAGES.
// No EXIF orientation is applied (the image processor applies none).
// Every failure throws DecodeError with a one-line reason; nothing is allocated before the
// header has been checked against DecodeLimits.
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

#include "vl_preproc/rgb_image.hpp"

namespace vl {

class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class AlphaMode { composite_white, drop };
enum class ImageFormat { png, jpeg, unknown };

struct DecodeLimits {
  // Pillow raises DecompressionBombError above 2 * 89,478,485 pixels; the same bound here.
  std::int64_t max_pixels = 178956970;
};

struct ImageHeader {
  ImageFormat format = ImageFormat::unknown;
  int width = 0;
  int height = 0;
};

ImageFormat sniff_format(std::span<const std::uint8_t> bytes);

// Reads only the header: format and dimensions (throws DecodeError on a bad or unknown file).
ImageHeader probe_image(std::span<const std::uint8_t> bytes);

RgbImage decode_image(std::span<const std::uint8_t> bytes, AlphaMode alpha = AlphaMode::composite_white,
                      const DecodeLimits& limits = {});

// The format-specific decoders (decode_image dispatches on the file signature).
RgbImage decode_png(std::span<const std::uint8_t> bytes, AlphaMode alpha, const DecodeLimits& limits);
RgbImage decode_jpeg(std::span<const std::uint8_t> bytes, const DecodeLimits& limits);
ImageHeader probe_png(std::span<const std::uint8_t> bytes);
ImageHeader probe_jpeg(std::span<const std::uint8_t> bytes);

// Checks dimensions against the limits before any pixel buffer is allocated.
void check_dimensions(int width, int height, const DecodeLimits& limits);

}  // namespace vl
