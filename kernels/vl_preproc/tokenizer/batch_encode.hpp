#pragma once
// Encodes many texts on several threads (a process-wide pool, so per-thread piece caches stay
// warm across calls; one batch runs at a time). Results are per text, in input order, equal to
// encoding each text alone: threads only decide who computes which text. An invalid text
// gets its error; the others still complete.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vl_preproc/tokenizer/bpe_tokenizer.hpp"

namespace vl::tokenizer {

struct EncodedText {
  std::vector<std::int32_t> ids;
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

// threads == 0: std::thread::hardware_concurrency().
std::vector<EncodedText> encode_batch(const BpeTokenizer& tokenizer, std::span<const std::string_view> texts, unsigned threads);

}  // namespace vl::tokenizer
