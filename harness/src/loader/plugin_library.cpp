#include "loader/plugin_library.hpp"

#include <cstdint>
#include <string>

#include <boost/dll/shared_library.hpp>  // BOOST_DLL_USE_STD_FS is set by CMake

namespace crucible {

struct PluginLibrary::Handle {
  boost::dll::shared_library library;
};

PluginLibrary::PluginLibrary(const std::filesystem::path& path) : path_(path), handle_(std::make_unique<Handle>()) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw PluginLoadError(path.string() + ": no such plugin file");
  if (std::filesystem::is_directory(path, ec)) throw PluginLoadError(path.string() + ": is a directory, not a plugin");
  try {
    // rtld_now: an unresolved symbol is a load error now, not a crash in the middle of a run.
    handle_->library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    // Boost wraps dlerror's text and appends errno's, which dlopen does not set (a stale "Bad
    // file descriptor"): keep dlerror's.
    std::string why = e.what();
    const std::string marker = "dlerror system message: ";
    if (const auto at = why.find(marker); at != std::string::npos) {
      why = why.substr(at + marker.size());
      if (const auto end = why.rfind("): "); end != std::string::npos) why.erase(end);
    }
    throw PluginLoadError(path.string() + ": cannot load as a shared library: " + why);
  }
  if (!handle_->library.has(CRUCIBLE_PLUGIN_SYMBOL)) {
    // A plugin of another ABI exports crucible_plugin_vN for its own N; every version's
    // descriptor starts with abi_version, so it can be named before it is refused.
    for (unsigned version = 1; version < CRUCIBLE_ABI_VERSION + 8; ++version) {
      const std::string symbol = "crucible_plugin_v" + std::to_string(version);
      if (!handle_->library.has(symbol)) continue;
      const auto* other = handle_->library.get<const std::uint32_t*()>(symbol)();
      throw PluginLoadError(path.string() + ": plugin ABI version " + (other ? std::to_string(*other) : "unknown") +
                            " (exports " + symbol + "), this crucible expects " +
                            std::to_string(CRUCIBLE_ABI_VERSION) + "; rebuild the plugin against this SDK");
    }
    throw PluginLoadError(path.string() + ": not a Crucible plugin (no exported symbol '" CRUCIBLE_PLUGIN_SYMBOL
                                          "'; plugins are built with CRUCIBLE_PLUGIN from <crucible/sdk.hpp>)");
  }
  auto entry = handle_->library.get<const crucible_plugin_descriptor*()>(CRUCIBLE_PLUGIN_SYMBOL);
  descriptor_ = entry();
  if (descriptor_ == nullptr) throw PluginLoadError(path.string() + ": " CRUCIBLE_PLUGIN_SYMBOL "() returned null");
  if (descriptor_->abi_version != CRUCIBLE_ABI_VERSION) {
    throw PluginLoadError(path.string() + ": plugin ABI version " + std::to_string(descriptor_->abi_version) +
                          ", this crucible expects " + std::to_string(CRUCIBLE_ABI_VERSION) +
                          "; rebuild the plugin against this SDK");
  }
  if (descriptor_->struct_size < CRUCIBLE_DESCRIPTOR_SIZE_3_0) {
    throw PluginLoadError(path.string() + ": plugin descriptor is " + std::to_string(descriptor_->struct_size) +
                          " bytes, expected at least " + std::to_string(CRUCIBLE_DESCRIPTOR_SIZE_3_0) +
                          "; rebuild the plugin against this SDK");
  }
}

PluginLibrary::~PluginLibrary() = default;

}  // namespace crucible
