#include <gtest/gtest.h>

#include "perf/cupti_summary.hpp"
#include "perf/nvtx_names.hpp"

namespace crucible {
namespace {

CuptiRecords two_runs() {
  CuptiRecords r;
  // Harness work before the case (an L2 flush) stays out.
  r.memsets.push_back({100 << 20, 10, 20});
  r.kernels.push_back({"warmup_kernel", 30, 40});
  for (std::uint64_t run = 0; run < 2; ++run) {
    const std::uint64_t base = 1000 + run * 1000;
    r.ranges.push_back({"p/w/cuda/n:8", base, base + 600});
    r.ranges.push_back({"h2d", base + 10, base + 110});
    r.ranges.push_back({"kernel", base + 120, base + 500});
    r.copies.push_back({CopyDirection::host_to_device, 4096, base + 20, base + 100});
    r.kernels.push_back({"scan", base + 130, base + 330});
    r.kernels.push_back({"scan", base + 340, base + 440});
    r.kernels.push_back({"finish", base + 450, base + 700});  // ends after the host popped the range
    r.copies.push_back({CopyDirection::device_to_host, 64, base + 710, base + 720});
    r.memsets.push_back({256, base + 5, base + 8});
  }
  return r;
}

TEST(CuptiSummary, AggregatesKernelsCopiesAndRangesPerRun) {
  const auto s = summarize_cupti(two_runs(), 2, "p/w/cuda/n:8");
  ASSERT_EQ(s.kernels.size(), 2u);  // warmup_kernel is outside the case ranges
  EXPECT_EQ(s.kernels.at("scan").launches, 4u);
  EXPECT_DOUBLE_EQ(s.kernels.at("scan").total_ns, 600);
  EXPECT_EQ(s.kernels.at("finish").launches, 2u);
  EXPECT_DOUBLE_EQ(s.kernel_sum_ns, 600 + 500);
  EXPECT_DOUBLE_EQ(s.kernel_ns_per_run(), 550);
  EXPECT_EQ(s.copy_bytes.at("h2d"), 8192u);
  EXPECT_EQ(s.copy_bytes.at("d2h"), 128u);
  EXPECT_EQ(s.memset_bytes, 512u);  // the flush before the case is not counted
  EXPECT_DOUBLE_EQ(s.range_ns.at("h2d"), 200);
  EXPECT_DOUBLE_EQ(s.range_ns.at("kernel"), 760);
  EXPECT_EQ(s.range_count.at("p/w/cuda/n:8"), 2u);

  const auto j = s.to_json();
  EXPECT_EQ(j["runs"], 2);
  EXPECT_DOUBLE_EQ(j["kernels"][1]["launches_per_run"].get<double>(), 2.0);  // "scan" sorts after "finish"
  EXPECT_DOUBLE_EQ(j["copies"]["h2d"]["bytes_per_run"].get<double>(), 4096);
  EXPECT_DOUBLE_EQ(j["nvtx_ranges"]["kernel"]["ns_per_run"].get<double>(), 380);
}

TEST(CuptiSummary, WithoutCaseRangeEverythingCounts) {
  const auto s = summarize_cupti(two_runs(), 2);
  EXPECT_EQ(s.kernels.size(), 3u);
  EXPECT_EQ(s.memset_bytes, (100u << 20) + 512u);
}

TEST(CuptiSummary, KernelRecordsWithoutTimestampsAddNothing) {
  auto records = two_runs();
  records.kernels.push_back({"untimed", 0, 0});
  records.kernels.push_back({"backwards", 1500, 1400});
  const auto s = summarize_cupti(records, 2);
  EXPECT_EQ(s.kernels.count("untimed"), 0u);
  EXPECT_EQ(s.kernels.count("backwards"), 0u);
  EXPECT_DOUBLE_EQ(s.kernel_sum_ns, summarize_cupti(two_runs(), 2).kernel_sum_ns);
}

TEST(CuptiSummary, CaseRangeNeverRecordedFallsBackToEverything) {
  // NVTX did not reach CUPTI: nothing can be attributed, so all records count (and the
  // benchmark names that as a finding).
  const auto s = summarize_cupti(two_runs(), 2, "other/case");
  EXPECT_EQ(s.kernels.size(), 3u);
  EXPECT_EQ(s.range_count.count("other/case"), 0u);
}

TEST(TimingGap, AgreementIsNoFinding) {
  const auto gap = compare_event_and_kernel_time(1000, 985);
  EXPECT_TRUE(gap.finding.empty());
  EXPECT_NEAR(gap.gap_fraction, 0.015, 1e-12);
  EXPECT_TRUE(gap.to_json()["finding"].is_null());
}

TEST(TimingGap, LaunchOverheadIsNamed) {
  const auto gap = compare_event_and_kernel_time(10000, 2000);
  EXPECT_NE(gap.finding.find("80%"), std::string::npos) << gap.finding;
  EXPECT_NE(gap.finding.find("launch overhead"), std::string::npos);
}

TEST(TimingGap, NoKernelsAndOverlapAreNamed) {
  EXPECT_NE(compare_event_and_kernel_time(1000, 0).finding.find("no kernel"), std::string::npos);
  EXPECT_NE(compare_event_and_kernel_time(1000, 2000).finding.find("overlap"), std::string::npos);
  EXPECT_TRUE(compare_event_and_kernel_time(0, 0).finding.empty());
}

TEST(NvtxNames, CaseNameIsTheBenchmarkName) {
  EXPECT_EQ(nvtx_case_name("kato", "match", "cuda", nlohmann::json{{"patterns", 1024}, {"q", "x"}}),
            "kato/match/cuda/patterns:1024/q:x");
  EXPECT_EQ(nvtx_case_name("kato", "match", "cuda", nlohmann::json::object()), "kato/match/cuda");
}

TEST(NvtxNames, PhaseNamesAreCleanedAndBounded) {
  EXPECT_EQ(nvtx_phase_name("h2d"), "h2d");
  EXPECT_EQ(nvtx_phase_name(nullptr), "phase");
  EXPECT_EQ(nvtx_phase_name("\n\t"), "phase");
  EXPECT_EQ(nvtx_phase_name("a\nb"), "ab");
  EXPECT_EQ(nvtx_phase_name(std::string(100, 'x').c_str()).size(), 64u);
}

}  // namespace
}  // namespace crucible
