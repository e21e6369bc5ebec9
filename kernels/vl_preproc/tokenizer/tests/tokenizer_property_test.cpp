// Laws of the tokenizer, checked with RapidCheck on generated text.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "test_data.hpp"
#include "vl_preproc/tokenizer/batch_encode.hpp"
#include "vl_preproc/tokenizer/bpe_model.hpp"
#include "vl_preproc/tokenizer/bpe_tokenizer.hpp"
#include "vl_preproc/tokenizer/unicode_text.hpp"
#include "vl_preproc/tokenizer/utf8.hpp"

namespace vl::tokenizer {
namespace {

// Code points from pools that exercise every pre-tokenizer class, added tokens, combining
// marks (NFC) and all UTF-8 lengths, plus any scalar value.
rc::Gen<char32_t> gen_code_point() {
  static const std::u32string pools[] = {
      U"abcXYZ", U"0123", U" \t\n\r\u00a0\u3000", U"'sStTlLdDmM\u017f", U"!$.,<|>_",
      U"\u00e9\u0301\u0308\u0323\u093e\u0903", U"你好世界", U"\u1100\u1161\u11a8", U"😀🎉\u200d",
  };
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::pair(rc::gen::inRange<std::size_t>(0, std::size(pools)), rc::gen::inRange<std::size_t>(0, 64)),
                   [](std::pair<std::size_t, std::size_t> p) { return pools[p.first][p.second % pools[p.first].size()]; }),
      rc::gen::map(rc::gen::inRange<std::uint32_t>(0, 0x110000 - 0x800), [](std::uint32_t v) {
        return static_cast<char32_t>(v < 0xD800 ? v : v + 0x800);  // skip the surrogates
      }));
}

rc::Gen<std::string> gen_text() {
  return rc::gen::map(rc::gen::pair(rc::gen::container<std::vector<char32_t>>(gen_code_point()),
                                    rc::gen::container<std::vector<bool>>(rc::gen::arbitrary<bool>())),
                      [](const std::pair<std::vector<char32_t>, std::vector<bool>>& p) {
                        std::string s;
                        for (std::size_t i = 0; i < p.first.size(); ++i) {
                          append_utf8(s, p.first[i]);
                          if (i < p.second.size() && p.second[i] && i % 7 == 3) s += "<|image_pad|>";
                        }
                        return s;
                      });
}

const BpeTokenizer& small() {
  static const BpeTokenizer tok = BpeTokenizer::load(test::small_tokenizer_path());
  return tok;
}

std::string nfc(const std::string& s) {
  std::string out;
  return nfc_if_needed(s, out) ? out : s;
}

TEST(TokenizerLaws, DecodeEncodeIsNfc) {
  // decode(encode(t)) == t for text in NFC; for any valid text it is NFC(t), since encoding
  // normalizes (added tokens are left out of normalization and are NFC-stable starters).
  EXPECT_TRUE(rc::check("decode(encode(t)) == NFC(t)", [] {
    const std::string text = *gen_text();
    const std::string normalized = nfc(text);
    RC_ASSERT(small().decode(small().encode(normalized)) == normalized);
    RC_ASSERT(small().decode(small().encode(text)) == normalized);
  }));
}

TEST(TokenizerLaws, InvalidUtf8IsAnErrorAtItsOffset) {
  EXPECT_TRUE(rc::check("an invalid byte at a boundary is reported there", [] {
    const auto cps = *rc::gen::container<std::vector<char32_t>>(gen_code_point());
    const auto at = *rc::gen::inRange<std::size_t>(0, cps.size() + 1);
    const auto bad = *rc::gen::element<std::string>("\xff", "\x80", "\xc0\x80", "\xf5\x80\x80\x80", "\xed\xa0\x80", "\xe4");
    std::string text;
    std::size_t offset = 0;
    for (std::size_t i = 0; i < cps.size(); ++i) {
      if (i == at) offset = text.size(), text += bad;
      append_utf8(text, cps[i]);
    }
    if (at == cps.size()) offset = text.size(), text += bad;
    try {
      (void)small().encode(text);
      RC_FAIL("no error");
    } catch (const Utf8Error& e) {
      RC_ASSERT(e.offset() == offset);
    }
  }));
}

TEST(TokenizerLaws, HeapAndScanMergesAgree) {
  const BpeModel model = parse_tokenizer_json(test::read_file("small_tokenizer.json"), "small");
  EXPECT_TRUE(rc::check("bpe_merge_heap == bpe_merge_scan", [&] {
    const std::string text = *rc::gen::oneOf(gen_text(), rc::gen::container<std::string>(rc::gen::element('a', 'b', ' ', 'e', 't', 'h')));
    std::vector<std::int32_t> heap, scan;
    bpe_merge_heap(model, text, heap);
    bpe_merge_scan(model, text, scan);
    RC_ASSERT(heap == scan);
  }));
}

TEST(TokenizerLaws, BatchSplitAndThreadsDoNotChangeIds) {
  EXPECT_TRUE(rc::check("encode_batch(texts, n) == encode of each", [] {
    const auto texts = *rc::gen::container<std::vector<std::string>>(gen_text());
    const auto threads = *rc::gen::inRange(1u, 5u);
    const std::vector<std::string_view> views(texts.begin(), texts.end());
    const auto results = encode_batch(small(), views, threads);
    RC_ASSERT(results.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) RC_ASSERT(results[i].ids == small().encode(texts[i]));
  }));
}

TEST(TokenizerLaws, ConcatenationAtAddedTokensIsAdditive) {
  // Added tokens split the text before anything else: ids of a + token + b are ids(a), the
  // token, ids(b).
  EXPECT_TRUE(rc::check("encode(a + <|im_end|> + b)", [] {
    const std::string a = nfc(*gen_text()), b = nfc(*gen_text());
    const auto end = *small().token_id("<|im_end|>");
    std::vector<std::int32_t> want = small().encode(a);
    want.push_back(end);
    const auto tail = small().encode(b);
    want.insert(want.end(), tail.begin(), tail.end());
    RC_ASSERT(small().encode(a + "<|im_end|>" + b) == want);
  }));
}

}  // namespace
}  // namespace vl::tokenizer
