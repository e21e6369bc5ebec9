#include "isolate/memory_limit.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

namespace crucible {

std::uint64_t default_memory_limit_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size) / 10 * 8;
}

std::string memory_limit_text(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / 1e9);
  return text;
}

#if defined(__SANITIZE_ADDRESS__)
#define CRUCIBLE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CRUCIBLE_ASAN 1
#endif
#endif

bool memory_limit_supported() {
#ifdef CRUCIBLE_ASAN
  return false;
#else
  return true;
#endif
}

void apply_memory_limit(std::uint64_t bytes) noexcept {
  if (bytes == 0 || !memory_limit_supported()) return;
  const rlimit limit{static_cast<rlim_t>(bytes), static_cast<rlim_t>(bytes)};
  ::setrlimit(RLIMIT_DATA, &limit);
}

}  // namespace crucible
