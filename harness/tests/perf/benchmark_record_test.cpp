// The one record builder of the CPU path and the GPU modes.
#include <gtest/gtest.h>

#include "perf/benchmark_record.hpp"

namespace crucible {
namespace {

nlohmann::json report(const std::string& context_name, nlohmann::json entries) {
  return {{"context", {{"host_name", context_name}}}, {"benchmarks", std::move(entries)}};
}

TEST(BenchmarkRecord, EntriesAnnotatedFirstContextKeptStatusFromEntries) {
  BenchmarkRecord record("demo/sum/cpu/n:1", {{"n", 1}}, 2);
  record.set("work", {{"bytes", 8}});
  record.add_report(report("first", {{{"name", "a"}}}), {{"timer", "steady_clock"}});
  record.add_report(report("second", {{{"name", "b"}, {"error_occurred", true}, {"error_message", "boom"}}}),
                    {{"timer", "cuda_events"}});
  const auto r = record.finished();
  EXPECT_EQ(r["type"], "benchmark");
  EXPECT_EQ(r["name"], "demo/sum/cpu/n:1");
  EXPECT_EQ(r["threads"], 2);
  EXPECT_EQ(r["work"]["bytes"], 8);
  EXPECT_EQ(r["context"]["host_name"], "first");
  EXPECT_TRUE(r["context"].contains("capability_profile"));
  ASSERT_EQ(r["entries"].size(), 2u);
  EXPECT_EQ(r["entries"][0]["timer"], "steady_clock");
  EXPECT_EQ(r["entries"][1]["timer"], "cuda_events");
  EXPECT_EQ(r["status"], "error");
  EXPECT_EQ(r["message"], "boom");
}

TEST(BenchmarkRecord, PassedWithoutErrorsFailedAndSkippedCarryNoEntries) {
  BenchmarkRecord record("x", nlohmann::json::object(), 1);
  record.add_report(report("c", {{{"name", "a"}}}), nlohmann::json::object());
  EXPECT_EQ(record.finished()["status"], "passed");
  EXPECT_FALSE(record.finished().contains("message"));
  const auto failed = record.failed("prepare: out of memory");
  EXPECT_EQ(failed["status"], "error");
  EXPECT_EQ(failed["message"], "prepare: out of memory");
  EXPECT_FALSE(failed.contains("entries"));
  EXPECT_FALSE(failed.contains("context"));
  const auto skipped = record.skipped("absent: no CUDA device");
  EXPECT_EQ(skipped["status"], "skipped");
  EXPECT_EQ(skipped["message"], "absent: no CUDA device");
}

}  // namespace
}  // namespace crucible
