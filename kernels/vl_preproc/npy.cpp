#include "vl_preproc/npy.hpp"

#include <bit>
#include <cstring>
#include <stdexcept>

namespace vl {
namespace {

static_assert(std::endian::native == std::endian::little, "npy output assumes a little-endian host");

std::string encode(const void* data, std::size_t bytes, const char* descr, const std::vector<std::int64_t>& shape) {
  std::string dims;
  for (std::size_t i = 0; i < shape.size(); ++i) dims += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
  if (shape.size() > 1 && !dims.empty() && dims.back() == ',') dims.pop_back();
  std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple
  // of 64 and ended by a newline.
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  if (header.size() > 65535) throw std::invalid_argument("npy header too long");
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  const std::size_t at = out.size();
  out.resize(at + bytes);
  if (bytes) std::memcpy(out.data() + at, data, bytes);
  return out;
}

}  // namespace

std::string npy_bytes(std::span<const float> values, const std::vector<std::int64_t>& shape) {
  return encode(values.data(), values.size_bytes(), "<f4", shape);
}
std::string npy_bytes(std::span<const std::int64_t> values, const std::vector<std::int64_t>& shape) {
  return encode(values.data(), values.size_bytes(), "<i8", shape);
}

}  // namespace vl
