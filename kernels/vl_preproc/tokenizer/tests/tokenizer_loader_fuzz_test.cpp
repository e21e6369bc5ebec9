// Bounded seeded-mutation fuzzing of the tokenizer.json loader: mutated copies of the
// committed tokenizer (byte edits, and edits of the parsed JSON tree) must either load, and
// then encode and decode the corpus, or be refused with TokenizerError. A crash, a sanitizer
// report or another exception type fails the test. Fixed seed and iteration count; a time cap
// keeps slow (sanitized) builds to a few seconds.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "test_data.hpp"
#include "vl_preproc/tokenizer/bpe_tokenizer.hpp"

namespace vl::tokenizer {
namespace {

using nlohmann::json;

std::string mutate_bytes(std::string s, std::mt19937_64& rng) {
  static const char* const snippets[] = {"{", "}", "[", "]", "\"", ",", ":", "null", "-1", "1e999", "\\u00", "\xff", "true", "\"type\"", "0"};
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < edits && !s.empty(); ++k) {
    const std::size_t at = rng() % s.size();
    switch (rng() % 5) {
      case 0: s[at] = static_cast<char>(rng()); break;
      case 1: s.erase(at, 1 + rng() % 64); break;
      case 2: s.insert(at, snippets[rng() % std::size(snippets)]); break;
      case 3: s.resize(at); break;
      default: s.insert(at, s.substr(rng() % s.size(), 1 + rng() % 32)); break;
    }
  }
  return s;
}

json random_value(std::mt19937_64& rng) {
  switch (rng() % 7) {
    case 0: return nullptr;
    case 1: return static_cast<std::int64_t>(rng() % 3 == 0 ? -static_cast<std::int64_t>(rng() % 10) : static_cast<std::int64_t>(rng() % 2000));
    case 2: return "Ġ";
    case 3: return json::array({"a", "b"});
    case 4: return json::object({{"type", "NFC"}});
    case 5: return rng() % 2 == 0;
    default: return std::string(1, static_cast<char>('a' + rng() % 26)) + " " + std::string(1, static_cast<char>('a' + rng() % 26));
  }
}

// Replaces, removes or retypes one node of the tree, chosen by a random walk from the root.
void mutate_tree(json& node, std::mt19937_64& rng, int depth = 0) {
  if ((node.is_object() || node.is_array()) && !node.empty() && (depth < 2 || rng() % 3 != 0)) {
    const std::size_t pick = rng() % node.size();
    auto it = node.begin();
    std::advance(it, static_cast<std::ptrdiff_t>(pick));
    if (rng() % 6 == 0) {
      node.erase(it);
      return;
    }
    mutate_tree(*it, rng, depth + 1);
    return;
  }
  node = random_value(rng);
}

TEST(LoaderFuzz, MutationsLoadOrFailCleanly) {
  const std::string base = test::read_file("small_tokenizer.json");
  const json tree = json::parse(base);
  const auto texts = test::corpus();
  std::mt19937_64 rng(20240607);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  int loaded = 0, refused = 0, iterations = 0;
  for (; iterations < 600 && std::chrono::steady_clock::now() < deadline; ++iterations) {
    std::string input;
    if (iterations % 2 == 0) {
      input = mutate_bytes(base, rng);
    } else {
      json t = tree;
      for (int k = 1 + static_cast<int>(rng() % 3); k > 0; --k) mutate_tree(t, rng);
      input = t.dump();
    }
    try {
      const auto tok = BpeTokenizer::from_json(input, "fuzz.json");
      ++loaded;
      for (const auto& text : texts) {
        const auto ids = tok.encode(text);
        (void)tok.decode(ids);
      }
    } catch (const TokenizerError&) {
      ++refused;
    } catch (const std::exception& e) {
      FAIL() << "iteration " << iterations << ": unexpected " << typeid(e).name() << ": " << e.what();
    }
  }
  RecordProperty("iterations", iterations);
  EXPECT_GT(loaded, 0) << "no mutation loaded: the tree mutations are too destructive to reach encode";
  EXPECT_GT(refused, 0);
  std::printf("fuzz: %d iterations, %d loaded, %d refused\n", iterations, loaded, refused);
}

}  // namespace
}  // namespace vl::tokenizer
