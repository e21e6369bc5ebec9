#pragma once
// expect_close: the check a law makes when it compares two results itself, with the same
// metrics, tolerances and messages as a declared equivalence (w.equal). It fails the current
// RapidCheck case with what differs and where, sizes included.
//
//   w.property("splits agree", [](const DecodeInput& in) {
//     crucible::expect_close(decode(in, 4), decode(in, 1), crucible::within(1e-5));
//   });
#include <span>
#include <string>

#include <rapidcheck.h>

#include <crucible/equivalence.hpp>
#include <crucible/output.hpp>

namespace crucible {

inline void expect_close(const Output& got, const Output& want, const Equivalence& how) {
  if (auto why = compare(got, want, how)) RC_FAIL(*why);
}
inline void expect_close(std::span<const float> got, std::span<const float> want, const Equivalence& how) {
  if (auto why = compare(got, want, how)) RC_FAIL(*why);
}
inline void expect_close(std::span<const double> got, std::span<const double> want, const Equivalence& how) {
  if (auto why = compare(got, want, how)) RC_FAIL(*why);
}

}  // namespace crucible
