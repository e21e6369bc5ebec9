#include "perf/measure_mode.hpp"
#include "perf/nvtx_ranges.hpp"

namespace crucible {

ModeMeasurement measure_graph(const GpuCase& gpu_case) {
  if (gpu_case.synchronizes) return absent_mode("graph", "absent: synchronizes");
  if (!gpu_case.capturable) {
    return absent_mode("graph", "absent: not capturable (the plugin does not mark this variant .capturable())");
  }
  GpuSession& session = *gpu_case.session;
  std::string why;
  {
    NvtxRange range(gpu_case.name);
    if (!session.capture_graph(gpu_case.enqueue, &why)) return absent_mode("graph", "absent: " + why);
  }
  return measure_samples(gpu_case, "graph", gpu_case.batch, [&] { return session.time_graph(gpu_case.batch); });
}

}  // namespace crucible
