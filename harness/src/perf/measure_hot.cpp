#include "perf/measure_mode.hpp"

namespace crucible {

ModeMeasurement measure_hot(const GpuCase& gpu_case) {
  // A run that synchronizes leaves nothing to overlap: batching would only average it.
  const RunTiming timing{.batch = gpu_case.synchronizes ? std::size_t{1} : gpu_case.batch};
  return measure_samples(gpu_case, "hot", timing.batch,
                         [&] { return gpu_case.session->time_runs(gpu_case.enqueue, timing); });
}

}  // namespace crucible
