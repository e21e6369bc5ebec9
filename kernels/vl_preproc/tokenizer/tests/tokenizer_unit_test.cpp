#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_data.hpp"
#include "vl_preproc/tokenizer/added_tokens.hpp"
#include "vl_preproc/tokenizer/batch_encode.hpp"
#include "vl_preproc/tokenizer/bpe_tokenizer.hpp"
#include "vl_preproc/tokenizer/byte_level.hpp"
#include "vl_preproc/tokenizer/pretokenizer.hpp"
#include "vl_preproc/tokenizer/utf8.hpp"

namespace vl::tokenizer {
namespace {

using nlohmann::json;

TEST(Utf8, FirstInvalidByte) {
  EXPECT_FALSE(first_invalid_utf8("plain ascii, then é 你 😀").has_value());
  EXPECT_EQ(first_invalid_utf8("ab\xff"), 2u);
  EXPECT_EQ(first_invalid_utf8("\xc0\x80"), 0u);            // overlong NUL
  EXPECT_EQ(first_invalid_utf8("x\xed\xa0\x80"), 1u);       // surrogate U+D800
  EXPECT_EQ(first_invalid_utf8("a\xe4\xbd"), 1u);           // truncated
  EXPECT_EQ(first_invalid_utf8("\xf4\x90\x80\x80"), 0u);    // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("12345678\x80"), 8u);        // after the 8-byte ASCII fast path
  EXPECT_EQ(first_invalid_utf8(std::string("a\0b\xfe", 4)), 3u);
}

TEST(Utf8, LossyReplacesMaximalSubparts) {
  EXPECT_EQ(utf8_lossy("a\xff" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(utf8_lossy("\xe4\xbd"), "\xEF\xBF\xBD");  // one truncated sequence, one U+FFFD
  EXPECT_EQ(utf8_lossy("\xf0\x9f\x98x"), "\xEF\xBF\xBDx");
  EXPECT_EQ(utf8_lossy("\xc0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(utf8_lossy("ok 😀"), "ok 😀");
}

TEST(ByteLevel, Gpt2Map) {
  EXPECT_EQ(byte_to_unicode(0x20), U'\u0120');
  EXPECT_EQ(byte_to_unicode('\n'), U'\u010A');
  EXPECT_EQ(byte_to_unicode('\t'), U'\u0109');
  EXPECT_EQ(byte_to_unicode('\r'), U'\u010D');
  EXPECT_EQ(byte_to_unicode(0x7F), U'\u0121');
  EXPECT_EQ(byte_to_unicode(0xA0), U'\u0142');
  EXPECT_EQ(byte_to_unicode(0xAD), U'\u0143');
  EXPECT_EQ(byte_to_unicode('A'), U'A');
  EXPECT_EQ(byte_to_unicode(0xFF), U'\u00FF');
  for (int b = 0; b < 256; ++b) EXPECT_EQ(unicode_to_byte(byte_to_unicode(static_cast<unsigned char>(b))), b);
  EXPECT_EQ(bytes_to_token(" world\n"), "Ġworld\xC4\x8A");
  EXPECT_EQ(token_to_bytes("Ġworld"), " world");
  EXPECT_EQ(token_to_bytes("<tool call>"), "<tool call>");  // ' ' is not a mapped character: kept as is
}

std::vector<std::string> pieces(std::string_view text, int max_digits = 1) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  pre_tokenize(text, PreTokenizerConfig{max_digits}, ranges);
  std::vector<std::string> out;
  for (const auto& [b, e] : ranges) out.emplace_back(text.substr(b, e - b));
  return out;
}

using Pieces = std::vector<std::string>;

TEST(PreTokenizer, SpecExamples) {
  EXPECT_EQ(pieces("Hello world"), (Pieces{"Hello", " world"}));
  EXPECT_EQ(pieces("I'm HERE'S 2024 $100.5!!\n\n  next"),
            (Pieces{"I", "'m", " HERE", "'S", " ", "2", "0", "2", "4", " $", "1", "0", "0", ".", "5", "!!\n\n", " ", " next"}));
  EXPECT_EQ(pieces("  \n\n  x"), (Pieces{"  \n\n", " ", " x"}));
  EXPECT_EQ(pieces("a  b   c"), (Pieces{"a", " ", " b", "  ", " c"}));
  EXPECT_EQ(pieces("你好，世界"), (Pieces{"你好", "，世界"}));
  EXPECT_EQ(pieces("tab\there\r\nCRLF"), (Pieces{"tab", "\there", "\r\n", "CRLF"}));
}

TEST(PreTokenizer, Alternatives) {
  EXPECT_EQ(pieces("'s'S'ſ'll'LL're'x"), (Pieces{"'s", "'S", "'ſ", "'ll", "'LL", "'re", "'x"}));
  EXPECT_EQ(pieces("trailing   "), (Pieces{"trailing", "   "}));
  EXPECT_EQ(pieces("x \n"), (Pieces{"x", " \n"}));
  EXPECT_EQ(pieces("e\xCC\x81"), (Pieces{"e", "\xCC\x81"}));  // a combining mark is not \p{L}
  EXPECT_EQ(pieces("12345", 3), (Pieces{"123", "45"}));
  EXPECT_EQ(pieces("...\r\n\r\nx"), (Pieces{"...\r\n\r\n", "x"}));
  EXPECT_EQ(pieces(""), Pieces{});
}

TEST(AddedTokens, LeftmostLongest) {
  AddedTokenMatcher m;
  m.add("<a>", 1);
  m.add("<a><b>", 2);
  m.add("b>", 3);
  std::vector<AddedTokenMatcher::Segment> s;
  m.split("x<a><b>y<a>b><a", s);
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(s[0].id, -1);
  EXPECT_EQ(s[1].id, 2);
  EXPECT_EQ(s[2].id, -1);
  EXPECT_EQ(s[3].id, 1);
  EXPECT_EQ(s[4].id, 3);
  EXPECT_EQ(s[5].id, -1);
  EXPECT_EQ(s[5].begin, 13u);
}

class SmallTokenizer : public ::testing::Test {
 protected:
  BpeTokenizer tok = BpeTokenizer::load(test::small_tokenizer_path());
};

TEST_F(SmallTokenizer, InvalidUtf8NamesTheOffset) {
  try {
    (void)tok.encode("valid text \xe4\xbd then more");
    FAIL() << "no error";
  } catch (const Utf8Error& e) {
    EXPECT_EQ(e.offset(), 11u);
    EXPECT_NE(std::string(e.what()).find("byte 11"), std::string::npos) << e.what();
  }
  std::vector<std::int32_t> out{7};
  EXPECT_THROW(tok.encode_append("\xff", out), Utf8Error);
  EXPECT_EQ(out, std::vector<std::int32_t>{7});  // nothing appended on error
}

TEST_F(SmallTokenizer, AddedTokensAndIds) {
  const auto pad = tok.token_id("<|image_pad|>");
  ASSERT_TRUE(pad.has_value());
  const auto ids = tok.encode("<|vision_start|><|image_pad|><|image_pad|><|vision_end|>");
  EXPECT_EQ(ids, (std::vector<std::int32_t>{*tok.token_id("<|vision_start|>"), *pad, *pad, *tok.token_id("<|vision_end|>")}));
  EXPECT_FALSE(tok.token_id("no such token").has_value());
  EXPECT_EQ(tok.decode(ids, /*skip_special=*/true), "");
  EXPECT_EQ(tok.decode(ids), "<|vision_start|><|image_pad|><|image_pad|><|vision_end|>");
  const auto tool = tok.token_id("<tool_call>");
  ASSERT_TRUE(tool.has_value());
  EXPECT_EQ(tok.decode(std::vector<std::int32_t>{*tool}, true), "<tool_call>");  // added, not special
  EXPECT_THROW((void)tok.decode(std::vector<std::int32_t>{-1}), TokenizerError);
  EXPECT_THROW((void)tok.decode(std::vector<std::int32_t>{static_cast<std::int32_t>(tok.id_count())}), TokenizerError);
}

TEST_F(SmallTokenizer, NfcBeforePreTokenization) {
  EXPECT_EQ(tok.encode("cafe\xCC\x81"), tok.encode("caf\xC3\xA9"));
  EXPECT_EQ(tok.decode(tok.encode("cafe\xCC\x81")), "caf\xC3\xA9");
}

// Both JSON forms of merges ("a b" strings and [a, b] pairs) give the same tokenizer.
TEST(Loader, MergeFormsAgree) {
  json j = json::parse(test::read_file("small_tokenizer.json"));
  const bool pairs = j["model"]["merges"][0].is_array();
  ASSERT_TRUE(pairs) << "the committed fixture is expected in the pair form";
  for (auto& m : j["model"]["merges"]) m = m[0].get<std::string>() + " " + m[1].get<std::string>();
  const auto a = BpeTokenizer::load(test::small_tokenizer_path());
  const auto b = BpeTokenizer::from_json(j.dump());
  for (const auto& text : test::corpus()) EXPECT_EQ(a.encode(text), b.encode(text)) << text;
}

std::string load_error(const std::string& text) {
  try {
    (void)BpeTokenizer::from_json(text, "t.json");
  } catch (const TokenizerError& e) {
    return e.what();
  }
  return "(loaded)";
}

json small_json() { return json::parse(test::read_file("small_tokenizer.json")); }

TEST(Loader, ErrorsNameWhatAndWhere) {
  EXPECT_EQ(load_error("{\"model\": [1, 2"), "t.json: invalid JSON at byte 15: parse error at line 1, column 16: syntax error while parsing array - unexpected end of input; expected ']'");
  EXPECT_EQ(load_error("[]"), "t.json: (root): expected an object, found array");
  EXPECT_EQ(load_error("{}"), "t.json: (root): missing key \"model\"");
  json j = small_json();
  j["model"]["merges"][3] = 17;
  EXPECT_EQ(load_error(j.dump()), "t.json: model.merges[3]: expected a string \"left right\" or a pair [\"left\", \"right\"], found 17");
  j = small_json();
  j["model"]["merges"][5] = "a b c";
  EXPECT_EQ(load_error(j.dump()), "t.json: model.merges[5]: expected \"left right\" (two tokens separated by one space), found \"a b c\"");
  j = small_json();
  j["model"]["merges"][2] = json::array({"zzzq", "a"});
  EXPECT_EQ(load_error(j.dump()), "t.json: model.merges[2]: \"zzzq\" is not in model.vocab");
  j = small_json();
  j["model"]["vocab"]["Ġ"] = -4;
  EXPECT_NE(load_error(j.dump()).find("t.json: model.vocab[\"Ġ\"]: id -4 out of range [0, "), std::string::npos);
  // Ids far past the number of entries would size the id tables: refused.
  j = small_json();
  j["added_tokens"][0]["id"] = 5000000;
  EXPECT_NE(load_error(j.dump()).find("added_tokens[0].id: id 5000000 out of range [0, "), std::string::npos) << load_error(j.dump());
  j = small_json();
  j["model"]["vocab"]["!"] = 99999999999;
  EXPECT_NE(load_error(j.dump()).find("model.vocab[\"!\"]: id 99999999999 out of range"), std::string::npos);
  j = small_json();
  j["normalizer"] = {{"type", "NFKC"}};
  EXPECT_EQ(load_error(j.dump()), "t.json: normalizer.type: \"NFKC\" is not supported (only NFC, or null)");
  j = small_json();
  j["added_tokens"][0]["lstrip"] = true;
  EXPECT_EQ(load_error(j.dump()), "t.json: added_tokens[0].lstrip: true is not supported");
  j = small_json();
  j["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "\\s+";
  EXPECT_NE(load_error(j.dump()).find("pre_tokenizer.pretokenizers[0].pattern.Regex: not the Qwen2"), std::string::npos);
  j = small_json();
  j["model"]["unk_token"] = "<unk>";
  EXPECT_NE(load_error(j.dump()).find("model.unk_token: only null is supported"), std::string::npos);
  EXPECT_NE(load_error("{\"model\": {\"vocab\": {\"a\": 0}, \"merges\": []}, \"x\": \"\xff\"}").find("invalid JSON at byte"), std::string::npos);
}

TEST(Loader, MissingFile) {
  try {
    (void)BpeTokenizer::load("/nonexistent/tokenizer.json");
    FAIL();
  } catch (const TokenizerError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/tokenizer.json: cannot open"), std::string::npos) << e.what();
  }
}

TEST(BatchEncode, EqualsSingleThreadAndKeepsGoingPastErrors) {
  const auto tok = BpeTokenizer::load(test::small_tokenizer_path());
  std::vector<std::string> texts = test::corpus();
  texts.insert(texts.begin() + 3, "broken \xff text");
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  const auto one = encode_batch(tok, views, 1);
  ASSERT_EQ(one.size(), texts.size());
  EXPECT_FALSE(one[3].ok());
  EXPECT_NE(one[3].error.find("invalid UTF-8 at byte 7"), std::string::npos) << one[3].error;
  for (std::size_t i = 0; i < texts.size(); ++i)
    if (i != 3) {
      EXPECT_EQ(one[i].ids, tok.encode(texts[i]));
    }
  for (unsigned threads : {2u, 3u, 8u}) {
    const auto many = encode_batch(tok, views, threads);
    ASSERT_EQ(many.size(), one.size());
    for (std::size_t i = 0; i < one.size(); ++i) {
      EXPECT_EQ(many[i].ids, one[i].ids) << "threads " << threads << " text " << i;
      EXPECT_EQ(many[i].error, one[i].error);
    }
  }
  EXPECT_TRUE(encode_batch(tok, {}, 4).empty());
}

}  // namespace
}  // namespace vl::tokenizer
