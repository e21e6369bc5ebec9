#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "results/atomic_file.hpp"
#include "results/record_log.hpp"

namespace crucible {
namespace {

TEST(RecordLog, KeepsCompleteRecordsAndDropsATornLine) {
  const auto path = std::filesystem::temp_directory_path() / "crucible-record-log-test.jsonl";
  std::filesystem::remove(path);
  {
    RecordLog log(path);
    log.append({{"type", "a"}, {"n", 1}});
    log.append({{"type", "b"}, {"n", 2}});
  }
  std::ofstream(path, std::ios::app) << R"({"type": "torn", "n")";
  const auto records = RecordLog::read(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["type"], "a");
  EXPECT_EQ(records[1]["n"], 2);
}

TEST(AtomicFile, ReplacesContentWhole) {
  const auto path = std::filesystem::temp_directory_path() / "crucible-atomic" / "results.json";
  write_file_atomically(path, "first");
  write_file_atomically(path, "second");
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "second");
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(path.parent_path())) ++files;
  EXPECT_EQ(files, 1) << "no temporary file may be left behind";
}

// A writer killed before its rename leaves PATH.tmp.PID: the next write removes it when that
// process is gone, and leaves a live process's temporary (another writer's) alone.
TEST(AtomicFile, NextWriteRemovesADeadWritersTemporary) {
  const auto folder = std::filesystem::temp_directory_path() / ("crucible-atomic-stale-" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const auto path = folder / "kb.kbin";
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ASSERT_GT(dead, 0);
  ASSERT_EQ(::waitpid(dead, nullptr, 0), dead);
  const auto stale = folder / ("kb.kbin.tmp." + std::to_string(dead));
  const auto live = folder / ("kb.kbin.tmp." + std::to_string(::getppid()));
  const auto other = folder / ("other.kbin.tmp." + std::to_string(dead));
  for (const auto& p : {stale, live, other}) std::ofstream(p) << "half a knowledge base";
  write_file_atomically(path, "whole");
  EXPECT_FALSE(std::filesystem::exists(stale)) << "a dead writer's temporary is removed";
  EXPECT_TRUE(std::filesystem::exists(live)) << "a live process's temporary is left alone";
  EXPECT_TRUE(std::filesystem::exists(other)) << "another file's temporary is left alone";
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace crucible
