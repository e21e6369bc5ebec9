#pragma once
// Deterministic training of the parser's weights: a structured averaged perceptron (Collins
// 2002) over the synthetic generator's training templates, fixed seed and epoch count, integer
// updates, then the averaged weights quantised to int16 with one global scale.
#include <cstdint>
#include <iosfwd>

#include "address/gazetteer.hpp"
#include "address/weights.hpp"

namespace address {

struct TrainOptions {
  std::uint64_t seed = 1;
  int samples = 30000;
  int epochs = 6;
};

Weights train(const Gazetteer& g, const TrainOptions& options, std::ostream* log = nullptr);

}  // namespace address
