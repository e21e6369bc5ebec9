#include "loader/plugin_search.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "isolate/executable_path.hpp"

namespace crucible {

namespace fs = std::filesystem;

namespace {

void add_folder(const fs::path& folder, std::vector<fs::path>& files) {
  std::error_code ec;
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.is_regular_file(ec) && entry.path().extension() == ".so") found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
}

}  // namespace

std::vector<fs::path> find_plugin_files(const PluginSearch& search) {
  std::vector<fs::path> files;
  if (search.use_default) {
    add_folder(executable_path().parent_path().parent_path() / "lib" / "crucible" / "plugins", files);
  }
  if (const char* env = std::getenv("CRUCIBLE_PLUGIN_PATH"); env != nullptr && search.use_environment) {
    std::stringstream list(env);
    std::string folder;
    while (std::getline(list, folder, ':')) {
      if (!folder.empty()) add_folder(folder, files);
    }
  }
  for (const auto& path : search.explicit_paths) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      throw PluginSearchError("--plugins " + path.string() + ": no such file or folder");
    }
    if (fs::is_directory(path, ec)) {
      add_folder(path, files);
    } else {
      files.push_back(path);
    }
  }
  std::vector<fs::path> unique;
  for (auto& f : files) {
    auto canonical = fs::weakly_canonical(f);
    if (std::find(unique.begin(), unique.end(), canonical) == unique.end()) unique.push_back(canonical);
  }
  return unique;
}

}  // namespace crucible
