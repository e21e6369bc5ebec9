#pragma once
// KATO's ranking key and this port's deterministic tie-break.
// The reference orders equal keys arbitrarily (Python set order of names, as_completed
// batches); we order by (key descending, pattern name ascending in byte order). Names
// are unique within a knowledge base, so the order is total and independent of the
// tier, thread count or device holding a pattern.
#include "kato/hd.hpp"

namespace kato {

// 1/(fragmentation+1), or 0 when there was no match (fragmentation == -1).
KATO_HD inline double fragmentation_term(double fragmentation) {
  return fragmentation == -1.0 ? 0.0 : 1.0 / (fragmentation + 1.0);
}

// potential = (evidence + confidence) * snr + itfdf_similarity + frag_term, left to right.
KATO_HD inline double potential_value(double evidence, double confidence, double snr, double itfdf,
                                      double fragmentation) {
  return (evidence + confidence) * snr + itfdf + fragmentation_term(fragmentation);
}

// Pruning key used before ensemble metrics when there are > 3*max_predictions
// candidates: (evidence + confidence) * snr + frag_term.
KATO_HD inline double prune_value(double evidence, double confidence, double snr, double fragmentation) {
  return (evidence + confidence) * snr + fragmentation_term(fragmentation);
}

// Single-symbol path potential: no itfdf term.
KATO_HD inline double potential_single(double evidence, double confidence, double snr, double fragmentation) {
  return (evidence + confidence) * snr + fragmentation_term(fragmentation);
}

// True when (key_a, name_a) ranks before (key_b, name_b). `name_cmp` is the sign of
// comparing name_a with name_b (memcmp order); passing it keeps strings off the device.
KATO_HD inline bool ranks_before(double key_a, double key_b, int name_cmp) {
  if (key_a != key_b) return key_a > key_b;
  return name_cmp < 0;
}

}  // namespace kato
