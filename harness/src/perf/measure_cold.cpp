#include "perf/measure_mode.hpp"

namespace crucible {

ModeMeasurement measure_cold(const GpuCase& gpu_case) {
  GpuSession& session = *gpu_case.session;
  // A run that waits on the GPU while enqueueing would wait on the hold itself.
  const RunTiming timing{.batch = 1, .flush_l2 = true, .hold_launch = !gpu_case.synchronizes};
  ModeMeasurement m =
      measure_samples(gpu_case, "cold", timing.batch, [&] { return session.time_runs(gpu_case.enqueue, timing); });
  m.timing["l2_flush_bytes"] = session.l2_flush_bytes();
  m.timing["launch_hold"] = gpu_case.synchronizes ? std::string("off: the variant synchronizes") : session.launch_hold();
  return m;
}

}  // namespace crucible
