#pragma once
// RecordLog: the worker's results, one JSON object per line, flushed after each record so that
// everything finished before a crash or a timeout survives it.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible {

class RecordLog {
 public:
  explicit RecordLog(const std::filesystem::path& path);
  ~RecordLog();
  RecordLog(const RecordLog&) = delete;
  RecordLog& operator=(const RecordLog&) = delete;

  void append(const nlohmann::json& record);

  // Reads back every complete line; a torn last line (the writer died mid-write) is dropped.
  static std::vector<nlohmann::json> read(const std::filesystem::path& path);

 private:
  std::FILE* file_ = nullptr;
};

}  // namespace crucible
