#pragma once
// ChildProcess: runs a command in its own process group with stdout and stderr sent to a log
// file, and waits at most a deadline. A crash, a non-zero exit and a timeout all come back as
// an outcome with a reason, never as a crash of the caller.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace crucible {

struct ChildOutcome {
  bool timed_out = false;
  int exit_code = -1;    // when it exited
  int signal = 0;        // when a signal ended it
  double seconds = 0;
  std::string log_tail;  // last lines of its stdout+stderr
  std::uint64_t memory_limit_bytes = 0;  // the limit it ran under (isolate/memory_limit.hpp); 0: none

  bool ok() const { return !timed_out && signal == 0 && exit_code == 0; }
  std::string reason() const;  // "crashed with SIGSEGV (Segmentation fault)", "timed out after 5 s", ...
};

// memory_limit_bytes: the child's RLIMIT_DATA (0: none).
ChildOutcome run_child(const std::vector<std::string>& argv, const std::filesystem::path& log_file,
                       std::chrono::duration<double> timeout, std::uint64_t memory_limit_bytes = 0);

// The last `max_bytes` of a file, starting at a line boundary.
std::string file_tail(const std::filesystem::path& file, std::size_t max_bytes = 2000);

}  // namespace crucible
