#include "vl_preproc/tokenizer/batch_encode.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace vl::tokenizer {

std::vector<EncodedText> encode_batch(const BpeTokenizer& tokenizer, std::span<const std::string_view> texts, unsigned threads) {
  std::vector<EncodedText> results(texts.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(texts.size(), 1)));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    // Texts are taken one at a time from a shared counter: long and short texts balance out.
    for (std::size_t i = next.fetch_add(1); i < texts.size(); i = next.fetch_add(1)) {
      try {
        results[i].ids = tokenizer.encode(texts[i]);
      } catch (const TokenizerError& e) {
        results[i].error = e.what();
      }
    }
  };
  if (threads <= 1) {
    work();
    return results;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return results;
}

}  // namespace vl::tokenizer
