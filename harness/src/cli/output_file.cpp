#include "cli/output_file.hpp"

#include <unistd.h>

#include <crucible/command_errors.hpp>

namespace crucible {

void check_output_file(const std::string& option, const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  const std::string where = option + " " + path.string();
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw UsageError(where + ": is a folder, not a file");
  // The nearest part of the path that exists: the folder the file (or its missing folders)
  // will be created in.
  fs::path existing = path.has_parent_path() ? path.parent_path() : fs::path(".");
  while (!fs::exists(existing, ec) && existing.has_parent_path() && existing != existing.parent_path()) {
    existing = existing.parent_path();
  }
  if (!fs::exists(existing, ec)) return;  // a relative path below the working folder
  if (!fs::is_directory(existing, ec)) throw UsageError(where + ": " + existing.string() + " is not a folder");
  if (::access(existing.c_str(), W_OK) != 0) throw UsageError(where + ": cannot write in " + existing.string());
}

}  // namespace crucible
