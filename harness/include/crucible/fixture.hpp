#pragma once
// Fixture<Input>: a stateful variant, for work whose setup must stay out of the timing (device
// allocation and upload, a loaded model, scratch buffers). Declared with
// `w.variant<MyFixture>("cuda")`; the harness makes one per prepared case:
//
//   struct CudaMatch : crucible::Fixture<MatchInput> {
//     void prepare(const MatchInput& in, const crucible::Context& cx) override;  // untimed
//     void run(const crucible::Context& cx) override;             // timed; enqueues on cx.stream()
//     void output(crucible::Output& out) override;                // reads the result back
//   };
//
// The input handed to prepare() stays alive, unchanged, for the fixture's whole life, so a
// fixture may keep a reference to it instead of a copy. A stateless variant needs none of
// this: `w.variant("cpu_ref", fn)` with fn(const Input&, Output&[, const Context&]).
#include <crucible/context.hpp>
#include <crucible/output.hpp>

namespace crucible {

template <class Input>
class Fixture {
 public:
  virtual ~Fixture() = default;
  virtual void prepare(const Input& input, const Context& context) = 0;
  virtual void run(const Context& context) = 0;
  virtual void output(Output& out) = 0;
};

}  // namespace crucible
