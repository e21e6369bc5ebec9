#include <gtest/gtest.h>

#include "compare/interference_check.hpp"
#include "compare/results_comparison.hpp"
#include "run/interference.hpp"

namespace crucible {
namespace {

nlohmann::json record(double canary_start, double canary_end, double others_cpus) {
  return {{"num_cpus", 2}, {"canary_start_ms", canary_start}, {"canary_end_ms", canary_end}, {"others_cpus", others_cpus}};
}

TEST(ProcStat, ParsesTheAggregateCpuLine) {
  const auto t = parse_proc_stat(
      "cpu  100 5 50 1000 20 3 2 7 0 0\n"
      "cpu0 50 2 25 500 10 1 1 3 0 0\n"
      "intr 12345\n");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->total, 100u + 5 + 50 + 1000 + 20 + 3 + 2 + 7);
  EXPECT_EQ(t->idle, 1020u);
  EXPECT_EQ(t->steal, 7u);
}

TEST(ProcStat, OldKernelWithoutStealField) {
  const auto t = parse_proc_stat("cpu  10 0 5 100\n");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->total, 115u);
  EXPECT_EQ(t->idle, 100u);
  EXPECT_EQ(t->steal, 0u);
}

TEST(ProcStat, RejectsMissingOrMalformedLine) {
  EXPECT_FALSE(parse_proc_stat(""));
  EXPECT_FALSE(parse_proc_stat("cpu0 1 2 3 4\nintr 5\n"));
  EXPECT_FALSE(parse_proc_stat("cpu  1 2\n"));
  EXPECT_FALSE(parse_proc_stat("cpu  1 x 3 4\n"));
}

TEST(LoadAvg, ReadsTheOneMinuteAverage) {
  const auto v = parse_loadavg("1.25 0.80 0.50 2/345 6789\n");
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(*v, 1.25);
  EXPECT_FALSE(parse_loadavg("garbage"));
}

TEST(Interference, QuietRunsKeepTheVerdict) {
  const auto d = decide_interference(record(20, 21, 0.05), record(20.5, 20, 0.1), Verdict::slower);
  EXPECT_EQ(d.verdict, Verdict::slower);
  EXPECT_TRUE(d.reason.empty());
}

TEST(Interference, CanaryDriftWithinARunMakesSlowerInconclusive) {
  const auto d = decide_interference(record(20, 20, 0), record(20, 28, 0), Verdict::slower);
  EXPECT_EQ(d.verdict, Verdict::inconclusive);
  EXPECT_NE(d.reason.find("run B (new) was disturbed"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("canary +40 %"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("crucible ab"), std::string::npos) << d.reason;
}

TEST(Interference, OthersLoadMakesFasterInconclusive) {
  const auto d = decide_interference(record(20, 20, 1.3), record(20, 20, 0), Verdict::faster);
  EXPECT_EQ(d.verdict, Verdict::inconclusive);
  EXPECT_NE(d.reason.find("run A (base) was disturbed"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("others' load 1.3 of 2 CPUs"), std::string::npos) << d.reason;
}

TEST(Interference, CanaryDifferenceBetweenRuns) {
  const auto d = decide_interference(record(20, 20.5, 0), record(25, 25.5, 0), Verdict::slower);
  EXPECT_EQ(d.verdict, Verdict::inconclusive);
  EXPECT_NE(d.reason.find("run B (new) was disturbed (canary +25 % against run A)"), std::string::npos) << d.reason;
}

TEST(Interference, OtherVerdictsStand) {
  for (auto v : {Verdict::same, Verdict::inconclusive, Verdict::not_comparable}) {
    const auto d = decide_interference(record(20, 40, 2), record(20, 20, 0), v);
    EXPECT_EQ(d.verdict, v);
    EXPECT_TRUE(d.reason.empty());
  }
}

TEST(Interference, RunsWithoutARecordBehaveAsBefore) {
  const auto disturbed = record(20, 40, 2);
  EXPECT_EQ(decide_interference(nullptr, disturbed, Verdict::slower).verdict, Verdict::slower);
  EXPECT_EQ(decide_interference(disturbed, nlohmann::json::object(), Verdict::faster).verdict, Verdict::faster);
  EXPECT_TRUE(interference_note(nullptr, nullptr).empty());
}

nlohmann::json results_with(const std::vector<double>& ns, const nlohmann::json& interference) {
  nlohmann::json doc = {{"schema", "crucible.results/1"}, {"context", {{"num_cpus", 2}}}, {"benchmarks", nlohmann::json::array()}};
  if (!interference.is_null()) doc["context"]["interference"] = interference;
  for (double t : ns) {
    doc["benchmarks"].push_back({{"name", "p/w/v"}, {"run_name", "p/w/v"}, {"run_type", "iteration"}, {"real_time", t}, {"time_unit", "ns"}});
  }
  return doc;
}

TEST(Interference, CompareResultsTurnsSlowerIntoInconclusiveWithOneNote) {
  const std::vector<double> base = {100, 101, 99, 100, 102, 98, 100, 101, 99, 100};
  const std::vector<double> slow = {150, 151, 149, 150, 152, 148, 150, 151, 149, 150};
  const VerdictPolicy policy;
  const auto plain = compare_results(results_with(base, nullptr), results_with(slow, nullptr), policy);
  ASSERT_EQ(plain.rows.size(), 1u);
  EXPECT_EQ(plain.rows[0].result.verdict, Verdict::slower);
  EXPECT_TRUE(plain.interference_note.empty());
  const auto disturbed = compare_results(results_with(base, record(20, 20, 0)), results_with(slow, record(20, 30, 1.3)), policy);
  ASSERT_EQ(disturbed.rows.size(), 1u);
  EXPECT_EQ(disturbed.rows[0].result.verdict, Verdict::inconclusive);
  EXPECT_NE(disturbed.interference_note.find("run B (new) was disturbed"), std::string::npos);
  EXPECT_NE(disturbed.rows[0].result.reason.find(disturbed.interference_note), std::string::npos);
  EXPECT_EQ(disturbed.to_json()["interference_note"], disturbed.interference_note);
}

}  // namespace
}  // namespace crucible
