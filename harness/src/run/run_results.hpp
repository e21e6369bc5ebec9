#pragma once
// RunResults: everything one `crucible run` produced, in the versioned results schema
// ("crucible.results/1"): cases, property and determinism records, and a `benchmarks` array
// in Google Benchmark's JSON format (extra fields are ignored by its tools).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "isolate/worker_launcher.hpp"
#include "plan/run_plan.hpp"
#include "results/results_file.hpp"

namespace crucible {

class RunResults {
 public:
  RunResults(const std::string& suite_name, const std::string& suite_path, std::uint64_t seed);

  // named: plugin files the user named one by one (--plugins FILE); one of them that fails to
  // load makes the run an infrastructure error, where a broken file found in a folder does not.
  void add_plugins(const std::vector<PluginEntry>& plugins, const std::vector<std::filesystem::path>& named = {});
  // Records one case's outcome; returns its status: passed, failed, error or skipped.
  std::string add_case(const PlannedCase& planned, const WorkerResult* result);

  int exit_code() const;
  nlohmann::json to_json() const;
  // The plain-text table and the details of every failure, for stdout.
  std::string summary_text() const;
  // Extra arguments a repro command needs (e.g. --plugins DIR).
  void set_repro_prefix(std::string prefix) { repro_prefix_ = std::move(prefix); }

 private:
  nlohmann::json doc_;
  std::string repro_prefix_;
};

}  // namespace crucible
