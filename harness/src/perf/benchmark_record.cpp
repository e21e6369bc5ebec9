#include "perf/benchmark_record.hpp"

#include "perf/benchmark_entries.hpp"

namespace crucible {

BenchmarkRecord::BenchmarkRecord(const std::string& name, const nlohmann::json& params, unsigned threads)
    : record_{{"type", "benchmark"}, {"name", name}, {"params", params}, {"threads", threads}} {}

void BenchmarkRecord::add_report(const nlohmann::json& report, const nlohmann::json& annotations) {
  if (context_.is_null() && report.contains("context")) context_ = report["context"];
  for (auto entry : report.value("benchmarks", nlohmann::json::array())) {
    entry.update(annotations);
    entries_.push_back(std::move(entry));
  }
}

nlohmann::json BenchmarkRecord::finished() const {
  nlohmann::json record = record_;
  record["context"] = context_;
  if (record["context"].is_object()) record["context"]["capability_profile"] = profile_for_results();
  record["entries"] = entries_;
  record["status"] = "passed";
  for (const auto& entry : entries_) {
    if (entry.value("error_occurred", false)) {
      record["status"] = "error";
      record["message"] = entry.value("error_message", "benchmark failed");
    }
  }
  return record;
}

nlohmann::json BenchmarkRecord::failed(const std::string& message) const {
  nlohmann::json record = record_;
  record["status"] = "error";
  record["message"] = message;
  return record;
}

nlohmann::json BenchmarkRecord::skipped(const std::string& reason) const {
  nlohmann::json record = record_;
  record["status"] = "skipped";
  record["message"] = reason;
  return record;
}

}  // namespace crucible
