#pragma once
// The Crucible plugin SDK: include this, write one CRUCIBLE_PLUGIN block.
//
//   CRUCIBLE_PLUGIN("kato", "1.0") {
//     auto& w = plugin.workload<MatchInput>("match")
//         .axis("patterns", crucible::pow2(10, 20))
//         .generate([](const crucible::Params& p, crucible::Rng& rng) { return make_input(p, rng); })
//         .inputs([] { return gen_match_input(); })           // RapidCheck generator for properties
//         .work([](const crucible::Params& p) { return crucible::Work{.bytes = ..., .ops = ...}; });
//     w.variant("cpu_ref", [](const MatchInput& in, crucible::Output& out) { ... });
//     w.variant("cpu_fast", run_fast).threads();
//     w.equal("cpu_fast", "cpu_ref", crucible::bitwise);
//     w.property("similarity is symmetric", [](const MatchInput& in) { RC_ASSERT(...); });
//   }
//
// The macro exports `crucible_plugin_v1` (see <crucible/abi.h>); nothing else crosses.
#include <crucible/abi.h>
#include <crucible/context.hpp>
#include <crucible/equivalence.hpp>
#include <crucible/output.hpp>
#include <crucible/params.hpp>
#include <crucible/plugin.hpp>
#include <crucible/rng.hpp>
#include <crucible/work.hpp>
#include <crucible/workload.hpp>

#define CRUCIBLE_PLUGIN(NAME, VERSION)                                                                 \
  static void crucible_register_plugin(::crucible::Plugin& plugin);                                   \
  extern "C" __attribute__((visibility("default"))) const crucible_plugin_descriptor* crucible_plugin_v1( \
      void) {                                                                                          \
    return ::crucible::detail::descriptor(NAME, VERSION, &crucible_register_plugin);                   \
  }                                                                                                    \
  static void crucible_register_plugin([[maybe_unused]] ::crucible::Plugin& plugin)
