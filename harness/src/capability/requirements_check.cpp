#include "capability/requirements_check.hpp"

#include <unistd.h>

#include <sstream>

#include "capability/cuda_architectures.hpp"
#include "capability/cuda_devices.hpp"

namespace crucible {

namespace {

// The CPU features a variant may require, as __builtin_cpu_supports names them (it needs
// literal names, hence the list).
#define CRUCIBLE_KNOWN_ISAS(X) \
  X(sse4.2) X(avx) X(avx2) X(fma) X(bmi2) X(popcnt) X(avx512f) X(avx512bw) X(avx512vl) X(avx512vnni) X(avx512bf16)

bool known_isa(const std::string& isa) {
#define CRUCIBLE_IS(name) if (isa == #name) return true;
  CRUCIBLE_KNOWN_ISAS(CRUCIBLE_IS)
#undef CRUCIBLE_IS
  return false;
}

bool cpu_supports(const std::string& isa) {
  __builtin_cpu_init();
#define CRUCIBLE_SUPPORTS(name) if (isa == #name) return __builtin_cpu_supports(#name);
  CRUCIBLE_KNOWN_ISAS(CRUCIBLE_SUPPORTS)
#undef CRUCIBLE_SUPPORTS
  return false;
}

std::string known_isa_list() {
  std::string out;
#define CRUCIBLE_NAME(name) out += (out.empty() ? "" : ", ") + std::string(#name);
  CRUCIBLE_KNOWN_ISAS(CRUCIBLE_NAME)
#undef CRUCIBLE_NAME
  return out;
}

}  // namespace

std::string unmet_requirements(const nlohmann::json& needs, const std::string& cuda_architectures) {
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
    } else {
      why << cuda_code_mismatch(cuda_architectures, device.compute_capability, device.name);
    }
  }
  for (const auto& isa : needs.value("isa", std::vector<std::string>{})) {
    if (!known_isa(isa)) {
      if (why.tellp() > 0) why << "; ";
      why << "declares an unknown ISA '" << isa << "' (known: " << known_isa_list() << ")";
    } else if (!cpu_supports(isa)) {
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
