#include "timing/throttle_filter.hpp"

#include <cstdio>

namespace crucible {

bool ThrottlePolicy::throttled(const ClockReading& reading) const { return !why(reading).empty(); }

std::string ThrottlePolicy::why(const ClockReading& reading) const {
  std::string reason;
  if (const std::uint64_t bad = reading.reasons & disqualifying) {
    for (const auto& name : throttle_reason_names(bad)) reason += (reason.empty() ? "" : ", ") + name;
  }
  if (reference_clock_mhz > 0 && reading.sm_clock_mhz > 0 &&
      reading.sm_clock_mhz < min_fraction * reference_clock_mhz) {
    char text[128];
    std::snprintf(text, sizeof text, "sm clock %.0f MHz < %.0f%% of %.0f MHz", reading.sm_clock_mhz,
                  min_fraction * 100, reference_clock_mhz);
    reason += (reason.empty() ? "" : ", ") + std::string(text);
  }
  return reason;
}

std::vector<std::string> throttle_reason_names(std::uint64_t reasons) {
  static const std::pair<std::uint64_t, const char*> names[] = {
      {nvml_reason::gpu_idle, "gpu_idle"},
      {nvml_reason::applications_clocks_setting, "applications_clocks_setting"},
      {nvml_reason::sw_power_cap, "sw_power_cap"},
      {nvml_reason::hw_slowdown, "hw_slowdown"},
      {nvml_reason::sync_boost, "sync_boost"},
      {nvml_reason::sw_thermal_slowdown, "sw_thermal_slowdown"},
      {nvml_reason::hw_thermal_slowdown, "hw_thermal_slowdown"},
      {nvml_reason::hw_power_brake_slowdown, "hw_power_brake_slowdown"},
      {nvml_reason::display_clock_setting, "display_clock_setting"},
  };
  std::vector<std::string> out;
  std::uint64_t known = 0;
  for (const auto& [bit, name] : names) {
    known |= bit;
    if (reasons & bit) out.emplace_back(name);
  }
  if (const std::uint64_t rest = reasons & ~known) {
    char text[32];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(rest));
    out.emplace_back(text);
  }
  return out;
}

ThrottleSplit split_throttled(const std::vector<double>& samples, const std::vector<std::optional<ClockReading>>& clocks,
                              const ThrottlePolicy& policy) {
  ThrottleSplit split;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const bool bad = i < clocks.size() && clocks[i] && policy.throttled(*clocks[i]);
    if (bad) {
      ++split.throttled;
    } else {
      split.kept.push_back(samples[i]);
    }
  }
  if (split.kept.empty() && !samples.empty()) {
    split.kept = samples;
    split.all_throttled = true;
  }
  return split;
}

}  // namespace crucible
