#pragma once
// The Crucible plugin SDK: include this, write one CRUCIBLE_PLUGIN block.
//
//   CRUCIBLE_PLUGIN("kato", "1.0") {
//     auto& w = plugin.workload<MatchInput>("match")
//         .axis("patterns", {1000, 100000})
//         .generate([](const crucible::Params& p, crucible::Rng& rng) { return make_input(p, rng); })
//         .inputs(gen_match_input)                // RapidCheck generator for properties
//         .work([](const crucible::Params&, const MatchInput& in) {
//           return crucible::Work{.bytes = scan_bytes(in), .ops = cells(in), .ops_type = crucible::Ops::other};
//         });
//     w.variant("cpu_ref", [](const MatchInput& in, crucible::Output& out) { ... });
//     w.variant("cpu_fast", run_fast).threads();
//     w.variant<CudaMatch>("cuda").requires_cuda(8.0);   // a crucible::Fixture<MatchInput>
//     w.equal("cpu_fast", "cpu_ref", crucible::bitwise);
//     w.property("similarity is symmetric", [](const MatchInput& in) { RC_ASSERT(...); });
//   }
//
// The macro exports `crucible_plugin_v3` (see <crucible/abi.h>); nothing else crosses.
#include <crucible/abi.h>
#include <crucible/context.hpp>
#include <crucible/equivalence.hpp>
#include <crucible/expect_close.hpp>
#include <crucible/fixture.hpp>
#include <crucible/output.hpp>
#include <crucible/params.hpp>
#include <crucible/plugin.hpp>
#include <crucible/rng.hpp>
#include <crucible/work.hpp>
#include <crucible/workload.hpp>

#define CRUCIBLE_PLUGIN(NAME, VERSION)                                                                 \
  static void crucible_register_plugin(::crucible::Plugin& plugin);                                   \
  extern "C" __attribute__((visibility("default"))) const crucible_plugin_descriptor* CRUCIBLE_PLUGIN_ENTRY( \
      void) {                                                                                          \
    return ::crucible::detail::descriptor(NAME, VERSION, &crucible_register_plugin);                   \
  }                                                                                                    \
  static void crucible_register_plugin([[maybe_unused]] ::crucible::Plugin& plugin)
