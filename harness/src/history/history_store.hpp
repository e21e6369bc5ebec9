#pragma once
// HistoryStore: every run appended to an SQLite database (default .crucible/history.sqlite),
// keyed by suite, case, parameters, hardware fingerprint, git commit and build flags, with each
// case's seconds (what run --shard balances by). Each append is one transaction: a run killed
// half-way leaves the store as it was.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

struct sqlite3;

namespace crucible {

class HistoryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The store's path: CRUCIBLE_HISTORY when set, else .crucible/history.sqlite under the
// current folder. "off" (or an empty value) disables recording in `crucible run`.
std::filesystem::path default_history_path();
bool history_disabled();

// The git commit of the current folder (short hash, "+dirty" when tracked files changed);
// CRUCIBLE_GIT_COMMIT overrides it; "unknown" outside a repository.
std::string current_git_commit();
// How this crucible was built (build type and flags), recorded with each run.
std::string current_build_flags();

struct HistoryRun {
  std::int64_t id = 0;
  std::string suite, started, git_commit, build_flags, fingerprint, host, results_path;
  int exit_code = 0;
  int benchmarks = 0;
};

struct HistoryPoint {
  std::int64_t run_id = 0;
  std::string started, git_commit, build_flags;
  double median_ns = 0;
  std::vector<double> samples_ns;
};

struct HistorySeries {
  std::string suite, benchmark, case_name, params, fingerprint;
  std::vector<HistoryPoint> points;  // oldest first
};

class HistoryStore {
 public:
  explicit HistoryStore(const std::filesystem::path& path);  // creates folder and schema
  ~HistoryStore();
  HistoryStore(const HistoryStore&) = delete;
  HistoryStore& operator=(const HistoryStore&) = delete;

  // Appends a results document ("crucible.results/1"); returns the run id.
  std::int64_t append(const nlohmann::json& results, const std::string& git_commit, const std::string& build_flags,
                      const std::string& results_path);
  std::vector<HistoryRun> runs(int limit) const;
  // Each case of the suite with its seconds in the latest run that recorded it.
  std::map<std::string, double> last_case_seconds(const std::string& suite) const;
  std::optional<HistoryRun> run(std::int64_t id) const;
  // Benchmarks of one run with their medians, as series of one point each.
  std::vector<HistorySeries> run_benchmarks(std::int64_t id) const;
  // Series per (suite, benchmark, fingerprint) whose benchmark name matches the glob, runs
  // started at or after `since` (ISO 8601 prefix; empty: all).
  std::vector<HistorySeries> series(const std::string& glob, const std::string& since) const;

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

// The default store's last_case_seconds for the suite (what `run --shard` balances by); empty
// when recording is off, there is no store yet or it cannot be read. Never throws.
std::map<std::string, double> recorded_case_seconds(const std::string& suite);

// Appends a finished run to the default store (CRUCIBLE_HISTORY or .crucible/history.sqlite;
// CRUCIBLE_HISTORY=off skips it). Returns a one-line note for stderr; never throws.
std::string record_run_history(const nlohmann::json& results, const std::filesystem::path& results_file);

}  // namespace crucible
