#include "isolate/executable_path.hpp"

namespace crucible {

std::filesystem::path executable_path() { return std::filesystem::read_symlink("/proc/self/exe"); }

}  // namespace crucible
