#include "capability/cuda_architectures.hpp"

#include <cctype>
#include <cmath>
#include <optional>
#include <sstream>
#include <vector>

namespace crucible {

namespace {

struct CodeTarget {
  int arch = 0;           // 86 for sm_86 / compute_86
  bool specific = false;  // 90a: this capability only
  bool sass = true;       // "-real" or plain
  bool ptx = true;        // "-virtual" or plain
};

std::optional<CodeTarget> parse_entry(std::string_view entry) {
  CodeTarget t;
  std::size_t i = 0;
  while (i < entry.size() && std::isdigit(static_cast<unsigned char>(entry[i]))) t.arch = t.arch * 10 + (entry[i++] - '0');
  if (i == 0 || t.arch < 10) return std::nullopt;
  if (i < entry.size() && (entry[i] == 'a' || entry[i] == 'f')) {
    t.specific = entry[i] == 'a';  // "f" (family) code runs across the major's minors like plain SASS
    ++i;
  }
  const std::string_view kind = entry.substr(i);
  if (kind == "-real") {
    t.ptx = false;
  } else if (kind == "-virtual") {
    t.sass = false;
  } else if (!kind.empty()) {
    return std::nullopt;
  }
  return t;
}

bool runs_on(const CodeTarget& t, int device) {
  if (t.specific) return t.arch == device;
  if (t.sass && t.arch / 10 == device / 10 && t.arch % 10 <= device % 10) return true;
  return t.ptx && t.arch <= device;
}

}  // namespace

std::string cuda_code_mismatch(std::string_view architectures, double compute_capability,
                               std::string_view device_name) {
  std::vector<CodeTarget> targets;
  std::size_t start = 0;
  while (start <= architectures.size()) {
    std::size_t end = architectures.find_first_of(",;", start);
    if (end == std::string_view::npos) end = architectures.size();
    const std::string_view entry = architectures.substr(start, end - start);
    if (!entry.empty()) {
      const auto target = parse_entry(entry);
      if (!target) return "";  // native, all, all-major, or unknown: nothing to check against
      targets.push_back(*target);
    }
    start = end + 1;
  }
  if (targets.empty()) return "";
  const int device = static_cast<int>(std::lround(compute_capability * 10));
  for (const auto& t : targets) {
    if (runs_on(t, device)) return "";
  }
  std::ostringstream why;
  why << "built with CUDA code for " << architectures << " (CMAKE_CUDA_ARCHITECTURES), none of which runs on "
      << device_name << " (compute capability " << device / 10 << "." << device % 10
      << "); rebuild with CMAKE_CUDA_ARCHITECTURES including " << device;
  return why.str();
}

}  // namespace crucible
