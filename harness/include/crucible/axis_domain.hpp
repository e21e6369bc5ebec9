#pragma once
// AxisDomain: the values a parameter axis accepts. A workload declares it with its axis
// (Workload::axis(name, defaults, domain)); the harness checks every suite value against it
// before a worker starts, so that `patterns = [-5]` is an error at its file:line:col instead of
// a worker that allocates until it times out.
//
//   .axis("patterns", {1000, 100000}, crucible::AxisDomain::integers(1, 50'000'000))
//   .axis("dtype", {"bf16"}, crucible::AxisDomain::one_of({"fp16", "bf16"}))
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible {

class AxisDomain {
 public:
  // Any value (the default: an axis declared without a domain).
  AxisDomain() = default;

  // Whole numbers in [min, max].
  static AxisDomain integers(std::int64_t min, std::int64_t max) {
    AxisDomain d;
    d.kind_ = Kind::integers;
    d.min_ = static_cast<double>(min);
    d.max_ = static_cast<double>(max);
    return d;
  }
  // Finite numbers in [min, max].
  static AxisDomain numbers(double min, double max) {
    AxisDomain d;
    d.kind_ = Kind::numbers;
    d.min_ = min;
    d.max_ = max;
    return d;
  }
  // One of the named strings.
  static AxisDomain one_of(std::vector<std::string> names) {
    AxisDomain d;
    d.kind_ = Kind::names;
    d.names_ = std::move(names);
    return d;
  }

  // Why `value` is outside the domain, or nothing when it is inside.
  std::optional<std::string> reject(const nlohmann::json& value) const {
    switch (kind_) {
      case Kind::any:
        return std::nullopt;
      case Kind::integers:
      case Kind::numbers: {
        if (!value.is_number()) return "must be " + text() + ", got " + value.dump();
        const double v = value.get<double>();
        const bool whole = std::isfinite(v) && v == std::floor(v);
        if (kind_ == Kind::integers && !whole) return "must be " + text() + ", got " + value.dump();
        if (!std::isfinite(v) || v < min_ || v > max_) return "must be " + text() + ", got " + value.dump();
        return std::nullopt;
      }
      case Kind::names:
        if (value.is_string()) {
          for (const auto& n : names_) {
            if (n == value.get<std::string>()) return std::nullopt;
          }
        }
        return "must be " + text() + ", got " + value.dump();
    }
    return std::nullopt;
  }

  // "an integer in [1, 50000000]", "one of \"fp16\", \"bf16\"", "any value".
  std::string text() const {
    switch (kind_) {
      case Kind::any:
        return "any value";
      case Kind::integers:
        return "an integer in [" + number_text(min_) + ", " + number_text(max_) + "]";
      case Kind::numbers:
        return "a number in [" + number_text(min_) + ", " + number_text(max_) + "]";
      case Kind::names: {
        std::string out = "one of ";
        for (std::size_t i = 0; i < names_.size(); ++i) out += (i ? ", " : "") + nlohmann::json(names_[i]).dump();
        return out;
      }
    }
    return {};
  }

  // As the plugin describes it to the harness: {"integers": [min, max]}, {"numbers": [min, max]},
  // {"one_of": [...]}, or null for any value.
  nlohmann::json to_json() const {
    switch (kind_) {
      case Kind::any:
        return nullptr;
      case Kind::integers:
        return {{"integers", {static_cast<std::int64_t>(min_), static_cast<std::int64_t>(max_)}}};
      case Kind::numbers:
        return {{"numbers", {min_, max_}}};
      case Kind::names:
        return {{"one_of", names_}};
    }
    return nullptr;
  }
  static AxisDomain from_json(const nlohmann::json& j) {
    if (!j.is_object()) return {};
    auto bounds = [&](const char* key, std::size_t i) { return j[key].at(i).get<double>(); };
    if (j.contains("integers")) {
      return integers(static_cast<std::int64_t>(bounds("integers", 0)), static_cast<std::int64_t>(bounds("integers", 1)));
    }
    if (j.contains("numbers")) return numbers(bounds("numbers", 0), bounds("numbers", 1));
    if (j.contains("one_of")) return one_of(j["one_of"].get<std::vector<std::string>>());
    return {};
  }

 private:
  enum class Kind { any, integers, numbers, names };
  static std::string number_text(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e18) {
      return std::to_string(static_cast<std::int64_t>(v));
    }
    return nlohmann::json(v).dump();
  }

  Kind kind_ = Kind::any;
  double min_ = 0, max_ = 0;
  std::vector<std::string> names_;
};

}  // namespace crucible
