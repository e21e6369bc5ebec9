#include "address/batch.hpp"

#include <algorithm>
#include <thread>

#include "address/parse_core.hpp"

namespace address {

void parse_range(const ModelView& m, const Batch& b, std::size_t first, std::size_t last, ParseResult* out) {
  for (std::size_t i = first; i < last; ++i) {
    const std::uint32_t o = b.offsets[i];
    parse_one(m, b.bytes.data() + o, static_cast<int>(b.offsets[i + 1] - o), b.pin_hints[i], out[i]);
  }
}

void parse_batch_ref(const ModelView& m, const Batch& b, ParseResult* out) { parse_range(m, b, 0, b.size(), out); }

void parse_batch_fast(const ModelView& m, const Batch& b, ParseResult* out, unsigned threads, Isa isa) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t n = b.size();
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, n / 256)));
  if (threads <= 1) return parse_range(m, b, 0, n, out, isa);
  std::vector<std::thread> pool;
  for (unsigned k = 0; k < threads; ++k) {
    const std::size_t first = n * k / threads, last = n * (k + 1) / threads;
    pool.emplace_back([&, first, last] { parse_range(m, b, first, last, out, isa); });
  }
  for (auto& t : pool) t.join();
}

}  // namespace address
