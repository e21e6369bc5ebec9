#pragma once
// Google Benchmark's time units ("ns", "us", "ms", "s") and durations as people read them.
#include <cmath>
#include <cstdio>
#include <string>

namespace crucible {

// A Google Benchmark time (value, time_unit) in nanoseconds; an unknown unit reads as ns.
inline double to_ns(double value, const std::string& unit) {
  return value * (unit == "us" ? 1e3 : unit == "ms" ? 1e6 : unit == "s" ? 1e9 : 1.0);
}

// "1.23 ms": the unit that keeps one to three digits before the point.
inline std::string format_duration_ns(double ns) {
  const char* units[] = {"ns", "us", "ms", "s"};
  int u = 0;
  while (std::fabs(ns) >= 1000.0 && u < 3) {
    ns /= 1000.0;
    ++u;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.3g %s", ns, units[u]);
  return text;
}

}  // namespace crucible
