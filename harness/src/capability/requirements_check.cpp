#include "capability/requirements_check.hpp"

#include <unistd.h>

#include <sstream>

#include "capability/cuda_devices.hpp"

namespace crucible {

namespace {

bool cpu_supports(const std::string& isa) {
  __builtin_cpu_init();
#define CRUCIBLE_ISA(name) \
  if (isa == #name) return __builtin_cpu_supports(#name);
  CRUCIBLE_ISA(sse4.2)
  CRUCIBLE_ISA(avx)
  CRUCIBLE_ISA(avx2)
  CRUCIBLE_ISA(fma)
  CRUCIBLE_ISA(bmi2)
  CRUCIBLE_ISA(popcnt)
  CRUCIBLE_ISA(avx512f)
  CRUCIBLE_ISA(avx512bw)
  CRUCIBLE_ISA(avx512vl)
  CRUCIBLE_ISA(avx512vnni)
  CRUCIBLE_ISA(avx512bf16)
#undef CRUCIBLE_ISA
  return false;
}

}  // namespace

std::string unmet_requirements(const nlohmann::json& needs) {
  std::ostringstream why;
  why.setf(std::ios::fixed);
  why.precision(1);  // "compute capability 8.0", "16.0 GiB"
  if (needs.contains("cuda")) {
    const double need = needs["cuda"].get<double>();
    const CudaDeviceSummary device = first_cuda_device();
    if (!device.present) {
      why << "needs a CUDA device (compute capability " << need << "): " << device.reason;
    } else if (device.compute_capability + 1e-9 < need) {
      why << "needs CUDA compute capability " << need << ", " << device.name << " has " << device.compute_capability;
    }
  }
  for (const auto& isa : needs.value("isa", std::vector<std::string>{})) {
    if (!cpu_supports(isa)) {
      if (why.tellp() > 0) why << "; ";
      why << "needs ISA " << isa << ": this CPU lacks it";
    }
  }
  if (needs.contains("memory_gib")) {
    const double need = needs["memory_gib"].get<double>();
    const double have = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGE_SIZE)) /
                        (1024.0 * 1024.0 * 1024.0);
    if (have < need) {
      if (why.tellp() > 0) why << "; ";
      why << "needs " << need << " GiB of memory, this machine has " << have;
    }
  }
  return why.str();
}

}  // namespace crucible
