#pragma once
// KATO's similarity value, bit for bit. The reference scores through RapidFuzz as a
// percentage and divides back, so the main path is ((2*lcs/total)*100)/100 in IEEE
// double; that differs from 2*lcs/total by one ulp for ~16 % of pairs, hence two
// functions. Both are evaluated left to right exactly like the Python expression.
#include <cstdint>

#include "kato/hd.hpp"

namespace kato {

// Main path (state of 0 or >= 2 symbols): `2.0 * lcs / total * 100.0`, then `/ 100.0`.
KATO_HD inline double similarity_main(std::uint32_t lcs, std::uint64_t total) {
  if (total == 0) return 0.0;
  const double score = ((2.0 * static_cast<double>(lcs)) / static_cast<double>(total)) * 100.0;
  return score / 100.0;
}

// Single-symbol path and extract_prediction_info without a precomputed value: 2*lcs/total.
KATO_HD inline double similarity_plain(std::uint32_t lcs, std::uint64_t total) {
  if (total == 0) return 0.0;
  return (2.0 * static_cast<double>(lcs)) / static_cast<double>(total);
}

// Recall threshold test of the reference (`similarity >= recall_threshold`).
KATO_HD inline bool passes_threshold(double similarity, double threshold) {
  return similarity >= threshold;
}

}  // namespace kato

namespace kato {

// Whether a pattern becomes a candidate, and its similarity, for both query paths:
//  * main path: every pattern, similarity_main, kept when >= threshold;
//  * single-symbol path (state of exactly one symbol): only patterns whose first
//    symbol (pattern_data[0][0]) is that symbol, similarity_plain, threshold 0.
// `first_symbol` is -1 for patterns whose first event is empty.
KATO_HD inline bool evaluate_candidate(bool single_symbol, std::int64_t first_symbol, std::uint32_t query_symbol0,
                                       std::uint32_t lcs, std::uint64_t total, double threshold, double* similarity) {
  if (single_symbol) {
    if (first_symbol != static_cast<std::int64_t>(query_symbol0)) return false;
    *similarity = similarity_plain(lcs, total);
    return true;
  }
  *similarity = similarity_main(lcs, total);
  return passes_threshold(*similarity, threshold);
}

}  // namespace kato
