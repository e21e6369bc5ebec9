#pragma once
// Small helpers for the line-oriented data files: split a line on tabs, parse integers.
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace address {

inline std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  while (true) {
    const std::size_t e = s.find(sep, b);
    out.push_back(s.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return out;
}

template <class T>
bool parse_int(std::string_view s, T& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc{} && p == s.data() + s.size() && !s.empty();
}

// Calls f(line_number, line) for each line (without '\n' or a trailing '\r').
template <class F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t b = 0;
  int line = 0;
  while (b < text.size()) {
    std::size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string_view l = text.substr(b, e - b);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    f(++line, l);
    b = e + 1;
  }
}

}  // namespace address
