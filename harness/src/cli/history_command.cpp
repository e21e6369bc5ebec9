#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string_view>

#include <crucible/exit_codes.hpp>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/number_options.hpp"
#include "history/history_change_points.hpp"
#include "history/history_store.hpp"
#include "report/report_input.hpp"
#include "results/results_file.hpp"
#include "results/time_unit.hpp"
#include "suite/value_checks.hpp"

namespace crucible {

const char* const kHistoryHelp = R"(usage: crucible history [list | show RUN | trend GLOB | GLOB] [options]

The run history: every `crucible run` appends its results to an SQLite store
(.crucible/history.sqlite, or CRUCIBLE_HISTORY; CRUCIBLE_HISTORY=off disables it), keyed by
suite, benchmark, parameters, hardware fingerprint, git commit and build flags.

  history list                 the latest runs (--limit N, default 20)
  history show RUN             one run's benchmarks and medians
  history trend GLOB           a trend table per benchmark matching GLOB ("history GLOB" too)
  history add RESULTS.json     append a results file (e.g. one from another machine)

options:
  --db FILE          the store (default: CRUCIBLE_HISTORY or .crucible/history.sqlite)
  --since DATE       only runs started at or after DATE (ISO 8601 prefix, e.g. 2026-11-01)
  --detect           change-point detection over each series: lists the commits where a
                     benchmark's median moved by more than --min-effect (default 0.05)
  --min-effect X     smallest step that counts for --detect

exit codes: 0 ok (also with changes found: use --detect's output), 2 bad usage or store
)";

namespace {

std::string cut(const std::string& s, std::size_t n) { return s.size() > n ? s.substr(0, n) : s; }

// 2026, 2026-11, 2026-11-01, 2026-11-01T12, ...:12:00 (a space for the T too): what the
// store's ISO 8601 start times compare against.
bool is_iso8601_prefix(const std::string& text) {
  static constexpr std::string_view mask = "dddd-dd-ddTdd:dd:dd";
  if (text.size() != 4 && text.size() != 7 && text.size() != 10 && text.size() != 13 && text.size() != 16 &&
      text.size() != 19) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool ok = mask[i] == 'd' ? (c >= '0' && c <= '9') : mask[i] == 'T' ? (c == 'T' || c == ' ') : c == mask[i];
    if (!ok) return false;
  }
  return true;
}

}  // namespace

int history_command(const std::vector<std::string>& args) {
  const CommandLine cl(args, {"--help", "--detect"}, {"--db", "--since", "--limit", "--min-effect"});
  if (cl.flag("--help")) {
    std::cout << kHistoryHelp;
    return exit_code::ok;
  }
  if (cl.positionals().empty()) throw UsageError("needs list, show RUN, add FILE, trend GLOB or a GLOB (see crucible history --help)");
  // The options are checked before the store is opened: a bad value is reported as itself.
  if (auto v = cl.option("--since"); v && !is_iso8601_prefix(*v)) {
    throw UsageError("--since must be an ISO 8601 date or its prefix (2026, 2026-11, 2026-11-01, 2026-11-01T12:00), got '" +
                     *v + "'");
  }
  int limit = 20;
  if (auto v = cl.option("--limit")) limit = static_cast<int>(integer_option("--limit", *v, 1, 9999999));
  double min_effect = 0.05;
  if (auto v = cl.option("--min-effect")) min_effect = fraction_option("--min-effect", *v, kMinEffectMeaning);
  const std::filesystem::path path = cl.option("--db").value_or(default_history_path().string());
  const auto& pos = cl.positionals();
  const std::string sub = pos[0];
  if (sub != "add" && !std::filesystem::exists(path)) {
    throw UsageError("no history store at " + path.string() + " (crucible run creates it; see --db and CRUCIBLE_HISTORY)");
  }
  auto store = [&] {
    try {
      return HistoryStore(path);
    } catch (const std::exception& e) {
      throw InputError(path.string() + ": not a crucible history store (" + e.what() + "); see --db");
    }
  }();
  char line[1024];
  if (sub == "list") {
    std::snprintf(line, sizeof line, "%5s  %-20s  %-18s  %-16s  %-16s  %4s  %5s\n", "RUN", "STARTED", "SUITE", "COMMIT",
                  "FINGERPRINT", "EXIT", "BENCH");
    std::cout << line;
    for (const auto& r : store.runs(limit)) {
      std::snprintf(line, sizeof line, "%5lld  %-20s  %-18s  %-16s  %-16s  %4d  %5d\n", static_cast<long long>(r.id),
                    r.started.c_str(), cut(r.suite, 18).c_str(), cut(r.git_commit, 16).c_str(), r.fingerprint.c_str(),
                    r.exit_code, r.benchmarks);
      std::cout << line;
    }
    return exit_code::ok;
  }
  if (sub == "show") {
    if (pos.size() != 2) throw UsageError("history show needs a run id (see crucible history list)");
    if (pos[1].empty() || pos[1].find_first_not_of("0123456789") != std::string::npos)
      throw UsageError("history show needs a run id, a number from crucible history list; got '" + pos[1] + "'");
    const auto id = std::atoll(pos[1].c_str());
    const auto run = store.run(id);
    if (!run) throw UsageError("no run " + pos[1] + " in " + path.string());
    std::cout << "run " << run->id << ": suite " << run->suite << ", started " << run->started << ", commit "
              << run->git_commit << ", exit code " << run->exit_code << "\n  build: " << run->build_flags
              << "\n  hardware fingerprint: " << run->fingerprint << " (host " << run->host << ")\n  results: "
              << run->results_path << "\n\n";
    for (const auto& s : store.run_benchmarks(id)) {
      const auto& p = s.points.front();
      std::snprintf(line, sizeof line, "  %-70s  %10s  (%zu samples)\n", s.benchmark.c_str(),
                    format_duration_ns(p.median_ns).c_str(), p.samples_ns.size());
      std::cout << line;
    }
    return exit_code::ok;
  }
  if (sub == "add") {
    if (pos.size() != 2) throw UsageError("history add needs a results file");
    const auto doc = load_results_file(pos[1]);
    const auto id = store.append(doc, current_git_commit(), "imported", std::filesystem::absolute(pos[1]).string());
    std::cout << "history: run " << id << " in " << path.string() << "\n";
    return exit_code::ok;
  }
  std::string glob = sub;
  if (sub == "trend") {
    if (pos.size() != 2) throw UsageError("history trend needs a benchmark glob, e.g. 'kato/*'");
    glob = pos[1];
  }
  const auto all = store.series(glob, cl.option("--since").value_or(""));
  if (all.empty()) {
    std::cout << "no benchmark matching '" << glob << "' in " << path.string() << "\n";
    return exit_code::ok;
  }
  int changes = 0;
  for (const auto& s : all) {
    std::cout << s.benchmark << "  [suite " << s.suite << ", hardware " << s.fingerprint << "]\n";
    std::vector<double> medians;
    for (const auto& p : s.points) medians.push_back(p.median_ns);
    const auto points = detect_change_points(medians, min_effect);
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      const auto& p = s.points[i];
      const std::string change = i == 0 ? "" : format_change(p.median_ns / s.points[i - 1].median_ns);
      bool step = false;
      for (const auto& cp : points) step |= cp.index == i;
      std::snprintf(line, sizeof line, "  %5lld  %-20s  %-16s  %10s  %8s%s\n", static_cast<long long>(p.run_id),
                    p.started.c_str(), cut(p.git_commit, 16).c_str(), format_duration_ns(p.median_ns).c_str(),
                    change.c_str(), cl.flag("--detect") && step ? "  <- change point" : "");
      std::cout << line;
    }
    if (cl.flag("--detect")) {
      for (const auto& cp : points) {
        ++changes;
        std::cout << "  change at commit " << s.points[cp.index].git_commit << " (run " << s.points[cp.index].run_id
                  << "): " << format_duration_ns(cp.before) << " -> " << format_duration_ns(cp.after) << " ("
                  << format_change(cp.ratio()) << ")\n";
      }
    }
    std::cout << "\n";
  }
  if (cl.flag("--detect")) std::cout << changes << " change point(s) found\n";
  return exit_code::ok;
}

}  // namespace crucible
