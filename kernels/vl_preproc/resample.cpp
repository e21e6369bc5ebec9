#include "vl_preproc/resample.hpp"

#include <cstring>
#include <stdexcept>

#include "vl_preproc/resample_math.hpp"

namespace vl {

ResizePlan make_resize_plan(int src_width, int src_height, int dst_width, int dst_height) {
  if (src_width <= 0 || src_height <= 0 || dst_width <= 0 || dst_height <= 0) {
    throw std::invalid_argument("resize: sizes must be positive");
  }
  ResizePlan p;
  p.src_width = src_width;
  p.src_height = src_height;
  p.dst_width = dst_width;
  p.dst_height = dst_height;
  p.horizontal = dst_width != src_width;
  p.vertical = dst_height != src_height;
  // Pillow computes both tables first; the vertical one decides which rows the horizontal
  // pass needs.
  p.v = bicubic_coefficients(src_height, dst_height);
  p.h = bicubic_coefficients(src_width, dst_width);
  p.vertical_first = src_height - dst_height > 0 && src_height - dst_height > (src_width - dst_width) * 2;
  p.row_begin = 0;
  p.row_end = src_height;
  p.vertical_width = dst_width;
  if (p.vertical && p.vertical_first) {
    p.row_end = dst_height;  // the horizontal pass reads the whole intermediate
    p.vertical_width = src_width;
  } else if (p.vertical) {
    p.row_begin = p.v.first.front();
    p.row_end = p.v.first.back() + p.v.count.back();
    if (p.horizontal) {
      for (auto& f : p.v.first) f -= p.row_begin;
    } else {
      p.row_begin = 0;
      p.row_end = src_height;
    }
  }
  if (!p.horizontal) p.vertical_width = src_width;
  return p;
}

void resample_horizontal_rows(const ResizePlan& plan, const std::uint8_t* src, std::uint8_t* tmp, int y0, int y1,
                              Isa isa) {
  if (isa != Isa::scalar) {
    detail::horizontal_rows_avx2(plan, src, tmp, y0, y1);
    return;
  }
  const std::int64_t in_stride = std::int64_t{plan.src_width} * 3, out_stride = std::int64_t{plan.dst_width} * 3;
  for (int y = y0; y < y1; ++y) {
    const std::uint8_t* row = src + (plan.row_begin + y) * in_stride;
    std::uint8_t* out = tmp + y * out_stride;
    for (int x = 0; x < plan.dst_width; ++x) {
      const std::int32_t* k = &plan.h.k[static_cast<std::size_t>(x) * plan.h.ksize];
      const int first = plan.h.first[static_cast<std::size_t>(x)], count = plan.h.count[static_cast<std::size_t>(x)];
      for (int c = 0; c < 3; ++c) out[3 * x + c] = horizontal_sample(row, first, count, k, c);
    }
  }
}

void resample_vertical_rows(const ResizePlan& plan, const std::uint8_t* in, std::uint8_t* out, int y0, int y1, Isa isa) {
  if (isa == Isa::avx512) {
    detail::vertical_rows_avx512(plan, in, out, y0, y1);
    return;
  }
  if (isa == Isa::avx2) {
    detail::vertical_rows_avx2(plan, in, out, y0, y1);
    return;
  }
  const std::int64_t stride = std::int64_t{plan.vertical_width} * 3;
  for (int y = y0; y < y1; ++y) {
    const std::int32_t* k = &plan.v.k[static_cast<std::size_t>(y) * plan.v.ksize];
    const int first = plan.v.first[static_cast<std::size_t>(y)], count = plan.v.count[static_cast<std::size_t>(y)];
    std::uint8_t* o = out + y * stride;
    for (std::int64_t b = 0; b < stride; ++b) o[b] = vertical_sample(in, stride, first, count, k, b);
  }
}

RgbImage resize_bicubic(const RgbImage& src, int dst_width, int dst_height, Isa isa) {
  const ResizePlan plan = make_resize_plan(src.width, src.height, dst_width, dst_height);
  RgbImage out;
  out.width = dst_width;
  out.height = dst_height;
  out.pixels.resize(static_cast<std::size_t>(dst_width) * dst_height * 3);
  if (!plan.horizontal && !plan.vertical) {
    std::memcpy(out.pixels.data(), src.pixels.data(), out.pixels.size());
    return out;
  }
  if (plan.horizontal && !plan.vertical) {
    resample_horizontal_rows(plan, src.pixels.data(), out.pixels.data(), 0, dst_height, isa);
    return out;
  }
  if (!plan.horizontal) {
    resample_vertical_rows(plan, src.pixels.data(), out.pixels.data(), 0, dst_height, isa);
    return out;
  }
  if (plan.vertical_first) {
    std::vector<std::uint8_t> tmp(static_cast<std::size_t>(src.width) * dst_height * 3);
    resample_vertical_rows(plan, src.pixels.data(), tmp.data(), 0, dst_height, isa);
    resample_horizontal_rows(plan, tmp.data(), out.pixels.data(), 0, dst_height, isa);
    return out;
  }
  std::vector<std::uint8_t> tmp(static_cast<std::size_t>(dst_width) * (plan.row_end - plan.row_begin) * 3);
  resample_horizontal_rows(plan, src.pixels.data(), tmp.data(), 0, plan.row_end - plan.row_begin, isa);
  resample_vertical_rows(plan, tmp.data(), out.pixels.data(), 0, dst_height, isa);
  return out;
}

}  // namespace vl
