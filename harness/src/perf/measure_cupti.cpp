#include "perf/measure_cupti.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "perf/cupti_collector.hpp"
#include "perf/cupti_summary.hpp"
#include "perf/nvtx_ranges.hpp"

namespace crucible {

CuptiPass measure_cupti(const GpuCase& gpu_case, std::size_t runs, const std::string& injection_absent) {
  CuptiPass pass;
  std::string absent = injection_absent;
  std::unique_ptr<CuptiCollector> collector = absent.empty() ? CuptiCollector::start(&absent) : nullptr;
  if (!collector) {
    pass.cupti = {{"absent", absent}};
    return pass;
  }
  GpuSession& session = *gpu_case.session;
  runs = std::max<std::size_t>(runs, 1);
  double event_s = 0;
  for (std::size_t r = 0; r < runs; ++r) {
    NvtxRange range(gpu_case.name);
    event_s += session.time_runs(gpu_case.enqueue, RunTiming{});
  }
  session.synchronize();
  const CuptiSummary summary = summarize_cupti(collector->finish(), runs, gpu_case.name);
  pass.cupti = summary.to_json();
  const TimingGap gap =
      compare_event_and_kernel_time(event_s / static_cast<double>(runs) * 1e9, summary.kernel_ns_per_run());
  pass.timing_gap = gap.to_json();
  if (!gap.finding.empty()) pass.findings.push_back(gap.finding);
  if (!summary.range_count.count(gpu_case.name)) {
    const char* injection = std::getenv("NVTX_INJECTION64_PATH");
    pass.findings.push_back("NVTX ranges did not reach CUPTI (NVTX_INJECTION64_PATH=" +
                            std::string(injection ? injection : "") +
                            "): kernels were not attributed to the case range");
  }
  return pass;
}

}  // namespace crucible
