#include "kato/lcs.hpp"

#include <algorithm>
#include <vector>

namespace kato {

std::uint32_t lcs_dp(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  if (a.size() < b.size()) std::swap(a, b);  // keep the rolling row on the shorter side
  std::vector<std::uint32_t> row(b.size() + 1, 0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::uint32_t diag = 0;  // row[j] of the previous i, before it is overwritten
    for (std::size_t j = 0; j < b.size(); ++j) {
      const std::uint32_t up = row[j + 1];
      row[j + 1] = (a[i] == b[j]) ? diag + 1 : std::max(up, row[j]);
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace kato
