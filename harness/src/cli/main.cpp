// crucible: benchmark and test harness for CPU and CUDA workload plugins.
#include <iostream>
#include <string>
#include <vector>

#include <crucible/abi.h>
#include <crucible/command_errors.hpp>

#include <crucible/exit_codes.hpp>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/profile_command.hpp"
#include "isolate/interrupt.hpp"
#include "loader/plugin_search.hpp"
#include "results/results_file.hpp"
#include "suite/suite_spec.hpp"
#include "worker/worker_main.hpp"

namespace {

const char* const kHelp = R"(usage: crucible COMMAND [options]

Crucible loads workload plugins and checks them: property-based correctness (RapidCheck),
determinism, and benchmarks (Google Benchmark), each variant isolated in its own process.

commands:
  run SUITE.toml     run a suite; results.json + summary (crucible run --help)
  list [--json]      plugins, workloads, variants, axes, properties, equivalences
  compare BASE NEW   verdicts (faster/slower/same/inconclusive) between two results files
  ab SUITE --a A --b B   two plugin builds interleaved in ABBA rounds; the CI gate's mode
  report RESULTS...  Markdown, JUnit XML, self-contained HTML and CSV reports
  history ...        the run history (SQLite): list, show, trends, change points (--detect)
  merge DIR... --out DIR   the results of a suite's shards (run --shard K/N) as one run
  slurm submit|status  a suite's shards as a Slurm job array, merged after it
  calibrate          measured false-alarm and detection rates of the gate on this machine
  profile [--json]   this machine's capability profile and measured peaks (--refresh)
  help               this text
  version            the crucible version and plugin ABI version
  NAME ...           a command provided by a plugin (e.g. `crucible kato predict`);
                     `crucible list` shows them

plugins are searched in ../lib/crucible/plugins next to this program, in every folder of
CRUCIBLE_PLUGIN_PATH (colon-separated), and in each --plugins PATH.

exit codes (every command):
  0  success
  1  correctness failure (a property, equivalence or determinism check failed)
  2  bad usage: command line, suite file, or input file
  3  infrastructure error: a plugin failed to load, crashed, hung or errored
  4  regression: a benchmark got slower (compare, ab)
  5  inconclusive verdicts only, with --inconclusive fail (compare, ab); calibrate: targets missed
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    if (args.size() > 1) {
      std::cerr << "crucible: " << args[0] << " takes no arguments; for a command's help: crucible COMMAND --help\n";
      return crucible::exit_code::usage;
    }
    std::cout << kHelp;
    if (args.empty()) std::cerr << "crucible: missing COMMAND (the help above lists them)\n";
    return args.empty() ? crucible::exit_code::usage : crucible::exit_code::ok;
  }
  const std::string command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (command == "__worker") {
      if (rest.size() != 2) return crucible::exit_code::usage;
      return crucible::worker_main(rest[0], rest[1]);
    }
    if (command == "version" || command == "--version") {
      if (!rest.empty()) throw crucible::UsageError(command + " takes no arguments");
      std::cout << "crucible " << CRUCIBLE_VERSION << " (plugin ABI " << CRUCIBLE_ABI_VERSION << ")\n";
      return crucible::exit_code::ok;
    }
    if (command == "run") return crucible::run_command(rest);
    if (command == "list") return crucible::list_command(rest);
    if (command == "compare") return crucible::compare_command(rest);
    if (command == "report") return crucible::report_command(rest);
    if (command == "history") return crucible::history_command(rest);
    if (command == "ab") return crucible::ab_command(rest);
    if (command == "calibrate") return crucible::calibrate_command(rest);
    if (command == "merge") return crucible::merge_command(rest);
    if (command == "slurm") return crucible::slurm_command(rest);
    if (command == "profile") return crucible::profile_command(rest);
    if (command.rfind("-", 0) != 0) {
      const int code = crucible::plugin_command(command, rest);
      if (code >= 0) return code;
    }
    std::cerr << "crucible: unknown command '" << command << "'; see `crucible help` (plugin commands: `crucible list`)\n";
    return crucible::exit_code::usage;
  } catch (const crucible::Interrupted& e) {
    std::cerr << "crucible " << command << ": " << e.what() << "; the worker in flight was stopped, no results written\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    // One table for every command (<crucible/command_errors.hpp>).
    std::cerr << "crucible " << command << ": " << crucible::error_text(e) << "\n";
    return crucible::exit_code_of(e);
  }
}
