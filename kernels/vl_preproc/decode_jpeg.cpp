// JPEG decoding with libjpeg-turbo at its defaults (what Pillow uses unless draft() is
// called). libjpeg reports fatal errors by longjmp: only read_jpeg has a setjmp, and what it
// fills lives in the caller's frame.
#include <cstdio>  // before jpeglib.h, which uses FILE

#include <jerror.h>
#include <jpeglib.h>

#include <csetjmp>
#include <cstring>
#include <vector>

#include "vl_preproc/color_convert.hpp"
#include "vl_preproc/decode.hpp"

namespace vl {
namespace {

struct JpegErrors {
  jpeg_error_mgr mgr;  // first member: libjpeg hands back a pointer to it
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {};
  bool truncated = false;
};

extern "C" void jpeg_on_error(j_common_ptr cinfo) {
  auto* e = reinterpret_cast<JpegErrors*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, e->message);
  std::longjmp(e->jump, 1);
}

// Warnings are not fatal (as in Pillow), except running out of data: Pillow refuses a
// truncated file, where libjpeg would pad it with gray.
extern "C" void jpeg_on_message(j_common_ptr cinfo, int level) {
  auto* e = reinterpret_cast<JpegErrors*>(cinfo->err);
  if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) e->truncated = true;
}

struct JpegDecompress {
  jpeg_decompress_struct cinfo{};
  bool created = false;
  ~JpegDecompress() {
    if (created) jpeg_destroy_decompress(&cinfo);
  }
};

struct JpegData {
  int width = 0, height = 0, components = 0;
  J_COLOR_SPACE space = JCS_UNKNOWN;
  std::vector<std::uint8_t> samples;  // width * height * components
};

bool read_jpeg(std::span<const std::uint8_t> bytes, JpegErrors& err, JpegDecompress& d, JpegData& out,
               bool header_only, const DecodeLimits& limits, bool& too_large) {
  if (setjmp(err.jump)) return false;
  d.cinfo.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = jpeg_on_error;
  err.mgr.emit_message = jpeg_on_message;
  jpeg_create_decompress(&d.cinfo);
  d.created = true;
  jpeg_mem_src(&d.cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&d.cinfo, TRUE);
  out.width = static_cast<int>(d.cinfo.image_width);
  out.height = static_cast<int>(d.cinfo.image_height);
  if (header_only) return true;
  if (static_cast<std::int64_t>(out.width) * out.height > limits.max_pixels) {
    too_large = true;
    return true;
  }
  switch (d.cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE: d.cinfo.out_color_space = JCS_GRAYSCALE; break;
    case JCS_CMYK:
    case JCS_YCCK: d.cinfo.out_color_space = JCS_CMYK; break;
    default: d.cinfo.out_color_space = JCS_RGB; break;
  }
  jpeg_start_decompress(&d.cinfo);
  out.components = d.cinfo.output_components;
  out.space = d.cinfo.out_color_space;
  const std::size_t stride = static_cast<std::size_t>(d.cinfo.output_width) * out.components;
  out.samples.resize(stride * d.cinfo.output_height);
  while (d.cinfo.output_scanline < d.cinfo.output_height) {
    JSAMPROW row = out.samples.data() + stride * d.cinfo.output_scanline;
    jpeg_read_scanlines(&d.cinfo, &row, 1);
  }
  jpeg_finish_decompress(&d.cinfo);
  return true;
}

bool has_jpeg_signature(std::span<const std::uint8_t> bytes) {
  return bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

}  // namespace

ImageHeader probe_jpeg(std::span<const std::uint8_t> bytes) {
  if (!has_jpeg_signature(bytes)) throw DecodeError("not a JPEG file");
  JpegErrors err;
  JpegDecompress d;
  JpegData data;
  bool too_large = false;
  if (!read_jpeg(bytes, err, d, data, /*header_only=*/true, {}, too_large)) {
    throw DecodeError(std::string("corrupt JPEG: ") + err.message);
  }
  if (data.width <= 0 || data.height <= 0) throw DecodeError("corrupt JPEG: zero image size");
  return {ImageFormat::jpeg, data.width, data.height};
}

RgbImage decode_jpeg(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  const ImageHeader header = probe_jpeg(bytes);
  check_dimensions(header.width, header.height, limits);
  JpegErrors err;
  JpegDecompress d;
  JpegData data;
  bool too_large = false;
  if (!read_jpeg(bytes, err, d, data, /*header_only=*/false, limits, too_large)) {
    throw DecodeError(std::string(err.truncated ? "truncated JPEG: " : "corrupt JPEG: ") + err.message);
  }
  if (err.truncated) throw DecodeError("truncated JPEG file (premature end of data)");

  RgbImage out;
  out.width = data.width;
  out.height = data.height;
  const std::size_t n = static_cast<std::size_t>(data.width) * data.height;
  out.pixels.resize(n * 3);
  const std::uint8_t* s = data.samples.data();
  std::uint8_t* o = out.pixels.data();
  if (data.components == 1) {
    for (std::size_t i = 0; i < n; ++i) o[3 * i] = o[3 * i + 1] = o[3 * i + 2] = s[i];
  } else if (data.components == 3) {
    std::memcpy(o, s, n * 3);
  } else if (data.components == 4) {
    // Pillow reads CMYK JPEGs as "CMYK;I" (Adobe polarity): the stored values inverted.
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t k = static_cast<std::uint8_t>(255 - s[4 * i + 3]);
      for (int c = 0; c < 3; ++c) o[3 * i + c] = cmyk_channel_to_rgb(static_cast<std::uint8_t>(255 - s[4 * i + c]), k);
    }
  } else {
    throw DecodeError("unsupported JPEG: " + std::to_string(data.components) + " components");
  }
  return out;
}

}  // namespace vl
