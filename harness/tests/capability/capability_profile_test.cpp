#include <gtest/gtest.h>

#include <cstdlib>
#include <unistd.h>

#include <fstream>

#include "capability/capability_profile.hpp"

namespace crucible {
namespace {

nlohmann::json sample_profile() {
  return {{"schema", kProfileSchema},
          {"measured_at", "2026-11-24T06:00:00Z"},
          {"fingerprint", current_fingerprint("Test CPU", nlohmann::json::array())},
          {"cpu", {{"model", "Test CPU"}, {"measured", {{"triad_bytes_per_s", 1e11}, {"fp32_flops", 2e12}, {"threads", 8}}}}},
          {"gpu",
           {{"devices",
             {{{"uuid", "GPU-1"},
               {"name", "H100"},
               {"cuda_driver", 13000},
               {"measured",
                {{"d2d_bytes_per_s", 3e12},
                 {"gemm", {{"fp32", {{"flops", 5e13}}}, {"bf16", {{"flops", 7.7e14}}}, {"fp8", {{"absent", "absent: x"}}}}}}}}}}}}};
}

TEST(CapabilityProfile, CpuPeaksOnlyForTheSameCpu) {
  const auto profile = sample_profile();
  const auto peaks = cpu_peaks(profile, "Test CPU");
  ASSERT_TRUE(peaks);
  EXPECT_DOUBLE_EQ(peaks->bytes_per_s, 1e11);
  EXPECT_DOUBLE_EQ(peaks->ops_per_s, 2e12);
  EXPECT_NE(peaks->basis.find("STREAM triad"), std::string::npos);
  EXPECT_FALSE(cpu_peaks(profile, "Other CPU"));
}

TEST(CapabilityProfile, GpuPeaksByUuidAndDriver) {
  const auto profile = sample_profile();
  const auto peaks = gpu_peaks(profile, "GPU-1");
  ASSERT_TRUE(peaks);
  EXPECT_DOUBLE_EQ(peaks->bytes_per_s, 3e12);
  EXPECT_DOUBLE_EQ(peaks->ops_per_s, 5e13);
  EXPECT_TRUE(gpu_peaks(profile, "GPU-1", 13000));
  EXPECT_FALSE(gpu_peaks(profile, "GPU-1", 12000));
  EXPECT_FALSE(gpu_peaks(profile, "GPU-2"));
}

// The compute peak follows what one op is: the GEMM of that type on a GPU, fp32 where none
// was measured (said in the basis), and none for ops that are not FLOPs.
TEST(CapabilityProfile, ComputePeakFollowsTheOpsType) {
  const auto profile = sample_profile();
  const auto bf16 = gpu_peaks(profile, "GPU-1", 0, "bf16");
  ASSERT_TRUE(bf16);
  EXPECT_DOUBLE_EQ(bf16->ops_per_s, 7.7e14);
  EXPECT_NE(bf16->basis.find("cuBLAS bf16 GEMM"), std::string::npos) << bf16->basis;
  const auto fp8 = gpu_peaks(profile, "GPU-1", 0, "fp8");
  ASSERT_TRUE(fp8);
  EXPECT_DOUBLE_EQ(fp8->ops_per_s, 5e13);
  EXPECT_NE(fp8->basis.find("cuBLAS fp32 GEMM (no fp8 peak measured here)"), std::string::npos) << fp8->basis;
  const auto other = gpu_peaks(profile, "GPU-1", 0, "other");
  ASSERT_TRUE(other);
  EXPECT_DOUBLE_EQ(other->ops_per_s, 0);
  EXPECT_DOUBLE_EQ(other->bytes_per_s, 3e12);
  EXPECT_NE(other->basis.find("no compute peak for ops of type 'other'"), std::string::npos) << other->basis;

  const auto cpu_f16 = cpu_peaks(profile, "Test CPU", "fp16");
  ASSERT_TRUE(cpu_f16);
  EXPECT_DOUBLE_EQ(cpu_f16->ops_per_s, 2e12);
  EXPECT_NE(cpu_f16->basis.find("(no fp16 peak measured here)"), std::string::npos) << cpu_f16->basis;
  EXPECT_DOUBLE_EQ(cpu_peaks(profile, "Test CPU", "other")->ops_per_s, 0);
  EXPECT_TRUE(is_float_ops_type("tf32"));
  EXPECT_FALSE(is_float_ops_type("int8"));
}

TEST(CapabilityProfile, AFailedDeviceMeasurementIsNotCached) {
  auto profile = sample_profile();
  EXPECT_FALSE(uncacheable_reason(profile));
  profile["gpu"]["devices"].push_back({{"index", 1}, {"name", "H100"}, {"error", "cudaMalloc: out of memory"}});
  const auto why = uncacheable_reason(profile);
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "GPU 1 (H100) failed: cudaMalloc: out of memory");
}

TEST(CapabilityProfile, SaveLoadRoundTripAndRejectsOtherFiles) {
  const auto dir = std::filesystem::temp_directory_path() / ("crucible-profile-test-" + std::to_string(::getpid()));
  const auto path = dir / "sub" / "profile.json";
  save_profile(path, sample_profile());
  const auto loaded = load_profile(path);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded, sample_profile());
  std::ofstream(dir / "bad.json") << "{\"schema\": \"other\"}";
  EXPECT_FALSE(load_profile(dir / "bad.json"));
  std::ofstream(dir / "broken.json") << "{not json";
  EXPECT_FALSE(load_profile(dir / "broken.json"));
  EXPECT_FALSE(load_profile(dir / "missing.json"));
  std::filesystem::remove_all(dir);
}

TEST(CapabilityProfile, CachePathFollowsEnvironment) {
  ::setenv("CRUCIBLE_PROFILE", "/tmp/x/p.json", 1);
  EXPECT_EQ(profile_cache_path(), "/tmp/x/p.json");
  ::unsetenv("CRUCIBLE_PROFILE");
  ::setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(profile_cache_path(), "/tmp/xdg/crucible/profile.json");
  ::unsetenv("XDG_CACHE_HOME");
}

TEST(CapabilityProfile, FingerprintNamesCpuAndGpus) {
  const auto fp = current_fingerprint();
  EXPECT_EQ(fp["cpu_model"], this_cpu_model());
  EXPECT_TRUE(fp["gpus"].is_array());
}

TEST(CapabilityProfile, QuickMeasureHasBothParts) {
  const auto profile = measure_profile(true);
  EXPECT_EQ(profile["schema"], kProfileSchema);
  EXPECT_TRUE(profile["cpu"].contains("measured"));
  EXPECT_TRUE(profile["gpu"].contains("absent") || profile["gpu"].contains("devices"));
  EXPECT_TRUE(cpu_peaks(profile, this_cpu_model()));
}

}  // namespace
}  // namespace crucible
