#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <crucible/exit_codes.hpp>

#include "cli/commands.hpp"
#include "cli/gate_options.hpp"
#include "cli/report_options.hpp"
#include "report/comparison_text.hpp"
#include "report/reporter_registry.hpp"
#include "results/atomic_file.hpp"
#include "results/results_file.hpp"
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

int compare_command(const std::vector<std::string>& args) {
  const CommandLine cl(args, {"--help"},
                       with_report_options({"--json", "--min-effect", "--alpha", "--seed", "--inconclusive"}));
  if (cl.flag("--help")) {
    std::cout << with_report_formats(kCompareHelp);
    return exit_code::ok;
  }
  if (cl.positionals().size() != 2) throw UsageError("compare needs two results files: crucible compare BASE.json NEW.json");
  check_requested_reports(cl);
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
