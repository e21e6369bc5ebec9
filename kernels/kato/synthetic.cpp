#include "kato/synthetic.hpp"

#include <algorithm>

#include "kato/query.hpp"

namespace kato {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// "s<k>" built by appending: GCC 12 -O3 emits a false -Wrestrict for "s" + to_string.
std::string symbol_text(std::uint64_t k) {
  std::string out(1, 's');
  out.append(std::to_string(k));
  return out;
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

Events group(const std::vector<std::string>& flat, Rng& rng, std::uint32_t max_event_size) {
  Events events;
  std::size_t pos = 0;
  while (pos < flat.size()) {
    const std::size_t n = std::min<std::size_t>(flat.size() - pos, rng.between(1, std::max(1u, max_event_size)));
    events.push_back(observe_event({flat.begin() + static_cast<std::ptrdiff_t>(pos),
                                    flat.begin() + static_cast<std::ptrdiff_t>(pos + n)}));
    pos += n;
  }
  return events;
}

}  // namespace

Rng::Rng(std::uint64_t seed) {
  for (auto& s : s_) s = splitmix64(seed);
}

std::uint64_t Rng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t Rng::below(std::uint64_t n) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
}

KnowledgeBase make_synthetic_kb(const SyntheticSpec& spec, std::size_t promote_threshold) {
  Rng rng(spec.seed);
  KnowledgeBase kb(promote_threshold);
  const std::uint32_t vocab = std::max(1u, spec.vocab_size);
  const std::uint32_t lo = std::max(2u, spec.min_length), hi = std::max(lo, spec.max_length);
  std::vector<std::vector<std::string>> flats;
  for (std::size_t p = 0; p < spec.patterns; ++p) {
    std::vector<std::string> flat;
    if (!flats.empty() && rng.unit() < spec.near_duplicate_share) {
      flat = flats[rng.below(flats.size())];
      const std::uint64_t op = rng.below(3);
      const std::string sym = symbol_text(rng.below(vocab));
      const std::size_t at = rng.below(flat.size());
      if (op == 0) flat[at] = sym;
      else if (op == 1 && flat.size() > lo) flat.erase(flat.begin() + static_cast<std::ptrdiff_t>(at));
      else flat.insert(flat.begin() + static_cast<std::ptrdiff_t>(at), sym);
    } else {
      const std::uint64_t n = rng.between(lo, hi);
      for (std::uint64_t k = 0; k < n; ++k) flat.push_back(symbol_text(rng.below(vocab)));
    }
    const Events events = group(flat, rng, spec.max_event_size);
    kb.add_pattern(events, rng.between(1, std::max(1u, spec.max_frequency)));
    flats.push_back(std::move(flat));
  }
  return kb;
}

Events make_synthetic_state(const KnowledgeBase& kb, std::uint64_t seed, std::uint32_t length, double noise,
                            std::uint32_t max_event_size) {
  Rng rng(seed);
  const auto& vocab = kb.vocabulary();
  std::vector<std::string> flat;
  const std::size_t total = kb.size();
  while (flat.size() < length) {
    if (total == 0 || vocab.size() == 0) {
      flat.push_back(symbol_text(rng.below(1000)));
      continue;
    }
    std::size_t p = rng.below(total);
    const PatternStore& st = p < kb.store().stable().size() ? kb.store().stable() : kb.store().recent();
    if (&st == &kb.store().recent()) p -= kb.store().stable().size();
    for (SymbolId s : st.flat(p)) {
      if (flat.size() >= length) break;
      flat.push_back(rng.unit() < noise ? vocab.text(static_cast<SymbolId>(rng.below(vocab.size()))) : vocab.text(s));
    }
  }
  return group(flat, rng, max_event_size);
}

}  // namespace kato
