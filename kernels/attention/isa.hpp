#pragma once
// The instruction sets cpu_fast prefill dispatches on at run time. best_isa() is what a plain
// call uses; tests and benchmarks force a path by name.
#include <string>

namespace attention {

enum class Isa { scalar, avx2, avx512 };

bool isa_supported(Isa isa);  // avx2 needs AVX2 and FMA, avx512 needs AVX-512 F
Isa best_isa();
const char* isa_name(Isa isa);

}  // namespace attention
