// Without a usable CUDA device (no GPU here, or a build without CUDA), every GPU piece is
// absent with a stated reason, and nothing fails. With a device, the session opens.
#include <gtest/gtest.h>

#include "capability/cuda_devices.hpp"
#include "capability/gpu_profile.hpp"
#include "perf/cupti_collector.hpp"
#include "perf/gpu_session.hpp"
#include "perf/nvml_clocks.hpp"
#include "perf/nvtx_ranges.hpp"

namespace crucible {
namespace {

bool have_device() { return first_cuda_device().present; }

TEST(GpuAbsent, SessionOpensOnlyWithADeviceElseSaysWhy) {
  std::string why;
  auto session = GpuSession::open(&why);
  if (have_device()) {
    ASSERT_TRUE(session) << why;
    EXPECT_NE(session->stream(), nullptr);
    EXPECT_GT(session->l2_flush_bytes(), 0u);
  } else {
    EXPECT_FALSE(session);
    EXPECT_EQ(why.rfind("absent: ", 0), 0u) << why;
  }
}

TEST(GpuAbsent, ProfileSaysWhyThereIsNoGpu) {
  if (have_device()) GTEST_SKIP() << "a CUDA device is present";
  const auto gpu = gpu_profile_json(true);
  ASSERT_TRUE(gpu.contains("absent"));
  EXPECT_EQ(gpu["absent"].get<std::string>().rfind("absent: ", 0), 0u);
  EXPECT_TRUE(gpu_identity_json().empty());
}

TEST(GpuAbsent, NvmlMissingLibraryIsAReason) {
  NvmlClocks clocks("", "libnvidia-ml-does-not-exist.so.1");
  EXPECT_FALSE(clocks.available());
  EXPECT_EQ(clocks.absent_reason().rfind("absent: NVML", 0), 0u) << clocks.absent_reason();
  EXPECT_FALSE(clocks.read());
  EXPECT_EQ(clocks.reference_sm_clock_mhz(), 0);
}

TEST(GpuAbsent, NvtxCallsAreSafeAnywhere) {
  prepare_nvtx_injection();
  {
    NvtxRange range("test/range");
    nvtx_phase_begin("h2d");
    nvtx_phase_end();
  }
  SUCCEED();
}

TEST(GpuAbsent, CuptiWithoutDeviceIsAbsentOrEmpty) {
  if (have_device()) GTEST_SKIP() << "a CUDA device is present";
  std::string why;
  auto collector = CuptiCollector::start(&why);
  if (collector) {
    const auto records = collector->finish();  // CUPTI loads without a GPU; nothing ran
    EXPECT_TRUE(records.kernels.empty());
  } else {
    EXPECT_EQ(why.rfind("absent: ", 0), 0u) << why;
  }
}

}  // namespace
}  // namespace crucible
