#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <crucible/exit_codes.hpp>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/plugin_options.hpp"
#include "loader/plugin_catalog.hpp"

namespace crucible {

const char* const kListHelp = R"(usage: crucible list [--json] [--plugins PATH]...

Lists every plugin found, its workloads, their variants (with whether this machine meets
their requirements, and why not), parameter axes with default values, properties and
declared equivalences. Exit code 3 when a plugin failed to load (it is listed with why).
)";

int list_command(const std::vector<std::string>& args) {
  const CommandLine cl(args, {"--json", "--help"}, {"--plugins"});
  if (cl.flag("--help")) {
    std::cout << kListHelp;
    return exit_code::ok;
  }
  if (!cl.positionals().empty()) throw UsageError("list takes no positional arguments");
  const auto plugins = [&] {
    WorkerLauncher launcher("list");
    return catalog_plugins(find_plugin_files(plugin_search(cl)), launcher);
  }();

  bool any_error = false;
  nlohmann::json listing = nlohmann::json::array();
  for (const auto& p : plugins) {
    any_error |= !p.ok();
    nlohmann::json entry = {{"name", p.name}, {"path", p.path.string()}};
    if (p.ok()) {
      entry.update(p.description);
    } else {
      entry["error"] = p.error;
    }
    listing.push_back(entry);
  }
  // The listing goes to stdout whole; stderr says in one line why the exit code is 3.
  const auto failed = std::count_if(plugins.begin(), plugins.end(), [](const auto& p) { return !p.ok(); });
  if (failed) std::cerr << "crucible list: " << failed << " plugin(s) did not load (LOAD ERROR in the listing)\n";
  if (cl.flag("--json")) {
    std::cout << listing.dump(2) << "\n";
    return any_error ? exit_code::infrastructure : exit_code::ok;
  }
  if (plugins.empty()) std::cout << "no plugins found (searched next to crucible, CRUCIBLE_PLUGIN_PATH and --plugins)\n";
  for (const auto& p : listing) {
    std::cout << p["name"].get<std::string>();
    if (p.contains("error")) {
      std::cout << "  LOAD ERROR: " << p["error"].get<std::string>() << "\n";
      continue;
    }
    std::cout << " " << p.value("version", "") << "  (" << p["path"].get<std::string>() << ")\n";
    for (const auto& w : p["workloads"]) {
      std::cout << "  workload " << w["name"].get<std::string>();
      if (w.contains("description")) std::cout << ": " << w["description"].get<std::string>();
      std::cout << "\n";
      for (const auto& axis : w["axis_order"]) {
        std::cout << "    axis " << axis.get<std::string>() << " = " << w["axes"][axis.get<std::string>()].dump() << "\n";
      }
      for (const auto& v : w["variants"]) {
        const std::string unmet = v.value("unmet", "");
        std::cout << "    variant " << v["name"].get<std::string>() << (v.value("threads", false) ? " (threaded)" : "")
                  << (unmet.empty() ? "  ready" : "  skipped: " + unmet) << "\n";
      }
      for (const auto& prop : w["properties"]) std::cout << "    property " << prop.get<std::string>() << "\n";
      for (const auto& eq : w["equivalences"]) {
        std::cout << "    equivalence " << eq["variant"].get<std::string>() << " == " << eq["reference"].get<std::string>()
                  << " (" << eq["metric"].get<std::string>();
        if (eq["metric"] != "bitwise") std::cout << " <= " << eq["tolerance"].get<double>();
        std::cout << ")\n";
      }
    }
    if (!p["commands"].empty()) {
      std::cout << "  commands:";
      for (const auto& c : p["commands"]) std::cout << " crucible " << c.get<std::string>();
      std::cout << "\n";
    }
  }
  return any_error ? exit_code::infrastructure : exit_code::ok;
}

}  // namespace crucible
