// Benchmarks through Google Benchmark: one registered benchmark per (parameter set, thread
// count), registered at run time, timed by Google Benchmark's loop and statistics, reported
// with its own JSONReporter so that the `benchmarks` array stays readable by its tools.
#include <regex>
#include <sstream>

#include <benchmark/benchmark.h>

#include "loader/plugin_instance.hpp"
#include "worker/worker_task.hpp"

namespace crucible {

namespace {

void initialize_benchmark_library() {
  static bool done = [] {
    static char arg0[] = "crucible";
    static char* argv[] = {arg0, nullptr};
    int argc = 1;
    benchmark::Initialize(&argc, argv);
    return true;
  }();
  (void)done;
}

// Google Benchmark writes NaN and inf bare (e.g. the CV of a single repetition), which is not
// JSON; they become null.
std::string json_without_nan(const std::string& text) {
  static const std::regex bare(R"((:\s*)-?(nan|inf)\b)", std::regex::icase);
  return std::regex_replace(text, bare, "$1null");
}

}  // namespace

void run_benchmarks(const PluginLibrary& plugin, const nlohmann::json& task, RecordLog& log) {
  const auto& settings = task.at("bench");
  if (!settings.value("enabled", true)) return;
  initialize_benchmark_library();
  const std::string workload = task.at("workload");
  const std::string variant = task.at("variant");
  const std::string case_name = task.at("plugin").get<std::string>() + "/" + workload + "/" + variant;
  const auto thread_counts = settings.value("threads", std::vector<unsigned>{1});
  const int warmup = settings.value("warmup", 1);

  for (const auto& params : task.at("param_sets")) {
    for (unsigned threads : thread_counts) {
      std::string name = case_name;
      if (!params.empty()) name += "/" + params_label(params);
      if (task.value("threaded", false)) name += "/threads:" + std::to_string(threads);
      nlohmann::json record = {{"type", "benchmark"}, {"name", name}, {"params", params}, {"threads", threads}};
      try {
        const crucible_work work = plugin_work(plugin, workload, params);
        crucible_run_context context{threads, nullptr, nullptr, nullptr, nullptr};
        const std::uint64_t seed = check_seed(task.at("seed").get<std::uint64_t>(), "bench/" + params.dump());
        PluginInstance instance(plugin, workload, variant, params, seed, context);
        for (int i = 0; i < warmup; ++i) {
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
            ->Repetitions(settings.value("repetitions", 5))
            ->MinTime(settings.value("min_time", 0.05))
            ->UseRealTime();
        std::ostringstream out, errors;
        benchmark::JSONReporter reporter;
        reporter.SetOutputStream(&out);
        reporter.SetErrorStream(&errors);
        benchmark::RunSpecifiedBenchmarks(&reporter);
        benchmark::ClearRegisteredBenchmarks();
        auto report = nlohmann::json::parse(json_without_nan(out.str()));
        record["context"] = report["context"];
        record["entries"] = report["benchmarks"];
        record["work"] = {{"bytes", work.bytes}, {"ops", work.ops}};
        for (const auto& entry : record["entries"]) {
          if (entry.value("error_occurred", false)) {
            record["status"] = "error";
            record["message"] = entry.value("error_message", "benchmark failed");
          }
        }
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
