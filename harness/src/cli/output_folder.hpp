#pragma once
// OutputFolder: the --out folder of `run` and `ab`, checked before the first case (so that a
// run never ends without a place for its results) and held for the command's life, so that
// two runs never mix their files in one folder: a second run into it fails at once, naming
// the first.
#include <filesystem>

namespace crucible {

class OutputFolder {
 public:
  // Creates the folder if missing; a UsageError when it is not a writable folder or another
  // crucible holds it.
  explicit OutputFolder(const std::filesystem::path& path);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

 private:
  int lock_fd_ = -1;
};

}  // namespace crucible
