#pragma once
// Plugin: what CRUCIBLE_PLUGIN hands its body. Workloads and subcommands are declared on it;
// detail::descriptor() turns it into the C table of <crucible/abi.h>, catching every exception
// at the boundary.
#include <cstring>
#include <exception>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <crucible/abi.h>
#include <crucible/command_errors.hpp>
#include <crucible/workload.hpp>

namespace crucible {

class Plugin {
 public:
  using Command = std::function<int(int argc, const char* const* argv)>;

  template <class Input>
  Workload<Input>& workload(std::string name) {
    auto w = std::make_unique<Workload<Input>>(std::move(name));
    auto& ref = *w;
    workloads_.push_back(std::move(w));
    return ref;
  }
  // `crucible NAME args...` runs fn(argc, argv) with argv[0] the first argument after NAME.
  Plugin& command(std::string name, Command fn) {
    commands_.emplace_back(std::move(name), std::move(fn));
    return *this;
  }

  detail::WorkloadBase& find(const std::string& name) const {
    for (const auto& w : workloads_) {
      if (w->name() == name) return *w;
    }
    throw std::invalid_argument("plugin has no workload '" + name + "'");
  }
  const Command* find_command(const std::string& name) const {
    for (const auto& [n, fn] : commands_) {
      if (n == name) return &fn;
    }
    return nullptr;
  }
  nlohmann::json describe() const {
    nlohmann::json j;
    j["workloads"] = nlohmann::json::array();
    for (const auto& w : workloads_) j["workloads"].push_back(w->describe());
    j["commands"] = nlohmann::json::array();
    for (const auto& c : commands_) j["commands"].push_back(c.first);
#ifdef CRUCIBLE_CUDA_ARCHITECTURES
    // Set by crucible_add_plugin from CMAKE_CUDA_ARCHITECTURES: the harness skips CUDA variants
    // on a device this build holds no code for, instead of failing with "no kernel image".
    j["cuda_architectures"] = CRUCIBLE_CUDA_ARCHITECTURES;
#endif
    return j;
  }

 private:
  std::vector<std::unique_ptr<detail::WorkloadBase>> workloads_;
  std::vector<std::pair<std::string, Command>> commands_;
};

namespace detail {

using Register = void (*)(Plugin&);

struct PluginState {
  Plugin plugin;
  std::string error;  // registration failed: describe() reports it, nothing else runs
};

// One per plugin library (the SDK's inline functions have hidden visibility in plugins):
// built on the first descriptor() call, destroyed when the library is unloaded.
inline PluginState* plugin_state() {
  static PluginState state;
  return &state;
}

inline const char* fail(const char* what) {
  thread_local std::string message;
  message = what;
  return message.c_str();
}

template <class Fn>
const char* guarded(Fn&& fn) {
  try {
    fn();
    return nullptr;
  } catch (const std::exception& e) {
    return fail(error_text(e).c_str());
  } catch (...) {
    return fail("unknown exception");
  }
}

struct HeldInstance {
  std::unique_ptr<Instance> instance;
  Output last;  // output() copies here so the pointer stays valid until the next call
};

inline Plugin& plugin() { return plugin_state()->plugin; }

inline const char* c_describe() {
  thread_local std::string text;
  try {
    if (!plugin_state()->error.empty()) throw std::runtime_error("registration failed: " + plugin_state()->error);
    text = plugin().describe().dump();
  } catch (const std::exception& e) {
    text = nlohmann::json{{"error", e.what()}}.dump();
  }
  return text.c_str();
}

inline const char* c_prepare(const char* workload, const char* variant, const char* params_json, std::uint64_t seed,
                             const crucible_run_context* context, void** instance) {
  return guarded([&] {
    *instance = nullptr;
    const Params params(nlohmann::json::parse(params_json));
    auto held = std::make_unique<HeldInstance>();
    held->instance = plugin().find(workload).prepare(variant, params, seed, Context(context));
    *instance = held.release();
  });
}

inline const char* c_run(void* instance, const crucible_run_context* context) {
  return guarded([&] { static_cast<HeldInstance*>(instance)->instance->run(Context(context)); });
}

inline const char* c_output(void* instance, const void** data, std::size_t* size) {
  return guarded([&] {
    auto* held = static_cast<HeldInstance*>(instance);
    held->last = held->instance->output();
    *data = held->last.bytes().data();
    *size = held->last.size();
  });
}

inline const char* c_work(void* instance, crucible_work* work) {
  return guarded([&] {
    const Work& w = static_cast<HeldInstance*>(instance)->instance->work;
    work->bytes = w.bytes;
    work->ops = w.ops;
    work->ops_type = static_cast<std::uint32_t>(w.ops_type);
  });
}

inline const char* c_input(void* instance, const void** data, std::size_t* size) {
  return guarded([&] {
    auto* held = static_cast<HeldInstance*>(instance);
    held->last.clear();
    held->instance->export_input(held->last);
    *data = held->last.bytes().data();
    *size = held->last.size();
  });
}

inline void c_release(void* instance) { delete static_cast<HeldInstance*>(instance); }

inline const char* c_check_property(const char* workload, const char* property, const char* config_json,
                                    const char** result_json) {
  thread_local std::string text;
  return guarded([&] {
    text = plugin().find(workload).check_property(property, nlohmann::json::parse(config_json)).dump();
    *result_json = text.c_str();
  });
}

inline int c_command(const char* name, int argc, const char* const* argv) {
  return run_command(std::string("crucible ") + name, std::cerr, [&] {
    const auto* fn = plugin().find_command(name);
    if (!fn) return exit_code::usage;
    return (*fn)(argc, argv);
  });
}

inline const crucible_plugin_descriptor* descriptor(const char* name, const char* version, Register body) {
  static crucible_plugin_descriptor table = [&] {
    try {
      body(plugin_state()->plugin);
    } catch (const std::exception& e) {
      plugin_state()->error = e.what();
    }
    return crucible_plugin_descriptor{CRUCIBLE_ABI_VERSION, sizeof(crucible_plugin_descriptor),
                                      name,                 version,
                                      c_describe,           c_prepare,
                                      c_run,                c_output,
                                      c_work,               c_release,
                                      c_check_property,     c_command,
                                      c_input};
  }();
  return &table;
}

}  // namespace detail
}  // namespace crucible
