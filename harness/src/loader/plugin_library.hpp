#pragma once
// PluginLibrary: one loaded plugin shared library, its ABI checked. Loading happens only in
// worker processes (see isolate/), so a plugin that crashes in its constructors cannot take
// the run down.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <crucible/abi.h>

namespace crucible {

class PluginLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PluginLibrary {
 public:
  // Throws PluginLoadError naming the file and what is wrong with it.
  explicit PluginLibrary(const std::filesystem::path& path);
  ~PluginLibrary();
  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  const crucible_plugin_descriptor& descriptor() const { return *descriptor_; }
  // Whether the descriptor reaches the 3.1 `input` entry (a 3.0 plugin's table ends before it).
  bool has_input_export() const {
    return descriptor_->struct_size >= offsetof(crucible_plugin_descriptor, input) + sizeof(void*) &&
           descriptor_->input != nullptr;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  struct Handle;
  std::filesystem::path path_;
  std::unique_ptr<Handle> handle_;
  const crucible_plugin_descriptor* descriptor_ = nullptr;
};

}  // namespace crucible
