#include "cli/plugin_options.hpp"

#include <filesystem>

namespace crucible {

PluginSearch plugin_search(const CommandLine& cl) {
  PluginSearch search;
  for (const auto& p : cl.all("--plugins")) search.explicit_paths.emplace_back(p);
  return search;
}

std::string repro_plugin_args(const CommandLine& cl) {
  std::string out;
  for (const auto& p : cl.all("--plugins")) out += " --plugins '" + std::filesystem::absolute(p).string() + "'";
  return out;
}

}  // namespace crucible
