#pragma once
// The instruction sets the CPU parser dispatches on at run time. Every path gives the same
// bytes: the vector paths do the scalar path's int32 sums and the same tie-break in lanes.
namespace address {

enum class Isa { scalar, avx2, avx512 };

bool isa_supported(Isa isa);
Isa best_isa();  // avx512 needs F and BW
const char* isa_name(Isa isa);

}  // namespace address
