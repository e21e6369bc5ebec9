#pragma once
// Output: the bytes a variant produced. The harness digests them (determinism) and compares
// them between variants (equivalence), so write them canonically: fixed-width values, no
// padding, no pointers.
#include <cstddef>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace crucible {

class Output {
 public:
  void clear() { bytes_.clear(); }

  template <class T>
    requires std::is_trivially_copyable_v<T>
  void write(const T& value) {
    append(&value, sizeof(T));
  }
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void write(std::span<const T> values) {
    append(values.data(), values.size_bytes());
  }
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void write(const std::vector<T>& values) {
    write(std::span<const T>(values));
  }
  // Length-prefixed, so that "ab"+"c" and "a"+"bc" differ.
  void write(std::string_view text) {
    write<std::uint64_t>(text.size());
    append(text.data(), text.size());
  }
  void append(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::byte*>(data);
    bytes_.insert(bytes_.end(), p, p + size);
  }

  std::span<const std::byte> bytes() const { return bytes_; }
  std::size_t size() const { return bytes_.size(); }

  // Reinterprets the bytes as an array of T (for tolerance comparisons of float outputs).
  template <class T>
  std::vector<T> as() const {
    std::vector<T> values(bytes_.size() / sizeof(T));
    if (!values.empty()) std::memcpy(values.data(), bytes_.data(), values.size() * sizeof(T));
    return values;
  }

 private:
  std::vector<std::byte> bytes_;
};

}  // namespace crucible
