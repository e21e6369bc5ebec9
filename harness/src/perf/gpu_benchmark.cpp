#include "perf/gpu_benchmark.hpp"

#include <algorithm>
#include <vector>

#include "loader/plugin_instance.hpp"
#include "perf/benchmark_entries.hpp"
#include "perf/benchmark_record.hpp"
#include "perf/measure_cupti.hpp"
#include "perf/measure_mode.hpp"
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

// Runs the warm-up, then sizes the hot batch from the fastest of three runs after it: the
// first runs pay for lazy module loading and first touches, and an inflated run time would
// make the batch too small to hide launch gaps.
std::size_t warm_up_and_size_batch(const GpuCase& gpu_case, int warmup) {
  GpuSession& session = *gpu_case.session;
  NvtxRange range(gpu_case.name + " [warm-up]");
  for (int i = 0; i < std::max(1, warmup); ++i) session.time_runs(gpu_case.enqueue, RunTiming{});
  double single_run_s = session.time_runs(gpu_case.enqueue, RunTiming{});
  for (int i = 0; i < 2; ++i) single_run_s = std::min(single_run_s, session.time_runs(gpu_case.enqueue, RunTiming{}));
  return batch_size_for(single_run_s, 2e-3);
}

// The modes' entries and the record's "timing". The suite's mode may not have been measured
// (graph on a variant that is not capturable): hot stands in as primary, and the record says so.
void add_modes(BenchmarkRecord& record, const std::vector<ModeMeasurement>& modes, const std::string& primary,
               const GpuCase& gpu_case) {
  const bool primary_measured =
      std::any_of(modes.begin(), modes.end(), [&](const auto& m) { return m.mode == primary && m.measured(); });
  const std::string used = primary_measured ? primary : "hot";
  nlohmann::json timing_modes = nlohmann::json::object();
  for (const auto& m : modes) {
    timing_modes[m.mode] = m.timing;
    if (!m.measured()) continue;
    nlohmann::json annotations = m.annotations;
    annotations["primary"] = m.mode == used;
    record.add_report(m.report, annotations);
  }
  nlohmann::json timing = {{"primary", used}, {"modes", timing_modes}, {"stopping_rule", gpu_case.rule.to_json()}};
  if (gpu_case.synchronizes) timing["synchronizes"] = true;
  if (used != primary) {
    const std::string why = timing_modes.contains(primary) ? timing_modes[primary].value("absent", std::string("absent"))
                                                           : std::string("unknown mode");
    timing["primary_fallback"] = "the suite's timing '" + primary + "' was not measured (" + why + "); hot is primary";
  }
  record.set("timing", timing);
}

// The device, the CUPTI pass and the findings: on the record, and on the primary headline entry.
void add_device_and_cupti(BenchmarkRecord& record, GpuSession& session, const CuptiPass& cupti, bool have_peaks) {
  const nlohmann::json device = session.device_json();
  for (auto& entry : record.entries()) {
    if (!entry.value("primary", false) || !is_headline_entry(entry)) continue;
    entry["gpu"] = {{"name", device["name"]}, {"uuid", device["uuid"]}};
    entry["cupti"] = cupti.cupti;
    if (!cupti.timing_gap.is_null()) entry["timing_gap"] = cupti.timing_gap;
    if (!cupti.findings.empty()) entry["findings"] = cupti.findings;
    if (!have_peaks) entry["percent_of_peak"] = "absent: no cached capability profile for this GPU (crucible profile)";
  }
  record.set("gpu", device);
  if (const auto why = session.clock_absent_reason(); !why.empty()) record.set("clocks", why);
  record.set("cupti", cupti.cupti);
  if (!cupti.timing_gap.is_null()) record.set("timing_gap", cupti.timing_gap);
  record.set("findings", cupti.findings);
}

// One parameter set: prepare, warm up, the three modes, the CUPTI pass, the record.
nlohmann::json benchmark_gpu_case(const PluginLibrary& plugin, const WorkerTask& task, const nlohmann::json& variant_info,
                                  const nlohmann::json& params, GpuSession& session, const std::string& injection) {
  GpuCase gpu_case;
  gpu_case.name = nvtx_case_name(task.plugin, task.workload, task.variant, params);
  BenchmarkRecord record(gpu_case.name, params, 1);
  try {
    gpu_case.session = &session;
    crucible_run_context context{1, session.stream(), nvtx_phase_begin, nvtx_phase_end};
    PluginInstance instance(plugin, task.workload, task.variant, params, check_seed(task.seed, "bench/" + params.dump()),
                            context);
    gpu_case.work = instance.work();
    record.set("work", work_json(gpu_case.work));
    // Peaks measured on this GPU under this driver only: a driver update can move them.
    const std::optional<Peaks> peaks = cached_gpu_peaks(
        session.uuid(), session.device_json().value("cuda_driver", 0), ops_type_name(gpu_case.work.ops_type));
    gpu_case.enqueue = [&] {
      if (const char* error = instance.run(context)) throw PluginCallError(error);
    };
    gpu_case.rule = stopping_rule_from(task.bench);
    gpu_case.policy = session.throttle_policy();
    gpu_case.capturable = variant_info.value("capturable", false);
    gpu_case.synchronizes = variant_info.value("synchronizes", false);
    gpu_case.batch = warm_up_and_size_batch(gpu_case, task.bench.warmup);
    const std::vector<ModeMeasurement> modes{measure_cold(gpu_case), measure_hot(gpu_case), measure_graph(gpu_case)};
    session.synchronize();
    const CuptiPass cupti = measure_cupti(gpu_case, task.bench.cupti_runs, injection);
    add_modes(record, modes, task.bench.timing, gpu_case);
    add_percent_of_peak(record.entries(), gpu_case.work, peaks);
    add_device_and_cupti(record, session, cupti, peaks.has_value());
    return record.finished();
  } catch (const std::exception& e) {
    return record.failed(e.what());
  }
}

}  // namespace

void run_gpu_benchmarks(const PluginLibrary& plugin, const WorkerTask& task, const nlohmann::json& variant_info,
                        RecordLog& log) {
  run_gpu_benchmarks(plugin, task, variant_info, log, [](std::string* why) { return GpuSession::open(why); });
}

void run_gpu_benchmarks(const PluginLibrary& plugin, const WorkerTask& task, const nlohmann::json& variant_info,
                        RecordLog& log, const GpuSessionFactory& open_session) {
  // Before any NVTX call in this process, so that NVTX ranges reach CUPTI.
  const std::string injection = prepare_nvtx_injection();
  std::string absent;
  std::unique_ptr<GpuSession> session = open_session(&absent);
  for (const auto& params : task.param_sets) {
    if (!session) {
      log.append(BenchmarkRecord(nvtx_case_name(task.plugin, task.workload, task.variant, params), params, 1)
                     .skipped(absent));
      continue;
    }
    log.append(benchmark_gpu_case(plugin, task, variant_info, params, *session, injection));
  }
}

}  // namespace crucible
