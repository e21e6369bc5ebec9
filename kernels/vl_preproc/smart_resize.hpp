#pragma once
// smart_resize (transformers 5, all Qwen-VL families): the size an image is resized to, each
// side a multiple of `factor`, the area within [min_pixels, max_pixels], the aspect ratio kept
// as closely as possible. Double arithmetic in the reference's order; Python's round is
// half-to-even (std::nearbyint), never std::round.
#include <cstdint>
#include <stdexcept>

namespace vl {

class ResizeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct TargetSize {
  int height = 0;
  int width = 0;
  bool operator==(const TargetSize&) const = default;
};

// Throws ResizeError with the reference's message ("absolute aspect ratio must be smaller than
// 200, got 250.0") for a ratio above 200, and for sizes or bounds that are not positive.
TargetSize smart_resize(int height, int width, int factor, std::int64_t min_pixels, std::int64_t max_pixels);

// Python's repr() of a double (shortest round-trip digits, ".0" for integral values).
std::string python_float_repr(double value);

}  // namespace vl
