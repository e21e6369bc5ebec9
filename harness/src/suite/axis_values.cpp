#include "suite/axis_values.hpp"

#include <cmath>
#include <cstdint>
#include <utility>

#include "suite/toml_detail.hpp"

namespace crucible {
namespace {

using suite_detail::fail;
using suite_detail::format_number;
using suite_detail::type_name;

std::string axis_label(const std::string& name) { return "axis '" + name + "'"; }

[[noreturn]] void too_many(const toml::node& node, const std::string& name, const std::string& count) {
  fail(node, axis_label(name) + " expands to " + count + " values, more than the limit of " +
                 std::to_string(kMaxAxisValues) + "; use a larger step or a narrower range");
}

AxisValues expand_list(const toml::array& list, const std::string& name) {
  if (list.empty())
    fail(list, axis_label(name) + " has no values; give at least one, e.g. " + name + " = [1]");
  if (list.size() > kMaxAxisValues) too_many(list, name, std::to_string(list.size()));

  enum class Kind { number, string, boolean };
  auto kind_of = [&](const toml::node& v) {
    if (v.is_integer() || v.is_floating_point()) return Kind::number;
    if (v.is_string()) return Kind::string;
    if (v.is_boolean()) return Kind::boolean;
    fail(v, axis_label(name) + " values must be numbers, strings or bools, got " + type_name(v));
  };
  auto kind_word = [](Kind k) {
    switch (k) {
      case Kind::number: return "numbers";
      case Kind::string: return "strings";
      case Kind::boolean: return "bools";
    }
    return "";
  };

  const Kind kind = kind_of(*list.get(0));
  bool any_float = false;
  for (const toml::node& v : list) {
    Kind k = kind_of(v);
    if (k != kind)
      fail(v, axis_label(name) + " mixes kinds of values: it starts with " + kind_word(kind) +
                  " but this value is " + type_name(v) +
                  "; an axis list must be all numbers, all strings or all bools");
    if (v.is_floating_point()) {
      any_float = true;
      if (!std::isfinite(v.as_floating_point()->get()))
        fail(v, axis_label(name) + " values must be finite numbers, got " +
                    format_number(v.as_floating_point()->get()));
    }
  }

  AxisValues out;
  out.reserve(list.size());
  for (const toml::node& v : list) {
    if (auto* i = v.as_integer()) {
      if (any_float)
        out.emplace_back(static_cast<double>(i->get()));
      else
        out.emplace_back(static_cast<std::int64_t>(i->get()));
    } else if (auto* f = v.as_floating_point()) {
      out.emplace_back(f->get());
    } else if (auto* s = v.as_string()) {
      out.emplace_back(s->get());
    } else {
      out.emplace_back(v.as_boolean()->get());
    }
  }
  return out;
}

// [a, b] with two numbers (integers only when `integers_only`).
std::pair<const toml::node*, const toml::node*> pair_of(const toml::node& node, const std::string& name,
                                                        std::string_view key, bool integers_only) {
  const std::string what = axis_label(name) + " " + std::string(key);
  const std::string shape = integers_only ? "[lo, hi] of two integers" : "[start, stop] of two numbers";
  const toml::array* arr = node.as_array();
  if (!arr) fail(node, what + " must be " + shape + ", got " + type_name(node));
  if (arr->size() != 2)
    fail(node, what + " must be " + shape + ", got " + std::to_string(arr->size()) +
                   (arr->size() == 1 ? " element" : " elements"));
  for (const toml::node& v : *arr) {
    bool ok = v.is_integer() || (!integers_only && v.is_floating_point());
    if (!ok)
      fail(v, what + " must be " + shape + ", got " + type_name(v));
    if (v.is_floating_point() && !std::isfinite(v.as_floating_point()->get()))
      fail(v, what + " must be finite, got " + format_number(v.as_floating_point()->get()));
  }
  return {arr->get(0), arr->get(1)};
}

double as_double(const toml::node& v) {
  if (auto* i = v.as_integer()) return static_cast<double>(i->get());
  return v.as_floating_point()->get();
}

AxisValues expand_range(const toml::table& table, const std::string& name) {
  const toml::node& range = *table.get("range");
  auto [start_node, stop_node] = pair_of(range, name, "range", false);

  const toml::node* step_node = table.get("step");
  if (step_node && !step_node->is_integer() && !step_node->is_floating_point())
    fail(*step_node, axis_label(name) + " step must be a number, got " + type_name(*step_node));
  if (step_node && step_node->is_floating_point() && !std::isfinite(as_double(*step_node)))
    fail(*step_node, axis_label(name) + " step must be finite, got " + format_number(as_double(*step_node)));

  const bool integral = start_node->is_integer() && stop_node->is_integer() &&
                        (!step_node || step_node->is_integer());
  AxisValues out;
  if (integral) {
    const std::int64_t start = start_node->as_integer()->get();
    const std::int64_t stop = stop_node->as_integer()->get();
    const std::int64_t step = step_node ? step_node->as_integer()->get() : 1;
    if (step <= 0)
      fail(*step_node, axis_label(name) + " step must be > 0, got " + std::to_string(step));
    if (start > stop)
      fail(range, axis_label(name) + " range start must be <= stop, got [" + std::to_string(start) +
                      ", " + std::to_string(stop) + "]; write the smaller value first");
    // stop >= start, so the true difference fits in uint64 (modular arithmetic is exact here).
    const std::uint64_t span = static_cast<std::uint64_t>(stop) - static_cast<std::uint64_t>(start);
    const std::uint64_t steps = span / static_cast<std::uint64_t>(step);
    if (steps >= kMaxAxisValues) {
      too_many(range, name, steps == UINT64_MAX ? "18446744073709551616" : std::to_string(steps + 1));
    }
    out.reserve(steps + 1);
    for (std::uint64_t i = 0; i <= steps; ++i)
      out.emplace_back(static_cast<std::int64_t>(static_cast<std::uint64_t>(start) +
                                                 i * static_cast<std::uint64_t>(step)));
    return out;
  }

  const double start = as_double(*start_node);
  const double stop = as_double(*stop_node);
  const double step = step_node ? as_double(*step_node) : 1.0;
  if (!(step > 0)) fail(*step_node, axis_label(name) + " step must be > 0, got " + format_number(step));
  if (start > stop)
    fail(range, axis_label(name) + " range start must be <= stop, got [" + format_number(start) + ", " +
                    format_number(stop) + "]; write the smaller value first");
  // Tolerate rounding so that e.g. range = [0.0, 1.0], step = 0.1 includes 1.0.
  const double exact_steps = (stop - start) / step;
  const double steps_d = std::floor(exact_steps + 1e-9);
  if (!(steps_d < static_cast<double>(kMaxAxisValues)))
    too_many(range, name, format_number(std::floor(steps_d) + 1));
  const auto steps = static_cast<std::size_t>(steps_d);
  out.reserve(steps + 1);
  for (std::size_t i = 0; i <= steps; ++i) {
    double v = start + static_cast<double>(i) * step;
    if (v > stop || (i == steps && std::fabs(v - stop) <= 1e-9 * step)) v = stop;
    out.emplace_back(v);
  }
  return out;
}

AxisValues expand_pow2(const toml::table& table, const std::string& name) {
  const toml::node& pow2 = *table.get("pow2");
  if (const toml::node* step = table.get("step"))
    fail(*step, axis_label(name) + ": step only applies to range, not pow2; remove it");
  auto [lo_node, hi_node] = pair_of(pow2, name, "pow2", true);
  const std::int64_t lo = lo_node->as_integer()->get();
  const std::int64_t hi = hi_node->as_integer()->get();
  for (const toml::node* n : {lo_node, hi_node}) {
    std::int64_t e = n->as_integer()->get();
    if (e < 0 || e > 62)
      fail(*n, axis_label(name) + " pow2 exponents must be in [0, 62], got " + std::to_string(e));
  }
  if (lo > hi)
    fail(pow2, axis_label(name) + " pow2 must be [lo, hi] with lo <= hi, got [" + std::to_string(lo) +
                   ", " + std::to_string(hi) + "]");
  AxisValues out;
  for (std::int64_t e = lo; e <= hi; ++e) out.emplace_back(std::int64_t{1} << e);
  return out;
}

}  // namespace

AxisValues expand_axis(const toml::node& node, const std::string& name) {
  if (const toml::array* list = node.as_array()) return expand_list(*list, name);

  if (const toml::table* table = node.as_table()) {
    suite_detail::check_keys(*table, {"range", "step", "pow2"}, "in " + axis_label(name));
    const bool has_range = table->contains("range");
    const bool has_pow2 = table->contains("pow2");
    if (has_range && has_pow2)
      fail(node, axis_label(name) + " has both range and pow2; use one of them");
    if (has_range) return expand_range(*table, name);
    if (has_pow2) return expand_pow2(*table, name);
    fail(node, axis_label(name) + " table needs range or pow2, e.g. " + name +
                   " = { range = [8, 64], step = 8 } or " + name + " = { pow2 = [10, 16] }");
  }

  fail(node, axis_label(name) + " must be a list of values, { range = [start, stop], step = s } or " +
                 "{ pow2 = [lo, hi] }, got " + type_name(node) +
                 "; write a single value as a one-element list, e.g. " + name + " = [value]");
}

}  // namespace crucible
