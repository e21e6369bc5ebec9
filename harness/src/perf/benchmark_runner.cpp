// Benchmarks through Google Benchmark, one record per case, its `benchmarks` entries readable
// by Google Benchmark's own tools. CPU variants go to measure_cpu (one case per parameter set
// and thread count); variants that require CUDA to run_gpu_benchmarks (CUDA events, timing
// modes, CUPTI).
#include "perf/benchmark_runner.hpp"

#include "loader/plugin_instance.hpp"
#include "perf/benchmark_entries.hpp"
#include "perf/gpu_benchmark.hpp"
#include "perf/measure_cpu.hpp"

namespace crucible {

void run_benchmarks(const PluginLibrary& plugin, const WorkerTask& task, RecordLog& log) {
  if (!task.bench.enabled) return;
  initialize_benchmark_library(task.bench);
  const nlohmann::json described = variant_description(plugin, task.workload, task.variant);
  if (requires_cuda(described)) {
    run_gpu_benchmarks(plugin, task, described, log);
    return;
  }
  for (const auto& params : task.param_sets) {
    for (unsigned threads : task.bench.threads) log.append(measure_cpu(plugin, task, params, threads));
  }
}

}  // namespace crucible
