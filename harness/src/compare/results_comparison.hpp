#pragma once
// Compares two results documents ("crucible.results/1") benchmark by benchmark and decides
// the gate's exit code.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compare/verdict.hpp"
#include "results/benchmark_entry.hpp"

namespace crucible {

struct BenchmarkSamples {
  std::string name;     // benchmark_key of the run name, e.g. plugin/workload/variant/n:1000
  std::string case_name;  // plugin/workload/variant
  nlohmann::json params = nlohmann::json::object();
  std::vector<double> real_ns;  // one per repetition (iteration entries), in nanoseconds
  std::vector<double> sm_mhz;   // GPU: the SM clock of each sample; empty when not read
};

// The per-repetition samples of every benchmark in a results document, in document order.
std::vector<BenchmarkSamples> benchmark_samples(const nlohmann::json& results);

struct ComparisonRow {
  std::string name;
  std::string case_name;
  nlohmann::json params;
  SampleComparison result;
  double base_median_ns = 0;
  double new_median_ns = 0;
  // GPU benchmarks with SM clocks on both sides: the same test on cycles (time x clock). A
  // faster or slower verdict in time stands only where cycles agree (nvbench's robust rule).
  std::optional<SampleComparison> cycles;
  double base_median_mhz = 0, new_median_mhz = 0;
};

struct GatePolicy {
  VerdictPolicy verdict;
  bool fail_on_inconclusive = false;  // inconclusive-only outcome: exit 5 instead of 0
};

struct ResultsComparison {
  std::string base_label, new_label;
  std::string base_fingerprint, new_fingerprint;
  std::string fingerprint_note;            // non-empty when the fingerprints differ
  std::string interference_note;           // non-empty when other load disturbed either run
  std::vector<ComparisonRow> rows;         // benchmarks present in both
  std::vector<std::string> only_in_base;   // removed benchmarks
  std::vector<std::string> only_in_new;    // added benchmarks
  int correctness_failures = 0;            // failed cases in the new run
  int infrastructure_errors = 0;           // error cases in the new run
  std::string mode = "compare";            // "compare" (independent runs) or "ab" (paired rounds)

  int count(Verdict v) const;
  // 1 correctness > 4 regression > 3 infrastructure > 5 inconclusive-only (when it fails) > 0.
  int exit_code(const GatePolicy& policy) const;
  nlohmann::json to_json() const;
};

ResultsComparison compare_results(const nlohmann::json& base, const nlohmann::json& next, const VerdictPolicy& policy);

// A one-line verdict summary, e.g. "1 slower, 3 same, 0 faster, 1 inconclusive".
std::string verdict_summary(const ResultsComparison& comparison);

}  // namespace crucible
