#pragma once
// Inline SVG charts for the HTML report: no scripts, no external resources.
#include <string>
#include <utility>
#include <vector>

namespace crucible {

struct Bar {
  std::string label;
  double value = 0;
  std::string color;    // CSS colour
  std::string tooltip;  // <title> text
};

// Horizontal bars on a log scale around `reference` (e.g. speedup 1.0): bars grow right for
// values above it and left for values below.
std::string svg_ratio_bars(const std::string& title, const std::vector<Bar>& bars, double reference,
                           const std::string& value_suffix);
// Horizontal bars from zero on a linear scale (e.g. percent of peak).
std::string svg_linear_bars(const std::string& title, const std::vector<Bar>& bars, double max_value,
                            const std::string& value_suffix);

struct LineSeries {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y), sorted by x
  bool line = true;                                // false: points only (a scatter)
  std::vector<std::string> labels;                 // optional tooltip per point
};

// One line per series; log axes when asked (values must then be positive).
std::string svg_line_chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                           const std::vector<LineSeries>& series, bool log_x, bool log_y,
                           const std::vector<std::string>& x_tick_labels = {});

// The i-th colour of the report's palette.
std::string palette(std::size_t i);

}  // namespace crucible
