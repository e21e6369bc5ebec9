// address_isa_bench: the parser's instruction-set paths timed in one process, interleaved
// round by round (scalar, avx2, avx512, ...), so that machine noise hits every path alike;
// prints each round and the medians. Checks that every path gives the scalar path's bytes.
// usage: address_isa_bench [ADDRESSES] [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "address/batch.hpp"
#include "address/generator.hpp"
#include "address/model.hpp"

using namespace address;

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 20000, rounds = argc > 2 ? std::atoi(argv[2]) : 7;
  if (n < 1 || rounds < 1) {
    std::fprintf(stderr, "usage: address_isa_bench [ADDRESSES >= 1] [ROUNDS >= 1]\n");
    return 2;
  }
  Batch b;
  Generator gen(builtin_gazetteer(), {5, Templates::all, true});
  for (int i = 0; i < n; ++i) {
    const auto s = gen.next();
    b.add(s.text, s.pin_hint);
  }
  const auto& m = builtin_model().view();
  std::vector<Isa> isas;
  for (const Isa isa : {Isa::scalar, Isa::avx2, Isa::avx512})
    if (isa_supported(isa)) isas.push_back(isa);
  std::vector<ParseResult> want(b.size()), got(b.size());
  parse_range(m, b, 0, b.size(), want.data());
  std::vector<std::vector<double>> ms(isas.size());
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t k = 0; k < isas.size(); ++k) {
      const auto t0 = std::chrono::steady_clock::now();
      parse_range(m, b, 0, b.size(), got.data(), isas[k]);
      ms[k].push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (std::memcmp(got.data(), want.data(), got.size() * sizeof(ParseResult)) != 0) {
        std::fprintf(stderr, "%s differs from the scalar path\n", isa_name(isas[k]));
        return 1;
      }
      std::printf("%s %.1f ms  ", isa_name(isas[k]), ms[k].back());
    }
    std::printf("\n");
  }
  std::printf("medians over %d rounds, %d addresses, one thread:\n", rounds, n);
  for (std::size_t k = 0; k < isas.size(); ++k) {
    std::sort(ms[k].begin(), ms[k].end());
    const double med = ms[k][ms[k].size() / 2];
    std::printf("  %-7s %7.1f ms  %.3f M addresses/s\n", isa_name(isas[k]), med, n / med / 1e3);
  }
}
