#include "fleet/shard_spec.hpp"

#include <charconv>

#include <crucible/command_errors.hpp>

namespace crucible {

namespace {

constexpr int kMaxShards = 100000;

bool parse_int(const std::string& s, int& out) {
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

ShardSpec parse_shard_spec(const std::string& text) {
  const auto slash = text.find('/');
  ShardSpec spec;
  if (slash == std::string::npos || !parse_int(text.substr(0, slash), spec.index) ||
      !parse_int(text.substr(slash + 1), spec.count)) {
    throw UsageError("--shard must be K/N (shard K of N, e.g. 1/3), got '" + text + "'");
  }
  if (spec.count < 1 || spec.count > kMaxShards) {
    throw UsageError("--shard " + text + ": N must be between 1 and " + std::to_string(kMaxShards));
  }
  if (spec.index < 1 || spec.index > spec.count) {
    throw UsageError("--shard " + text + ": K must be between 1 and N (" + std::to_string(spec.count) + ")");
  }
  return spec;
}

}  // namespace crucible
