#pragma once
// The instruction sets the fast CPU passes dispatch on at run time.
#include <string>

namespace vl {

enum class Isa { scalar, avx2, avx512 };

// The best this CPU runs (avx512 needs F and BW).
Isa best_isa();
bool isa_supported(Isa isa);
std::string isa_name(Isa isa);

}  // namespace vl
