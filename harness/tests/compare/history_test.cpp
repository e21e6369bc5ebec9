// The history store (SQLite) and change-point detection.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "history/history_change_points.hpp"
#include "history/history_store.hpp"

namespace crucible {
namespace {

std::filesystem::path temp_db(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("crucible-history-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::filesystem::remove(path);
  return path;
}

nlohmann::json run_doc(double centre_ns, const char* started) {
  nlohmann::json doc = {{"schema", "crucible.results/1"},
                        {"suite", {{"name", "quick"}}},
                        {"started", started},
                        {"context", {{"num_cpus", 2}, {"host_name", "h"}}},
                        {"summary", {{"exit_code", 0}}},
                        {"benchmarks", nlohmann::json::array()}};
  for (const char* variant : {"cpu_ref", "cpu_fast"}) {
    for (int i = 0; i < 3; ++i) {
      const std::string name = std::string("p/w/") + variant + "/n:8/real_time";
      doc["benchmarks"].push_back({{"name", name}, {"run_name", name}, {"run_type", "iteration"},
                                   {"real_time", centre_ns + i}, {"time_unit", "ns"},
                                   {"case", std::string("p/w/") + variant}, {"params", {{"n", 8}}}});
    }
  }
  return doc;
}

TEST(HistoryStore, KeepsEachCasesLastSecondsAndItsOwnFingerprint) {
  const auto path = temp_db("durations.sqlite");
  HistoryStore store(path);
  auto first = run_doc(100, "2026-01-01T00:00:00Z");
  first["cases"] = {{{"name", "p/w/cpu_ref"}, {"status", "passed"}, {"seconds", 4.0}},
                    {{"name", "p/w/cpu_fast"}, {"status", "passed"}, {"seconds", 2.0}}};
  store.append(first, "abc", "Release", "/r1.json");
  // A merged run: cpu_fast ran on another machine (its shard's fingerprint); a missing case
  // has no duration to record.
  auto merged = run_doc(100, "2026-02-01T00:00:00Z");
  merged["cases"] = {{{"name", "p/w/cpu_ref"}, {"status", "error"}, {"missing", true}, {"seconds", 0.0}},
                     {{"name", "p/w/cpu_fast"}, {"status", "passed"}, {"seconds", 3.0}, {"fingerprint", "00000000cafe0000"}}};
  store.append(merged, "def", "Release", "/r2.json");
  const std::map<std::string, double> expected = {{"p/w/cpu_ref", 4.0}, {"p/w/cpu_fast", 3.0}};
  EXPECT_EQ(store.last_case_seconds("quick"), expected);
  EXPECT_TRUE(store.last_case_seconds("other").empty());
  for (const auto& s : store.run_benchmarks(2)) {
    if (s.case_name == "p/w/cpu_fast") EXPECT_EQ(s.fingerprint, "00000000cafe0000");
    else EXPECT_NE(s.fingerprint, "00000000cafe0000");
  }
}

TEST(HistoryStore, AppendsListsAndTrends) {
  const auto path = temp_db("a/b/history.sqlite");  // folders are created
  {
    HistoryStore store(path);
    EXPECT_EQ(store.append(run_doc(100, "2026-01-01T00:00:00Z"), "abc123", "Release", "/r1.json"), 1);
    EXPECT_EQ(store.append(run_doc(200, "2026-02-01T00:00:00Z"), "def456", "Release", "/r2.json"), 2);
  }
  HistoryStore store(path);  // reopened: persisted
  const auto runs = store.runs(10);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].id, 2);  // newest first
  EXPECT_EQ(runs[0].git_commit, "def456");
  EXPECT_EQ(runs[0].benchmarks, 2);
  EXPECT_EQ(runs[0].suite, "quick");
  const auto series = store.series("*/cpu_fast/*", "");
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].benchmark, "p/w/cpu_fast/n:8");
  ASSERT_EQ(series[0].points.size(), 2u);
  EXPECT_DOUBLE_EQ(series[0].points[0].median_ns, 101);
  EXPECT_DOUBLE_EQ(series[0].points[1].median_ns, 201);
  EXPECT_EQ(series[0].points[1].samples_ns.size(), 3u);
  EXPECT_EQ(store.series("*", "2026-01-15").front().points.size(), 1u);
  EXPECT_EQ(store.run_benchmarks(1).size(), 2u);
  EXPECT_FALSE(store.run(99).has_value());
}

TEST(HistoryStore, AKilledWriterLeavesTheStoreIntact) {
  const auto path = temp_db("killed.sqlite");
  { HistoryStore(path).append(run_doc(100, "2026-01-01T00:00:00Z"), "c1", "f", "/r"); }
  // A child opens a write transaction, inserts, and dies by SIGKILL before committing.
  const pid_t child = ::fork();
  if (child == 0) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "BEGIN IMMEDIATE; INSERT INTO runs (suite, started, git_commit, build_flags, fingerprint, host, "
                     "exit_code, results_path, context) VALUES ('x','y','z','f','g','h',0,'p','{}');",
                 nullptr, nullptr, nullptr);
    ::kill(::getpid(), SIGKILL);
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  HistoryStore store(path);
  EXPECT_EQ(store.runs(10).size(), 1u);  // the half-written run is not there
  EXPECT_EQ(store.append(run_doc(100, "2026-01-02T00:00:00Z"), "c2", "f", "/r"), 2);
}

TEST(HistoryStore, NotAnSqliteFileIsAClearError) {
  const auto path = temp_db("garbage.sqlite");
  std::ofstream(path) << "this is not a database, just text that is long enough to have a header";
  try {
    HistoryStore store(path);
    FAIL() << "expected HistoryError";
  } catch (const HistoryError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos);
  }
}

TEST(ChangePoints, FindsAStepAndIgnoresNoise) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> z(0, 1);
  std::vector<double> flat, step;
  for (int i = 0; i < 30; ++i) {
    flat.push_back(100 * std::exp(0.01 * z(rng)));
    step.push_back((i < 18 ? 100 : 125) * std::exp(0.01 * z(rng)));
  }
  EXPECT_TRUE(detect_change_points(flat, 0.05).empty());
  const auto found = detect_change_points(step, 0.05);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].index, 18u);
  EXPECT_NEAR(found[0].ratio(), 1.25, 0.02);
  // A real but small step (2 %) is below the minimum effect.
  std::vector<double> small;
  for (int i = 0; i < 30; ++i) small.push_back((i < 15 ? 100 : 102) * std::exp(0.001 * z(rng)));
  EXPECT_TRUE(detect_change_points(small, 0.05).empty());
  EXPECT_EQ(detect_change_points(small, 0.01).size(), 1u);
  EXPECT_TRUE(detect_change_points({1, 2}, 0.05).empty());
}

}  // namespace
}  // namespace crucible
