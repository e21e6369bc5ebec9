#pragma once
// BenchmarkRecord: the "benchmark" record of one case as the worker logs it, filled the same
// way by the CPU path and by the GPU modes: Google Benchmark's entries with the harness's
// annotations, the run context with the capability profile, and a status read off the entries.
#include <string>

#include <nlohmann/json.hpp>

namespace crucible {

class BenchmarkRecord {
 public:
  BenchmarkRecord(const std::string& name, const nlohmann::json& params, unsigned threads);

  // A field of the record as given (work, timing, gpu, cupti, ...).
  void set(const std::string& key, nlohmann::json value) { record_[key] = std::move(value); }
  // Google Benchmark's report of one measurement ({"context", "benchmarks"}): its entries, each
  // with `annotations` merged in; the first report's context is the record's.
  void add_report(const nlohmann::json& report, const nlohmann::json& annotations);
  nlohmann::json& entries() { return entries_; }

  // The whole record: context (with the capability profile), entries, and status "passed",
  // or "error" with the message of the last entry that failed.
  nlohmann::json finished() const;
  // Status "error" with `message`: the fields set so far, no entries or context.
  nlohmann::json failed(const std::string& message) const;
  // Status "skipped" with its reason.
  nlohmann::json skipped(const std::string& reason) const;

 private:
  nlohmann::json record_;
  nlohmann::json entries_ = nlohmann::json::array();
  nlohmann::json context_;
};

}  // namespace crucible
