/* Crucible plugin ABI, version 2 (2 added crucible_work.ops_type).
 *
 * A plugin is a shared library that exports one C function, `crucible_plugin_v1`, returning
 * a pointer to a static descriptor. Only C types cross this boundary: strings are UTF-8 and
 * NUL-terminated; structured data (workload descriptions, parameters, property results) is
 * JSON text. Functions that can fail return NULL on success or an error message that stays
 * valid until the next call into the plugin from the same thread. Plugin authors do not write
 * this table: the C++ SDK (<crucible/sdk.hpp>) generates it from CRUCIBLE_PLUGIN.
 */
#ifndef CRUCIBLE_ABI_H
#define CRUCIBLE_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef CRUCIBLE_ABI_VERSION
#define CRUCIBLE_ABI_VERSION 2u
#endif
#define CRUCIBLE_PLUGIN_SYMBOL "crucible_plugin_v1"

/* What one run of a variant moves and computes; the harness turns it into GB/s and FLOP/s.
 * ops_type says what one op is (see Work in <crucible/work.hpp>): "fp32", "tf32", "fp16",
 * "bf16", "fp8" or "other"; a string with static storage, NULL meaning "fp32". */
typedef struct crucible_work {
  double bytes;
  double ops;
  const char* ops_type;
} crucible_work;

/* Handed to every run: the thread count to use and, for GPU variants, the harness-owned stream.
 * phase_begin/phase_end mark named sub-phases ("h2d", "kernel") for NVTX; both may be NULL. */
typedef struct crucible_run_context {
  uint32_t threads;
  void* stream; /* cudaStream_t, or NULL when the harness runs without CUDA */
  void* harness;
  void (*phase_begin)(void* harness, const char* name);
  void (*phase_end)(void* harness);
} crucible_run_context;

typedef struct crucible_plugin_descriptor {
  uint32_t abi_version;  /* CRUCIBLE_ABI_VERSION the plugin was built with */
  uint32_t struct_size;  /* sizeof(crucible_plugin_descriptor) in the plugin */
  const char* name;
  const char* version;

  /* JSON: {"workloads":[{"name", "axes":{...}, "variants":[{"name","threads","requires":{...},
   * "unmet":"reason or empty"}], "properties":[...], "equivalences":[...]}], "commands":[...]} */
  const char* (*describe)(void);

  /* Builds the input for (workload, variant) from JSON params and a seed, untimed. */
  const char* (*prepare)(const char* workload, const char* variant, const char* params_json,
                         uint64_t seed, const crucible_run_context* context, void** instance);
  /* The timed work. GPU work is enqueued on context->stream and not synchronized. */
  const char* (*run)(void* instance, const crucible_run_context* context);
  /* The output bytes of the last run (synchronizing as needed); valid until the next call. */
  const char* (*output)(void* instance, const void** data, size_t* size);
  const char* (*work)(const char* workload, const char* params_json, crucible_work* work);
  void (*release)(void* instance);

  /* Runs one named property (a law or a declared equivalence) with RapidCheck.
   * config_json: {"seed", "cases", "max_size", "reproduce"}. *result_json receives
   * {"status":"passed|failed|gave_up|error", "cases", "message", "counterexample":[[expr,value]],
   *  "reproduce"}. */
  const char* (*check_property)(const char* workload, const char* property,
                                const char* config_json, const char** result_json);

  /* Runs a plugin-provided subcommand (`crucible NAME ARGS...`); returns its exit code. */
  int (*command)(const char* name, int argc, const char* const* argv);
} crucible_plugin_descriptor;

typedef const crucible_plugin_descriptor* (*crucible_plugin_entry)(void);

#ifdef __cplusplus
}
#endif

#endif /* CRUCIBLE_ABI_H */
