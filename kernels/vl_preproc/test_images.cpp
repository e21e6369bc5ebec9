#include "vl_preproc/test_images.hpp"

#include <png.h>

#include <csetjmp>
#include <stdexcept>

namespace vl::testing {

RgbImage noise_image(int width, int height, std::uint64_t seed) {
  RgbImage img;
  img.width = width;
  img.height = height;
  img.pixels.resize(static_cast<std::size_t>(width) * height * 3);
  std::uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      s ^= s << 13;
      s ^= s >> 7;
      s ^= s << 17;
      for (int c = 0; c < 3; ++c) {
        // Half smooth (gradients: the resampler's interior), half noise (its extremes).
        const bool noisy = (s >> 63) != 0;
        img.row(y)[3 * x + c] = static_cast<std::uint8_t>(noisy ? (s >> (8 * c)) : (x * 7 + y * 3 + c * 50));
      }
    }
  }
  return img;
}

namespace {
extern "C" void write_bytes(png_structp png, png_bytep data, std::size_t n) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + n);
}
extern "C" void flush_nothing(png_structp) {}

bool write_png(png_structp png, png_infop info, const RgbImage& image, std::vector<std::uint8_t>& out) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_write_fn(png, &out, write_bytes, flush_nothing);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height), 8,
               PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 1);
  png_write_info(png, info);
  for (int y = 0; y < image.height; ++y) png_write_row(png, image.row(y));
  png_write_end(png, nullptr);
  return true;
}
}  // namespace

std::vector<std::uint8_t> encode_png_rgb(const RgbImage& image) {
  std::vector<std::uint8_t> out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  const bool ok = png && info && write_png(png, info, image, out);
  png_destroy_write_struct(&png, &info);
  if (!ok) throw std::runtime_error("PNG encoding failed");
  return out;
}

}  // namespace vl::testing
