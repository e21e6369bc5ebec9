#pragma once
// Errors of the byte-level BPE tokenizer. Every message names the source (file or "<memory>"),
// what is wrong and where: a JSON byte offset, a key path such as model.merges[12], or the
// byte offset of invalid UTF-8 in a text to encode.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace vl::tokenizer {

class TokenizerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Text given to encode() that is not valid UTF-8; offset() is the first byte that is not part
// of a well-formed sequence.
class Utf8Error : public TokenizerError {
 public:
  Utf8Error(const std::string& message, std::size_t offset) : TokenizerError(message), offset_(offset) {}
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

}  // namespace vl::tokenizer
