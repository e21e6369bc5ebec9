#pragma once
// The gate's command-line options, shared by compare, report and ab.
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "compare/results_comparison.hpp"

namespace crucible {

// --min-effect, --alpha, --seed and --inconclusive pass|fail, over the given default minimum effect.
GatePolicy gate_policy(const CommandLine& cl, double default_min_effect);
// The suite's [bench] min_effect when its file can be read, else 5 %.
double suite_min_effect(const nlohmann::json& results);

}  // namespace crucible
