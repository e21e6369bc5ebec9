#pragma once
// What Crucible adds to Google Benchmark's JSON entries in results.json, read by the
// comparison, the reports and the worker alike.
//
// A GPU benchmark reports aggregates only (its samples can number thousands), so its samples
// travel on one entry, the headline: the "median" aggregate, or the single iteration when one
// sample was taken. That entry also carries the per-case findings (CUPTI, timing gap, GPU).
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace crucible {

// The key of the headline entry's samples: nanoseconds per run, in the order they were taken.
inline constexpr const char* kSamplesNsKey = "samples_ns";
// Beside them, when every kept sample has one: the SM clock (MHz) read after each, so that a
// comparison can tell a slower kernel from a slower clock.
inline constexpr const char* kSamplesSmMhzKey = "samples_sm_mhz";

// The most samples kept on a headline entry: more add size to results.json and time to the
// comparison's bootstrap, not information.
inline constexpr std::size_t kMaxSamplesKept = 1000;

inline bool is_headline_entry(const nlohmann::json& entry) {
  if (entry.value("run_type", "iteration") == "aggregate") return entry.value("aggregate_name", "") == "median";
  return true;
}

// A benchmark's name without the run settings Google Benchmark appends to it
// ("k/m/v/n:10/min_time:0.010/repeats:5/real_time" -> "k/m/v/n:10"), so that runs with other
// settings still pair up.
std::string benchmark_key(const std::string& run_name);

}  // namespace crucible
