#include "report/comparison_text.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "report/report_input.hpp"
#include "results/time_unit.hpp"

namespace crucible {

std::string comparison_text(const ResultsComparison& c) {
  std::ostringstream os;
  std::size_t width = 9;
  for (const auto& r : c.rows) width = std::max(width, r.name.size());
  char line[1024];
  std::snprintf(line, sizeof line, "%-*s  %-14s  %8s  %-17s  %9s  %10s  %10s\n", static_cast<int>(width), "BENCHMARK",
                "VERDICT", "CHANGE", "RATIO INTERVAL", "P", "BASE", "NEW");
  os << line;
  for (const auto& r : c.rows) {
    char interval[48], p[24];
    std::snprintf(interval, sizeof interval, "[%.3f, %.3f]", r.result.interval.low, r.result.interval.high);
    std::snprintf(p, sizeof p, "%.3g", r.result.p_value);
    std::snprintf(line, sizeof line, "%-*s  %-14s  %8s  %-17s  %9s  %10s  %10s\n", static_cast<int>(width),
                  r.name.c_str(), to_string(r.result.verdict).c_str(), format_change(r.result.ratio).c_str(), interval, p,
                  format_duration_ns(r.base_median_ns).c_str(), format_duration_ns(r.new_median_ns).c_str());
    os << line;
  }
  int disturbed = 0;  // rows whose reason is the run-wide disturbance note, shown once below
  for (const auto& r : c.rows) {
    if (!c.interference_note.empty() && r.result.reason.find(c.interference_note) != std::string::npos) {
      ++disturbed;
    } else if (!r.result.reason.empty() && r.result.verdict != Verdict::same) {
      os << "  " << r.name << ": " << r.result.reason << "\n";
    }
  }
  if (!c.fingerprint_note.empty()) os << "not comparable: " << c.fingerprint_note << "\n";
  if (!c.interference_note.empty()) {
    os << "disturbed: " << c.interference_note << " (" << disturbed << " faster/slower verdict(s) made inconclusive)\n";
  }
  if (!c.only_in_base.empty()) os << c.only_in_base.size() << " benchmark(s) only in the baseline\n";
  if (!c.only_in_new.empty()) os << c.only_in_new.size() << " benchmark(s) new (no baseline)\n";
  if (!c.rows.empty()) os << "test: " << c.rows.front().result.test << "\n";
  os << "\n" << verdict_summary(c) << "\n";
  return os.str();
}

}  // namespace crucible
