#include <algorithm>

#include <benchmark/benchmark.h>

#include "perf/benchmark_entries.hpp"
#include "perf/measure_mode.hpp"
#include "perf/nvtx_ranges.hpp"
#include "results/benchmark_entry.hpp"

namespace crucible {

namespace {

// Every k-th value when there are more than kMaxSamplesKept, so that the comparison tests the
// same distribution on fewer points; each value times `scale`.
nlohmann::json thinned(const std::vector<double>& values, double scale) {
  const std::size_t step = std::max<std::size_t>((values.size() + kMaxSamplesKept - 1) / kMaxSamplesKept, 1);
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < values.size(); i += step) out.push_back(values[i] * scale);
  return out;
}

// Google Benchmark's report for one mode's kept samples (manual time, one iteration each):
// aggregates only, the samples on the headline entry.
nlohmann::json report_for(const std::string& name, const SampledRun& run, const crucible_work& work) {
  const std::vector<double>& samples = run.kept;
  std::size_t next = 0;
  benchmark::ClearRegisteredBenchmarks();
  auto* bench = benchmark::RegisterBenchmark(name.c_str(), [&](benchmark::State& state) {
    for (auto _ : state) state.SetIterationTime(samples[std::min(next++, samples.size() - 1)]);
    count_work(state, work);
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

ModeMeasurement measure_samples(const GpuCase& gpu_case, const std::string& mode, std::size_t batch,
                                const std::function<double()>& sample) {
  GpuSession& session = *gpu_case.session;
  SamplerSources sources;
  sources.clock = [&] { return session.clock(); };
  sources.sample = sample;
  sources.runs_per_sample = batch;
  SampledRun run;
  {
    NvtxRange range(gpu_case.name);
    run = run_adaptive(sources, gpu_case.rule, gpu_case.policy);
  }
  ModeMeasurement m{mode, run.to_json(), report_for(gpu_case.name + "/timing:" + mode, run, gpu_case.work), {}};
  m.timing["batch"] = batch;
  m.annotations = {{"timer", "cuda_events"},
                   {"timing_mode", mode},
                   {"stopped_by", stop_criterion_name(run.stopped_by)},
                   {"samples_taken", run.samples.size()},
                   {"samples_throttled", run.throttled_count}};
  if (run.all_throttled) m.annotations["all_samples_throttled"] = true;
  return m;
}

ModeMeasurement absent_mode(const std::string& mode, const std::string& why) {
  return ModeMeasurement{mode, {{"absent", why}}, nullptr, nlohmann::json::object()};
}

}  // namespace crucible
