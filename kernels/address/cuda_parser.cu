// Thin launch code over the shared parsing core (parse_core.hpp).
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "address/cuda_parser.hpp"
#include "address/parse_core.hpp"

namespace address {

namespace {

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string("address cuda: ") + what + ": " + cudaGetErrorString(e));
}

__global__ void parse_kernel(ModelView m, const char* bytes, const std::uint32_t* offsets, const std::uint32_t* hints,
                             std::uint32_t n, ParseResult* out) {
  for (std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    const std::uint32_t o = offsets[i];
    parse_one(m, bytes + o, static_cast<int>(offsets[i + 1] - o), hints[i], out[i]);
  }
}

template <class T>
T* upload(const std::vector<T>& v, std::vector<void*>& owned) {
  void* p = nullptr;
  check(cudaMalloc(&p, v.size() * sizeof(T) + 1), "cudaMalloc");
  owned.push_back(p);
  check(cudaMemcpy(p, v.data(), v.size() * sizeof(T), cudaMemcpyHostToDevice), "cudaMemcpy");
  return static_cast<T*>(p);
}

}  // namespace

struct CudaParser::Impl {
  ModelView view;
  std::vector<void*> owned;
  void* scratch = nullptr;
  std::size_t scratch_size = 0;
  ~Impl() {
    for (void* p : owned) cudaFree(p);
    if (scratch) cudaFree(scratch);
  }
};

CudaParser::CudaParser() : impl_(std::make_unique<Impl>()) {}
CudaParser::~CudaParser() = default;

std::unique_ptr<CudaParser> CudaParser::create(const Model& model, std::string* error) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    if (error) *error = "no CUDA device";
    return nullptr;
  }
  std::unique_ptr<CudaParser> p(new CudaParser());
  auto& o = p->impl_->owned;
  const Weights& w = model.weights();
  ModelView& v = p->impl_->view;
  v.weights = upload(w.table, o);
  v.trans = upload(w.trans, o);
  v.start = upload(w.start, o);
  v.end = upload(w.end, o);
  v.ngram_keys = upload(model.ngram_keys(), o);
  v.ngram_types = upload(model.ngram_types(), o);
  v.ngram_mask = static_cast<std::uint32_t>(model.ngram_keys().size() - 1);
  v.pin_name_keys = upload(model.pin_name_keys(), o);
  v.pin_name_mask = static_cast<std::uint32_t>(model.pin_name_keys().size() - 1);
  v.pins = upload(model.pins(), o);
  v.pin_district = upload(model.pin_district(), o);
  v.pin_state = upload(model.pin_state(), o);
  v.pin_count = static_cast<std::uint32_t>(model.pins().size());
  v.keyword_keys = upload(model.keyword_keys(), o);
  v.keyword_class = upload(model.keyword_class(), o);
  v.keyword_count = static_cast<std::uint32_t>(model.keyword_keys().size());
  return p;
}

void CudaParser::parse(const Batch& b, ParseResult* out, void* stream_ptr) {
  const auto stream = static_cast<cudaStream_t>(stream_ptr);
  const std::size_t n = b.size();
  if (n == 0) return;
  const std::size_t bytes = b.bytes.size() + 1, offs = (n + 1) * 4, hints = n * 4, res = n * sizeof(ParseResult);
  const std::size_t need = bytes + offs + hints + res + 64;
  if (impl_->scratch_size < need) {
    if (impl_->scratch) cudaFree(impl_->scratch);
    impl_->scratch = nullptr;
    check(cudaMalloc(&impl_->scratch, need), "cudaMalloc");
    impl_->scratch_size = need;
  }
  char* base = static_cast<char*>(impl_->scratch);
  auto* d_res = reinterpret_cast<ParseResult*>(base);
  auto* d_offs = reinterpret_cast<std::uint32_t*>(base + res);
  auto* d_hints = reinterpret_cast<std::uint32_t*>(base + res + offs);
  char* d_bytes = base + res + offs + hints;
  check(cudaMemcpyAsync(d_bytes, b.bytes.data(), b.bytes.size(), cudaMemcpyHostToDevice, stream), "copy bytes");
  check(cudaMemcpyAsync(d_offs, b.offsets.data(), offs, cudaMemcpyHostToDevice, stream), "copy offsets");
  check(cudaMemcpyAsync(d_hints, b.pin_hints.data(), hints, cudaMemcpyHostToDevice, stream), "copy hints");
  const unsigned threads = 128;
  const unsigned blocks = static_cast<unsigned>(std::min<std::size_t>((n + threads - 1) / threads, 65535));
  parse_kernel<<<blocks, threads, 0, stream>>>(impl_->view, d_bytes, d_offs, d_hints, static_cast<std::uint32_t>(n), d_res);
  check(cudaGetLastError(), "kernel launch");
  check(cudaMemcpyAsync(out, d_res, res, cudaMemcpyDeviceToHost, stream), "copy results");
  check(cudaStreamSynchronize(stream), "synchronize");
}

}  // namespace address
