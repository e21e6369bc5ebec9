#pragma once
// ScratchFolder: a private folder for worker task files and logs, /tmp/crucible-NAME-XXXXXX
// (under $TMPDIR when set), removed when it goes out of scope: on success, on an error and on
// an interrupt alike, unless it is kept for debugging (--keep-temp).
#include <filesystem>
#include <string>

namespace crucible {

class ScratchFolder {
 public:
  ScratchFolder(const std::string& name, bool keep);
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  bool kept() const { return keep_; }

 private:
  std::filesystem::path path_;
  bool keep_;
};

}  // namespace crucible
