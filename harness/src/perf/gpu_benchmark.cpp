#include "perf/gpu_benchmark.hpp"

#include <algorithm>

#include <benchmark/benchmark.h>

#include "loader/plugin_instance.hpp"
#include "timing/adaptive_sampler.hpp"
#include "perf/benchmark_entries.hpp"
#include "perf/cupti_collector.hpp"
#include "perf/gpu_session.hpp"
#include "perf/nvtx_names.hpp"
#include "perf/nvtx_ranges.hpp"
#include "results/benchmark_entry.hpp"
#include "task/check_seed.hpp"

namespace crucible {

namespace {

// The suite's repetitions raise the sampler's floor of samples, never lower it.
StoppingRule stopping_rule_from(const BenchConfig& bench) {
  StoppingRule rule;
  rule.min_samples = std::max(rule.min_samples, static_cast<std::size_t>(std::max(bench.repetitions, 0)));
  rule.noise_target = bench.noise_target;
  rule.min_time_s = bench.min_time_s;
  rule.time_budget_s = bench.time_budget_s > 0 ? bench.time_budget_s : std::max(0.5, 10 * bench.min_time_s);
  return rule;
}

// Every k-th value when there are more than kMaxSamplesKept, so that the comparison tests the
// same distribution on fewer points; each value times `scale`.
nlohmann::json thinned(const std::vector<double>& values, double scale) {
  const std::size_t step = std::max<std::size_t>((values.size() + kMaxSamplesKept - 1) / kMaxSamplesKept, 1);
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < values.size(); i += step) out.push_back(values[i] * scale);
  return out;
}

// Google Benchmark entries for one mode's kept samples (manual time, one iteration each):
// aggregates only, the samples on the headline entry.
nlohmann::json entries_for(const std::string& name, const SampledRun& run, const crucible_work& work) {
  const std::vector<double>& samples = run.kept;
  std::size_t next = 0;
  benchmark::ClearRegisteredBenchmarks();
  auto* bench = benchmark::RegisterBenchmark(name.c_str(), [&](benchmark::State& state) {
    for (auto _ : state) state.SetIterationTime(samples[std::min(next++, samples.size() - 1)]);
    if (work.bytes > 0) state.SetBytesProcessed(static_cast<std::int64_t>(work.bytes * static_cast<double>(state.iterations())));
    if (work.ops > 0) {
      state.counters["ops_per_second"] =
          benchmark::Counter(work.ops * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    }
  });
  bench->UseManualTime()->Iterations(1)->Repetitions(static_cast<int>(std::max<std::size_t>(samples.size(), 1)));
  if (samples.size() > 1) bench->ReportAggregatesOnly(true);
  nlohmann::json report = run_registered_benchmarks();
  const std::vector<double> sm_mhz = run.kept_sm_mhz();
  for (auto& entry : report["benchmarks"]) {
    if (!is_headline_entry(entry)) continue;
    entry[kSamplesNsKey] = thinned(samples, 1e9);
    if (!sm_mhz.empty()) entry[kSamplesSmMhzKey] = thinned(sm_mhz, 1.0);
  }
  return report;
}

}  // namespace

void run_gpu_benchmarks(const PluginLibrary& plugin, const WorkerTask& task, const nlohmann::json& variant_info,
                        RecordLog& log) {
  run_gpu_benchmarks(plugin, task, variant_info, log, [](std::string* why) { return GpuSession::open(why); });
}

void run_gpu_benchmarks(const PluginLibrary& plugin, const WorkerTask& task, const nlohmann::json& variant_info,
                        RecordLog& log, const GpuSessionFactory& open_session) {
  const BenchConfig& settings = task.bench;
  const std::string& plugin_name = task.plugin;
  const std::string& workload = task.workload;
  const std::string& variant = task.variant;
  const std::string& primary = settings.timing;
  const bool capturable = variant_info.value("capturable", false);
  const int warmup = std::max(1, settings.warmup);
  const StoppingRule rule = stopping_rule_from(settings);
  const std::size_t cupti_runs = std::max<std::size_t>(settings.cupti_runs, 1);

  // Before any NVTX call in this process, so that NVTX ranges reach CUPTI.
  const std::string injection = prepare_nvtx_injection();
  std::string absent;
  std::unique_ptr<GpuSession> session = open_session(&absent);

  for (const auto& params : task.param_sets) {
    const std::string name = nvtx_case_name(plugin_name, workload, variant, params);
    nlohmann::json record = {{"type", "benchmark"}, {"name", name}, {"params", params}, {"threads", 1}};
    if (!session) {
      record["status"] = "skipped";
      record["message"] = absent;
      log.append(record);
      continue;
    }
    try {
      crucible_run_context context{1, session->stream(), nvtx_phase_begin, nvtx_phase_end};
      const std::uint64_t seed = check_seed(task.seed, "bench/" + params.dump());
      PluginInstance instance(plugin, workload, variant, params, seed, context);
      const crucible_work work = instance.work();
      record["work"] = work_json(work);
      // Peaks measured on this GPU under this driver only: a driver update can move them.
      const std::optional<Peaks> peaks = cached_gpu_peaks(
          session->uuid(), session->device_json().value("cuda_driver", 0), ops_type_name(work.ops_type));
      const auto enqueue = [&] {
        if (const char* error = instance.run(context)) throw PluginCallError(error);
      };
      // The hot batch is sized from the fastest of three runs after the warm-up: the first
      // runs pay for lazy module loading and first touches, and an inflated run time would
      // make the batch too small to hide launch gaps.
      double single_run_s = 0;
      {
        NvtxRange range(name + " [warm-up]");
        for (int i = 0; i < warmup; ++i) session->time_runs(enqueue, 1, false);
        single_run_s = session->time_runs(enqueue, 1, false);
        for (int i = 0; i < 2; ++i) single_run_s = std::min(single_run_s, session->time_runs(enqueue, 1, false));
      }
      const std::size_t batch = batch_size_for(single_run_s, 2e-3);
      const ThrottlePolicy policy = session->throttle_policy();

      nlohmann::json modes = nlohmann::json::object();
      nlohmann::json entries = nlohmann::json::array();
      nlohmann::json context_json;
      for (const std::string mode : {"cold", "hot", "graph"}) {
        if (mode == "graph" && !capturable) {
          modes[mode] = {{"absent", "absent: not capturable (the plugin does not mark this variant .capturable())"}};
          continue;
        }
        SamplerSources sources;
        sources.clock = [&] { return session->clock(); };
        const std::size_t mode_batch = mode == "cold" ? 1 : batch;
        sources.runs_per_sample = mode_batch;
        NvtxRange range(name);
        if (mode == "graph") {
          std::string why;
          if (!session->capture_graph(enqueue, &why)) {
            modes[mode] = {{"absent", "absent: " + why}};
            continue;
          }
          sources.sample = [&] { return session->time_graph(mode_batch); };
        } else {
          sources.sample = [&] { return session->time_runs(enqueue, mode_batch, mode == "cold"); };
        }
        const SampledRun run = run_adaptive(sources, rule, policy);
        nlohmann::json mode_json = run.to_json();
        mode_json["batch"] = mode_batch;
        if (mode == "cold") {
          mode_json["l2_flush_bytes"] = session->l2_flush_bytes();
          mode_json["launch_hold"] = session->launch_hold();
        }
        modes[mode] = mode_json;
        auto report = entries_for(name + "/timing:" + mode, run, work);
        if (context_json.is_null()) context_json = report["context"];
        for (auto entry : report["benchmarks"]) {
          entry["timer"] = "cuda_events";
          entry["timing_mode"] = mode;
          entry["primary"] = mode == primary;
          entry["stopped_by"] = stop_criterion_name(run.stopped_by);
          entry["samples_taken"] = run.samples.size();
          entry["samples_throttled"] = run.throttled_count;
          if (run.all_throttled) entry["all_samples_throttled"] = true;
          entries.push_back(entry);
        }
      }
      session->synchronize();
      // The suite's mode could not be measured (graph on a variant that is not capturable):
      // hot stands in as primary, and the record says so.
      std::string primary_used = primary;
      if (std::none_of(entries.begin(), entries.end(), [](const auto& e) { return e.value("primary", false); })) {
        primary_used = "hot";
        for (auto& entry : entries) entry["primary"] = entry.value("timing_mode", "") == "hot";
      }

      // CUPTI pass: separate from the timed samples, so tracing overhead stays out of them.
      nlohmann::json cupti_json, gap_json, findings = nlohmann::json::array();
      std::string cupti_absent;
      if (!injection.empty()) cupti_absent = injection;
      std::unique_ptr<CuptiCollector> collector = cupti_absent.empty() ? CuptiCollector::start(&cupti_absent) : nullptr;
      if (collector) {
        double event_s = 0;
        for (std::size_t r = 0; r < cupti_runs; ++r) {
          NvtxRange range(name);
          event_s += session->time_runs(enqueue, 1, false);
        }
        session->synchronize();
        const CuptiSummary summary = summarize_cupti(collector->finish(), cupti_runs, name);
        cupti_json = summary.to_json();
        const TimingGap gap = compare_event_and_kernel_time(event_s / static_cast<double>(cupti_runs) * 1e9,
                                                            summary.kernel_ns_per_run());
        gap_json = gap.to_json();
        if (!gap.finding.empty()) findings.push_back(gap.finding);
        if (!summary.range_count.count(name)) {
          findings.push_back("NVTX ranges did not reach CUPTI (NVTX_INJECTION64_PATH=" +
                             std::string(getenv("NVTX_INJECTION64_PATH") ? getenv("NVTX_INJECTION64_PATH") : "") +
                             "): kernels were not attributed to the case range");
        }
      } else {
        cupti_json = {{"absent", cupti_absent}};
      }

      add_percent_of_peak(entries, work, peaks);
      const nlohmann::json device = session->device_json();
      for (auto& entry : entries) {
        if (!entry.value("primary", false) || !is_headline_entry(entry)) continue;
        entry["gpu"] = {{"name", device["name"]}, {"uuid", device["uuid"]}};
        entry["cupti"] = cupti_json;
        if (!gap_json.is_null()) entry["timing_gap"] = gap_json;
        if (!findings.empty()) entry["findings"] = findings;
        if (!peaks) entry["percent_of_peak"] = "absent: no cached capability profile for this GPU (crucible profile)";
      }
      record["context"] = context_json;
      if (record["context"].is_object()) record["context"]["capability_profile"] = profile_for_results();
      record["entries"] = entries;
      record["timing"] = {{"primary", primary_used}, {"modes", modes}, {"stopping_rule", rule.to_json()}};
      if (primary_used != primary) {
        record["timing"]["primary_fallback"] = "the suite's timing '" + primary + "' was not measured (" +
                                               (modes.contains(primary) && modes[primary].is_object()
                                                    ? modes[primary].value("absent", std::string("absent"))
                                                    : std::string("unknown mode")) + "); hot is primary";
      }
      record["gpu"] = device;
      if (const auto why = session->clock_absent_reason(); !why.empty()) record["clocks"] = why;
      record["cupti"] = cupti_json;
      if (!gap_json.is_null()) record["timing_gap"] = gap_json;
      record["findings"] = findings;
      record["status"] = "passed";
      for (const auto& entry : entries) {
        if (entry.value("error_occurred", false)) {
          record["status"] = "error";
          record["message"] = entry.value("error_message", "benchmark failed");
        }
      }
    } catch (const std::exception& e) {
      record["status"] = "error";
      record["message"] = e.what();
    }
    log.append(record);
  }
}

}  // namespace crucible
