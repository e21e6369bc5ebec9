// `crucible NAME args...` for a command a plugin provides. The plugin is loaded in this
// process: the user asked for that plugin's own tool, and its exit code is the answer.
#include <iostream>

#include "cli/commands.hpp"
#include "loader/plugin_instance.hpp"
#include "loader/plugin_search.hpp"

namespace crucible {

int plugin_command(const std::string& name, const std::vector<std::string>& args) {
  PluginSearch search;
  for (const auto& file : find_plugin_files(search)) {
    try {
      PluginLibrary library(file);
      const auto description = describe_plugin(library);
      for (const auto& command : description.value("commands", nlohmann::json::array())) {
        if (command != name) continue;
        std::vector<const char*> argv;
        for (const auto& a : args) argv.push_back(a.c_str());
        argv.push_back(nullptr);
        return library.descriptor().command(name.c_str(), static_cast<int>(args.size()), argv.data());
      }
    } catch (const std::exception&) {
      continue;  // a broken plugin does not own this command; `crucible list` reports it
    }
  }
  return -1;
}

}  // namespace crucible
