// Ids of the committed corpus with the committed small tokenizer equal Hugging Face
// tokenizers' ids (data/small_golden.jsonl, written by tokenizer_reference_test.py
// --regenerate), so the comparison holds where Python is absent.
#include <gtest/gtest.h>

#include "test_data.hpp"
#include "vl_preproc/tokenizer/bpe_tokenizer.hpp"

namespace vl::tokenizer {
namespace {

TEST(Golden, SmallTokenizerMatchesHuggingFaceIds) {
  const auto tok = BpeTokenizer::load(test::small_tokenizer_path());
  const auto texts = test::corpus();
  const auto golden = test::read_json_lines("small_golden.jsonl");
  ASSERT_EQ(texts.size(), golden.size());
  ASSERT_GT(texts.size(), 30u);
  for (std::size_t i = 0; i < texts.size(); ++i)
    EXPECT_EQ(tok.encode(texts[i]), golden[i].get<std::vector<std::int32_t>>()) << "corpus line " << i + 1;
}

}  // namespace
}  // namespace vl::tokenizer
