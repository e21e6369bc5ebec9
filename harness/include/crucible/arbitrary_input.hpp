#pragma once
// Which input types RapidCheck can generate on its own, so that a workload whose input is one
// of them needs no .inputs() for its laws and equivalences: arithmetic types, std::string,
// std::vector / std::array / std::pair / std::tuple / std::optional of such types, and any type
// that defines `static rc::Gen<T> arbitrary()` (which also makes rc::gen::arbitrary<T>() work,
// so the type can be a law's argument). RapidCheck's own rc::Arbitrary cannot be asked whether
// it exists for a type without a hard compile error, hence this trait.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <rapidcheck.h>

namespace crucible {

template <class T>
concept DefinesArbitrary = requires {
  { T::arbitrary() } -> std::same_as<rc::Gen<T>>;
};

namespace detail {

template <class T>
struct generated_by_rapidcheck : std::bool_constant<std::is_arithmetic_v<T> || DefinesArbitrary<T>> {};
template <>
struct generated_by_rapidcheck<std::string> : std::true_type {};
template <class T, class A>
struct generated_by_rapidcheck<std::vector<T, A>> : generated_by_rapidcheck<T> {};
template <class T, std::size_t N>
struct generated_by_rapidcheck<std::array<T, N>> : generated_by_rapidcheck<T> {};
template <class T>
struct generated_by_rapidcheck<std::optional<T>> : generated_by_rapidcheck<T> {};
template <class A, class B>
struct generated_by_rapidcheck<std::pair<A, B>>
    : std::bool_constant<generated_by_rapidcheck<A>::value && generated_by_rapidcheck<B>::value> {};
template <class... T>
struct generated_by_rapidcheck<std::tuple<T...>> : std::bool_constant<(generated_by_rapidcheck<T>::value && ...)> {};

}  // namespace detail

template <class T>
inline constexpr bool has_arbitrary_input = detail::generated_by_rapidcheck<T>::value;

}  // namespace crucible

namespace rc {
// A type's own `static rc::Gen<T> arbitrary()` serves as its RapidCheck Arbitrary.
template <class T>
struct Arbitrary<T, std::enable_if_t<crucible::DefinesArbitrary<T>>> {
  static Gen<T> arbitrary() { return T::arbitrary(); }
};
}  // namespace rc
