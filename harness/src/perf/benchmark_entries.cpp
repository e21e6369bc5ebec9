#include "perf/benchmark_entries.hpp"

#include <cctype>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "capability/capability_profile.hpp"
#include "loader/plugin_instance.hpp"
#include "results/time_unit.hpp"

namespace crucible {

void initialize_benchmark_library(const BenchConfig& bench) {
  static std::vector<std::string> args;
  static std::vector<char*> argv;
  args = {"crucible", "--benchmark_repetitions=" + std::to_string(bench.repetitions),
          "--benchmark_min_time=" + std::to_string(bench.min_time_s)};
  argv.clear();
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  benchmark::Initialize(&argc, argv.data());
}

namespace {

// Google Benchmark writes NaN and inf bare (e.g. the CV of a single repetition), which is not
// JSON; they become null.
// (A hand scan, not std::regex: GCC 12 reports a false maybe-uninitialized inside <regex>
// under the sanitizers.)
std::string json_without_nan(const std::string& text) {
  auto word_at = [&](std::size_t at, const char* word) {
    for (std::size_t k = 0; word[k] != '\0'; ++k) {
      if (at + k >= text.size() || std::tolower(static_cast<unsigned char>(text[at + k])) != word[k]) return false;
    }
    const std::size_t end = at + std::strlen(word);
    return end >= text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] != ':') continue;
    std::size_t j = i + 1;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) out += text[j++];
    const std::size_t word = j < text.size() && text[j] == '-' ? j + 1 : j;
    if (word_at(word, "nan") || word_at(word, "inf")) {
      out += "null";
      i = word + 2;
    } else {
      i = j - 1;
    }
  }
  return out;
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

void count_work(benchmark::State& state, const crucible_work& work) {
  const auto iterations = static_cast<double>(state.iterations());
  if (work.bytes > 0) state.SetBytesProcessed(static_cast<std::int64_t>(work.bytes * iterations));
  if (work.ops > 0) state.counters["ops_per_second"] = benchmark::Counter(work.ops * iterations, benchmark::Counter::kIsRate);
}

std::optional<double> entry_seconds(const nlohmann::json& entry) {
  if (entry.value("error_occurred", false)) return std::nullopt;
  const std::string aggregate = entry.value("aggregate_name", "");
  if (aggregate == "cv" || aggregate == "stddev" || entry.value("aggregate_unit", "time") != "time") return std::nullopt;
  const auto time = entry.find("real_time");
  if (time == entry.end() || !time->is_number()) return std::nullopt;
  return to_ns(time->get<double>(), entry.value("time_unit", "ns")) * 1e-9;
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

std::optional<Peaks> cached_cpu_peaks(const std::string& ops_type) {
  const auto profile = load_profile(profile_cache_path());
  if (!profile) return std::nullopt;
  return cpu_peaks(*profile, this_cpu_model(), ops_type);
}

std::optional<Peaks> cached_gpu_peaks(const std::string& uuid, int driver, const std::string& ops_type) {
  const auto profile = load_profile(profile_cache_path());
  if (!profile) return std::nullopt;
  return gpu_peaks(*profile, uuid, driver, ops_type);
}

nlohmann::json work_json(const crucible_work& work) {
  return {{"bytes", work.bytes}, {"ops", work.ops}, {"ops_type", ops_type_name(work.ops_type)}};
}

}  // namespace crucible
