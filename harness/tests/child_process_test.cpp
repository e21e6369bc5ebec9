#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "isolate/child_process.hpp"

namespace crucible {
namespace {

std::filesystem::path log_path(const char* name) { return std::filesystem::temp_directory_path() / name; }

TEST(ChildProcess, CapturesExitCodeAndOutput) {
  const auto outcome = run_child({"/bin/sh", "-c", "echo hello; echo oops >&2; exit 7"}, log_path("cp1.log"),
                                 std::chrono::seconds(10));
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.exit_code, 7);
  EXPECT_EQ(outcome.signal, 0);
  EXPECT_NE(outcome.log_tail.find("hello"), std::string::npos);
  EXPECT_NE(outcome.log_tail.find("oops"), std::string::npos);
  EXPECT_EQ(outcome.reason(), "worker exited with code 7");
}

TEST(ChildProcess, ReportsTheSignalThatKilledIt) {
  const auto outcome = run_child({"/bin/sh", "-c", "kill -SEGV $$"}, log_path("cp2.log"), std::chrono::seconds(10));
  EXPECT_EQ(outcome.signal, SIGSEGV);
  EXPECT_NE(outcome.reason().find("signal 11"), std::string::npos);
}

TEST(ChildProcess, KillsWhatOutlivesTheTimeout) {
  const auto outcome = run_child({"/bin/sh", "-c", "sleep 30"}, log_path("cp3.log"), std::chrono::milliseconds(300));
  EXPECT_TRUE(outcome.timed_out);
  EXPECT_NE(outcome.reason().find("timed out"), std::string::npos);
}

TEST(ChildProcess, SucceedsCleanly) {
  const auto outcome = run_child({"/bin/true"}, log_path("cp4.log"), std::chrono::seconds(10));
  EXPECT_TRUE(outcome.ok());
}

}  // namespace
}  // namespace crucible
