#pragma once
// Where plugins are looked for: the folder installed next to the executable
// (../lib/crucible/plugins), every folder of CRUCIBLE_PLUGIN_PATH (colon-separated), and
// every --plugins PATH (a folder, or one plugin file).
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace crucible {

class PluginSearchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
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
