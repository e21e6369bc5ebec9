// Each GPU measurement mode on its own, timed by the host stand-in session: how it asks the
// session to time runs, what its timing entry and entries say, and when it is absent.
#include <gtest/gtest.h>

#include <chrono>

#include "host_timed_session.hpp"
#include "perf/measure_cupti.hpp"
#include "perf/measure_mode.hpp"
#include "results/benchmark_entry.hpp"

namespace crucible {
namespace {

void spin_for_us(int us) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(us);
  while (std::chrono::steady_clock::now() < until) {
  }
}

GpuCase host_case(GpuSession& session) {
  GpuCase c;
  c.name = "demo/sum/cuda/n:1";
  c.session = &session;
  c.enqueue = [] { spin_for_us(20); };
  c.work = crucible_work{1000, 0, CRUCIBLE_OPS_FP32};
  c.rule.min_samples = 3;
  c.rule.time_budget_s = 0.02;
  c.policy = session.throttle_policy();
  c.batch = 4;
  return c;
}

std::size_t headline_count(const ModeMeasurement& m) {
  std::size_t n = 0;
  for (const auto& entry : m.report["benchmarks"]) n += is_headline_entry(entry) && entry.contains(kSamplesNsKey);
  return n;
}

TEST(MeasureCold, FlushesBeforeEverySampleBehindTheHold) {
  HostTimedSession::Seen seen;
  HostTimedSession session(true, &seen);
  const auto m = measure_cold(host_case(session));
  ASSERT_TRUE(m.measured());
  EXPECT_EQ(m.mode, "cold");
  EXPECT_EQ(m.timing["batch"], 1);
  EXPECT_EQ(m.timing["l2_flush_bytes"], 8u << 20);
  EXPECT_EQ(m.timing["launch_hold"], "off: a host-timed stand-in");  // the session's own word
  EXPECT_EQ(seen.flushes, m.annotations["samples_taken"].get<int>());
  EXPECT_EQ(seen.holds, seen.flushes);
  EXPECT_EQ(seen.max_batch, 1u);
  EXPECT_EQ(m.annotations["timer"], "cuda_events");
  EXPECT_EQ(m.annotations["timing_mode"], "cold");
  EXPECT_EQ(headline_count(m), 1u);
}

TEST(MeasureCold, VariantThatSynchronizesIsTimedWithoutTheHold) {
  HostTimedSession::Seen seen;
  HostTimedSession session(true, &seen);
  auto c = host_case(session);
  c.synchronizes = true;
  const auto m = measure_cold(c);
  ASSERT_TRUE(m.measured());
  EXPECT_GT(seen.flushes, 0);
  EXPECT_EQ(seen.holds, 0);
  EXPECT_EQ(m.timing["launch_hold"], "off: the variant synchronizes");
}

TEST(MeasureHot, BatchesRunsWithoutFlushUnlessTheVariantSynchronizes) {
  HostTimedSession::Seen seen;
  HostTimedSession session(true, &seen);
  const auto batched = measure_hot(host_case(session));
  ASSERT_TRUE(batched.measured());
  EXPECT_EQ(batched.timing["batch"], 4);
  EXPECT_EQ(seen.max_batch, 4u);
  EXPECT_EQ(seen.flushes, 0);
  EXPECT_EQ(batched.annotations["timing_mode"], "hot");
  EXPECT_EQ(headline_count(batched), 1u);

  HostTimedSession::Seen seen_sync;
  HostTimedSession sync_session(true, &seen_sync);
  auto c = host_case(sync_session);
  c.synchronizes = true;
  const auto single = measure_hot(c);
  EXPECT_EQ(single.timing["batch"], 1);
  EXPECT_EQ(seen_sync.max_batch, 1u);
}

TEST(MeasureGraph, AbsentWithItsReasonOrReplayed) {
  HostTimedSession session(true);
  auto c = host_case(session);
  const auto not_capturable = measure_graph(c);
  EXPECT_FALSE(not_capturable.measured());
  EXPECT_NE(not_capturable.timing["absent"].get<std::string>().find("not capturable"), std::string::npos);

  c.capturable = true;
  c.synchronizes = true;
  EXPECT_EQ(measure_graph(c).timing["absent"], "absent: synchronizes");

  c.synchronizes = false;
  HostTimedSession failing(false);
  auto f = c;
  f.session = &failing;
  EXPECT_EQ(measure_graph(f).timing["absent"], "absent: stand-in cannot capture");

  const auto replayed = measure_graph(c);
  ASSERT_TRUE(replayed.measured());
  EXPECT_EQ(replayed.timing["batch"], 4);
  EXPECT_EQ(replayed.annotations["timing_mode"], "graph");
  EXPECT_EQ(headline_count(replayed), 1u);
}

TEST(MeasureCupti, AbsentWhenNvtxCannotReachCupti) {
  HostTimedSession::Seen seen;
  HostTimedSession session(true, &seen);
  const auto pass = measure_cupti(host_case(session), 3, "absent: NVTX injection unavailable (test)");
  EXPECT_EQ(pass.cupti, (nlohmann::json{{"absent", "absent: NVTX injection unavailable (test)"}}));
  EXPECT_TRUE(pass.timing_gap.is_null());
  EXPECT_TRUE(pass.findings.empty());
  EXPECT_EQ(seen.max_batch, 0u);  // nothing was run
}

}  // namespace
}  // namespace crucible
