#include "perf/benchmark_entries.hpp"

#include <regex>
#include <sstream>

#include <benchmark/benchmark.h>

#include "capability/capability_profile.hpp"

namespace crucible {

void initialize_benchmark_library() {
  static bool done = [] {
    static char arg0[] = "crucible";
    static char* argv[] = {arg0, nullptr};
    int argc = 1;
    benchmark::Initialize(&argc, argv);
    return true;
  }();
  (void)done;
}

namespace {

// Google Benchmark writes NaN and inf bare (e.g. the CV of a single repetition), which is not
// JSON; they become null.
std::string json_without_nan(const std::string& text) {
  static const std::regex bare(R"((:\s*)-?(nan|inf)\b)", std::regex::icase);
  return std::regex_replace(text, bare, "$1null");
}

}  // namespace

nlohmann::json run_registered_benchmarks() {
  std::ostringstream out, errors;
  benchmark::JSONReporter reporter;
  reporter.SetOutputStream(&out);
  reporter.SetErrorStream(&errors);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::ClearRegisteredBenchmarks();
  return nlohmann::json::parse(json_without_nan(out.str()));
}

std::optional<double> entry_seconds(const nlohmann::json& entry) {
  if (entry.value("error_occurred", false)) return std::nullopt;
  const std::string aggregate = entry.value("aggregate_name", "");
  if (aggregate == "cv" || aggregate == "stddev" || entry.value("aggregate_unit", "time") != "time") return std::nullopt;
  const auto time = entry.find("real_time");
  if (time == entry.end() || !time->is_number()) return std::nullopt;
  const std::string unit = entry.value("time_unit", "ns");
  const double scale = unit == "ns" ? 1e-9 : unit == "us" ? 1e-6 : unit == "ms" ? 1e-3 : unit == "s" ? 1.0 : 0.0;
  if (scale == 0) return std::nullopt;
  return time->get<double>() * scale;
}

void add_percent_of_peak(nlohmann::json& entries, const crucible_work& work, const std::optional<Peaks>& peaks) {
  if (!peaks || (work.bytes <= 0 && work.ops <= 0)) return;
  for (auto& entry : entries) {
    const auto seconds = entry_seconds(entry);
    if (!seconds) continue;
    const PeakUse use = peak_use(work.bytes, work.ops, *seconds, *peaks);
    if (use.bound.empty()) continue;
    entry["percent_of_peak"] = use.to_json();
    entry["percent_of_peak"]["basis"] = peaks->basis;
  }
}

nlohmann::json profile_for_results() {
  const auto path = profile_cache_path();
  auto profile = load_profile(path);
  if (!profile) {
    return {{"absent", "absent: no capability profile at " + path.string() + " (run `crucible profile`)"}};
  }
  (*profile)["path"] = path.string();
  return *profile;
}

std::optional<Peaks> cached_cpu_peaks() {
  const auto profile = load_profile(profile_cache_path());
  if (!profile) return std::nullopt;
  return cpu_peaks(*profile, this_cpu_model());
}

std::optional<Peaks> cached_gpu_peaks(const std::string& uuid) {
  const auto profile = load_profile(profile_cache_path());
  if (!profile) return std::nullopt;
  return gpu_peaks(*profile, uuid);
}

}  // namespace crucible
