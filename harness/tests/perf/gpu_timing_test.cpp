// On a CUDA device (CTest label gpu): the harness's GPU timing against itself. Without one,
// exits 77, which CTest reports as "skipped: no CUDA device" (SKIP_RETURN_CODE), never a pass.
//  - a single long kernel: CUDA-event time and CUPTI kernel time agree (issue 3: within 2 %;
//    asserted here within 10 %, the numbers printed);
//  - the NVTX case range reaches CUPTI under its name and the kernel is attributed to it;
//  - cold samples (L2 flushed) of an L2-sized kernel are not faster than hot ones;
//  - graph capture and replay time the same kernel;
//  - NVML clocks are read per sample, or their absence is stated.
#include <cuda_runtime_api.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "capability/gpu_profile_kernels.cuh"
#include "perf/adaptive_sampler.hpp"
#include "perf/cupti_collector.hpp"
#include "perf/gpu_session.hpp"
#include "perf/nvtx_ranges.hpp"

namespace {

int failures = 0;
void expect(bool ok, const std::string& what) {
  std::cout << (ok ? "ok    " : "FAIL  ") << what << "\n";
  if (!ok) ++failures;
}

}  // namespace

int main() {
  using namespace crucible;
  const std::string injection = prepare_nvtx_injection();  // before the first NVTX call
  std::string why;
  auto session = GpuSession::open(&why);
  if (!session) {
    std::cout << "skipped: no CUDA device (" << why << ")\n";
    return 77;
  }
  std::cout << session->device_json().dump() << "\n";
  auto* stream = static_cast<cudaStream_t>(session->stream());
  const std::size_t big = std::size_t{1} << 28;  // 1 GiB of floats: a kernel of about a millisecond
  void* buffer = nullptr;
  if (cudaMalloc(&buffer, big * sizeof(float)) != cudaSuccess) {
    std::cout << "FAIL  cudaMalloc\n";
    return 1;
  }
  const auto long_kernel = [&] {
    if (fill_random(buffer, big, 0, 7, stream) != cudaSuccess) throw std::runtime_error("fill_random launch failed");
  };
  session->time_runs(long_kernel, 1, false);  // warm-up

  // Event time vs CUPTI kernel time, under an NVTX case range.
  std::string absent;
  auto collector = injection.empty() ? CuptiCollector::start(&absent) : nullptr;
  if (!collector) {
    std::cout << "CUPTI " << (absent.empty() ? injection : absent) << "\n";
    expect(false, "CUPTI collector starts");
  } else {
    const int runs = 5;
    double event_s = 0;
    for (int i = 0; i < runs; ++i) {
      NvtxRange range("test/gpu_timing/long_kernel");
      event_s += session->time_runs(long_kernel, 1, false);
    }
    session->synchronize();
    const CuptiSummary summary = summarize_cupti(collector->finish(), runs, "test/gpu_timing/long_kernel");
    std::cout << summary.to_json().dump(1) << "\n";
    const double event_ns = event_s / runs * 1e9;
    const TimingGap gap = compare_event_and_kernel_time(event_ns, summary.kernel_ns_per_run(), 0.10);
    std::printf("event %.1f us per run, CUPTI kernel %.1f us per run, gap %.2f%%\n", event_ns / 1e3,
                summary.kernel_ns_per_run() / 1e3, gap.gap_fraction * 100);
    expect(summary.range_count.count("test/gpu_timing/long_kernel") == 1 &&
               summary.range_count.at("test/gpu_timing/long_kernel") == runs,
           "NVTX case range appears in CUPTI records under its name");
    expect(summary.kernels.size() == 1 && summary.kernels.begin()->second.launches == runs,
           "one kernel, one launch per run, attributed to the case range");
    expect(gap.finding.empty(), "event time and CUPTI kernel time agree within 10%");
  }

  // Cold vs hot on a kernel whose data fits in L2: cold is not faster.
  const std::size_t small = std::size_t{4} << 20;  // 16 MiB of floats
  const auto small_kernel = [&] {
    if (fill_random(buffer, small, 0, 3, stream) != cudaSuccess) throw std::runtime_error("launch failed");
  };
  StoppingRule rule;
  rule.time_budget_s = 0.5;
  SamplerSources cold, hot;
  cold.sample = [&] { return session->time_runs(small_kernel, 1, true); };
  hot.sample = [&] { return session->time_runs(small_kernel, 1, false); };
  cold.clock = hot.clock = [&] { return session->clock(); };
  const SampledRun cold_run = run_adaptive(cold, rule, session->throttle_policy());
  const SampledRun hot_run = run_adaptive(hot, rule, session->throttle_policy());
  std::printf("cold median %.2f us (%s, %zu samples, %zu throttled), hot median %.2f us (%s, %zu samples)\n",
              cold_run.stats.median * 1e6, stop_criterion_name(cold_run.stopped_by), cold_run.samples.size(),
              cold_run.throttled_count, hot_run.stats.median * 1e6, stop_criterion_name(hot_run.stopped_by),
              hot_run.samples.size());
  expect(cold_run.stats.median >= hot_run.stats.median * 0.98, "cold (L2 flushed) is not faster than hot");
  if (session->clock_absent_reason().empty()) {
    expect(cold_run.clocks.front().has_value(), "NVML SM clock read per sample");
  } else {
    std::cout << "clocks " << session->clock_absent_reason() << "\n";
  }

  // Graph: capture once, replay.
  std::string graph_why;
  const bool captured = session->capture_graph(small_kernel, &graph_why);
  expect(captured, "stream capture into a CUDA graph" + (graph_why.empty() ? "" : ": " + graph_why));
  if (captured) {
    const double replay = session->time_graph(100);
    std::printf("graph replay %.2f us per run\n", replay * 1e6);
    expect(replay > 0, "graph replay timed");
  }
  cudaFree(buffer);
  return failures ? 1 : 0;
}
