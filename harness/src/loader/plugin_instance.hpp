#pragma once
// Typed calls into a loaded plugin: each C entry point of the descriptor, with its error
// message turned into a PluginCallError and its JSON parsed.
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "loader/plugin_library.hpp"

namespace crucible {

class PluginCallError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A prepared variant inside the plugin; released on destruction.
class PluginInstance {
 public:
  PluginInstance(const PluginLibrary& library, const std::string& workload, const std::string& variant,
                 const nlohmann::json& params, std::uint64_t seed, const crucible_run_context& context);
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  // Returns the plugin's error message, or nullptr: the benchmark loop checks it without throwing.
  const char* run(const crucible_run_context& context) { return api_.run(handle_, &context); }
  std::span<const std::byte> output();
  // The prepared input in the workload's export format (a PluginCallError where there is none).
  std::span<const std::byte> input();
  // What one run of this instance costs, as the plugin counted it from the prepared input.
  crucible_work work();

 private:
  const PluginLibrary& library_;
  const crucible_plugin_descriptor& api_;
  void* handle_ = nullptr;
};

nlohmann::json describe_plugin(const PluginLibrary& library);
// The name of a crucible_work::ops_type in results ("fp32", ..., "other"); a PluginCallError
// for a value this harness does not know.
std::string ops_type_name(std::uint32_t ops_type);
// The variant's entry in describe() ({"name", "requires", "capturable", ...}), or an empty object.
nlohmann::json variant_description(const PluginLibrary& library, const std::string& workload, const std::string& variant);
// Whether that entry says the variant needs a CUDA device.
bool requires_cuda(const nlohmann::json& variant_description);
nlohmann::json check_plugin_property(const PluginLibrary& library, const std::string& workload,
                                     const std::string& property, const nlohmann::json& config);

}  // namespace crucible
