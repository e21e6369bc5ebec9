#include "cli/ab_rounds.hpp"

#include <algorithm>

#include "results/benchmark_entry.hpp"
#include "results/time_unit.hpp"

namespace crucible {

namespace {

// The single-repetition timings of one launch, in record order; false on failure.
bool launch_samples(const WorkerResult& result, std::vector<nlohmann::json>& entries, std::string& error,
                    nlohmann::json& context) {
  entries.clear();
  for (const auto& record : result.records) {
    const std::string type = record.value("type", "");
    if (type == "error" || (type == "benchmark" && record.value("status", "") == "error")) {
      error = record.value("message", "benchmark error");
      return false;
    }
    if (type != "benchmark") continue;
    if (context.is_null() && record.contains("context")) context = record["context"];
    for (const auto& e : record.value("entries", nlohmann::json::array())) {
      if (e.value("run_type", "iteration") != "iteration") continue;
      auto entry = e;
      entry["params"] = record.value("params", nlohmann::json::object());
      entries.push_back(entry);
      break;  // one repetition per launch
    }
  }
  if (!result.outcome.ok()) {
    error = result.outcome.reason();
    return false;
  }
  return true;
}

}  // namespace

std::string metric_field(const CommandLine& cl) {
  const std::string metric = cl.option("--metric").value_or("real");
  if (metric != "real" && metric != "cpu") throw UsageError("--metric must be 'real' or 'cpu', got '" + metric + "'");
  return metric + "_time";
}

AbRun run_ab_rounds(WorkerLauncher& launcher, const std::vector<AbTaskPair>& pairs, int rounds,
                    std::chrono::duration<double> timeout, const std::string& metric) {
  AbRun run;
  run.context = nullptr;
  std::vector<std::vector<AbSeries>> series(pairs.size());
  std::vector<bool> failed(pairs.size(), false);
  std::vector<nlohmann::json> entries;
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      if (failed[i]) continue;
      const bool a_first = r % 2 == 0;
      for (int side = 0; side < 2 && !failed[i]; ++side) {
        const bool is_a = (side == 0) == a_first;
        std::string error;
        const auto& launch = is_a ? pairs[i].launch_a : pairs[i].launch_b;
        const WorkerResult result = launch ? launch() : launcher.run(is_a ? pairs[i].a : pairs[i].b, timeout);
        if (!launch_samples(result, entries, error, run.context)) {
          run.errors.push_back(pairs[i].case_name + " (" + (is_a ? "A" : "B") + ", round " + std::to_string(r + 1) +
                               "): " + error);
          failed[i] = true;
          break;
        }
        if (series[i].empty()) series[i].resize(entries.size());
        if (entries.size() != series[i].size()) {
          run.errors.push_back(pairs[i].case_name + ": A and B report different benchmarks (" +
                               std::to_string(series[i].size()) + " vs " + std::to_string(entries.size()) + ")");
          failed[i] = true;
          break;
        }
        for (std::size_t k = 0; k < entries.size(); ++k) {
          auto& s = series[i][k];
          const double ns = to_ns(entries[k].value(metric, 0.0), entries[k].value("time_unit", "ns"));
          if (is_a) {
            if (s.name.empty()) {
              s.name = benchmark_key(entries[k].value("run_name", entries[k].value("name", "")));
              s.case_name = pairs[i].case_name;
              s.params = entries[k]["params"];
            }
            s.a_ns.push_back(ns);
          } else {
            s.b_ns.push_back(ns);
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (failed[i]) continue;
    for (auto& s : series[i]) {
      const std::size_t n = std::min(s.a_ns.size(), s.b_ns.size());
      s.a_ns.resize(n);
      s.b_ns.resize(n);
      run.series.push_back(std::move(s));
    }
  }
  return run;
}

}  // namespace crucible
