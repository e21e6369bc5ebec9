#pragma once
// Where plugins are looked for: the folder installed next to the executable
// (../lib/crucible/plugins), every folder of CRUCIBLE_PLUGIN_PATH (colon-separated), and
// every --plugins PATH (a folder, or one plugin file).
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <crucible/command_errors.hpp>

namespace crucible {

// A --plugins path that does not exist or cannot be searched: a usage error (exit 2).
class PluginSearchError : public UsageError {
 public:
  using UsageError::UsageError;
};

struct PluginSearch {
  std::vector<std::filesystem::path> explicit_paths;  // --plugins; must exist
  bool use_default = true;                            // the folder next to the executable
  bool use_environment = true;                        // CRUCIBLE_PLUGIN_PATH
};

// The plugin files (*.so, or any file named explicitly), deduplicated, in search order.
// Throws PluginSearchError for an explicit path that does not exist.
std::vector<std::filesystem::path> find_plugin_files(const PluginSearch& search);

}  // namespace crucible
