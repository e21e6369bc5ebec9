#include "perf/nvml_clocks.hpp"

#include <dlfcn.h>

namespace crucible {

namespace {
constexpr int kNvmlSuccess = 0;
constexpr int kNvmlClockSm = 1;

template <class Fn>
Fn symbol(void* library, const char* name) {
  return reinterpret_cast<Fn>(::dlsym(library, name));
}
}  // namespace

NvmlClocks::NvmlClocks(const std::string& pci_bus_id, const char* library) {
  library_ = ::dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (!library_) {
    const char* error = ::dlerror();
    reason_ = std::string("absent: NVML not loadable (") + (error ? error : library) + ")";
    return;
  }
  auto init = symbol<int (*)()>(library_, "nvmlInit_v2");
  auto by_bus = symbol<int (*)(const char*, void**)>(library_, "nvmlDeviceGetHandleByPciBusId_v2");
  shutdown_ = symbol<int (*)()>(library_, "nvmlShutdown");
  clock_info_ = symbol<int (*)(void*, int, unsigned*)>(library_, "nvmlDeviceGetClockInfo");
  max_clock_info_ = symbol<int (*)(void*, int, unsigned*)>(library_, "nvmlDeviceGetMaxClockInfo");
  default_app_clock_ = symbol<int (*)(void*, int, unsigned*)>(library_, "nvmlDeviceGetDefaultApplicationsClock");
  reasons_ = symbol<int (*)(void*, unsigned long long*)>(library_, "nvmlDeviceGetCurrentClocksEventReasons");
  if (!reasons_) reasons_ = symbol<int (*)(void*, unsigned long long*)>(library_, "nvmlDeviceGetCurrentClocksThrottleReasons");
  driver_version_ = symbol<int (*)(char*, unsigned)>(library_, "nvmlSystemGetDriverVersion");
  if (!init || !by_bus || !clock_info_ || !reasons_ || !shutdown_) {
    reason_ = "absent: NVML lacks the needed entry points";
    return;
  }
  if (init() != kNvmlSuccess) {
    reason_ = "absent: nvmlInit failed (no NVIDIA driver running?)";
    shutdown_ = nullptr;
    return;
  }
  // By PCI bus id only: NVML numbers devices in PCI order and ignores CUDA_VISIBLE_DEVICES, so
  // an index could name another GPU than the one timed.
  if (pci_bus_id.empty()) {
    reason_ = "absent: the CUDA device has no PCI bus id to find it in NVML";
    return;
  }
  void* device = nullptr;
  if (by_bus(pci_bus_id.c_str(), &device) != kNvmlSuccess || !device) {
    reason_ = "absent: NVML does not know the device " + pci_bus_id;
    return;
  }
  device_ = device;
}

NvmlClocks::~NvmlClocks() {
  if (shutdown_) shutdown_();
  if (library_) ::dlclose(library_);
}

std::optional<ClockReading> NvmlClocks::read() const {
  if (!device_) return std::nullopt;
  unsigned mhz = 0;
  unsigned long long reasons = 0;
  if (clock_info_(device_, kNvmlClockSm, &mhz) != kNvmlSuccess) return std::nullopt;
  if (reasons_(device_, &reasons) != kNvmlSuccess) reasons = 0;
  return ClockReading{static_cast<double>(mhz), static_cast<std::uint64_t>(reasons)};
}

double NvmlClocks::max_sm_clock_mhz() const {
  unsigned mhz = 0;
  if (device_ && max_clock_info_ && max_clock_info_(device_, kNvmlClockSm, &mhz) == kNvmlSuccess) return mhz;
  return 0;
}

double NvmlClocks::reference_sm_clock_mhz() const {
  unsigned mhz = 0;
  if (device_ && default_app_clock_ && default_app_clock_(device_, kNvmlClockSm, &mhz) == kNvmlSuccess && mhz > 0) {
    return mhz;
  }
  return max_sm_clock_mhz();
}

std::string NvmlClocks::driver_version() const {
  char text[96] = {};
  if (device_ && driver_version_ && driver_version_(text, sizeof text) == kNvmlSuccess) return text;
  return "";
}

}  // namespace crucible
