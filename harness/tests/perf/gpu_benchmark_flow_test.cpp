// The whole GPU benchmark path (modes, stopping, GB entries, primary mode, graph absence,
// CUPTI pass, records) driven on the CPU: a stand-in session times the fixture plugin's runs
// with the host clock. What it proves is the flow and the record shape, not GPU timing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "compare/fingerprint.hpp"
#include "compare/results_comparison.hpp"
#include "host_timed_session.hpp"
#include "perf/gpu_benchmark.hpp"
#include "plan/run_plan.hpp"
#include "report/report_input.hpp"
#include "run/run_results.hpp"

#ifndef CRUCIBLE_FIXTURE_PLUGIN
#error "CRUCIBLE_FIXTURE_PLUGIN must name the healthy fixture plugin"
#endif

namespace crucible {
namespace {

WorkerTask task(const std::string& timing) {
  WorkerTask t;
  t.plugin = "healthy";
  t.workload = "prefix_sum";
  t.variant = "cpu_ref";
  t.seed = 1;
  t.bench.timing = timing;
  t.bench.repetitions = 3;
  t.bench.min_time_s = 0.001;
  t.bench.time_budget_s = 0.05;
  t.bench.cupti_runs = 2;
  t.param_sets = {{{"n", 1000}}};
  return t;
}

std::vector<nlohmann::json> run(const WorkerTask& t, const nlohmann::json& variant, GpuSessionFactory factory) {
  const auto path = std::filesystem::temp_directory_path() / ("crucible-gpu-flow-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  {
    PluginLibrary plugin(CRUCIBLE_FIXTURE_PLUGIN);
    RecordLog log(path);
    run_gpu_benchmarks(plugin, t, variant, log, std::move(factory));
  }
  auto records = RecordLog::read(path);
  std::filesystem::remove(path);
  return records;
}

TEST(GpuBenchmarkFlow, ColdAndHotSideBySideGraphAbsentWhenNotCapturable) {
  HostTimedSession::Seen seen;
  const auto records = run(task("cold"), {{"name", "cpu_ref"}},
                           [&](std::string*) { return std::make_unique<HostTimedSession>(true, &seen); });
  ASSERT_EQ(records.size(), 1u);
  const auto& r = records[0];
  ASSERT_EQ(r["status"], "passed") << r.dump(1);
  EXPECT_EQ(r["name"], "healthy/prefix_sum/cpu_ref/n:1000");
  EXPECT_EQ(r["timing"]["primary"], "cold");
  EXPECT_NE(r["timing"]["modes"]["graph"]["absent"].get<std::string>().find("not capturable"), std::string::npos);
  std::set<std::string> modes;
  for (const auto& e : r["entries"]) {
    modes.insert(e["timing_mode"].get<std::string>());
    EXPECT_EQ(e["timer"], "cuda_events");
    EXPECT_EQ(e["primary"].get<bool>(), e["timing_mode"] == "cold");
    const std::string stopped = e["stopped_by"];
    EXPECT_TRUE(stopped == "noise" || stopped == "time_budget" || stopped == "max_samples") << stopped;
    EXPECT_EQ(e["samples_throttled"], 0);
    // The median aggregate is the headline: the samples, and for the primary mode the CUPTI
    // pass; the other aggregates carry neither.
    const bool headline = e.value("aggregate_name", "") == "median";
    EXPECT_EQ(e.contains("samples_ns"), headline) << e.dump();
    if (headline) {
      const std::size_t kept = r["timing"]["modes"][e["timing_mode"].get<std::string>()]["stats"]["count"];
      const std::size_t carried = e["samples_ns"].size();
      // The stand-in reads 1980 MHz after every sample: each carried sample has its clock.
      EXPECT_EQ(e["samples_sm_mhz"].size(), carried);
      EXPECT_EQ(e["samples_sm_mhz"][0], 1980.0);
      if (kept <= 1000) {
        EXPECT_EQ(carried, kept);
      } else {  // every k-th: between half the cap and the cap
        EXPECT_GE(carried, 500u);
        EXPECT_LE(carried, 1000u);
      }
    }
    EXPECT_EQ(e.contains("cupti"), headline && e["primary"].get<bool>());
  }
  EXPECT_EQ(modes, (std::set<std::string>{"cold", "hot"}));
  const auto& cold = r["timing"]["modes"]["cold"];
  EXPECT_EQ(cold["batch"], 1);
  EXPECT_EQ(cold["l2_flush_bytes"], 8u << 20);
  EXPECT_EQ(cold["launch_hold"], "off: a host-timed stand-in");
  EXPECT_GE(cold["samples_taken"].get<int>(), 1);
  EXPECT_EQ(cold["clocks"].size(), cold["samples_s"].size());
  EXPECT_EQ(seen.flushes, cold["samples_taken"].get<int>());  // one flush per cold sample, none for hot
  EXPECT_EQ(seen.holds, seen.flushes);                          // each behind the launch hold
  EXPECT_FALSE(r["timing"].contains("synchronizes"));
  EXPECT_TRUE(r["context"].contains("capability_profile"));
}

TEST(GpuBenchmarkFlow, GraphModeWhenCapturableAndFallbackWhenCaptureFails) {
  const auto captured = run(task("graph"), {{"name", "cpu_ref"}, {"capturable", true}},
                            [](std::string*) { return std::make_unique<HostTimedSession>(true); });
  ASSERT_EQ(captured.size(), 1u);
  EXPECT_EQ(captured[0]["timing"]["primary"], "graph");
  EXPECT_TRUE(captured[0]["timing"]["modes"]["graph"].contains("stats"));

  const auto failed = run(task("graph"), {{"name", "cpu_ref"}, {"capturable", true}},
                          [](std::string*) { return std::make_unique<HostTimedSession>(false); });
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["status"], "passed");
  EXPECT_EQ(failed[0]["timing"]["primary"], "hot");
  EXPECT_NE(failed[0]["timing"]["primary_fallback"].get<std::string>().find("stand-in cannot capture"), std::string::npos);
}

// From the worker's records to results.json, the gate and the reports, as crucible run does it.
TEST(GpuBenchmarkFlow, RecordsBecomeResultsTheGateComparesAndReportsShow) {
  auto records = run(task("cold"), {{"name", "cpu_ref"}},
                     [](std::string*) { return std::make_unique<HostTimedSession>(true); });
  ASSERT_EQ(records.size(), 1u);
  // The stand-in's host-timed samples are as noisy as the machine (ASan, a busy CI box): the
  // gate's verdicts are checked on quiet samples of known ratio put in their place.
  const auto with_samples = [&](double scale) {
    auto changed = records;
    for (auto& entry : changed[0]["entries"]) {
      if (!entry.contains("samples_ns")) continue;
      entry["samples_ns"] = nlohmann::json::array();
      for (int i = 0; i < 30; ++i) entry["samples_ns"].push_back(scale * 1000.0 * (1 + 0.001 * (i % 7)));
    }
    return changed;
  };
  const auto results_of = [&](const std::vector<nlohmann::json>& worker_records) {
    RunResults results("gpu", "gpu.toml", 1);
    WorkerResult worker;
    worker.outcome.exit_code = 0;
    worker.records = worker_records;
    results.add_case(PlannedCase{"healthy/prefix_sum/cpu_ref", "", "", task("cold")}, &worker);
    return results.to_json();
  };
  const auto doc = results_of(records);
  ASSERT_EQ(doc["gpu_timing"].size(), 1u);
  EXPECT_EQ(doc["gpu_timing"][0]["timing"]["primary"], "cold");
  EXPECT_TRUE(doc["gpu_timing"][0]["timing"]["modes"]["cold"].contains("samples_s"));
  EXPECT_EQ(doc["cases"][0]["status"], "passed");
  // The GPU is part of the hardware fingerprint: another model is not comparable.
  EXPECT_EQ(fingerprint_fields(doc)["gpus"][0]["name"], "host stand-in");
  auto other_gpu = doc;
  other_gpu["context"]["gpus"][0]["name"] = "another GPU";
  EXPECT_EQ(compare_results(doc, other_gpu, VerdictPolicy{}).rows[0].result.verdict, Verdict::not_comparable);

  // One comparison row per mode, each on its samples: the same samples are the same, 1.5x
  // slower ones a regression.
  const auto base = results_of(with_samples(1.0));
  const auto same = compare_results(base, base, VerdictPolicy{});
  ASSERT_EQ(same.rows.size(), 2u);
  for (const auto& row : same.rows) {
    EXPECT_EQ(row.result.verdict, Verdict::same) << row.name;
    EXPECT_EQ(row.result.base_count, 30u) << row.name;
  }
  EXPECT_EQ(compare_results(base, results_of(with_samples(1.5)), VerdictPolicy{}).count(Verdict::slower), 2);

  ReportInput input;
  input.results = doc;
  EXPECT_NE(render_html(input).find("<code>healthy/prefix_sum/cpu_ref/n:1000</code>"), std::string::npos);
  EXPECT_NE(render_markdown(input).find("GPU timing (1)"), std::string::npos);
}

// A variant that synchronizes: one run per sample, no launch hold, no graph, and the record
// says so.
TEST(GpuBenchmarkFlow, SynchronizingVariantIsTimedWithoutHoldBatchOrGraph) {
  HostTimedSession::Seen seen;
  const auto records = run(task("hot"), {{"name", "cpu_ref"}, {"capturable", true}, {"synchronizes", true}},
                           [&](std::string*) { return std::make_unique<HostTimedSession>(true, &seen); });
  ASSERT_EQ(records.size(), 1u);
  const auto& r = records[0];
  ASSERT_EQ(r["status"], "passed") << r.dump(1);
  EXPECT_EQ(r["timing"]["synchronizes"], true);
  EXPECT_EQ(r["timing"]["primary"], "hot");
  EXPECT_EQ(r["timing"]["modes"]["hot"]["batch"], 1);
  EXPECT_EQ(r["timing"]["modes"]["cold"]["launch_hold"], "off: the variant synchronizes");
  EXPECT_EQ(r["timing"]["modes"]["graph"]["absent"], "absent: synchronizes");
  EXPECT_GT(seen.flushes, 0);
  EXPECT_EQ(seen.holds, 0);
  EXPECT_EQ(seen.max_batch, 1u);
}

TEST(GpuBenchmarkFlow, NoSessionIsSkippedWithItsReason) {
  const auto records = run(task("hot"), {{"name", "cpu_ref"}}, [](std::string* why) {
    *why = "absent: no CUDA device (test)";
    return std::unique_ptr<GpuSession>();
  });
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["status"], "skipped");
  EXPECT_EQ(records[0]["message"], "absent: no CUDA device (test)");
}

}  // namespace
}  // namespace crucible
