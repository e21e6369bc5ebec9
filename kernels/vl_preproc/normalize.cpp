// Built with -ffp-contract=off: the subtraction and division must round separately.
#include "vl_preproc/normalize.hpp"

namespace vl {

NormalizeTable make_normalize_table(const ModelConfig& config) {
  NormalizeTable t;
  for (int c = 0; c < 3; ++c) {
    const float mean = static_cast<float>(config.mean[static_cast<std::size_t>(c)]);
    const float std = static_cast<float>(config.std[static_cast<std::size_t>(c)]);
    for (int v = 0; v < 256; ++v) {
      const float rescaled = static_cast<float>(static_cast<double>(v) * kRescaleFactor);
      const float centered = rescaled - mean;
      t.value[static_cast<std::size_t>(c)][static_cast<std::size_t>(v)] = centered / std;
    }
  }
  return t;
}

}  // namespace vl
