#include "cli/gate_options.hpp"

#include <cstdio>
#include <string>

#include "suite/suite_parser.hpp"

namespace crucible {

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

}  // namespace crucible
