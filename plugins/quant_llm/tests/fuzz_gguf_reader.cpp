// libFuzzer target over the GGUF reader: any input must either parse (and then every tensor
// byte and every KV must be readable) or throw GgufError. Anything else, a crash, an ASan
// report or another exception type, is a finding. Build with clang:
//   -fsanitize=fuzzer,address (see CMakeLists.txt: quant_llm_fuzz_gguf, Clang only).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "quant_llm/gguf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto f = quant::GgufFile::from_bytes(std::vector<std::uint8_t>(data, data + size), "fuzz.gguf");
    volatile std::uint8_t sink = 0;
    for (const auto& t : f.tensors()) {
      for (std::uint64_t i = 0; i < t.nbytes; ++i) sink = sink ^ t.data[i];
    }
    for (const auto& kv : f.kvs()) (void)kv.second.to_display(4);
  } catch (const quant::GgufError&) {
  }
  return 0;
}
