#include <fnmatch.h>
#include <stdlib.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <rapidcheck.h>

#include <crucible/exit_codes.hpp>

#include "capability/cuda_devices.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/number_options.hpp"
#include "cli/output_folder.hpp"
#include "cli/plugin_options.hpp"
#include "fleet/shard_run.hpp"
#include "gbench/gbench_binary.hpp"
#include "history/history_store.hpp"
#include "isolate/interrupt.hpp"
#include "isolate/worker_launcher.hpp"
#include "peer/peer_run.hpp"
#include "report/reporter_registry.hpp"
#include "report/run_reports.hpp"
#include "results/atomic_file.hpp"
#include "run/interference.hpp"
#include "run/run_results.hpp"
#include "suite/suite_parser.hpp"
#include "suite/value_checks.hpp"

namespace crucible {

const char* const kRunHelp = R"(usage: crucible run SUITE.toml [options]
       crucible run [SUITE.toml] --gbench BINARY [--gbench-filter REGEX] [options]

Runs a suite: for every selected workload variant, in a child process with the suite's
timeout, its properties and declared equivalences (RapidCheck), determinism checks (output
digests across repeats, thread counts and bitwise-equal variants), then benchmarks (Google
Benchmark). Writes OUT/results.json and prints a summary table.
Also writes the reports into OUT ({report files}),
and appends the run to the history store (.crucible/history.sqlite; CRUCIBLE_HISTORY=FILE
or off; see crucible history).

options:
  --out DIR          where results.json goes (default: reports/latest)
  --only GLOB        run only cases whose name matches, e.g. 'kato/*' or '*/cpu_fast'
                     (case names: plugin/workload/variant and plugin/workload/laws)
  --seed N           seed for properties and inputs (default: the suite's; 0 = random)
  --props-only       properties and determinism checks only
  --bench-only       benchmarks only
  --reproduce STR    replay one failing property exactly (printed with each failure)
  --repetitions N    override the suite's [bench] repetitions
  --min-time S       override the suite's [bench] min_time (seconds per repetition)
  --memory-limit GB  the most memory each worker may take (its data segment and private
                     mappings, RLIMIT_DATA), overriding [suite] memory_limit; 0 = no limit.
                     Default: 80 % of this machine's memory. A worker that passes it fails
                     its allocation and the case reports out of memory with the limit.
                     Not applied in AddressSanitizer builds.
  --smoke            a quick check that everything runs: benchmarks at the first value of
                     each axis only, one repetition of 10 ms (unless given otherwise)
  --plugins PATH     a plugin folder or file to load (repeatable); adds to the folder next
                     to crucible and CRUCIBLE_PLUGIN_PATH
  --keep-temp        keep the workers' task files and logs (their folder is printed)
  --require-gpu      without a usable CUDA device, print `skipped: no CUDA device` and
                     exit 77 (CTest's skip code) instead of running with CUDA variants skipped
  --gbench BINARY    also run an existing Google Benchmark executable (repeatable; no suite
                     needed): each benchmark it lists is a case gbench/BINARY/NAME, run alone
                     in a child with the timeout (the suite's, else 300 s), the memory limit
                     and --repetitions/--min-time (else the suite's [bench], else 5 and 0.05 s);
                     its JSON goes into results.json, reports, compare, ab and history;
                     adds to the suite's [[gbench]] tables (see crucible ab --gbench-a)
  --gbench-filter RE only the --gbench binaries' benchmarks matching RE (their
                     --benchmark_filter); a suite's [[gbench]] table has its own filter
  --shard K/N        run only shard K of N (K = 1..N): the same split on every machine, by
                     the cases' last durations in the history when it has them (longest
                     first into the least loaded shard), else round robin over the sorted
                     case names; needs a fixed seed. The shard goes into results.json for
                     crucible merge; a shard's run is not appended to the history (merge does)
  --dry-run          print the plan, `CASE -> K/N` per line (N = 1 without --shard), and
                     run nothing

exit codes: 0 all passed, 1 correctness failure, 2 bad usage or suite,
            3 infrastructure error (plugin failed to load, crashed, timed out),
            77 skipped (--require-gpu without a CUDA device)
)";


int run_command(const std::vector<std::string>& args) {
  const CommandLine cl(args, {"--props-only", "--bench-only", "--keep-temp", "--require-gpu", "--smoke", "--dry-run", "--help"},
                       {"--out", "--only", "--seed", "--plugins", "--reproduce", "--repetitions", "--min-time",
                        "--memory-limit", "--gbench", "--gbench-filter", "--shard"});
  if (cl.flag("--help")) {
    std::cout << with_report_formats(kRunHelp);
    return exit_code::ok;
  }
  const std::vector<std::string> gbench_binaries = cl.all("--gbench");
  if (cl.option("--gbench-filter") && gbench_binaries.empty()) throw UsageError("--gbench-filter needs --gbench BINARY");
  if (cl.positionals().size() > 1 || (cl.positionals().empty() && gbench_binaries.empty()))
    throw UsageError("run needs one suite file (crucible run SUITE.toml), or --gbench BINARY, or both");
  if (cl.flag("--props-only") && cl.flag("--bench-only")) throw UsageError("--props-only and --bench-only exclude each other");
  const bool sharded = cl.option("--shard").has_value();
  const ShardSpec shard = sharded ? parse_shard_spec(*cl.option("--shard")) : ShardSpec{};
  const std::string suite_path = cl.positionals().empty() ? "" : cl.positionals()[0];
  SuiteSpec suite;
  if (!suite_path.empty()) suite = load_suite(suite_path);
  else suite.name = "gbench";
  if (cl.flag("--require-gpu")) {
    if (const auto device = first_cuda_device(); !device.present) {
      std::cout << "skipped: no CUDA device (" << device.reason << ")\n";
      return exit_code::skipped;
    }
  }

  RunOptions options;
  options.only = cl.option("--only");
  options.props_only = cl.flag("--props-only");
  options.bench_only = cl.flag("--bench-only");
  options.reproduce = cl.option("--reproduce").value_or("");
  if (!options.reproduce.empty()) {
    // Checked here, where a mistyped string is the user's error, not in every worker.
    try {
      rc::detail::configFromString("reproduce=" + options.reproduce);
    } catch (const std::exception&) {
      throw UsageError("--reproduce '" + options.reproduce +
                       "' is not a reproduction string (copy it whole from a failure's repro command)");
    }
  }
  if (auto seed = cl.option("--seed")) options.seed = seed_option("--seed", *seed, kSeedHint);
  if (sharded && options.seed.value_or(suite.seed) == 0) {
    throw UsageError("--shard needs a fixed seed, the same for every shard: the suite's is 0 (random); pass --seed N");
  }
  if (cl.flag("--smoke")) {
    options.smoke = true;
    options.repetitions = 1;
    options.min_time_s = 0.01;
  }
  // The checks of [bench] repetitions, [bench] min_time and [suite] memory_limit, in their words.
  if (auto n = cl.option("--repetitions")) {
    options.repetitions = static_cast<int>(integer_option("--repetitions", *n, 1, INT_MAX));
  }
  if (auto t = cl.option("--min-time")) {
    options.min_time_s = number_option("--min-time", *t);
    if (const std::string why = positive_finite_problem(*options.min_time_s, " seconds"); !why.empty()) {
      throw UsageError("--min-time " + why);
    }
  }
  std::optional<double> memory_limit_gb;
  if (auto m = cl.option("--memory-limit")) {
    memory_limit_gb = number_option("--memory-limit", *m);
    if (const std::string why = non_negative_finite_problem(*memory_limit_gb, " GB (0 = no limit)"); !why.empty()) {
      throw UsageError("--memory-limit " + why);
    }
  }
  const std::filesystem::path out = cl.option("--out").value_or("reports/latest");

  std::optional<OutputFolder> output;  // held for the run; a dry run writes nothing
  if (!cl.flag("--dry-run")) output.emplace(out);
  WorkerLauncher launcher("run", cl.flag("--keep-temp"));
  if (auto gb = memory_limit_gb ? memory_limit_gb : suite.memory_limit_gb) {
    launcher.set_memory_limit(static_cast<std::uint64_t>(*gb * 1e9));
  }

  const PluginSearch search = plugin_search(cl);
  const auto plugins = suite_path.empty() ? std::vector<PluginEntry>{} : catalog_plugins(find_plugin_files(search), launcher);
  RunPlan plan;
  if (!suite_path.empty()) plan = plan_run(suite, plugins, options);

  // Google Benchmark binaries: listed now, so that a wrong path stops the run before any case.
  GbenchRun gbench;
  gbench.filter = cl.option("--gbench-filter").value_or("");
  gbench.repetitions = options.repetitions.value_or(suite.bench.repetitions);
  gbench.min_time_s = options.min_time_s.value_or(suite.bench.min_time_s);
  gbench.timeout = std::chrono::duration<double>(suite.timeout_s);
  gbench.memory_limit_bytes = launcher.memory_limit_bytes();
  gbench.scratch = launcher.scratch();
  // The suite's [[gbench]] tables, then the --gbench binaries; a missing binary in the suite
  // is reported at its table.
  std::vector<GbenchRun> gbench_sources;
  for (const auto& g : suite.gbench) {
    GbenchRun source = gbench;
    source.binary = g.binary;
    source.filter = g.filter;
    source.name = g.name;
    gbench_sources.push_back(source);
  }
  for (const auto& binary : gbench_binaries) gbench_sources.emplace_back(gbench).binary = binary;
  std::vector<std::pair<std::size_t, std::string>> gbench_cases;  // source index, benchmark
  for (std::size_t s = 0; s < gbench_sources.size(); ++s) {
    std::vector<std::string> names;
    try {
      names = list_gbench_benchmarks(gbench_sources[s]);
    } catch (const InputError& e) {
      if (s >= suite.gbench.size()) throw;
      throw SuiteError(suite.gbench[s].where, "[[gbench]] binary " + std::string(e.what()));
    }
    for (const auto& name : names) {
      const std::string case_name = gbench_case_name(gbench_sources[s], name);
      if (options.props_only) continue;  // benchmarks only
      if (options.only && ::fnmatch(options.only->c_str(), case_name.c_str(), 0) != 0) continue;
      gbench_cases.emplace_back(s, name);
    }
  }
  if (plan.cases.empty() && !gbench_sources.empty()) {
    if (gbench_cases.empty())
      throw UsageError("the Google Benchmark binaries list no benchmark" +
                       std::string(gbench.filter.empty() && suite.gbench.empty() ? "" : " matching their filter") +
                       (options.only ? " and --only" : "") + (options.props_only ? " (and --props-only runs no benchmark)" : ""));
  } else if (plan.cases.empty() && plan.peers.empty()) {
    throw UsageError(options.only ? "--only '" + *options.only + "' matches no case of this suite (case names: plugin/workload/variant; see crucible list)"
                                  : "the suite selects no case from the plugins found (see crucible list)");
  }
  // The shard's part of the plan, or the whole plan printed (--dry-run).
  std::vector<std::string> case_names;
  for (const auto& c : plan.cases) case_names.push_back(c.name);
  for (const auto& [source, name] : gbench_cases) case_names.push_back(gbench_case_name(gbench_sources[source], name));
  for (const auto& p : plan.peers) case_names.push_back(p.planned.name);
  const ShardRun shard_run = plan_shard(shard, suite.name, plan.seed, case_names);
  if (cl.flag("--dry-run")) {
    std::cout << shard_run.plan_text();
    std::cerr << "crucible: dry run of suite " << suite.name << ", seed " << plan.seed << ": " << shard_run.summary() << "\n";
    return exit_code::ok;
  }
  if (sharded) {
    std::size_t i = 0;
    std::erase_if(plan.cases, [&](const PlannedCase&) { return !shard_run.runs(i++); });
    std::erase_if(gbench_cases, [&](const auto&) { return !shard_run.runs(i++); });
    std::erase_if(plan.peers, [&](const PlannedPeer&) { return !shard_run.runs(i++); });
    std::cerr << "crucible: " << shard_run.summary() << "\n";
  }
  const std::size_t total = plan.cases.size() + gbench_cases.size() + plan.peers.size();
  if (!suite_path.empty()) {
    std::cerr << "crucible: suite " << suite.name << " (" << suite_path << "), seed " << plan.seed << ", " << total
              << " case(s)\n";
  } else {
    std::cerr << "crucible: " << gbench_cases.size() << " Google Benchmark case(s) from " << gbench_sources.size()
              << " binary(ies), " << gbench.repetitions << " repetition(s) of at least " << gbench.min_time_s << " s\n";
  }

  InterferenceProbe interference;  // what else the machine ran meanwhile, for `crucible compare`
  interference.start();
  RunResults results(suite.name, suite_path, plan.seed);
  results.set_repro_prefix(repro_plugin_args(cl));
  std::vector<std::filesystem::path> named;
  for (const auto& path : search.explicit_paths) {
    if (!std::filesystem::is_directory(path)) named.push_back(path);
  }
  results.add_plugins(plugins, named);
  const bool tty = ::isatty(STDERR_FILENO);
  // One progress line per case: "[i/total] NAME ..." while it runs, its status when done.
  auto case_started = [&](std::size_t index, const std::string& name) {
    const std::string prefix = "[" + std::to_string(index + 1) + "/" + std::to_string(total) + "] " + name;
    if (tty) std::cerr << prefix << " ..." << std::flush;
    return prefix;
  };
  auto case_finished = [&](const std::string& prefix, const std::string& status, double seconds) {
    char took[32];
    std::snprintf(took, sizeof took, " (%.1f s)", seconds);
    std::cerr << (tty ? "\r" : "") << prefix << " " << status << took << (tty ? "\033[K" : "") << "\n";
  };
  const auto timeout = std::chrono::duration<double>(suite.timeout_s);
  for (std::size_t i = 0; i < plan.cases.size() + gbench_cases.size(); ++i) {
    const bool is_gbench = i >= plan.cases.size();
    PlannedCase gbench_case;
    const auto* gbench_case_of = is_gbench ? &gbench_cases[i - plan.cases.size()] : nullptr;
    if (is_gbench) gbench_case.name = gbench_case_name(gbench_sources[gbench_case_of->first], gbench_case_of->second);
    const auto& planned = is_gbench ? gbench_case : plan.cases[i];
    const std::string prefix = case_started(i, planned.name);
    std::string status;
    double seconds = 0;
    if (!planned.load_error.empty() || !planned.skip_reason.empty()) {
      status = results.add_case(planned, nullptr);
    } else {
      WorkerResult result;
      if (is_gbench) {
        result = run_gbench_benchmark(gbench_sources[gbench_case_of->first], gbench_case_of->second);
        throw_if_interrupted();
      } else {
        result = launcher.run(planned.task, timeout);
      }
      seconds = result.outcome.seconds;
      status = results.add_case(planned, &result);
    }
    case_finished(prefix, status, seconds);
  }
  // Peers: the worker exports the inputs and the reference output, then the peer's program runs on them.
  for (std::size_t p = 0; p < plan.peers.size(); ++p) {
    auto planned = plan.peers[p].planned;
    const std::string prefix = case_started(plan.cases.size() + gbench_cases.size() + p, planned.name);
    std::string status;
    WorkerResult result;
    if (planned.load_error.empty() && planned.skip_reason.empty()) {
      if (auto missing = peer_program_missing(plan.peers[p].spec)) planned.skip_reason = *missing;
    }
    if (!planned.load_error.empty() || !planned.skip_reason.empty()) {
      status = results.add_case(planned, nullptr);
    } else {
      PeerRun peer;
      peer.spec = plan.peers[p].spec;
      peer.folder = launcher.scratch() / ("peer-" + std::to_string(p));
      std::filesystem::create_directories(peer.folder);
      planned.task.export_dir = peer.folder.string();
      peer.repetitions = options.repetitions.value_or(suite.bench.repetitions);
      peer.min_time_s = options.min_time_s.value_or(suite.bench.min_time_s);
      peer.timeout = timeout;
      peer.memory_limit_bytes = launcher.memory_limit_bytes();
      result = launcher.run(planned.task, timeout);
      std::vector<nlohmann::json> exported;
      bool export_failed = !result.outcome.ok();
      for (const auto& r : result.records) {
        if (r.value("type", "") == "peer_input") exported.push_back(r);
        export_failed |= r.value("type", "") == "error";
      }
      if (!export_failed) {
        PeerResult ran = run_peer(peer, exported);
        throw_if_interrupted();
        ran.result.outcome.seconds += result.outcome.seconds;
        if (!ran.skip_reason.empty()) planned.skip_reason = ran.skip_reason;
        result = std::move(ran.result);
      }
      status = planned.skip_reason.empty() ? results.add_case(planned, &result) : results.add_case(planned, nullptr);
    }
    case_finished(prefix, status, result.outcome.seconds);
  }

  throw_if_interrupted();
  auto doc = results.to_json();
  doc["context"]["interference"] = interference.finish();
  if (sharded) doc["shard"] = shard_run.record;
  write_file_atomically(out / "results.json", doc.dump(2) + "\n");
  write_run_reports(doc, out);
  if (sharded) {
    std::cerr << "crucible: shard " << shard_run.spec.index << "/" << shard_run.spec.count << " not recorded in the history (crucible merge records the merged run)\n";
  } else if (const auto note = record_run_history(doc, out / "results.json"); !note.empty()) {
    std::cerr << "crucible: " << note << "\n";
  }
  std::cout << results.summary_text();
  std::cout << "results: " << (out / "results.json").string() << "\n";
  if (launcher.keeps_scratch()) std::cerr << "crucible: worker files kept in " << launcher.scratch().string() << "\n";
  return results.exit_code();
}

}  // namespace crucible
