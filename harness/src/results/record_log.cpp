#include "results/record_log.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace crucible {

RecordLog::RecordLog(const std::filesystem::path& path) : file_(std::fopen(path.c_str(), "a")) {
  if (file_ == nullptr) throw std::runtime_error(path.string() + ": cannot open: " + std::strerror(errno));
}

RecordLog::~RecordLog() { std::fclose(file_); }

void RecordLog::append(const nlohmann::json& record) {
  const std::string line = record.dump() + "\n";
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

std::vector<nlohmann::json> RecordLog::read(const std::filesystem::path& path) {
  std::vector<nlohmann::json> records;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline: torn by a crash
    auto record = nlohmann::json::parse(line, nullptr, false);
    if (!record.is_discarded()) records.push_back(std::move(record));
  }
  return records;
}

}  // namespace crucible
