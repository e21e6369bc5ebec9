// The CPU measurement mode on the fixture plugin's CPU variant.
#include <gtest/gtest.h>

#include "perf/benchmark_entries.hpp"
#include "perf/measure_cpu.hpp"

#ifndef CRUCIBLE_FIXTURE_PLUGIN
#error "CRUCIBLE_FIXTURE_PLUGIN must name the healthy fixture plugin"
#endif

namespace crucible {
namespace {

WorkerTask cpu_task() {
  WorkerTask t;
  t.plugin = "healthy";
  t.workload = "prefix_sum";
  t.variant = "cpu_ref";
  t.seed = 1;
  t.bench.repetitions = 2;
  t.bench.min_time_s = 0.001;
  return t;
}

TEST(MeasureCpu, GoogleBenchmarkEntriesOnTheMonotonicClockWithTheWork) {
  const WorkerTask task = cpu_task();
  initialize_benchmark_library(task.bench);
  PluginLibrary plugin(CRUCIBLE_FIXTURE_PLUGIN);
  const auto r = measure_cpu(plugin, task, {{"n", 1000}}, 1);
  ASSERT_EQ(r["status"], "passed") << r.dump(1);
  EXPECT_EQ(r["name"], "healthy/prefix_sum/cpu_ref/n:1000");
  EXPECT_EQ(r["threads"], 1);
  EXPECT_TRUE(r["work"].contains("bytes"));
  EXPECT_TRUE(r["context"].contains("capability_profile"));
  ASSERT_FALSE(r["entries"].empty());
  for (const auto& e : r["entries"]) {
    EXPECT_EQ(e["timer"], "steady_clock");
    EXPECT_EQ(e["stopped_by"], "fixed_repetitions");
  }
  // Iterations carry Google Benchmark's rate of bytes when the plugin counts bytes.
  if (r["work"]["bytes"].get<double>() > 0) {
    EXPECT_TRUE(r["entries"][0].contains("bytes_per_second"));
  }
}

TEST(MeasureCpu, ThreadedVariantNamesItsThreadCountAndAFailedPrepareIsAnError) {
  WorkerTask task = cpu_task();
  task.threaded = true;
  initialize_benchmark_library(task.bench);
  PluginLibrary plugin(CRUCIBLE_FIXTURE_PLUGIN);
  const auto r = measure_cpu(plugin, task, {{"n", 1000}}, 2);
  EXPECT_EQ(r["name"], "healthy/prefix_sum/cpu_ref/n:1000/threads:2");
  EXPECT_EQ(r["threads"], 2);

  task.variant = "no_such_variant";
  const auto failed = measure_cpu(plugin, task, {{"n", 1000}}, 1);
  EXPECT_EQ(failed["status"], "error");
  EXPECT_FALSE(failed["message"].get<std::string>().empty());
  EXPECT_FALSE(failed.contains("entries"));
}

}  // namespace
}  // namespace crucible
