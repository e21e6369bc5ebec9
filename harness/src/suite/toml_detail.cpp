#include "suite/toml_detail.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <utility>
#include <vector>

namespace crucible::suite_detail {

SourceLocation location_of(const toml::source_region& region) {
  SourceLocation loc;
  if (region.path) loc.path = *region.path;
  loc.line = static_cast<int>(region.begin.line);
  loc.column = static_cast<int>(region.begin.column);
  return loc;
}

SourceLocation location_of(const toml::node& node) { return location_of(node.source()); }

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "table";
    case toml::node_type::array: return "array";
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

std::string format_number(double value) {
  char buf[64];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  return buf;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
      diag = up;
    }
  }
  return row[b.size()];
}

void check_keys(const toml::table& table, std::initializer_list<std::string_view> valid,
                std::string_view context) {
  const toml::key* first = nullptr;
  SourceLocation first_loc;
  for (auto&& [key, value] : table) {
    if (std::find(valid.begin(), valid.end(), key.str()) != valid.end()) continue;
    SourceLocation loc = location_of(key.source());
    if (loc.line == 0) loc = location_of(value);
    if (!first || std::pair(loc.line, loc.column) < std::pair(first_loc.line, first_loc.column)) {
      first = &key;
      first_loc = loc;
    }
  }
  if (!first) return;

  std::string message = "unknown key '" + std::string(first->str()) + "' " + std::string(context) +
                        "; valid keys: ";
  std::string_view best;
  std::size_t best_distance = 3;  // suggest only when the distance is <= 2
  bool leading = true;
  for (std::string_view candidate : valid) {
    if (!leading) message += ", ";
    leading = false;
    message += candidate;
    std::size_t d = edit_distance(first->str(), candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  if (!best.empty()) message += "; did you mean '" + std::string(best) + "'?";
  throw SuiteError(first_loc, std::move(message));
}

void fail(const toml::node& node, std::string message) {
  throw SuiteError(location_of(node), std::move(message));
}

}  // namespace crucible::suite_detail
