// Writes GGUF fixtures for the gguf-py cross-check (check_gguf_py.py): one tensor per supported
// type quantized from known data, our dequantization of each (<tensor>.f32), the source data
// (source.f32), and a tiny synthetic Llama model. Usage: quant_llm_write_fixture OUTDIR
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "quant_llm/gguf.hpp"
#include "quant_llm/quantize.hpp"
#include "quant_llm/synth.hpp"

using namespace quant;

namespace {
void write_f32(const std::filesystem::path& p, const std::vector<float>& v) {
  std::ofstream o(p, std::ios::binary);
  o.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(float)));
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const std::int64_t cols = 512, rows = 8;
  std::vector<float> x(static_cast<std::size_t>(cols * rows));
  for (std::size_t i = 0; i < x.size(); ++i) {
    // ggml's test data, with a growing amplitude per row and a few exact .5 ties for rounding
    x[i] = (0.1f + 2 * std::cos(static_cast<float>(i))) * (1.0f + static_cast<float>(i / 512));
    if (i % 97 == 0) x[i] = static_cast<float>(i % 7) - 3.5f;
  }
  for (std::size_t i = 0; i < 32; ++i) x[i] = 0.f;  // an all-zero block
  write_f32(dir / "source.f32", x);
  GgufWriter w;
  w.set_string("general.architecture", "llama");
  w.set_u32("general.quantization_version", 2);
  w.set_string_array("test.strings", {"a", "\xE2\x96\x81" "b", ""});
  w.set_i32_array("test.ints", {1, -2, 3});
  w.set_f32("test.float", 0.25f);
  w.set_bool("test.bool", true);
  for (const char* name : {"F32", "F16", "BF16", "Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"}) {
    const GgmlType t = parse_type(name);
    auto q = quantize(t, x, cols);
    write_f32(dir / (std::string(name) + ".f32"), dequantize(t, q, cols * rows));
    {
      std::ofstream o(dir / (std::string(name) + ".bin"), std::ios::binary);
      o.write(reinterpret_cast<const char*>(q.data()), static_cast<std::streamsize>(q.size()));
    }
    w.add_tensor(std::string("t.") + name, t, {cols, rows}, std::move(q));
  }
  w.write(dir / "fixture.gguf");
  synth_llama({"tiny", "q4_k_m", 3, 2}).write(dir / "tiny.gguf");
  std::printf("wrote %s\n", dir.c_str());
  return 0;
}
