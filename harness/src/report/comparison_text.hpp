#pragma once
// A comparison as the plain-text verdict table compare and ab print on stdout.
#include <string>

#include "compare/results_comparison.hpp"

namespace crucible {

std::string comparison_text(const ResultsComparison& comparison);

}  // namespace crucible
