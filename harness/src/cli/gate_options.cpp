#include "cli/gate_options.hpp"

#include <string>

#include "cli/number_options.hpp"
#include "suite/suite_parser.hpp"
#include "suite/value_checks.hpp"

namespace crucible {

GatePolicy gate_policy(const CommandLine& cl, double default_min_effect) {
  GatePolicy policy;
  policy.verdict.min_effect = default_min_effect;
  // --min-effect gets [bench] min_effect's check; --alpha and --seed the same kinds of check.
  if (auto v = cl.option("--min-effect")) policy.verdict.min_effect = fraction_option("--min-effect", *v, kMinEffectMeaning);
  if (auto v = cl.option("--alpha")) {
    policy.verdict.alpha = fraction_option("--alpha", *v, "it is the significance level, e.g. 0.01");
  }
  if (auto v = cl.option("--seed")) policy.verdict.seed = seed_option("--seed", *v);
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

}  // namespace crucible
