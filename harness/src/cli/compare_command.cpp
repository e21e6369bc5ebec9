#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/report_commands.hpp"
#include "report/reporter_registry.hpp"
#include "results/atomic_file.hpp"
#include "results/exit_codes.hpp"
#include "suite/suite_parser.hpp"

namespace crucible {

const char* const kCompareHelp = R"(usage: crucible compare BASE.json NEW.json [options]

Compares two results files benchmark by benchmark. Each benchmark gets a verdict:
  slower / faster   significant (Mann-Whitney U on the repetitions, p < alpha) AND the
                    median changed by more than the minimum effect, with the bootstrap
                    interval of the median ratio on the same side of 1
  same              the interval of the ratio lies inside the minimum-effect band, or the
                    change is significant but smaller than the minimum effect
  inconclusive      neither: too few repetitions or too much noise to tell
  not comparable    the two runs' hardware fingerprints differ (never a regression)

options:
  --min-effect X     relative change that counts (default: the suite's [bench] min_effect, 0.05)
  --alpha X          significance level (default 0.01)
  --seed N           bootstrap seed (default 1; results are reproducible)
  --inconclusive pass|fail   exit 0 or 5 when inconclusive verdicts are all there is (default pass)
{report options}
  --json FILE        the comparison as JSON ("crucible.comparison/1")

exit codes: 0 no regression, 1 correctness failure in NEW, 2 bad usage or file,
            3 infrastructure error in NEW, 4 regression, 5 inconclusive only (--inconclusive fail)
)";

nlohmann::json load_results_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(path + ": cannot read the results file (does it exist?)");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw UsageError(path + ": not JSON: " + e.what());
  }
  if (!doc.is_object() || !doc.contains("benchmarks")) {
    throw UsageError(path + ": not a crucible results file (no \"benchmarks\"); expected what `crucible run` writes");
  }
  const std::string schema = doc.value("schema", "");
  if (!schema.empty() && schema.rfind("crucible.results/", 0) != 0) {
    throw UsageError(path + ": schema '" + schema + "' is not crucible.results/1");
  }
  return doc;
}

namespace {

double parse_double(const std::string& option, const std::string& text, double lo, double hi) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || !(v >= lo && v <= hi)) throw std::invalid_argument("range");
    return v;
  } catch (const std::exception&) {
    char range[64];
    std::snprintf(range, sizeof range, "%g and %g", lo, hi);
    throw UsageError(option + " must be a number between " + range + ", got '" + text + "'");
  }
}

}  // namespace

GatePolicy gate_policy(const CommandLine& cl, double default_min_effect) {
  GatePolicy policy;
  policy.verdict.min_effect = default_min_effect;
  if (auto v = cl.option("--min-effect")) policy.verdict.min_effect = parse_double("--min-effect", *v, 0.0, 10.0);
  if (auto v = cl.option("--alpha")) policy.verdict.alpha = parse_double("--alpha", *v, 1e-9, 0.5);
  if (auto v = cl.option("--seed")) policy.verdict.seed = static_cast<std::uint64_t>(parse_double("--seed", *v, 0, 1e18));
  if (auto v = cl.option("--inconclusive")) {
    if (*v != "pass" && *v != "fail") throw UsageError("--inconclusive must be 'pass' or 'fail', got '" + *v + "'");
    policy.fail_on_inconclusive = *v == "fail";
  }
  return policy;
}

double suite_min_effect(const nlohmann::json& results) {
  const std::string path = results.value("suite", nlohmann::json::object()).value("path", "");
  if (path.empty()) return 0.05;
  try {
    return load_suite(path).bench.min_effect;
  } catch (const std::exception&) {
    return 0.05;
  }
}

std::set<std::string> with_report_options(std::set<std::string> options) {
  for (const Reporter* reporter : reporters()) options.emplace(reporter->option());
  return options;
}

std::vector<std::string> write_requested_reports(const CommandLine& cl, const ReportInput& input) {
  std::vector<std::string> written;
  for (const Reporter* reporter : reporters()) {
    if (auto f = cl.option(std::string(reporter->option()))) {
      write_file_atomically(*f, reporter->render(input));
      written.push_back(*f);
    }
  }
  if (auto f = cl.option("--json"); f && input.comparison) {
    write_file_atomically(*f, input.comparison->to_json().dump(2) + "\n");
    written.push_back(*f);
  }
  return written;
}

std::string comparison_text(const ResultsComparison& c) {
  std::ostringstream os;
  std::size_t width = 9;
  for (const auto& r : c.rows) width = std::max(width, r.name.size());
  char line[1024];
  std::snprintf(line, sizeof line, "%-*s  %-14s  %8s  %-17s  %9s  %10s  %10s\n", static_cast<int>(width), "BENCHMARK",
                "VERDICT", "CHANGE", "RATIO INTERVAL", "P", "BASE", "NEW");
  os << line;
  for (const auto& r : c.rows) {
    char interval[48], p[24];
    std::snprintf(interval, sizeof interval, "[%.3f, %.3f]", r.result.interval.low, r.result.interval.high);
    std::snprintf(p, sizeof p, "%.3g", r.result.p_value);
    std::snprintf(line, sizeof line, "%-*s  %-14s  %8s  %-17s  %9s  %10s  %10s\n", static_cast<int>(width),
                  r.name.c_str(), to_string(r.result.verdict).c_str(), format_change(r.result.ratio).c_str(), interval, p,
                  format_duration_ns(r.base_median_ns).c_str(), format_duration_ns(r.new_median_ns).c_str());
    os << line;
  }
  for (const auto& r : c.rows) {
    if (!r.result.reason.empty() && r.result.verdict != Verdict::same) {
      os << "  " << r.name << ": " << r.result.reason << "\n";
    }
  }
  if (!c.fingerprint_note.empty()) os << "not comparable: " << c.fingerprint_note << "\n";
  if (!c.only_in_base.empty()) os << c.only_in_base.size() << " benchmark(s) only in the baseline\n";
  if (!c.only_in_new.empty()) os << c.only_in_new.size() << " benchmark(s) new (no baseline)\n";
  if (!c.rows.empty()) os << "test: " << c.rows.front().result.test << "\n";
  os << "\n" << verdict_summary(c) << "\n";
  return os.str();
}

int compare_command(const std::vector<std::string>& args) {
  const CommandLine cl(args, {"--help"},
                       with_report_options({"--json", "--min-effect", "--alpha", "--seed", "--inconclusive"}));
  if (cl.flag("--help")) {
    std::cout << with_report_formats(kCompareHelp);
    return exit_code::ok;
  }
  if (cl.positionals().size() != 2) throw UsageError("compare needs two results files: crucible compare BASE.json NEW.json");
  const auto base = load_results_file(cl.positionals()[0]);
  const auto next = load_results_file(cl.positionals()[1]);
  const GatePolicy policy = gate_policy(cl, suite_min_effect(next));
  ReportInput input;
  input.results = next;
  input.min_effect = policy.verdict.min_effect;
  input.comparison = compare_results(base, next, policy.verdict);
  input.comparison->base_label = cl.positionals()[0];
  input.comparison->new_label = cl.positionals()[1];
  std::cout << comparison_text(*input.comparison);
  for (const auto& f : write_requested_reports(cl, input)) std::cerr << "crucible: wrote " << f << "\n";
  const int code = input.comparison->exit_code(policy);
  std::cout << "exit code " << code << "\n";
  return code;
}

}  // namespace crucible
