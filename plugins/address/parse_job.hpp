#pragma once
// `crucible address parse`: CSV files of addresses in, one parsed CSV and one JSON metadata
// file out per input, resumable. Each input is read from a mapping in chunks; a reader thread
// splits records ahead of the parser (a bounded queue), the parser's threads parse and format
// slices of a chunk, and the chunk is appended to `OUT/NAME.partial` and fsynced before the
// state file (`OUT/BASE.state.json`, written atomically) records it. A run killed anywhere
// resumes after the last recorded chunk, truncating what followed, so its outputs are
// byte-identical to an uninterrupted run's; a file whose state says completed, with the same
// content, is skipped.
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>

#include "parse_config.hpp"

namespace address {
class CudaParser;
}

namespace address_cli {

struct FileOutcome {
  enum class Kind { parsed, resumed, skipped, failed } kind = Kind::parsed;
  std::string output;  // the CSV written (or found, when skipped)
  std::uint64_t rows = 0, parsed = 0;
  std::uint64_t rows_this_run = 0;  // rows parsed by this run (less than rows after a resume)
  double seconds = 0;               // this run's time on the file
  std::string error;  // when failed: one line naming the file and the line
};

class ParseJob {
 public:
  // `gpu` may be null (every row on the CPU).
  ParseJob(const ParseConfig& config, std::filesystem::path out_dir, address::CudaParser* gpu, std::ostream& log);
  ~ParseJob();
  // file_index/file_count are for progress only.
  FileOutcome run(const std::filesystem::path& input, int file_index, int file_count);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace address_cli
