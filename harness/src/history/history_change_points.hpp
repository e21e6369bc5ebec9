#pragma once
// Change-point detection over a history series: optimal partitioning of log(median) into
// constant segments with a BIC-like penalty (asv's step detection, in spirit), keeping only
// steps larger than the minimum effect.
#include <cstddef>
#include <vector>

namespace crucible {

struct ChangePoint {
  std::size_t index = 0;     // first point of the new segment
  double before = 0;         // segment medians (same unit as the input)
  double after = 0;
  double ratio() const { return before > 0 ? after / before : 1.0; }
};

std::vector<ChangePoint> detect_change_points(const std::vector<double>& values, double min_effect);

}  // namespace crucible
