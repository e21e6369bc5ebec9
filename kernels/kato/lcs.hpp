#pragma once
// Longest common subsequence by the textbook dynamic program. This is the cpu_ref
// variant's kernel and the oracle the bit-parallel version is tested against.
#include <cstddef>
#include <cstdint>
#include <span>

namespace kato {

// O(|a|*|b|) time, O(min) memory. Symmetric in its arguments.
std::uint32_t lcs_dp(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);

}  // namespace kato
