#pragma once
// The memory a worker may take. A worker that allocates without bound (a runaway axis value,
// a plugin bug) fails its own allocation and is reported as out of memory, instead of pushing
// the machine into swap until the suite's timeout ends it.
#include <cstdint>
#include <string>

namespace crucible {

// 80 % of this machine's physical memory: what a worker may take by default.
std::uint64_t default_memory_limit_bytes();

// "12.5 GB".
std::string memory_limit_text(std::uint64_t bytes);

// Whether limits can be applied in this build. Under AddressSanitizer they cannot: its shadow
// memory is itself a private writable mapping of terabytes.
bool memory_limit_supported();

// Limits the calling process's data segment and private writable mappings (RLIMIT_DATA) to
// `bytes`; 0 leaves it unlimited. RLIMIT_DATA rather than RLIMIT_AS: the CUDA driver reserves
// address space the size of every device's memory without committing it, which an
// address-space limit would refuse, while what a runaway allocation grows is counted by both.
// Called in a forked child before exec; async-signal-safe.
void apply_memory_limit(std::uint64_t bytes) noexcept;

}  // namespace crucible
