#include <gtest/gtest.h>

#include "timing/throttle_filter.hpp"

namespace crucible {
namespace {

TEST(ThrottlePolicy, ClockUnderThreeQuartersIsThrottled) {
  ThrottlePolicy policy;
  policy.reference_clock_mhz = 2000;
  EXPECT_FALSE(policy.throttled({1980, 0}));
  EXPECT_FALSE(policy.throttled({1500, 0}));  // exactly 75 %
  EXPECT_TRUE(policy.throttled({1499, 0}));
  EXPECT_NE(policy.why({1000, 0}).find("sm clock 1000 MHz"), std::string::npos);
}

TEST(ThrottlePolicy, ThermalAndHardwareReasonsDisqualifyPowerCapDoesNot) {
  ThrottlePolicy policy;  // no reference clock: reasons only
  EXPECT_FALSE(policy.throttled({1980, nvml_reason::sw_power_cap}));
  EXPECT_FALSE(policy.throttled({1980, nvml_reason::gpu_idle}));
  EXPECT_TRUE(policy.throttled({1980, nvml_reason::hw_thermal_slowdown}));
  EXPECT_TRUE(policy.throttled({1980, nvml_reason::sw_thermal_slowdown | nvml_reason::sw_power_cap}));
  EXPECT_TRUE(policy.throttled({1980, nvml_reason::hw_power_brake_slowdown}));
  EXPECT_EQ(policy.why({1980, nvml_reason::hw_slowdown}), "hw_slowdown");
}

TEST(ThrottleReasons, NamesEveryBitAndUnknownOnes) {
  const auto names = throttle_reason_names(nvml_reason::sw_power_cap | nvml_reason::hw_thermal_slowdown | 0x10000);
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0], "sw_power_cap");
  EXPECT_EQ(names[1], "hw_thermal_slowdown");
  EXPECT_EQ(names[2], "0x10000");
  EXPECT_TRUE(throttle_reason_names(0).empty());
}

TEST(SplitThrottled, ExcludesFlaggedSamplesAndCountsThem) {
  ThrottlePolicy policy;
  policy.reference_clock_mhz = 1000;
  const std::vector<double> samples = {1, 2, 3, 4};
  const std::vector<std::optional<ClockReading>> clocks = {ClockReading{1000, 0}, ClockReading{100, 0}, std::nullopt,
                                                           ClockReading{1000, nvml_reason::hw_slowdown}};
  const auto split = split_throttled(samples, clocks, policy);
  EXPECT_EQ(split.throttled, 2u);
  EXPECT_EQ(split.kept, (std::vector<double>{1, 3}));
  EXPECT_FALSE(split.all_throttled);
}

TEST(SplitThrottled, AllThrottledKeepsAll) {
  ThrottlePolicy policy;
  policy.reference_clock_mhz = 1000;
  const auto split = split_throttled({1, 2}, {ClockReading{10, 0}, ClockReading{10, 0}}, policy);
  EXPECT_TRUE(split.all_throttled);
  EXPECT_EQ(split.kept.size(), 2u);
  EXPECT_EQ(split.throttled, 2u);
}

}  // namespace
}  // namespace crucible
