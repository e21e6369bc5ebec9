// PNG decoding with libpng's classic API. libpng reports errors by longjmp; every C++ object
// lives in decode_png's own frame (set up before setjmp), so the jump skips no destructor.
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

#include "vl_preproc/color_convert.hpp"
#include "vl_preproc/decode.hpp"

namespace vl {
namespace {

struct PngSource {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
  std::size_t pos = 0;
  char message[200] = {};
  std::jmp_buf jump;
};

extern "C" void png_on_error(png_structp png, png_const_charp msg) {
  auto* src = static_cast<PngSource*>(png_get_error_ptr(png));
  std::snprintf(src->message, sizeof src->message, "%s", msg ? msg : "libpng error");
  std::longjmp(src->jump, 1);
}
extern "C" void png_on_warning(png_structp, png_const_charp) {}
extern "C" void png_on_read(png_structp png, png_bytep out, std::size_t n) {
  auto* src = static_cast<PngSource*>(png_get_io_ptr(png));
  if (src->size - src->pos < n) png_error(png, "truncated PNG file");
  std::memcpy(out, src->data + src->pos, n);
  src->pos += n;
}

// Owns the libpng read structures (destroyed on every path, including errors).
struct PngHandles {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~PngHandles() {
    if (png) png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
  }
};

constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

struct Transparency {
  bool any = false;                 // an alpha channel or a tRNS chunk
  std::vector<std::uint8_t> index;  // palette alpha per entry (palette images)
  int key[3] = {-1, -1, -1};        // transparent sample values (gray: key[0]; RGB: all three)
};

// One row of samples (after png_set_packing: one byte per sample below 8 bits; 16-bit samples
// big-endian) converted to RGB plus alpha, as Pillow's PNG modes hold them.
void convert_row(const std::uint8_t* in, int width, int color_type, int bit_depth, const png_color* palette,
                 int palette_size, const Transparency& trns, std::uint8_t* rgb, std::uint8_t* alpha) {
  const int gray_scale = bit_depth < 8 ? 255 / ((1 << bit_depth) - 1) : 1;
  for (int x = 0; x < width; ++x) {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    switch (color_type) {
      case PNG_COLOR_TYPE_GRAY: {
        int v;
        if (bit_depth == 16) {
          const int wide = (in[2 * x] << 8) | in[2 * x + 1];
          v = wide;                   // the tRNS key compares the 16-bit value (Pillow's I;16)
          r = static_cast<std::uint8_t>(wide > 255 ? 255 : wide);  // I;16 -> RGB clips
        } else {
          v = in[x] * gray_scale;
          r = static_cast<std::uint8_t>(v);
        }
        g = b = r;
        if (trns.key[0] >= 0 && v == trns.key[0]) a = 0;
        break;
      }
      case PNG_COLOR_TYPE_RGB: {
        const int step = bit_depth == 16 ? 6 : 3;
        const std::uint8_t* p = in + static_cast<std::size_t>(x) * step;
        const int hi = bit_depth == 16 ? 2 : 1;
        r = p[0];
        g = p[hi];
        b = p[2 * hi];
        if (trns.key[0] >= 0 && r == trns.key[0] && g == trns.key[1] && b == trns.key[2]) a = 0;
        break;
      }
      case PNG_COLOR_TYPE_PALETTE: {
        const int i = in[x];
        if (i < palette_size) {
          r = palette[i].red;
          g = palette[i].green;
          b = palette[i].blue;
        }
        if (static_cast<std::size_t>(i) < trns.index.size()) a = trns.index[static_cast<std::size_t>(i)];
        break;
      }
      case PNG_COLOR_TYPE_GRAY_ALPHA: {
        const int step = bit_depth == 16 ? 4 : 2;
        const std::uint8_t* p = in + static_cast<std::size_t>(x) * step;
        r = g = b = p[0];
        a = p[step / 2];
        break;
      }
      default: {  // RGBA
        const int step = bit_depth == 16 ? 8 : 4;
        const int hi = bit_depth == 16 ? 2 : 1;
        const std::uint8_t* p = in + static_cast<std::size_t>(x) * step;
        r = p[0];
        g = p[hi];
        b = p[2 * hi];
        a = p[3 * hi];
        break;
      }
    }
    rgb[3 * x] = r;
    rgb[3 * x + 1] = g;
    rgb[3 * x + 2] = b;
    alpha[x] = a;
  }
}

// What libpng read: the rows of samples and how to interpret them.
struct PngData {
  png_uint_32 width = 0, height = 0;
  int bit_depth = 0, color_type = 0;
  std::vector<std::uint8_t> raw;
  std::size_t rowbytes = 0;
  std::vector<png_color> palette;
  std::vector<png_bytep> rows;  // here, not in read_png: a longjmp must skip no destructor
  Transparency trns;
};

// The only function with setjmp: the objects it fills live in the caller's frame, so a
// longjmp from libpng returns here without skipping a destructor. Returns false on error
// (src.message says why).
bool read_png(PngSource& src, PngHandles& h, PngData& d) {
  if (setjmp(src.jump)) return false;
  png_set_read_fn(h.png, &src, png_on_read);
  png_set_user_limits(h.png, 0x7fffffff, 0x7fffffff);  // DecodeLimits applies instead
  png_read_info(h.png, h.info);
  int interlace = 0;
  png_get_IHDR(h.png, h.info, &d.width, &d.height, &d.bit_depth, &d.color_type, &interlace, nullptr, nullptr);
  if (png_get_valid(h.png, h.info, PNG_INFO_PLTE)) {
    png_colorp p = nullptr;
    int n = 0;
    png_get_PLTE(h.png, h.info, &p, &n);
    d.palette.assign(p, p + n);
  }
  if (d.color_type & PNG_COLOR_MASK_ALPHA) d.trns.any = true;
  if (png_get_valid(h.png, h.info, PNG_INFO_tRNS)) {
    png_bytep t = nullptr;
    int n = 0;
    png_color_16p key = nullptr;
    png_get_tRNS(h.png, h.info, &t, &n, &key);
    d.trns.any = true;
    if (d.color_type == PNG_COLOR_TYPE_PALETTE && t) {
      d.trns.index.assign(t, t + n);
    } else if (key && d.color_type == PNG_COLOR_TYPE_GRAY) {
      d.trns.key[0] = key->gray;
    } else if (key && d.color_type == PNG_COLOR_TYPE_RGB) {
      d.trns.key[0] = key->red;
      d.trns.key[1] = key->green;
      d.trns.key[2] = key->blue;
    }
  }
  if (d.bit_depth < 8) png_set_packing(h.png);
  png_set_interlace_handling(h.png);
  png_read_update_info(h.png, h.info);
  d.rowbytes = png_get_rowbytes(h.png, h.info);
  d.raw.resize(d.rowbytes * d.height);
  d.rows.resize(d.height);
  for (png_uint_32 y = 0; y < d.height; ++y) d.rows[y] = d.raw.data() + d.rowbytes * y;
  png_read_image(h.png, d.rows.data());
  png_read_end(h.png, nullptr);
  return true;
}

}  // namespace

ImageHeader probe_png(std::span<const std::uint8_t> bytes) {
  // IHDR is the first chunk: signature, length, "IHDR", width, height (big-endian).
  if (bytes.size() < 33 || std::memcmp(bytes.data(), kSignature, 8) != 0) {
    if (bytes.size() >= 8 && std::memcmp(bytes.data(), kSignature, 8) == 0) throw DecodeError("truncated PNG header");
    throw DecodeError("not a PNG file");
  }
  if (std::memcmp(bytes.data() + 12, "IHDR", 4) != 0) throw DecodeError("corrupt PNG: first chunk is not IHDR");
  auto be32 = [&](std::size_t at) {
    return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) | (std::uint32_t{bytes[at + 2]} << 8) |
           std::uint32_t{bytes[at + 3]};
  };
  const std::uint32_t w = be32(16), h = be32(20);
  if (w == 0 || h == 0) throw DecodeError("corrupt PNG: zero image size " + std::to_string(w) + "x" + std::to_string(h));
  if (w > 0x7fffffffu || h > 0x7fffffffu) throw DecodeError("corrupt PNG: image size out of range");
  return {ImageFormat::png, static_cast<int>(w), static_cast<int>(h)};
}

RgbImage decode_png(std::span<const std::uint8_t> bytes, AlphaMode alpha_mode, const DecodeLimits& limits) {
  const ImageHeader header = probe_png(bytes);
  check_dimensions(header.width, header.height, limits);

  PngSource src;
  src.data = bytes.data();
  src.size = bytes.size();
  PngHandles h;
  h.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, png_on_error, png_on_warning);
  if (!h.png) throw DecodeError("out of memory (libpng)");
  h.info = png_create_info_struct(h.png);
  if (!h.info) throw DecodeError("out of memory (libpng)");
  PngData d;
  if (!read_png(src, h, d)) throw DecodeError(std::string("corrupt PNG: ") + src.message);

  RgbImage out;
  out.width = static_cast<int>(d.width);
  out.height = static_cast<int>(d.height);
  out.pixels.resize(static_cast<std::size_t>(d.width) * d.height * 3);
  std::vector<std::uint8_t> alpha(d.width);
  for (png_uint_32 y = 0; y < d.height; ++y) {
    std::uint8_t* rgb = out.row(static_cast<int>(y));
    convert_row(d.raw.data() + d.rowbytes * y, out.width, d.color_type, d.bit_depth, d.palette.data(),
                static_cast<int>(d.palette.size()), d.trns, rgb, alpha.data());
    if (d.trns.any && alpha_mode == AlphaMode::composite_white) {
      for (int x = 0; x < out.width; ++x) {
        for (int c = 0; c < 3; ++c) rgb[3 * x + c] = composite_on_white(rgb[3 * x + c], alpha[x]);
      }
    }
  }
  return out;
}

}  // namespace vl
