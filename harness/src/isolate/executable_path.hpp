#pragma once
// The path of the running crucible executable: workers are this program re-executed
// (`crucible __worker`), and installed plugins sit beside it (../lib/crucible/plugins).
#include <filesystem>

namespace crucible {

std::filesystem::path executable_path();

}  // namespace crucible
