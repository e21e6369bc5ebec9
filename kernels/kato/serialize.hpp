#pragma once
// Output forms of a ranked prediction list: canonical bytes (for bitwise digests:
// every field, doubles as their IEEE bit patterns, strings length-prefixed) and the
// JSON that `kato predict` prints.
#include <string>
#include <vector>

#include "kato/prediction.hpp"

namespace kato {

std::string serialize_predictions(const std::vector<Prediction>& predictions);

// JSON array of prediction objects with KATO's field names; `indent` < 0 = compact.
std::string predictions_json(const std::vector<Prediction>& predictions, int indent = 2);

}  // namespace kato
