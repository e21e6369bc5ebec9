#pragma once
// NvmlClocks: the SM clock and throttle (clock-event) reasons of one GPU, through NVML loaded
// at run time with dlopen("libnvidia-ml.so.1"), so crucible runs where no driver is installed
// and builds where no nml.h exists. Absent NVML is a stated reason, never a failure.
#include <cstdint>
#include <optional>
#include <string>

#include "timing/throttle_filter.hpp"

namespace crucible {

class NvmlClocks {
 public:
  // pci_bus_id as cudaDeviceGetPCIBusId writes it ("0000:65:00.0"); empty: device index 0.
  explicit NvmlClocks(const std::string& pci_bus_id = "", const char* library = "libnvidia-ml.so.1");
  ~NvmlClocks();
  NvmlClocks(const NvmlClocks&) = delete;
  NvmlClocks& operator=(const NvmlClocks&) = delete;

  bool available() const { return device_ != nullptr; }
  const std::string& absent_reason() const { return reason_; }  // "absent: ..." when not available

  std::optional<ClockReading> read() const;
  // Reference for the throttle rule: the default applications SM clock, else the max SM clock; 0 if unknown.
  double reference_sm_clock_mhz() const;
  double max_sm_clock_mhz() const;
  std::string driver_version() const;

 private:
  void* library_ = nullptr;
  void* device_ = nullptr;
  std::string reason_;
  // Resolved entry points (NVML's C signatures; int = nvmlReturn_t).
  int (*shutdown_)() = nullptr;
  int (*clock_info_)(void*, int, unsigned*) = nullptr;
  int (*max_clock_info_)(void*, int, unsigned*) = nullptr;
  int (*default_app_clock_)(void*, int, unsigned*) = nullptr;
  int (*reasons_)(void*, unsigned long long*) = nullptr;
  int (*driver_version_)(char*, unsigned) = nullptr;
};

}  // namespace crucible
