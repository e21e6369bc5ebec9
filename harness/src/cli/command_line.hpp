#pragma once
// A small argument reader for subcommands: --flag, --option VALUE, --option=VALUE and
// positionals. Unknown options are usage errors that name the option and the valid ones.
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <crucible/command_errors.hpp>

namespace crucible {


class CommandLine {
 public:
  // flags: options without a value; options: options with one (may repeat).
  CommandLine(const std::vector<std::string>& args, std::set<std::string> flags, std::set<std::string> options);

  bool flag(const std::string& name) const { return flags_seen_.count(name) > 0; }
  std::optional<std::string> option(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::set<std::string> flags_seen_;
  std::multimap<std::string, std::string> values_;
  std::vector<std::string> positionals_;
};

}  // namespace crucible
