// Benchmarks through Google Benchmark: one registered benchmark per (parameter set, thread
// count), registered at run time, timed by Google Benchmark's loop and statistics, reported
// with its own JSONReporter so that the `benchmarks` array stays readable by its tools.
// Variants that require CUDA go to gpu_benchmark.cpp (CUDA events, timing modes, CUPTI); CPU
// variants are timed here on the monotonic clock (UseRealTime).
#include "perf/benchmark_runner.hpp"

#include <benchmark/benchmark.h>

#include "loader/plugin_instance.hpp"
#include "perf/benchmark_entries.hpp"
#include "perf/gpu_benchmark.hpp"
#include "task/check_seed.hpp"
#include "task/params_label.hpp"

namespace crucible {

void run_benchmarks(const PluginLibrary& plugin, const WorkerTask& task, RecordLog& log) {
  const BenchConfig& settings = task.bench;
  if (!settings.enabled) return;
  initialize_benchmark_library(settings);
  const std::string& workload = task.workload;
  const std::string& variant = task.variant;
  const nlohmann::json described = variant_description(plugin, workload, variant);
  if (requires_cuda(described)) {
    run_gpu_benchmarks(plugin, task, described, log);
    return;
  }
  const std::string case_name = task.plugin + "/" + workload + "/" + variant;

  for (const auto& params : task.param_sets) {
    for (unsigned threads : settings.threads) {
      std::string name = case_name;
      if (!params.empty()) name += "/" + params_label(params);
      if (task.threaded) name += "/threads:" + std::to_string(threads);
      nlohmann::json record = {{"type", "benchmark"}, {"name", name}, {"params", params}, {"threads", threads}};
      try {
        crucible_run_context context{threads, nullptr, nullptr, nullptr};
        const std::uint64_t seed = check_seed(task.seed, "bench/" + params.dump());
        PluginInstance instance(plugin, workload, variant, params, seed, context);
        const crucible_work work = instance.work();
        const std::optional<Peaks> peaks = cached_cpu_peaks(ops_type_name(work.ops_type));
        for (int i = 0; i < settings.warmup; ++i) {
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
                                       const auto iterations = static_cast<double>(state.iterations());
                                       if (work.bytes > 0) {
                                         state.SetBytesProcessed(static_cast<std::int64_t>(work.bytes * iterations));
                                       }
                                       if (work.ops > 0) {
                                         state.counters["ops_per_second"] =
                                             benchmark::Counter(work.ops * iterations, benchmark::Counter::kIsRate);
                                       }
                                     })
            ->UseRealTime();
        auto report = run_registered_benchmarks();
        record["context"] = report["context"];
        record["context"]["capability_profile"] = profile_for_results();
        record["entries"] = report["benchmarks"];
        record["work"] = work_json(work);
        add_percent_of_peak(record["entries"], work, peaks);
        for (auto& entry : record["entries"]) {
          entry["timer"] = "steady_clock";
          entry["stopped_by"] = "fixed_repetitions";
          if (entry.value("error_occurred", false)) {
            record["status"] = "error";
            record["message"] = entry.value("error_message", "benchmark failed");
          }
        }
        if (!peaks) record["percent_of_peak"] = "absent: no cached capability profile for this CPU (crucible profile)";
        if (!record.contains("status")) record["status"] = "passed";
      } catch (const std::exception& e) {
        record["status"] = "error";
        record["message"] = e.what();
      }
      log.append(record);
    }
  }
}

}  // namespace crucible
