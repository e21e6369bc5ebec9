#include "quant_llm/matvec.hpp"

#include <atomic>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "quant_llm/blocks.hpp"
#include "quant_llm/fp16.hpp"
#include "quant_llm/matvec_avx2.hpp"
#include "quant_llm/quantize.hpp"

namespace quant {

const char* path_name(MatvecPath p) {
  switch (p) {
    case MatvecPath::f32_ref: return "f32_ref";
    case MatvecPath::dense_f32: return "dense_f32";
    case MatvecPath::fused_scalar: return "fused_scalar";
    case MatvecPath::fused_avx2: return "fused_avx2";
    case MatvecPath::fused_avx2_q8: return "fused_avx2_q8";
    case MatvecPath::fused_cuda: return "fused_cuda";
  }
  return "?";
}
bool is_fused(MatvecPath p) {
  return p == MatvecPath::fused_scalar || p == MatvecPath::fused_avx2 || p == MatvecPath::fused_avx2_q8 ||
         p == MatvecPath::fused_cuda;
}

void Dispatch::record(GgmlType type, MatvecPath path, std::uint64_t n) {
  std::lock_guard lock(mutex_);
  counts_[{type, path}] += n;
}
std::map<std::pair<GgmlType, MatvecPath>, std::uint64_t> Dispatch::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}
void Dispatch::clear() {
  std::lock_guard lock(mutex_);
  counts_.clear();
}
std::string Dispatch::summary() const {
  std::ostringstream os;
  bool first = true;
  for (const auto& [key, n] : counts()) {
    os << (first ? "" : " ") << type_name(key.first) << "/" << path_name(key.second) << "=" << n;
    first = false;
  }
  return os.str();
}
std::string Dispatch::fallbacks() const {
  std::string out;
  for (const auto& [key, n] : counts()) {
    if (is_quantized(key.first) && !is_fused(key.second)) {
      out += (out.empty() ? "" : ", ") + type_name(key.first) + " ran " + path_name(key.second) + " " +
             std::to_string(n) + " times";
    }
  }
  return out;
}

bool cpu_has_avx2() {
#if defined(__x86_64__)
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
#else
  return false;
#endif
}

namespace {
std::atomic<bool> g_force_scalar{false};
std::atomic<bool> g_int8_activations{true};
}  // namespace
void set_force_scalar(bool force) { g_force_scalar = force; }
void set_int8_activations(bool enable) { g_int8_activations = enable; }

double nmse(const float* a, const float* b, std::int64_t n) {
  double d2 = 0, r2 = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double d = static_cast<double>(a[i]) - static_cast<double>(b[i]);
    d2 += d * d;
    r2 += static_cast<double>(b[i]) * static_cast<double>(b[i]);
  }
  return r2 > 0 ? d2 / r2 : d2;
}

void matvec_ref(const WeightView& w, const float* x, float* y, Dispatch* dispatch) {
  std::vector<float> row(static_cast<std::size_t>(w.cols));
  const std::int64_t rb = w.row_bytes();
  for (std::int64_t r = 0; r < w.rows; ++r) {
    dequantize_row(w.type, w.data + r * rb, row.data(), w.cols);
    float s = 0.f;
    for (std::int64_t k = 0; k < w.cols; ++k) s += row[static_cast<std::size_t>(k)] * x[k];
    y[r] = s;
  }
  if (dispatch) dispatch->record(w.type, MatvecPath::f32_ref);
}

float dot_row_scalar(GgmlType type, const std::uint8_t* row, const float* x, std::int64_t cols) {
  float s = 0.f;
  switch (type) {
    case GgmlType::Q4_0:
      for (std::int64_t b = 0; b < cols / 32; ++b) s += dot_block_q4_0(row + b * kQ4_0Bytes, x + b * 32);
      return s;
    case GgmlType::Q8_0:
      for (std::int64_t b = 0; b < cols / 32; ++b) s += dot_block_q8_0(row + b * kQ8_0Bytes, x + b * 32);
      return s;
    case GgmlType::Q4_K:
      for (std::int64_t b = 0; b < cols / 256; ++b) s += dot_block_q4_k(row + b * kQ4_KBytes, x + b * 256);
      return s;
    case GgmlType::Q5_K:
      for (std::int64_t b = 0; b < cols / 256; ++b) s += dot_block_q5_k(row + b * kQ5_KBytes, x + b * 256);
      return s;
    case GgmlType::Q6_K:
      for (std::int64_t b = 0; b < cols / 256; ++b) s += dot_block_q6_k(row + b * kQ6_KBytes, x + b * 256);
      return s;
    case GgmlType::F32:
      for (std::int64_t k = 0; k < cols; ++k) {  // memcpy loads: a file may set a small alignment
        float f;
        std::memcpy(&f, row + 4 * k, sizeof f);
        s += f * x[k];
      }
      return s;
    case GgmlType::F16:
      for (std::int64_t k = 0; k < cols; ++k) s += fp16_to_fp32(load_u16(row + 2 * k)) * x[k];
      return s;
    case GgmlType::BF16:
      for (std::int64_t k = 0; k < cols; ++k) s += bf16_to_fp32(load_u16(row + 2 * k)) * x[k];
      return s;
  }
  throw std::invalid_argument("dot_row_scalar: unsupported type");
}

void matvec_fused(const WeightView& w, const float* x, float* y, ThreadPool* pool, Dispatch* dispatch) {
  const std::int64_t rb = w.row_bytes();
  const bool avx2 = is_quantized(w.type) && cpu_has_avx2() && !g_force_scalar.load(std::memory_order_relaxed);
  MatvecPath path = !is_quantized(w.type) ? MatvecPath::dense_f32 : avx2 ? MatvecPath::fused_avx2 : MatvecPath::fused_scalar;
  const bool int8_ok = avx2 && g_int8_activations.load(std::memory_order_relaxed);
  const bool q8k = int8_ok && (w.type == GgmlType::Q4_K || w.type == GgmlType::Q5_K || w.type == GgmlType::Q6_K);
  const bool q8b = int8_ok && (w.type == GgmlType::Q4_0 || w.type == GgmlType::Q8_0);
  if (q8k || q8b) path = MatvecPath::fused_avx2_q8;
  std::vector<float> xsum;  // per-32 sums of x, shared by every row (K-quant min terms)
  avx2::Q8K xk;             // or x quantized once for all rows: Q8_K for K-quants,
  avx2::Q8B xb;             // per-32 blocks for Q4_0/Q8_0
  if (q8k) {
    xk = avx2::quantize_q8k(x, w.cols);
  } else if (q8b) {
    xb = avx2::quantize_q8b(x, w.cols);
  } else if (avx2) {
    xsum = avx2::block_sums32(x, w.cols);
  }
  auto body = [&](std::int64_t begin, std::int64_t end) {
    if (q8k) {
      avx2::matvec_rows_q8k(w.type, w.data, rb, w.cols, xk, y, begin, end);
    } else if (q8b) {
      avx2::matvec_rows_q8b(w.type, w.data, rb, w.cols, xb, y, begin, end);
    } else if (avx2) {
      avx2::matvec_rows(w.type, w.data, rb, w.cols, x, xsum.data(), y, begin, end);
    } else {
      for (std::int64_t r = begin; r < end; ++r) y[r] = dot_row_scalar(w.type, w.data + r * rb, x, w.cols);
    }
  };
  if (pool) {
    pool->parallel_for(w.rows, body);
  } else {
    body(0, w.rows);
  }
  if (dispatch) dispatch->record(w.type, path);
}

}  // namespace quant
