/* Crucible plugin ABI, version 3.
 *
 * A plugin is a shared library that exports one C function, `crucible_plugin_v3` (the suffix is
 * the ABI version), returning a pointer to a static descriptor. Only C types cross this
 * boundary: strings are UTF-8 and NUL-terminated; structured data (workload descriptions,
 * parameters, property results) is JSON text. Functions that can fail return NULL on success or
 * an error message that stays valid until the next call into the plugin from the same thread.
 * Plugin authors do not write this table: the C++ SDK (<crucible/sdk.hpp>) generates it from
 * CRUCIBLE_PLUGIN.
 *
 * Every version of the descriptor begins with abi_version and struct_size, so that the loader
 * can read them from a plugin of any version (found under its own crucible_plugin_vN) and
 * refuse it by name. Within a version, fields are only appended: a descriptor whose struct_size
 * ends before a field lacks it (3.0 ends after `command`; 3.1 adds `input`).
 */
#ifndef CRUCIBLE_ABI_H
#define CRUCIBLE_ABI_H

#include <stddef.h> /* offsetof, size_t */
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef CRUCIBLE_ABI_VERSION
#define CRUCIBLE_ABI_VERSION 3u
#endif
#define CRUCIBLE_PLUGIN_ENTRY crucible_plugin_v3
#define CRUCIBLE_PLUGIN_SYMBOL "crucible_plugin_v3"

/* What one op of crucible_work.ops is (crucible::Ops in <crucible/work.hpp>). */
typedef enum crucible_ops_type {
  CRUCIBLE_OPS_FP32 = 0,
  CRUCIBLE_OPS_TF32 = 1,
  CRUCIBLE_OPS_FP16 = 2,
  CRUCIBLE_OPS_BF16 = 3,
  CRUCIBLE_OPS_FP8 = 4,
  CRUCIBLE_OPS_OTHER = 5
} crucible_ops_type;

/* What one run of a prepared variant moves and computes, counted from its input; the harness
 * turns it into GB/s and FLOP/s. ops_type is a crucible_ops_type. */
typedef struct crucible_work {
  double bytes;
  double ops;
  uint32_t ops_type;
} crucible_work;

/* Handed to every run: the thread count to use and, for GPU variants, the harness-owned stream.
 * phase_begin/phase_end mark named sub-phases ("h2d", "kernel") as NVTX ranges during GPU
 * benchmarks; both are NULL when nothing records phases. */
typedef struct crucible_run_context {
  uint32_t threads;
  void* stream; /* cudaStream_t, or NULL when the harness runs without CUDA */
  void (*phase_begin)(const char* name);
  void (*phase_end)(void);
} crucible_run_context;

typedef struct crucible_plugin_descriptor {
  uint32_t abi_version;  /* CRUCIBLE_ABI_VERSION the plugin was built with */
  uint32_t struct_size;  /* sizeof(crucible_plugin_descriptor) in the plugin */
  const char* name;
  const char* version;

  /* JSON: {"workloads":[{"name", "axes":{...}, "axis_order":[...], "variants":[{"name","threads",
   * "requires":{...}, "capturable", "synchronizes"}], "properties":[...], "equivalences":[...]}],
   * "commands":[...], "cuda_architectures": "80;90" (what the plugin's CUDA code was built for)} */
  const char* (*describe)(void);

  /* Builds the input for (workload, variant) from JSON params and a seed, untimed. */
  const char* (*prepare)(const char* workload, const char* variant, const char* params_json,
                         uint64_t seed, const crucible_run_context* context, void** instance);
  /* The timed work. GPU work is enqueued on context->stream and not synchronized. */
  const char* (*run)(void* instance, const crucible_run_context* context);
  /* The output bytes of the last run (synchronizing as needed); valid until the next call. */
  const char* (*output)(void* instance, const void** data, size_t* size);
  /* What one run of the prepared instance costs, counted from its input. */
  const char* (*work)(void* instance, crucible_work* work);
  void (*release)(void* instance);

  /* Runs one named property (a law or a declared equivalence) with RapidCheck.
   * config_json: {"seed", "cases", "max_size", "reproduce", "threads", "stream"}. *result_json
   * receives {"status":"passed|failed|gave_up|error", "cases", "message",
   * "counterexample":[[expr,value]], "reproduce"}. */
  const char* (*check_property)(const char* workload, const char* property,
                                const char* config_json, const char** result_json);

  /* Runs a plugin-provided subcommand (`crucible NAME ARGS...`); returns its exit code. */
  int (*command)(const char* name, int argc, const char* const* argv);

  /* Since 3.1. The input of a prepared instance in its workload's export format, the bytes a
   * peer program reads (Workload::exports); valid until the next call. An error for a workload
   * that declares no export. */
  const char* (*input)(void* instance, const void** data, size_t* size);
} crucible_plugin_descriptor;

/* The size of a 3.0 descriptor: the loader accepts any 3.x at least this large. */
#define CRUCIBLE_DESCRIPTOR_SIZE_3_0 (offsetof(crucible_plugin_descriptor, command) + sizeof(void*))

typedef const crucible_plugin_descriptor* (*crucible_plugin_entry)(void);

#ifdef __cplusplus
}
#endif

#endif /* CRUCIBLE_ABI_H */
