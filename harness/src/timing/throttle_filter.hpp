#pragma once
// Throttle detection per sample, from the SM clock and NVML's clock-event (throttle) reasons.
// A sample is throttled when a disqualifying reason is active (thermal or hardware slowdown,
// power brake) or when its SM clock is under min_fraction of the reference clock (nvbench's
// rule: 75 % of the default clock). Software power capping alone is normal for heavy kernels
// on H100-class parts and is recorded but not disqualifying unless the clock drops.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crucible {

// NVML's nvmlClocksEventReasons / nvmlClocksThrottleReasons bits (nvml.h, stable since 2012).
namespace nvml_reason {
inline constexpr std::uint64_t gpu_idle = 0x1;
inline constexpr std::uint64_t applications_clocks_setting = 0x2;
inline constexpr std::uint64_t sw_power_cap = 0x4;
inline constexpr std::uint64_t hw_slowdown = 0x8;
inline constexpr std::uint64_t sync_boost = 0x10;
inline constexpr std::uint64_t sw_thermal_slowdown = 0x20;
inline constexpr std::uint64_t hw_thermal_slowdown = 0x40;
inline constexpr std::uint64_t hw_power_brake_slowdown = 0x80;
inline constexpr std::uint64_t display_clock_setting = 0x100;
}  // namespace nvml_reason

// One reading taken right after a sample.
struct ClockReading {
  double sm_clock_mhz = 0;
  std::uint64_t reasons = 0;
};

struct ThrottlePolicy {
  double reference_clock_mhz = 0;  // 0: no clock rule (reasons only)
  double min_fraction = 0.75;
  std::uint64_t disqualifying = nvml_reason::hw_slowdown | nvml_reason::sw_thermal_slowdown |
                                nvml_reason::hw_thermal_slowdown | nvml_reason::hw_power_brake_slowdown;

  bool throttled(const ClockReading& reading) const;
  // Why a reading counts as throttled ("" when it does not), e.g. "sm clock 900 MHz < 75% of 1980 MHz".
  std::string why(const ClockReading& reading) const;
};

// The names of the set bits, e.g. {"sw_power_cap", "hw_thermal_slowdown"}; unknown bits as hex.
std::vector<std::string> throttle_reason_names(std::uint64_t reasons);

// Indices of samples kept for verdict statistics: the unthrottled ones. When every sample is
// throttled, all are kept (the caller reports that) rather than none.
struct ThrottleSplit {
  std::vector<double> kept;
  std::size_t throttled = 0;
  bool all_throttled = false;
};
ThrottleSplit split_throttled(const std::vector<double>& samples, const std::vector<std::optional<ClockReading>>& clocks,
                              const ThrottlePolicy& policy);

}  // namespace crucible
