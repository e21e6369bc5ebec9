#include "cli/output_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "cli/command_line.hpp"

namespace crucible {

OutputFolder::OutputFolder(const std::filesystem::path& path) {
  const std::string where = "--out " + path.string();
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_directory(path, ec)) {
    throw UsageError(where + ": exists and is not a folder");
  }
  std::filesystem::create_directories(path, ec);
  if (ec) throw UsageError(where + ": cannot create the folder: " + ec.message());
  // The lock file doubles as the test that the folder is writable. flock is released by the
  // kernel however this process ends, so a killed run never leaves the folder locked.
  const auto lock_file = path / ".crucible.lock";
  lock_fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) throw UsageError(where + ": cannot write there (" + std::strerror(errno) + ")");
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    char holder[32] = {};
    const ssize_t n = ::pread(lock_fd_, holder, sizeof holder - 1, 0);
    ::close(lock_fd_);
    throw UsageError(where + ": in use by another crucible (pid " + (n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : "?") +
                     "); wait for it to finish or choose another --out");
  }
  const std::string pid = std::to_string(::getpid());
  if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    const std::string why = std::strerror(errno);
    ::close(lock_fd_);
    throw UsageError(where + ": cannot write there (" + why + ")");
  }
}

OutputFolder::~OutputFolder() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

}  // namespace crucible
