#pragma once
// GGUF v3 (and v2) reader and writer. Format: the GGUF specification (docs/gguf.md in the
// ggml repository); what this reader accepts: docs/quant_llm.md, "Reader policy".
//
// The reader memory-maps the file and validates every offset, size, count, type and alignment
// before use; any violation throws GgufError whose message names the file, what is wrong and
// the byte offset. Unsupported tensor types are refused naming the tensor and the type.
// The writer follows ggml's gguf_write_out: counts u64, strict offsets, zero padding to the
// alignment after the infos and after every tensor (the last one included).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "quant_llm/ggml_type.hpp"

namespace quant {

enum class GgufValueType : std::uint32_t {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
};
const char* gguf_type_name(std::uint32_t type);

inline constexpr std::uint32_t kGgufMagic = 0x46554747;  // "GGUF" little-endian
inline constexpr std::uint64_t kGgufDefaultAlignment = 32;
inline constexpr std::uint64_t kGgufMaxStringLength = std::uint64_t{1} << 30;
inline constexpr std::uint64_t kGgufMaxArrayElements = std::uint64_t{1} << 30;
inline constexpr std::size_t kGgmlMaxName = 64;

class GgufError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct GgufValue {
  GgufValueType type = GgufValueType::UINT8;
  // Scalars: integers in `i` (and `u` for unsigned), floats in `f`, bools in `b`, strings in `str`.
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double f = 0;
  bool b = false;
  std::string_view str;
  // Arrays: element type and count; numeric elements as raw little-endian bytes, strings as views.
  GgufValueType elem_type = GgufValueType::UINT8;
  std::uint64_t count = 0;
  const std::uint8_t* array_data = nullptr;
  std::vector<std::string_view> strings;
  bool nested_skipped = false;  // an array of arrays: parsed, then skipped

  bool is_integer() const;
  bool is_float() const { return type == GgufValueType::FLOAT32 || type == GgufValueType::FLOAT64; }
  // Numeric array element as double (integer and float element types).
  double array_number(std::uint64_t index) const;
  std::string to_display(std::size_t max_items = 8) const;
};

struct GgufTensor {
  std::string name;
  std::uint32_t n_dims = 0;
  std::int64_t ne[4] = {1, 1, 1, 1};
  GgmlType type = GgmlType::F32;
  std::uint64_t offset = 0;  // relative to data_start
  std::uint64_t nbytes = 0;
  std::int64_t n_elems = 0;
  const std::uint8_t* data = nullptr;  // valid while the GgufFile lives

  std::int64_t row_length() const { return ne[0]; }
  std::int64_t rows() const { return n_elems / (ne[0] == 0 ? 1 : ne[0]); }
};

class GgufFile {
 public:
  // Memory-maps and validates `path`.
  static GgufFile open(const std::filesystem::path& path);
  // Validates an in-memory image (tests, fuzzing, generated models); `name` labels errors.
  static GgufFile from_bytes(std::vector<std::uint8_t> bytes, std::string name = "<memory>");

  const std::string& path() const { return path_; }
  std::uint32_t version() const { return version_; }
  std::uint64_t alignment() const { return alignment_; }
  std::uint64_t data_start() const { return data_start_; }
  std::uint64_t file_size() const { return size_; }

  const std::vector<std::pair<std::string, GgufValue>>& kvs() const { return kvs_; }
  const std::vector<GgufTensor>& tensors() const { return tensors_; }
  const GgufValue* find(std::string_view key) const;
  const GgufTensor* find_tensor(std::string_view name) const;
  const GgufTensor& tensor(std::string_view name) const;  // throws GgufError naming the missing tensor

  // Typed getters: any integer type for integers, f32/f64 for floats.
  std::int64_t get_int(std::string_view key) const;
  std::int64_t get_int(std::string_view key, std::int64_t fallback) const;
  double get_float(std::string_view key) const;
  double get_float(std::string_view key, double fallback) const;
  std::string get_string(std::string_view key) const;
  std::string get_string(std::string_view key, const std::string& fallback) const;

 private:
  struct Storage;
  void parse();
  std::shared_ptr<Storage> storage_;
  const std::uint8_t* base_ = nullptr;
  std::uint64_t size_ = 0;
  std::string path_;
  std::uint32_t version_ = 0;
  std::uint64_t alignment_ = kGgufDefaultAlignment;
  std::uint64_t data_start_ = 0;
  std::vector<std::pair<std::string, GgufValue>> kvs_;
  std::vector<GgufTensor> tensors_;
};

class GgufWriter {
 public:
  void set_u32(const std::string& key, std::uint32_t v);
  void set_i32(const std::string& key, std::int32_t v);
  void set_u64(const std::string& key, std::uint64_t v);
  void set_f32(const std::string& key, float v);
  void set_bool(const std::string& key, bool v);
  void set_string(const std::string& key, const std::string& v);
  void set_string_array(const std::string& key, const std::vector<std::string>& v);
  void set_f32_array(const std::string& key, const std::vector<float>& v);
  void set_i32_array(const std::string& key, const std::vector<std::int32_t>& v);
  // ne in ggml order (ne[0] contiguous); `data` holds exactly the tensor's bytes.
  void add_tensor(const std::string& name, GgmlType type, std::vector<std::int64_t> ne, std::vector<std::uint8_t> data);

  std::size_t tensor_count() const { return tensors_.size(); }
  std::vector<std::uint8_t> to_bytes() const;
  void write(const std::filesystem::path& path) const;

 private:
  struct Tensor {
    std::string name;
    GgmlType type;
    std::vector<std::int64_t> ne;
    std::vector<std::uint8_t> data;
  };
  std::vector<std::uint8_t>& begin_kv(const std::string& key, GgufValueType type);
  std::vector<std::uint8_t> header() const;
  std::vector<std::string> keys_;
  std::vector<std::vector<std::uint8_t>> kv_bytes_;
  std::vector<Tensor> tensors_;
  std::uint64_t alignment_ = kGgufDefaultAlignment;
};

}  // namespace quant
