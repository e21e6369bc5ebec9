#include "compare/results_comparison.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include <crucible/exit_codes.hpp>

#include "compare/fingerprint.hpp"
#include "compare/interference_check.hpp"
#include "results/benchmark_entry.hpp"
#include "results/time_unit.hpp"

namespace crucible {

namespace {

int count_cases(const nlohmann::json& results, const char* status) {
  int n = 0;
  for (const auto& c : results.value("cases", nlohmann::json::array())) n += c.value("status", "") == status;
  return n;
}

}  // namespace

std::vector<BenchmarkSamples> benchmark_samples(const nlohmann::json& results) {
  std::vector<BenchmarkSamples> out;
  std::map<std::string, std::size_t> index;
  for (const auto& entry : results.value("benchmarks", nlohmann::json::array())) {
    if (entry.value("error_occurred", false)) continue;
    // Iterations are samples; an aggregate counts only where it carries its samples (GPU).
    const bool iteration = entry.value("run_type", "iteration") == "iteration";
    const bool carries_samples = entry.contains(kSamplesNsKey) && entry[kSamplesNsKey].is_array();
    if (!iteration && !carries_samples) continue;
    if (iteration && !carries_samples && (!entry.contains("real_time") || !entry["real_time"].is_number())) continue;
    const std::string name = benchmark_key(entry.value("run_name", entry.value("name", "")));
    auto [it, inserted] = index.emplace(name, out.size());
    if (inserted) {
      BenchmarkSamples s;
      s.name = name;
      s.case_name = entry.value("case", "");
      if (entry.contains("params") && entry["params"].is_object()) s.params = entry["params"];
      out.push_back(std::move(s));
    }
    auto& samples = out[it->second].real_ns;
    if (carries_samples) {
      for (const auto& ns : entry[kSamplesNsKey]) {
        if (ns.is_number()) samples.push_back(ns.get<double>());
      }
      const auto& mhz = entry.value(kSamplesSmMhzKey, nlohmann::json::array());
      if (mhz.size() == entry[kSamplesNsKey].size()) {
        for (const auto& m : mhz) out[it->second].sm_mhz.push_back(m.is_number() ? m.get<double>() : 0.0);
      }
    } else {
      samples.push_back(to_ns(entry["real_time"].get<double>(), entry.value("time_unit", "ns")));
    }
  }
  return out;
}

int ResultsComparison::count(Verdict v) const {
  return static_cast<int>(std::count_if(rows.begin(), rows.end(), [&](const auto& r) { return r.result.verdict == v; }));
}

int ResultsComparison::exit_code(const GatePolicy& policy) const {
  if (correctness_failures > 0) return exit_code::correctness;
  if (count(Verdict::slower) > 0) return exit_code::regression;
  if (infrastructure_errors > 0) return exit_code::infrastructure;
  const int inconclusive = count(Verdict::inconclusive);
  if (inconclusive > 0 && policy.fail_on_inconclusive) return exit_code::inconclusive;
  return exit_code::ok;
}

nlohmann::json ResultsComparison::to_json() const {
  nlohmann::json rows_json = nlohmann::json::array();
  for (const auto& r : rows) {
    rows_json.push_back({{"name", r.name},
                         {"case", r.case_name},
                         {"params", r.params},
                         {"verdict", to_string(r.result.verdict)},
                         {"test", r.result.test},
                         {"p_value", r.result.p_value},
                         {"ratio", r.result.ratio},
                         {"ratio_interval", {r.result.interval.low, r.result.interval.high}},
                         {"base_samples", r.result.base_count},
                         {"new_samples", r.result.new_count},
                         {"base_median_ns", r.base_median_ns},
                         {"new_median_ns", r.new_median_ns},
                         {"reason", r.result.reason}});
    if (r.cycles) {
      rows_json.back()["cycles"] = {{"verdict", to_string(r.cycles->verdict)},
                                    {"ratio", r.cycles->ratio},
                                    {"p_value", r.cycles->p_value},
                                    {"base_median_sm_mhz", r.base_median_mhz},
                                    {"new_median_sm_mhz", r.new_median_mhz}};
    }
  }
  return {{"schema", "crucible.comparison/1"},
          {"mode", mode},
          {"base", base_label},
          {"new", new_label},
          {"base_fingerprint", base_fingerprint},
          {"new_fingerprint", new_fingerprint},
          {"fingerprint_note", fingerprint_note},
          {"interference_note", interference_note},
          {"rows", rows_json},
          {"only_in_base", only_in_base},
          {"only_in_new", only_in_new},
          {"correctness_failures", correctness_failures},
          {"infrastructure_errors", infrastructure_errors},
          {"summary", verdict_summary(*this)}};
}

namespace {

std::vector<double> cycles_of(const BenchmarkSamples& s) {
  std::vector<double> cycles;
  for (std::size_t i = 0; i < s.real_ns.size(); ++i) cycles.push_back(s.real_ns[i] * s.sm_mhz[i] * 1e-3);
  return cycles;
}

bool has_clocks(const BenchmarkSamples& s) {
  return !s.sm_mhz.empty() && s.sm_mhz.size() == s.real_ns.size() &&
         std::all_of(s.sm_mhz.begin(), s.sm_mhz.end(), [](double mhz) { return mhz > 0; });
}

// A GPU at another clock runs a compute-bound kernel slower or faster with the same code. Where
// both sides read the SM clock per sample, a faster or slower verdict in time must also hold in
// cycles; otherwise the row is inconclusive and says the clock moved.
void confirm_in_cycles(ComparisonRow& row, const BenchmarkSamples& base, const BenchmarkSamples& next,
                       const VerdictPolicy& policy) {
  if (!has_clocks(base) || !has_clocks(next)) return;
  row.base_median_mhz = stats::median(base.sm_mhz);
  row.new_median_mhz = stats::median(next.sm_mhz);
  row.cycles = compare_samples(cycles_of(base), cycles_of(next), policy);
  const Verdict in_time = row.result.verdict;
  if ((in_time != Verdict::slower && in_time != Verdict::faster) || row.cycles->verdict == in_time) return;
  char reason[256];
  std::snprintf(reason, sizeof reason,
                "%s in time (%+.1f%%) but not in SM cycles (%+.1f%%, %s): the SM clock moved (median %.0f MHz -> "
                "%.0f MHz), not the work",
                to_string(in_time).c_str(), (row.result.ratio - 1) * 100, (row.cycles->ratio - 1) * 100,
                to_string(row.cycles->verdict).c_str(), row.base_median_mhz, row.new_median_mhz);
  row.result.verdict = Verdict::inconclusive;
  row.result.reason = reason;
}

}  // namespace

ResultsComparison compare_results(const nlohmann::json& base, const nlohmann::json& next, const VerdictPolicy& policy) {
  ResultsComparison out;
  out.base_fingerprint = hardware_fingerprint(base);
  out.new_fingerprint = hardware_fingerprint(next);
  const bool comparable = out.base_fingerprint == out.new_fingerprint;
  if (!comparable) {
    out.fingerprint_note = "hardware differs: " + fingerprint_difference(fingerprint_fields(base), fingerprint_fields(next));
  }
  const auto base_interference = interference_record(base), new_interference = interference_record(next);
  if (comparable) out.interference_note = interference_note(base_interference, new_interference);
  out.correctness_failures = count_cases(next, "failed");
  out.infrastructure_errors = count_cases(next, "error");
  const auto base_samples = benchmark_samples(base);
  const auto new_samples = benchmark_samples(next);
  std::map<std::string, const BenchmarkSamples*> base_by_name;
  for (const auto& s : base_samples) base_by_name[s.name] = &s;
  std::map<std::string, bool> seen;
  for (const auto& s : new_samples) {
    auto it = base_by_name.find(s.name);
    if (it == base_by_name.end()) {
      out.only_in_new.push_back(s.name);
      continue;
    }
    seen[s.name] = true;
    ComparisonRow row;
    row.name = s.name;
    row.case_name = s.case_name;
    row.params = s.params;
    row.base_median_ns = stats::median(it->second->real_ns);
    row.new_median_ns = stats::median(s.real_ns);
    if (comparable) {
      row.result = compare_samples(it->second->real_ns, s.real_ns, policy);
      confirm_in_cycles(row, *it->second, s, policy);
      if (auto decided = decide_interference(base_interference, new_interference, row.result.verdict);
          !decided.reason.empty()) {
        row.result.verdict = decided.verdict;
        row.result.reason = decided.reason;
      }
    } else {
      row.result.verdict = Verdict::not_comparable;
      row.result.ratio = row.base_median_ns > 0 ? row.new_median_ns / row.base_median_ns : 1.0;
      row.result.base_count = it->second->real_ns.size();
      row.result.new_count = s.real_ns.size();
      row.result.reason = out.fingerprint_note;
    }
    out.rows.push_back(std::move(row));
  }
  for (const auto& s : base_samples) {
    if (!seen.count(s.name)) out.only_in_base.push_back(s.name);
  }
  return out;
}

std::string verdict_summary(const ResultsComparison& c) {
  std::string out;
  for (auto v : {Verdict::slower, Verdict::faster, Verdict::same, Verdict::inconclusive, Verdict::not_comparable}) {
    const int n = c.count(v);
    if (n == 0 && v == Verdict::not_comparable) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + to_string(v);
  }
  if (c.correctness_failures) out += ", " + std::to_string(c.correctness_failures) + " correctness failure(s)";
  if (c.infrastructure_errors) out += ", " + std::to_string(c.infrastructure_errors) + " error(s)";
  return out;
}

}  // namespace crucible
