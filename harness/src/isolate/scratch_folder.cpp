#include "isolate/scratch_folder.hpp"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace crucible {

ScratchFolder::ScratchFolder(const std::string& name, bool keep) : keep_(keep) {
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path base = tmp && *tmp ? tmp : "/tmp";
  std::string pattern = (base / ("crucible-" + name + "-XXXXXX")).string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary folder in " + base.string() + ": " + std::strerror(errno));
  }
  path_ = buffer.data();
}

ScratchFolder::~ScratchFolder() {
  if (keep_) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace crucible
