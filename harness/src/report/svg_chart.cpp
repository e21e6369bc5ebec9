#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "report/report_input.hpp"

namespace crucible {

namespace {

std::string num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

std::string short_value(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", v);
  return text;
}

}  // namespace

std::string palette(std::size_t i) {
  static const char* colours[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                  "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  return colours[i % 10];
}

std::string svg_ratio_bars(const std::string& title, const std::vector<Bar>& bars, double reference,
                           const std::string& value_suffix) {
  const double label_w = 360, plot_w = 420, row_h = 22, top = 30;
  const double height = top + row_h * static_cast<double>(bars.size()) + 30;
  double span = std::log(1.25);
  for (const auto& b : bars) {
    if (b.value > 0) span = std::max(span, std::fabs(std::log(b.value / reference)));
  }
  span *= 1.1;
  const double mid = label_w + plot_w / 2;
  auto x_of = [&](double v) { return mid + std::log(std::max(v, 1e-12) / reference) / span * (plot_w / 2); };
  std::ostringstream os;
  os << "<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(label_w + plot_w + 90)
     << "\" height=\"" << num(height) << "\" viewBox=\"0 0 " << num(label_w + plot_w + 90) << " " << num(height) << "\">";
  os << "<title>" << escape_xml(title) << "</title>";
  os << "<text x=\"4\" y=\"18\" font-weight=\"bold\" font-size=\"14\">" << escape_xml(title) << "</text>";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const double y = top + row_h * static_cast<double>(i);
    const double x1 = std::min(mid, x_of(b.value)), x2 = std::max(mid, x_of(b.value));
    std::string label = b.label.size() > 56 ? "..." + b.label.substr(b.label.size() - 53) : b.label;
    os << "<g class=\"bar\"><title>" << escape_xml(b.tooltip.empty() ? b.label : b.tooltip) << "</title>";
    os << "<text x=\"" << num(label_w - 6) << "\" y=\"" << num(y + 15) << "\" text-anchor=\"end\" font-size=\"11\">"
       << escape_xml(label) << "</text>";
    os << "<rect x=\"" << num(x1) << "\" y=\"" << num(y + 3) << "\" width=\"" << num(std::max(1.0, x2 - x1))
       << "\" height=\"" << num(row_h - 6) << "\" fill=\"" << b.color << "\"/>";
    os << "<text x=\"" << num(label_w + plot_w + 4) << "\" y=\"" << num(y + 15) << "\" font-size=\"11\">"
       << short_value(b.value) << escape_xml(value_suffix) << "</text></g>";
  }
  os << "<line x1=\"" << num(mid) << "\" x2=\"" << num(mid) << "\" y1=\"" << num(top - 4) << "\" y2=\""
     << num(height - 24) << "\" stroke=\"#333\"/>";
  os << "<text x=\"" << num(mid) << "\" y=\"" << num(height - 8) << "\" text-anchor=\"middle\" font-size=\"11\">"
     << short_value(reference) << escape_xml(value_suffix) << " (log scale; right = faster)</text>";
  os << "</svg>";
  return os.str();
}

std::string svg_linear_bars(const std::string& title, const std::vector<Bar>& bars, double max_value,
                            const std::string& value_suffix) {
  const double label_w = 360, plot_w = 420, row_h = 22, top = 30;
  const double height = top + row_h * static_cast<double>(bars.size()) + 10;
  max_value = std::max(max_value, 1e-12);
  std::ostringstream os;
  os << "<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(label_w + plot_w + 90)
     << "\" height=\"" << num(height) << "\">";
  os << "<title>" << escape_xml(title) << "</title>";
  os << "<text x=\"4\" y=\"18\" font-weight=\"bold\" font-size=\"14\">" << escape_xml(title) << "</text>";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const double y = top + row_h * static_cast<double>(i);
    std::string label = b.label.size() > 56 ? "..." + b.label.substr(b.label.size() - 53) : b.label;
    os << "<g class=\"bar\"><title>" << escape_xml(b.tooltip.empty() ? b.label : b.tooltip) << "</title>";
    os << "<text x=\"" << num(label_w - 6) << "\" y=\"" << num(y + 15) << "\" text-anchor=\"end\" font-size=\"11\">"
       << escape_xml(label) << "</text>";
    os << "<rect x=\"" << num(label_w) << "\" y=\"" << num(y + 3) << "\" width=\""
       << num(std::max(1.0, std::min(b.value / max_value, 1.0) * plot_w)) << "\" height=\"" << num(row_h - 6)
       << "\" fill=\"" << b.color << "\"/>";
    os << "<text x=\"" << num(label_w + plot_w + 4) << "\" y=\"" << num(y + 15) << "\" font-size=\"11\">"
       << short_value(b.value) << escape_xml(value_suffix) << "</text></g>";
  }
  os << "</svg>";
  return os.str();
}

std::string svg_line_chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                           const std::vector<LineSeries>& series, bool log_x, bool log_y,
                           const std::vector<std::string>& x_tick_labels) {
  const double width = 640, height = 360, left = 70, right = 170, top = 30, bottom = 50;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  double x_min = std::numeric_limits<double>::infinity(), x_max = -x_min, y_min = x_min, y_max = -x_min;
  auto tx = [&](double v) { return log_x ? std::log10(std::max(v, 1e-300)) : v; };
  auto ty = [&](double v) { return log_y ? std::log10(std::max(v, 1e-300)) : v; };
  std::vector<double> xs;
  for (const auto& s : series) {
    for (const auto& [x, y] : s.points) {
      x_min = std::min(x_min, tx(x));
      x_max = std::max(x_max, tx(x));
      y_min = std::min(y_min, ty(y));
      y_max = std::max(y_max, ty(y));
      xs.push_back(x);
    }
  }
  if (xs.empty()) return "";
  if (x_max == x_min) {
    x_min -= 0.5;
    x_max += 0.5;
  }
  if (y_max == y_min) {
    y_min -= log_y ? 0.1 : std::fabs(y_min) * 0.1 + 1e-12;
    y_max += log_y ? 0.1 : std::fabs(y_max) * 0.1 + 1e-12;
  }
  const double pad = (y_max - y_min) * 0.05;
  y_min -= pad;
  y_max += pad;
  if (!log_y) y_min = std::min(y_min, 0.0);
  auto px = [&](double x) { return left + (tx(x) - x_min) / (x_max - x_min) * plot_w; };
  auto py = [&](double y) { return top + plot_h - (ty(y) - y_min) / (y_max - y_min) * plot_h; };
  std::ostringstream os;
  os << "<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(width) << "\" height=\""
     << num(height) << "\" viewBox=\"0 0 " << num(width) << " " << num(height) << "\">";
  os << "<title>" << escape_xml(title) << "</title>";
  os << "<text x=\"4\" y=\"18\" font-weight=\"bold\" font-size=\"13\">" << escape_xml(title) << "</text>";
  os << "<rect x=\"" << num(left) << "\" y=\"" << num(top) << "\" width=\"" << num(plot_w) << "\" height=\""
     << num(plot_h) << "\" fill=\"none\" stroke=\"#999\"/>";
  // Y ticks: 5 evenly spaced in transformed space.
  for (int i = 0; i <= 4; ++i) {
    const double t = y_min + (y_max - y_min) * i / 4.0;
    const double v = log_y ? std::pow(10.0, t) : t;
    const double y = top + plot_h - plot_h * i / 4.0;
    os << "<line x1=\"" << num(left - 4) << "\" x2=\"" << num(left + plot_w) << "\" y1=\"" << num(y) << "\" y2=\""
       << num(y) << "\" stroke=\"#eee\"/>";
    os << "<text x=\"" << num(left - 6) << "\" y=\"" << num(y + 4) << "\" text-anchor=\"end\" font-size=\"10\">"
       << escape_xml(y_label.find("time") != std::string::npos ? format_duration_ns(v) : short_value(v)) << "</text>";
  }
  // X ticks at the data's x values (deduplicated), or the given labels.
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  const std::size_t step = std::max<std::size_t>(1, xs.size() / 10);
  for (std::size_t i = 0; i < xs.size(); i += step) {
    const double x = px(xs[i]);
    std::string label = short_value(xs[i]);
    const auto index = static_cast<std::size_t>(xs[i]);
    if (!x_tick_labels.empty() && index < x_tick_labels.size()) label = x_tick_labels[index];
    os << "<line x1=\"" << num(x) << "\" x2=\"" << num(x) << "\" y1=\"" << num(top + plot_h) << "\" y2=\""
       << num(top + plot_h + 4) << "\" stroke=\"#333\"/>";
    os << "<text x=\"" << num(x) << "\" y=\"" << num(top + plot_h + 16) << "\" text-anchor=\"middle\" font-size=\"10\">"
       << escape_xml(label) << "</text>";
  }
  os << "<text x=\"" << num(left + plot_w / 2) << "\" y=\"" << num(height - 12) << "\" text-anchor=\"middle\" font-size=\"11\">"
     << escape_xml(x_label) << (log_x ? " (log)" : "") << "</text>";
  os << "<text x=\"14\" y=\"" << num(top + plot_h / 2) << "\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 14 "
     << num(top + plot_h / 2) << ")\">" << escape_xml(y_label) << (log_y ? " (log)" : "") << "</text>";
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    const std::string colour = palette(i);
    os << "<g class=\"series\"><title>" << escape_xml(s.name) << "</title>";
    if (s.line && s.points.size() > 1) {
      os << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\" points=\"";
      for (const auto& [x, y] : s.points) os << num(px(x)) << "," << num(py(y)) << " ";
      os << "\"/>";
    }
    for (std::size_t k = 0; k < s.points.size(); ++k) {
      const auto [x, y] = s.points[k];
      const std::string tip = k < s.labels.size() ? s.labels[k]
                                                  : s.name + ": " + short_value(x) + " -> " +
                                                        (y_label.find("time") != std::string::npos ? format_duration_ns(y)
                                                                                                    : short_value(y));
      os << "<circle cx=\"" << num(px(x)) << "\" cy=\"" << num(py(y)) << "\" r=\"" << (s.line ? 3 : 4) << "\" fill=\""
         << colour << "\"><title>" << escape_xml(tip) << "</title></circle>";
    }
    const double ly = top + 12 + 16 * static_cast<double>(i);
    os << "<rect x=\"" << num(left + plot_w + 10) << "\" y=\"" << num(ly - 8) << "\" width=\"10\" height=\"10\" fill=\""
       << colour << "\"/><text x=\"" << num(left + plot_w + 24) << "\" y=\"" << num(ly + 1) << "\" font-size=\"10\">"
       << escape_xml(s.name.size() > 24 ? s.name.substr(0, 21) + "..." : s.name) << "</text></g>";
  }
  os << "</svg>";
  return os.str();
}

}  // namespace crucible
