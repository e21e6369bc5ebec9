#pragma once
// Pillow's Image.resize(size, BICUBIC) on an 8-bit RGB image (ImagingResample, full box, no
// reducing_gap), in Pillow 13's pass order: when the height shrinks by more than twice as many
// pixels as the width (src_h - dst_h > 2 * (src_w - dst_w), src_h > dst_h), the vertical pass
// runs first over the whole source and the horizontal pass follows; otherwise the horizontal
// pass runs over only the source rows the vertical pass reads, then the vertical pass. The
// intermediate is rounded to uint8 either way. An axis whose size does not change is not
// resampled; an unchanged size is a copy.
#include <cstdint>

#include "vl_preproc/isa.hpp"
#include "vl_preproc/resample_coeffs.hpp"
#include "vl_preproc/rgb_image.hpp"

namespace vl {

struct ResizePlan {
  int src_width = 0, src_height = 0, dst_width = 0, dst_height = 0;
  bool horizontal = false, vertical = false;
  bool vertical_first = false;
  int row_begin = 0, row_end = 0;  // input rows of the horizontal pass (intermediate rows when vertical_first)
  int vertical_width = 0;          // image width during the vertical pass
  AxisCoefficients h, v;           // v.first is relative to row_begin when the horizontal pass runs first
};

ResizePlan make_resize_plan(int src_width, int src_height, int dst_width, int dst_height);

// The passes over a range of output rows, so that callers may split an image across threads.
// Horizontal: input rows [plan.row_begin + y0, plan.row_begin + y1) (src_width wide) into
// `tmp` rows [y0, y1) (dst_width wide). Vertical: output rows [y0, y1) from `in`, both
// vertical_width wide.
void resample_horizontal_rows(const ResizePlan& plan, const std::uint8_t* src, std::uint8_t* tmp, int y0, int y1,
                              Isa isa);
void resample_vertical_rows(const ResizePlan& plan, const std::uint8_t* in, std::uint8_t* out, int y0, int y1, Isa isa);

RgbImage resize_bicubic(const RgbImage& src, int dst_width, int dst_height, Isa isa = Isa::scalar);

namespace detail {
void vertical_rows_avx2(const ResizePlan& plan, const std::uint8_t* in, std::uint8_t* out, int y0, int y1);
void vertical_rows_avx512(const ResizePlan& plan, const std::uint8_t* in, std::uint8_t* out, int y0, int y1);
void horizontal_rows_avx2(const ResizePlan& plan, const std::uint8_t* src, std::uint8_t* tmp, int y0, int y1);
}  // namespace detail

}  // namespace vl
