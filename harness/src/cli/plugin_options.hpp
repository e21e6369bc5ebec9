#pragma once
// The --plugins option shared by every command that loads plugins.
#include <string>

#include "cli/command_line.hpp"
#include "loader/plugin_search.hpp"

namespace crucible {

PluginSearch plugin_search(const CommandLine& cl);
// " --plugins 'DIR'" for each --plugins given: what a repro command must repeat.
std::string repro_plugin_args(const CommandLine& cl);

}  // namespace crucible
