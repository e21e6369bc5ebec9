#include "report/gpu_timing_rows.hpp"

#include <algorithm>
#include <cstdio>

#include "compare/results_comparison.hpp"
#include "compare/statistics.hpp"
#include "results/benchmark_entry.hpp"
#include "results/time_unit.hpp"

namespace crucible {

namespace {

// "kato/match/cuda/n:1000/timing:cold" -> "kato/match/cuda/n:1000".
std::string without_mode(const std::string& key) {
  const auto at = key.rfind("/timing:");
  return at == std::string::npos ? key : key.substr(0, at);
}

std::vector<std::string> kernel_lines(const nlohmann::json& cupti) {
  std::vector<std::pair<double, std::string>> kernels;
  for (const auto& k : cupti.value("kernels", nlohmann::json::array())) {
    const double per_run = k.value("gpu_ns_per_run", 0.0);
    char launches[32];
    std::snprintf(launches, sizeof launches, "%.3g", k.value("launches_per_run", 0.0));
    kernels.emplace_back(per_run, k.value("name", "?") + ": " + format_duration_ns(per_run) + " per run, " + launches +
                                      " launch(es)");
  }
  std::sort(kernels.begin(), kernels.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (auto& [ns, line] : kernels) out.push_back(std::move(line));
  return out;
}

}  // namespace

std::string GpuTimingRow::median_text(const std::string& mode) const {
  const auto it = median_ns.find(mode);
  return it == median_ns.end() ? "-" : format_duration_ns(it->second);
}

std::string GpuTimingRow::sm_clock_text() const {
  return sm_mhz > 0 ? std::to_string(static_cast<int>(sm_mhz + 0.5)) + " MHz" : "-";
}

std::vector<GpuTimingRow> gpu_timing_rows(const nlohmann::json& results) {
  std::vector<GpuTimingRow> rows;
  for (const auto& e : results.value("benchmarks", nlohmann::json::array())) {
    if (e.value("timer", "") != "cuda_events" || !is_headline_entry(e) || !e.contains("real_time")) continue;
    const std::string name = without_mode(benchmark_key(e.value("run_name", e.value("name", ""))));
    auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.benchmark == name; });
    if (row == rows.end()) {
      rows.push_back({});
      row = rows.end() - 1;
      row->benchmark = name;
    }
    const std::string mode = e.value("timing_mode", "");
    if (e["real_time"].is_number()) row->median_ns[mode] = to_ns(e["real_time"].get<double>(), e.value("time_unit", "ns"));
    if (!e.value("primary", false)) continue;
    row->primary = mode;
    row->stopped_by = e.value("stopped_by", "");
    row->samples = e.value("samples_taken", std::size_t{0});
    row->throttled = e.value("samples_throttled", std::size_t{0});
    std::vector<double> mhz;
    for (const auto& m : e.value(kSamplesSmMhzKey, nlohmann::json::array())) {
      if (m.is_number()) mhz.push_back(m.get<double>());
    }
    if (!mhz.empty()) row->sm_mhz = stats::median(mhz);
    const auto cupti = e.value("cupti", nlohmann::json::object());
    if (cupti.contains("absent")) row->cupti_absent = cupti["absent"].get<std::string>();
    row->kernels = kernel_lines(cupti);
    // The case's own range spans the run; the others are the phases the plugin marked.
    const auto ranges = cupti.value("nvtx_ranges", nlohmann::json::object());  // items() of a temporary would dangle
    for (const auto& [range, t] : ranges.items()) {
      if (range == name) continue;
      row->phases.push_back(range + ": " + format_duration_ns(t.value("ns_per_run", 0.0)) + " per run");
    }
    if (const auto gap = e.value("timing_gap", nlohmann::json::object()); !gap.empty()) {
      row->event_ns = gap.value("event_ns_per_run", -1.0);
      row->kernel_ns = gap.value("kernel_ns_per_run", -1.0);
      row->gap_fraction = gap.value("gap_fraction", 0.0);
    }
    for (const auto& f : e.value("findings", nlohmann::json::array())) {
      if (f.is_string()) row->findings.push_back(f.get<std::string>());
    }
  }
  return rows;
}

}  // namespace crucible
