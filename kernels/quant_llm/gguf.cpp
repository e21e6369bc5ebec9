#include "quant_llm/gguf.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_set>

namespace quant {

const char* gguf_type_name(std::uint32_t type) {
  static const char* names[] = {"UINT8", "INT8",    "UINT16", "INT16", "UINT32", "INT32", "FLOAT32",
                                "BOOL",  "STRING", "ARRAY",  "UINT64", "INT64", "FLOAT64"};
  return type < 13 ? names[type] : "invalid";
}

namespace {

std::size_t scalar_size(std::uint32_t t) {
  switch (static_cast<GgufValueType>(t)) {
    case GgufValueType::UINT8:
    case GgufValueType::INT8:
    case GgufValueType::BOOL: return 1;
    case GgufValueType::UINT16:
    case GgufValueType::INT16: return 2;
    case GgufValueType::UINT32:
    case GgufValueType::INT32:
    case GgufValueType::FLOAT32: return 4;
    case GgufValueType::UINT64:
    case GgufValueType::INT64:
    case GgufValueType::FLOAT64: return 8;
    default: return 0;
  }
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    const unsigned c = p[i];
    std::size_t len;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 80)) {
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return out;
}

// Bounds-checked little-endian reader over the file image.
class Cursor {
 public:
  Cursor(const std::uint8_t* base, std::uint64_t size, const std::string& file) : base_(base), size_(size), file_(file) {}

  [[noreturn]] void fail(const std::string& what, std::uint64_t at) const {
    throw GgufError(file_ + ": " + what + " at offset " + std::to_string(at));
  }
  [[noreturn]] void fail(const std::string& what) const { fail(what, pos_); }

  std::uint64_t pos() const { return pos_; }
  std::uint64_t remaining() const { return size_ - pos_; }
  void need(std::uint64_t n, const char* what) const {
    if (n > remaining()) {
      fail(std::string("truncated file: ") + what + " needs " + std::to_string(n) + " bytes but only " +
           std::to_string(remaining()) + " remain (file size " + std::to_string(size_) + ")");
    }
  }
  template <class T>
  T read(const char* what) {
    need(sizeof(T), what);
    T v;
    std::memcpy(&v, base_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string_view string(const char* what) {
    const std::uint64_t at = pos_;
    const auto len = read<std::uint64_t>(what);
    if (len > kGgufMaxStringLength) {
      fail(std::string(what) + " length " + std::to_string(len) + " exceeds the limit of 2^30 bytes", at);
    }
    need(len, what);
    std::string_view s(reinterpret_cast<const char*>(base_ + pos_), len);
    pos_ += len;
    return s;
  }
  const std::uint8_t* skip(std::uint64_t n, const char* what) {
    need(n, what);
    const std::uint8_t* p = base_ + pos_;
    pos_ += n;
    return p;
  }

 private:
  const std::uint8_t* base_;
  std::uint64_t size_;
  std::uint64_t pos_ = 0;
  const std::string& file_;
};

void read_array(Cursor& c, GgufValue& v, int depth, const std::string& key);

void read_scalar(Cursor& c, std::uint32_t t, GgufValue& v) {
  switch (static_cast<GgufValueType>(t)) {
    case GgufValueType::UINT8: v.u = c.read<std::uint8_t>("uint8 value"); v.i = static_cast<std::int64_t>(v.u); break;
    case GgufValueType::INT8: v.i = c.read<std::int8_t>("int8 value"); break;
    case GgufValueType::UINT16: v.u = c.read<std::uint16_t>("uint16 value"); v.i = static_cast<std::int64_t>(v.u); break;
    case GgufValueType::INT16: v.i = c.read<std::int16_t>("int16 value"); break;
    case GgufValueType::UINT32: v.u = c.read<std::uint32_t>("uint32 value"); v.i = static_cast<std::int64_t>(v.u); break;
    case GgufValueType::INT32: v.i = c.read<std::int32_t>("int32 value"); break;
    case GgufValueType::UINT64: v.u = c.read<std::uint64_t>("uint64 value"); v.i = static_cast<std::int64_t>(v.u); break;
    case GgufValueType::INT64: v.i = c.read<std::int64_t>("int64 value"); break;
    case GgufValueType::FLOAT32: v.f = c.read<float>("float32 value"); break;
    case GgufValueType::FLOAT64: v.f = c.read<double>("float64 value"); break;
    case GgufValueType::BOOL: {
      const std::uint64_t at = c.pos();
      const auto b = c.read<std::uint8_t>("bool value");
      if (b > 1) c.fail("bool value " + std::to_string(b) + " is neither 0 nor 1", at);
      v.b = b != 0;
      break;
    }
    case GgufValueType::STRING: v.str = c.string("string value"); break;
    default: c.fail("invalid value type " + std::to_string(t));
  }
}

void read_value(Cursor& c, std::uint32_t t, GgufValue& v, int depth, const std::string& key) {
  v.type = static_cast<GgufValueType>(t);
  if (t == static_cast<std::uint32_t>(GgufValueType::ARRAY)) {
    read_array(c, v, depth, key);
  } else {
    read_scalar(c, t, v);
  }
}

void read_array(Cursor& c, GgufValue& v, int depth, const std::string& key) {
  if (depth > 8) c.fail("arrays nested deeper than 8 levels in key '" + printable(key) + "'");
  const std::uint64_t at = c.pos();
  const auto et = c.read<std::uint32_t>("array element type");
  if (et > 12) c.fail("array of key '" + printable(key) + "' has invalid element type " + std::to_string(et), at);
  const std::uint64_t count_at = c.pos();
  const auto n = c.read<std::uint64_t>("array count");
  if (n > kGgufMaxArrayElements) {
    c.fail("array count " + std::to_string(n) + " of key '" + printable(key) + "' exceeds the limit of 2^30",
           count_at);
  }
  v.elem_type = static_cast<GgufValueType>(et);
  v.count = n;
  const std::size_t es = scalar_size(et);
  if (es > 0) {
    if (n > c.remaining() / es) {
      c.fail("array count " + std::to_string(n) + " of key '" + printable(key) + "' needs " + std::to_string(n * es) +
                 " bytes but only " + std::to_string(c.remaining()) + " remain",
             count_at);
    }
    v.array_data = c.skip(n * es, "array data");
    if (et == static_cast<std::uint32_t>(GgufValueType::BOOL)) {
      for (std::uint64_t k = 0; k < n; ++k) {
        if (v.array_data[k] > 1) c.fail("bool array element is neither 0 nor 1", c.pos() - n + k);
      }
    }
  } else if (et == static_cast<std::uint32_t>(GgufValueType::STRING)) {
    // Each string needs at least its 8-byte length.
    if (n > c.remaining() / 8) {
      c.fail("array count " + std::to_string(n) + " of key '" + printable(key) + "' cannot fit in the " +
                 std::to_string(c.remaining()) + " remaining bytes",
             count_at);
    }
    v.strings.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t k = 0; k < n; ++k) v.strings.push_back(c.string("array string"));
  } else {
    // Nested arrays: each needs at least 12 bytes (u32 type, u64 count); parse to skip them.
    if (n > c.remaining() / 12) {
      c.fail("nested array count " + std::to_string(n) + " cannot fit in the remaining bytes", count_at);
    }
    v.nested_skipped = true;
    for (std::uint64_t k = 0; k < n; ++k) {
      GgufValue inner;
      read_array(c, inner, depth + 1, key);
    }
  }
}

bool mul_overflows(std::int64_t a, std::int64_t b) { return a != 0 && b > std::numeric_limits<std::int64_t>::max() / a; }

}  // namespace

bool GgufValue::is_integer() const {
  switch (type) {
    case GgufValueType::UINT8:
    case GgufValueType::INT8:
    case GgufValueType::UINT16:
    case GgufValueType::INT16:
    case GgufValueType::UINT32:
    case GgufValueType::INT32:
    case GgufValueType::UINT64:
    case GgufValueType::INT64: return true;
    default: return false;
  }
}

double GgufValue::array_number(std::uint64_t index) const {
  if (type != GgufValueType::ARRAY || !array_data || index >= count) throw std::out_of_range("array_number");
  const std::uint8_t* p = array_data + index * scalar_size(static_cast<std::uint32_t>(elem_type));
  auto get = [p]<class T>(T) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return static_cast<double>(v);
  };
  switch (elem_type) {
    case GgufValueType::UINT8: return get(std::uint8_t{});
    case GgufValueType::INT8: return get(std::int8_t{});
    case GgufValueType::UINT16: return get(std::uint16_t{});
    case GgufValueType::INT16: return get(std::int16_t{});
    case GgufValueType::UINT32: return get(std::uint32_t{});
    case GgufValueType::INT32: return get(std::int32_t{});
    case GgufValueType::UINT64: return get(std::uint64_t{});
    case GgufValueType::INT64: return get(std::int64_t{});
    case GgufValueType::FLOAT32: return get(float{});
    case GgufValueType::FLOAT64: return get(double{});
    case GgufValueType::BOOL: return get(std::uint8_t{});
    default: throw std::out_of_range("array_number: not a numeric array");
  }
}

std::string GgufValue::to_display(std::size_t max_items) const {
  std::ostringstream os;
  if (type == GgufValueType::ARRAY) {
    os << "arr[" << gguf_type_name(static_cast<std::uint32_t>(elem_type)) << ", " << count << "]";
    if (nested_skipped) return os.str() + " (nested, skipped)";
    os << " [";
    const std::uint64_t shown = std::min<std::uint64_t>(count, max_items);
    for (std::uint64_t k = 0; k < shown; ++k) {
      if (k) os << ", ";
      if (elem_type == GgufValueType::STRING) {
        os << '"' << printable(strings[k]) << '"';
      } else {
        os << array_number(k);
      }
    }
    if (shown < count) os << ", ...";
    os << "]";
    return os.str();
  }
  if (is_integer()) {
    if (type == GgufValueType::UINT64) {
      os << u;
    } else {
      os << i;
    }
  } else if (is_float()) {
    os << f;
  } else if (type == GgufValueType::BOOL) {
    os << (b ? "true" : "false");
  } else {
    os << '"' << printable(str) << (str.size() > 80 ? "..." : "") << '"';
  }
  return os.str();
}

struct GgufFile::Storage {
  std::vector<std::uint8_t> bytes;
  void* map = nullptr;
  std::size_t map_size = 0;
  ~Storage() {
    if (map) munmap(map, map_size);
  }
};

GgufFile GgufFile::open(const std::filesystem::path& path) {
  GgufFile f;
  f.path_ = path.string();
  f.storage_ = std::make_shared<Storage>();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw GgufError(f.path_ + ": cannot open: " + std::strerror(errno));
  struct stat st{};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw GgufError(f.path_ + ": not a regular file");
  }
  f.size_ = static_cast<std::uint64_t>(st.st_size);
  if (f.size_ > 0) {
    void* m = mmap(nullptr, static_cast<std::size_t>(f.size_), PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      throw GgufError(f.path_ + ": mmap failed: " + std::strerror(err));
    }
    f.storage_->map = m;
    f.storage_->map_size = static_cast<std::size_t>(f.size_);
    f.base_ = static_cast<const std::uint8_t*>(m);
  }
  ::close(fd);
  f.parse();
  return f;
}

GgufFile GgufFile::from_bytes(std::vector<std::uint8_t> bytes, std::string name) {
  GgufFile f;
  f.path_ = std::move(name);
  f.storage_ = std::make_shared<Storage>();
  f.storage_->bytes = std::move(bytes);
  f.base_ = f.storage_->bytes.data();
  f.size_ = f.storage_->bytes.size();
  f.parse();
  return f;
}

void GgufFile::parse() {
  Cursor c(base_, size_, path_);
  const auto magic = c.read<std::uint32_t>("magic");
  if (magic != kGgufMagic) {
    std::string got(reinterpret_cast<const char*>(&magic), 4);
    c.fail("not a GGUF file: magic is '" + printable(got) + "', expected 'GGUF'", 0);
  }
  version_ = c.read<std::uint32_t>("version");
  if (version_ == 0) c.fail("invalid GGUF version 0", 4);
  if ((version_ & 0xFFFF) == 0) {
    c.fail("GGUF version " + std::to_string(version_) +
               " looks byte-swapped: the file was probably written on a big-endian machine; only little-endian "
               "files are supported",
           4);
  }
  if (version_ == 1) c.fail("GGUF version 1 is no longer supported; convert the file to version 3", 4);
  if (version_ > 3) c.fail("GGUF version " + std::to_string(version_) + " is newer than supported (2 and 3)", 4);

  const auto n_tensors = c.read<std::uint64_t>("tensor count");
  const auto n_kv = c.read<std::uint64_t>("KV count");
  if (static_cast<std::int64_t>(n_tensors) < 0) c.fail("negative tensor count " + std::to_string(static_cast<std::int64_t>(n_tensors)), 8);
  if (static_cast<std::int64_t>(n_kv) < 0) c.fail("negative KV count " + std::to_string(static_cast<std::int64_t>(n_kv)), 16);
  // A KV pair takes at least 8 (key length) + 1 (key) + 4 (type) + 1 (value) bytes; a tensor
  // info at least 8 + 1 + 4 + 8 + 4 + 8.
  if (n_kv > c.remaining() / 14) {
    c.fail("KV count " + std::to_string(n_kv) + " cannot fit in the " + std::to_string(c.remaining()) +
               " remaining bytes",
           16);
  }
  if (n_tensors > c.remaining() / 33) {
    c.fail("tensor count " + std::to_string(n_tensors) + " cannot fit in the " + std::to_string(c.remaining()) +
               " remaining bytes",
           8);
  }

  kvs_.reserve(static_cast<std::size_t>(n_kv));
  std::unordered_set<std::string_view> keys;
  for (std::uint64_t k = 0; k < n_kv; ++k) {
    const std::uint64_t key_at = c.pos();
    const std::string_view key = c.string("KV key");
    if (key.empty()) c.fail("KV " + std::to_string(k) + " has an empty key", key_at);
    if (!valid_utf8(key)) c.fail("KV key '" + printable(key) + "' is not valid UTF-8", key_at);
    if (!keys.insert(key).second) c.fail("duplicate KV key '" + printable(key) + "'", key_at);
    const std::uint64_t type_at = c.pos();
    const auto t = c.read<std::uint32_t>("KV value type");
    if (t > 12) c.fail("KV '" + std::string(key) + "' has invalid value type " + std::to_string(t), type_at);
    GgufValue v;
    read_value(c, t, v, 0, std::string(key));
    if (key == "general.alignment") {
      if (v.type != GgufValueType::UINT32) {
        c.fail(std::string("general.alignment must be UINT32, found ") + gguf_type_name(t), type_at);
      }
      if (v.u == 0 || (v.u & (v.u - 1)) != 0) {
        c.fail("general.alignment " + std::to_string(v.u) + " is not a non-zero power of two", type_at);
      }
      alignment_ = v.u;
    }
    kvs_.emplace_back(std::string(key), std::move(v));
  }

  tensors_.reserve(static_cast<std::size_t>(n_tensors));
  std::unordered_set<std::string> names;
  for (std::uint64_t k = 0; k < n_tensors; ++k) {
    GgufTensor t;
    const std::uint64_t name_at = c.pos();
    const std::string_view name = c.string("tensor name");
    if (name.size() >= kGgmlMaxName) {
      c.fail("tensor name '" + printable(name) + "' is " + std::to_string(name.size()) +
                 " bytes; the limit is 63",
             name_at);
    }
    if (!valid_utf8(name)) c.fail("tensor name '" + printable(name) + "' is not valid UTF-8", name_at);
    t.name = std::string(name);
    if (!names.insert(t.name).second) c.fail("duplicate tensor name '" + t.name + "'", name_at);
    const std::uint64_t dims_at = c.pos();
    t.n_dims = c.read<std::uint32_t>("tensor n_dims");
    if (t.n_dims > 4) c.fail("tensor " + t.name + " has " + std::to_string(t.n_dims) + " dimensions; at most 4", dims_at);
    for (std::uint32_t d = 0; d < t.n_dims; ++d) {
      const std::uint64_t at = c.pos();
      const auto ne = c.read<std::uint64_t>("tensor dimension");
      if (ne > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        c.fail("tensor " + t.name + " dimension " + std::to_string(d) + " is negative or too large (" +
                   std::to_string(ne) + ")",
               at);
      }
      t.ne[d] = static_cast<std::int64_t>(ne);
    }
    if (mul_overflows(t.ne[0], t.ne[1]) || mul_overflows(t.ne[0] * t.ne[1], t.ne[2]) ||
        mul_overflows(t.ne[0] * t.ne[1] * t.ne[2], t.ne[3])) {
      c.fail("tensor " + t.name + " element count overflows int64 (" + std::to_string(t.ne[0]) + " x " +
                 std::to_string(t.ne[1]) + " x " + std::to_string(t.ne[2]) + " x " + std::to_string(t.ne[3]) + ")",
             dims_at);
    }
    t.n_elems = t.ne[0] * t.ne[1] * t.ne[2] * t.ne[3];
    const std::uint64_t type_at = c.pos();
    const auto type_id = c.read<std::uint32_t>("tensor type");
    if (!type_supported(type_id)) c.fail(unsupported_type_message(t.name, type_id), type_at);
    t.type = static_cast<GgmlType>(type_id);
    const auto tr = type_traits(type_id);
    if (t.ne[0] % tr.block_elems != 0) {
      c.fail("tensor " + t.name + " row length " + std::to_string(t.ne[0]) + " is not a multiple of the " + tr.name +
                 " block size " + std::to_string(tr.block_elems),
             dims_at);
    }
    t.nbytes = static_cast<std::uint64_t>(t.n_elems / tr.block_elems) * static_cast<std::uint64_t>(tr.block_bytes);
    if (t.n_elems / tr.block_elems > 0 &&
        t.nbytes / static_cast<std::uint64_t>(tr.block_bytes) != static_cast<std::uint64_t>(t.n_elems / tr.block_elems)) {
      c.fail("tensor " + t.name + " byte size overflows", dims_at);
    }
    const std::uint64_t off_at = c.pos();
    t.offset = c.read<std::uint64_t>("tensor offset");
    if (t.offset % alignment_ != 0) {
      c.fail("tensor " + t.name + " offset " + std::to_string(t.offset) + " is not a multiple of the alignment " +
                 std::to_string(alignment_),
             off_at);
    }
    tensors_.push_back(std::move(t));
  }

  data_start_ = c.pos();
  if (n_tensors > 0) {
    const std::uint64_t pad = (alignment_ - data_start_ % alignment_) % alignment_;
    data_start_ += pad;
    if (data_start_ > size_) {
      c.fail("truncated file: tensor data would start at " + std::to_string(data_start_) + " beyond the end of the file (size " +
             std::to_string(size_) + ")");
    }
  }
  for (auto& t : tensors_) {
    const std::uint64_t avail = size_ - data_start_;
    if (t.offset > avail || t.nbytes > avail - t.offset) {
      throw GgufError(path_ + ": tensor " + t.name + " data [" + std::to_string(data_start_) + " + " +
                      std::to_string(t.offset) + ", " + std::to_string(t.nbytes) + " bytes) extends past the end of the file (size " +
                      std::to_string(size_) + ") at offset " + std::to_string(data_start_ + t.offset));
    }
    t.data = base_ + data_start_ + t.offset;
  }
}

const GgufValue* GgufFile::find(std::string_view key) const {
  for (const auto& [k, v] : kvs_) {
    if (k == key) return &v;
  }
  return nullptr;
}

const GgufTensor* GgufFile::find_tensor(std::string_view name) const {
  for (const auto& t : tensors_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const GgufTensor& GgufFile::tensor(std::string_view name) const {
  if (const auto* t = find_tensor(name)) return *t;
  throw GgufError(path_ + ": no tensor named '" + std::string(name) + "'");
}

std::int64_t GgufFile::get_int(std::string_view key) const {
  const auto* v = find(key);
  if (!v) throw GgufError(path_ + ": missing required key '" + std::string(key) + "'");
  if (!v->is_integer()) {
    throw GgufError(path_ + ": key '" + std::string(key) + "' has type " +
                    gguf_type_name(static_cast<std::uint32_t>(v->type)) + ", expected an integer");
  }
  if (v->type == GgufValueType::UINT64 && v->u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw GgufError(path_ + ": key '" + std::string(key) + "' value " + std::to_string(v->u) + " is too large");
  }
  return v->i;
}
std::int64_t GgufFile::get_int(std::string_view key, std::int64_t fallback) const {
  return find(key) ? get_int(key) : fallback;
}
double GgufFile::get_float(std::string_view key) const {
  const auto* v = find(key);
  if (!v) throw GgufError(path_ + ": missing required key '" + std::string(key) + "'");
  if (!v->is_float()) {
    throw GgufError(path_ + ": key '" + std::string(key) + "' has type " +
                    gguf_type_name(static_cast<std::uint32_t>(v->type)) + ", expected FLOAT32 or FLOAT64");
  }
  return v->f;
}
double GgufFile::get_float(std::string_view key, double fallback) const {
  return find(key) ? get_float(key) : fallback;
}
std::string GgufFile::get_string(std::string_view key) const {
  const auto* v = find(key);
  if (!v) throw GgufError(path_ + ": missing required key '" + std::string(key) + "'");
  if (v->type != GgufValueType::STRING) {
    throw GgufError(path_ + ": key '" + std::string(key) + "' has type " +
                    gguf_type_name(static_cast<std::uint32_t>(v->type)) + ", expected STRING");
  }
  return std::string(v->str);
}
std::string GgufFile::get_string(std::string_view key, const std::string& fallback) const {
  return find(key) ? get_string(key) : fallback;
}

// ----------------------------------------------------------------------------- writer

namespace {
template <class T>
void put(std::vector<std::uint8_t>& out, T v) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
  out.insert(out.end(), p, p + sizeof(T));
}
void put_string(std::vector<std::uint8_t>& out, std::string_view s) {
  put<std::uint64_t>(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}
std::uint64_t align_up(std::uint64_t x, std::uint64_t a) { return x + (a - x % a) % a; }
}  // namespace

std::vector<std::uint8_t>& GgufWriter::begin_kv(const std::string& key, GgufValueType type) {
  for (const auto& k : keys_) {
    if (k == key) throw std::invalid_argument("GgufWriter: duplicate key '" + key + "'");
  }
  keys_.push_back(key);
  auto& out = kv_bytes_.emplace_back();
  put_string(out, key);
  put<std::uint32_t>(out, static_cast<std::uint32_t>(type));
  return out;
}

void GgufWriter::set_u32(const std::string& key, std::uint32_t v) {
  put(begin_kv(key, GgufValueType::UINT32), v);
  if (key == "general.alignment") {
    if (v == 0 || (v & (v - 1)) != 0) throw std::invalid_argument("general.alignment must be a power of two");
    alignment_ = v;
  }
}
void GgufWriter::set_i32(const std::string& key, std::int32_t v) { put(begin_kv(key, GgufValueType::INT32), v); }
void GgufWriter::set_u64(const std::string& key, std::uint64_t v) { put(begin_kv(key, GgufValueType::UINT64), v); }
void GgufWriter::set_f32(const std::string& key, float v) { put(begin_kv(key, GgufValueType::FLOAT32), v); }
void GgufWriter::set_bool(const std::string& key, bool v) {
  put<std::uint8_t>(begin_kv(key, GgufValueType::BOOL), v ? 1 : 0);
}
void GgufWriter::set_string(const std::string& key, const std::string& v) {
  put_string(begin_kv(key, GgufValueType::STRING), v);
}
void GgufWriter::set_string_array(const std::string& key, const std::vector<std::string>& v) {
  auto& out = begin_kv(key, GgufValueType::ARRAY);
  put<std::uint32_t>(out, static_cast<std::uint32_t>(GgufValueType::STRING));
  put<std::uint64_t>(out, v.size());
  for (const auto& s : v) put_string(out, s);
}
void GgufWriter::set_f32_array(const std::string& key, const std::vector<float>& v) {
  auto& out = begin_kv(key, GgufValueType::ARRAY);
  put<std::uint32_t>(out, static_cast<std::uint32_t>(GgufValueType::FLOAT32));
  put<std::uint64_t>(out, v.size());
  for (float x : v) put(out, x);
}
void GgufWriter::set_i32_array(const std::string& key, const std::vector<std::int32_t>& v) {
  auto& out = begin_kv(key, GgufValueType::ARRAY);
  put<std::uint32_t>(out, static_cast<std::uint32_t>(GgufValueType::INT32));
  put<std::uint64_t>(out, v.size());
  for (auto x : v) put(out, x);
}

void GgufWriter::add_tensor(const std::string& name, GgmlType type, std::vector<std::int64_t> ne,
                            std::vector<std::uint8_t> data) {
  if (name.empty() || name.size() >= kGgmlMaxName) throw std::invalid_argument("GgufWriter: bad tensor name '" + name + "'");
  if (ne.empty() || ne.size() > 4) throw std::invalid_argument("GgufWriter: tensor " + name + " needs 1..4 dims");
  for (const auto& t : tensors_) {
    if (t.name == name) throw std::invalid_argument("GgufWriter: duplicate tensor '" + name + "'");
  }
  std::int64_t n = 1;
  for (auto d : ne) n *= d;
  const std::int64_t expect = row_bytes(type, ne[0]) * (ne[0] ? n / ne[0] : 0);
  if (static_cast<std::int64_t>(data.size()) != expect) {
    throw std::invalid_argument("GgufWriter: tensor " + name + " has " + std::to_string(data.size()) +
                                " bytes, expected " + std::to_string(expect));
  }
  // ggml_n_dims: drop trailing 1s, keep at least one dim.
  while (ne.size() > 1 && ne.back() == 1) ne.pop_back();
  tensors_.push_back({name, type, std::move(ne), std::move(data)});
}

std::vector<std::uint8_t> GgufWriter::header() const {
  std::vector<std::uint8_t> out;
  put<std::uint32_t>(out, kGgufMagic);
  put<std::uint32_t>(out, 3);
  put<std::uint64_t>(out, tensors_.size());
  put<std::uint64_t>(out, kv_bytes_.size());
  for (const auto& kv : kv_bytes_) out.insert(out.end(), kv.begin(), kv.end());
  std::uint64_t offset = 0;
  for (const auto& t : tensors_) {
    put_string(out, t.name);
    put<std::uint32_t>(out, static_cast<std::uint32_t>(t.ne.size()));
    for (auto d : t.ne) put<std::uint64_t>(out, static_cast<std::uint64_t>(d));
    put<std::uint32_t>(out, static_cast<std::uint32_t>(t.type));
    put<std::uint64_t>(out, offset);
    offset += align_up(t.data.size(), alignment_);
  }
  if (!tensors_.empty()) out.resize(align_up(out.size(), alignment_), 0);
  return out;
}

std::vector<std::uint8_t> GgufWriter::to_bytes() const {
  auto out = header();
  for (const auto& t : tensors_) {
    out.insert(out.end(), t.data.begin(), t.data.end());
    out.resize(align_up(out.size(), alignment_), 0);
  }
  return out;
}

void GgufWriter::write(const std::filesystem::path& path) const {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw std::runtime_error(path.string() + ": cannot open for writing");
  const auto head = header();
  f.write(reinterpret_cast<const char*>(head.data()), static_cast<std::streamsize>(head.size()));
  static const char zeros[256] = {};
  for (const auto& t : tensors_) {
    f.write(reinterpret_cast<const char*>(t.data.data()), static_cast<std::streamsize>(t.data.size()));
    for (std::uint64_t pad = align_up(t.data.size(), alignment_) - t.data.size(); pad > 0;) {
      const std::uint64_t chunk = pad < sizeof zeros ? pad : sizeof zeros;
      f.write(zeros, static_cast<std::streamsize>(chunk));
      pad -= chunk;
    }
  }
  if (!f) throw std::runtime_error(path.string() + ": write failed");
}

}  // namespace quant
