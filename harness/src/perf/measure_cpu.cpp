#include "perf/measure_cpu.hpp"

#include <benchmark/benchmark.h>

#include "loader/plugin_instance.hpp"
#include "perf/benchmark_entries.hpp"
#include "perf/benchmark_record.hpp"
#include "task/check_seed.hpp"
#include "task/params_label.hpp"

namespace crucible {

nlohmann::json measure_cpu(const PluginLibrary& plugin, const WorkerTask& task, const nlohmann::json& params,
                           unsigned threads) {
  std::string name = task.plugin + "/" + task.workload + "/" + task.variant;
  if (!params.empty()) name += "/" + params_label(params);
  if (task.threaded) name += "/threads:" + std::to_string(threads);
  BenchmarkRecord record(name, params, threads);
  try {
    crucible_run_context context{threads, nullptr, nullptr, nullptr};
    PluginInstance instance(plugin, task.workload, task.variant, params, check_seed(task.seed, "bench/" + params.dump()),
                            context);
    const crucible_work work = instance.work();
    const std::optional<Peaks> peaks = cached_cpu_peaks(ops_type_name(work.ops_type));
    for (int i = 0; i < task.bench.warmup; ++i) {
      if (const char* error = instance.run(context)) throw PluginCallError(std::string("warm-up run: ") + error);
    }
    benchmark::ClearRegisteredBenchmarks();
    benchmark::RegisterBenchmark(name.c_str(),
                                 [&](benchmark::State& state) {
                                   for (auto _ : state) {
                                     if (const char* error = instance.run(context)) {
                                       state.SkipWithError(error);
                                       break;
                                     }
                                   }
                                   count_work(state, work);
                                 })
        ->UseRealTime();
    record.add_report(run_registered_benchmarks(), {{"timer", "steady_clock"}, {"stopped_by", "fixed_repetitions"}});
    record.set("work", work_json(work));
    add_percent_of_peak(record.entries(), work, peaks);
    if (!peaks) record.set("percent_of_peak", "absent: no cached capability profile for this CPU (crucible profile)");
    return record.finished();
  } catch (const std::exception& e) {
    return record.failed(e.what());
  }
}

}  // namespace crucible
