#include "cli/command_line.hpp"

namespace crucible {

CommandLine::CommandLine(const std::vector<std::string>& args, std::set<std::string> flags,
                         std::set<std::string> options) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      positionals_.push_back(arg);
      continue;
    }
    std::string name = arg, value;
    bool has_value = false;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    if (flags.count(name)) {
      if (has_value) throw UsageError(name + " takes no value");
      flags_seen_.insert(name);
    } else if (options.count(name)) {
      if (!has_value) {
        if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
        value = args[++i];
      }
      values_.emplace(name, value);
    } else {
      std::string valid;
      for (const auto& f : flags) valid += " " + f;
      for (const auto& o : options) valid += " " + o;
      throw UsageError("unknown option '" + name + "'; valid options:" + valid);
    }
  }
}

std::optional<std::string> CommandLine::option(const std::string& name) const {
  auto range = values_.equal_range(name);
  if (range.first == range.second) return std::nullopt;
  return std::prev(range.second)->second;
}

std::vector<std::string> CommandLine::all(const std::string& name) const {
  std::vector<std::string> out;
  auto range = values_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

}  // namespace crucible
