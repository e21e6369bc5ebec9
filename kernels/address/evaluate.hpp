#pragma once
// Accuracy against the generator's ground truth: per-field precision, recall and F1 over slots
// (a wrong non-empty prediction is both a false positive and a false negative), and
// whole-address exact match (every field right, empty for empty). Fields inferred from the
// PIN are not text spans and are not scored here.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "address/labels.hpp"
#include "address/model.hpp"

namespace address {

struct FieldScore {
  std::uint64_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 1.0; }
  double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 1.0; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

struct Evaluation {
  std::array<FieldScore, kFields> fields;
  std::uint64_t addresses = 0, exact = 0;
  FieldScore micro() const;
};

// Case fold, collapse whitespace, strip leading/trailing , . ; : - #
std::string normalise_field(std::string_view s);

Evaluation evaluate(const Model& model, std::uint64_t seed, bool held_out_templates, int count);

}  // namespace address
