#include "loader/plugin_instance.hpp"

namespace crucible {

namespace {
void check(const char* error, const std::string& what) {
  if (error != nullptr) throw PluginCallError(what + ": " + error);
}
}  // namespace

PluginInstance::PluginInstance(const PluginLibrary& library, const std::string& workload, const std::string& variant,
                               const nlohmann::json& params, std::uint64_t seed, const crucible_run_context& context)
    : library_(library), api_(library.descriptor()) {
  check(api_.prepare(workload.c_str(), variant.c_str(), params.dump().c_str(), seed, &context, &handle_),
        "prepare " + workload + "/" + variant + " " + params.dump());
}

PluginInstance::~PluginInstance() {
  if (handle_ != nullptr) api_.release(handle_);
}

std::span<const std::byte> PluginInstance::output() {
  const void* data = nullptr;
  std::size_t size = 0;
  check(api_.output(handle_, &data, &size), "output");
  return {static_cast<const std::byte*>(data), size};
}

std::span<const std::byte> PluginInstance::input() {
  if (!library_.has_input_export()) throw PluginCallError("input: the plugin was built with SDK 3.0, which exports no input");
  const void* data = nullptr;
  std::size_t size = 0;
  check(api_.input(handle_, &data, &size), "input");
  return {static_cast<const std::byte*>(data), size};
}

nlohmann::json describe_plugin(const PluginLibrary& library) {
  const auto& api = library.descriptor();
  auto description = nlohmann::json::parse(api.describe());
  if (description.contains("error")) throw PluginCallError(description["error"].get<std::string>());
  description["plugin"] = api.name;
  description["version"] = api.version;
  description["abi"] = api.abi_version;
  return description;
}

crucible_work PluginInstance::work() {
  crucible_work work{0, 0, CRUCIBLE_OPS_FP32};
  check(api_.work(handle_, &work), "work");
  ops_type_name(work.ops_type);  // an unknown type fails here, where the plugin is named
  return work;
}

std::string ops_type_name(std::uint32_t ops_type) {
  switch (ops_type) {
    case CRUCIBLE_OPS_FP32: return "fp32";
    case CRUCIBLE_OPS_TF32: return "tf32";
    case CRUCIBLE_OPS_FP16: return "fp16";
    case CRUCIBLE_OPS_BF16: return "bf16";
    case CRUCIBLE_OPS_FP8: return "fp8";
    case CRUCIBLE_OPS_OTHER: return "other";
    default: break;
  }
  throw PluginCallError("work: unknown ops_type " + std::to_string(ops_type) + " (this crucible knows 0-" +
                        std::to_string(CRUCIBLE_OPS_OTHER) + ": fp32, tf32, fp16, bf16, fp8, other)");
}

nlohmann::json check_plugin_property(const PluginLibrary& library, const std::string& workload,
                                     const std::string& property, const nlohmann::json& config) {
  const char* result = nullptr;
  check(library.descriptor().check_property(workload.c_str(), property.c_str(), config.dump().c_str(), &result),
        "property " + workload + "/" + property);
  return nlohmann::json::parse(result);
}

nlohmann::json variant_description(const PluginLibrary& plugin, const std::string& workload, const std::string& variant) {
  const auto description = describe_plugin(plugin);
  for (const auto& w : description.value("workloads", nlohmann::json::array())) {
    if (w.value("name", "") != workload) continue;
    for (const auto& v : w.value("variants", nlohmann::json::array())) {
      if (v.value("name", "") == variant) return v;
    }
  }
  return nlohmann::json::object();
}

bool requires_cuda(const nlohmann::json& variant_description) {
  return variant_description.value("requires", nlohmann::json::object()).contains("cuda");
}

}  // namespace crucible
