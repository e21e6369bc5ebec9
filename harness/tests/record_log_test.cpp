#include <gtest/gtest.h>

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

}  // namespace
}  // namespace crucible
