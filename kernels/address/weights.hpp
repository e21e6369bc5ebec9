#pragma once
// The parser's int16 weights: a hashed feature table (kRows x kLanes), transitions, start and
// end scores. Stored as sparse text (data/weights.txt, compiled in; written by
// `crucible address train`).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace address {

struct WeightsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Weights {
  std::vector<std::int16_t> table;  // kRows * kLanes
  std::vector<std::int16_t> trans;  // kLanes * kLanes
  std::vector<std::int16_t> start;  // kLanes
  std::vector<std::int16_t> end;    // kLanes
  Weights();                        // all zero
};

Weights parse_weights(std::string_view text, const std::string& source);
std::string format_weights(const Weights& w);
const Weights& builtin_weights();

}  // namespace address
