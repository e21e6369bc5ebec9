// Launch code and device memory for the cuda variant. All per-pattern arithmetic is
// in the KATO_HD headers (bit_parallel_lcs.hpp, similarity.hpp), shared with the CPU.
#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "kato/bit_parallel_lcs.hpp"
#include "kato/cuda_matcher.hpp"
#include "kato/similarity.hpp"

namespace kato {
namespace {

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string("kato cuda: ") + what + ": " + cudaGetErrorString(e));
}

template <class T>
struct DeviceBuffer {
  T* ptr = nullptr;
  std::size_t count = 0;
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() { if (ptr) cudaFree(ptr); }
  void reserve(std::size_t n) {
    if (n <= count && ptr) return;
    if (ptr) cudaFree(ptr);
    ptr = nullptr;
    count = 0;
    check(cudaMalloc(&ptr, std::max<std::size_t>(n, 1) * sizeof(T)), "cudaMalloc");
    count = std::max<std::size_t>(n, 1);
  }
  void upload(const T* src, std::size_t n, cudaStream_t stream) {
    reserve(n);
    if (n) check(cudaMemcpyAsync(ptr, src, n * sizeof(T), cudaMemcpyHostToDevice, stream), "cudaMemcpyAsync H2D");
  }
};

struct DeviceHit {
  unsigned long long index;
  std::uint32_t lcs;
  double similarity;
};

__global__ void score_kernel(const std::uint32_t* symbols, const std::uint64_t* offsets, const std::int64_t* first,
                             std::uint64_t n_patterns, const std::int32_t* slot, std::uint32_t vocab,
                             const std::uint64_t* pm, std::uint32_t m, std::uint64_t* scratch, bool single,
                             std::uint32_t symbol0, double threshold, DeviceHit* hits, unsigned long long* n_hits) {
  const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
  const std::size_t tid = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  for (std::uint64_t p = tid; p < n_patterns; p += stride) {
    if (single && first[p] != static_cast<std::int64_t>(symbol0)) continue;
    const std::uint64_t begin = offsets[p], len = offsets[p + 1] - begin;
    const std::uint32_t lcs = lcs_bit_parallel(symbols + begin, len, slot, vocab, pm, m, scratch + tid, stride);
    double sim = 0.0;
    if (evaluate_candidate(single, first[p], symbol0, lcs, len + m, threshold, &sim)) {
      const unsigned long long at = atomicAdd(n_hits, 1ull);
      hits[at] = DeviceHit{p, lcs, sim};
    }
  }
}

}  // namespace

struct CudaPatternStore::Impl {
  std::uint64_t generation = ~std::uint64_t{0};
  std::uint64_t n_patterns = 0;
  DeviceBuffer<std::uint32_t> symbols;
  DeviceBuffer<std::uint64_t> offsets;
  DeviceBuffer<std::int64_t> first;
  DeviceBuffer<std::int32_t> slot;
  DeviceBuffer<std::uint64_t> pm;
  DeviceBuffer<std::uint64_t> scratch;
  DeviceBuffer<DeviceHit> hits;
  DeviceBuffer<unsigned long long> n_hits;
  unsigned long long* host_n_hits = nullptr;  // pinned
  int sm_count = 1;
  ~Impl() {
    if (host_n_hits) cudaFreeHost(host_n_hits);
  }
};

bool cuda_available(std::string* reason) {
  int n = 0;
  const cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) {
    if (reason) *reason = std::string("no CUDA device: ") + cudaGetErrorString(e);
    cudaGetLastError();  // clear the sticky error state of the runtime
    return false;
  }
  if (n == 0) {
    if (reason) *reason = "no CUDA device: cudaGetDeviceCount returned 0";
    return false;
  }
  return true;
}

CudaPatternStore::CudaPatternStore() : impl_(std::make_unique<Impl>()) {}
CudaPatternStore::~CudaPatternStore() = default;

std::unique_ptr<CudaPatternStore> CudaPatternStore::create(std::string* error) {
  if (!cuda_available(error)) return nullptr;
  std::unique_ptr<CudaPatternStore> s(new CudaPatternStore());
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) == cudaSuccess) s->impl_->sm_count = std::max(1, prop.multiProcessorCount);
  check(cudaMallocHost(reinterpret_cast<void**>(&s->impl_->host_n_hits), sizeof(unsigned long long)), "cudaMallocHost");
  return s;
}

void CudaPatternStore::sync(const PatternStore& store, std::uint64_t generation, void* stream) {
  Impl& d = *impl_;
  if (d.generation == generation && d.n_patterns == store.size()) return;
  auto* s = static_cast<cudaStream_t>(stream);
  d.symbols.upload(store.symbols().data(), store.symbols().size(), s);
  d.offsets.upload(store.symbol_offsets().data(), store.symbol_offsets().size(), s);
  std::vector<std::int64_t> first(store.size());
  for (std::size_t p = 0; p < store.size(); ++p) first[p] = store.first_symbol(p);
  d.first.upload(first.data(), first.size(), s);
  // A pageable cudaMemcpyAsync need not have read `first` yet when it returns.
  check(cudaStreamSynchronize(s), "cudaStreamSynchronize");
  d.n_patterns = store.size();
  d.generation = generation;
}

std::vector<Candidate> CudaPatternStore::score(const PatternStore& store, std::uint32_t tier, const Query& query,
                                               const MatchOptions& options, void* stream) {
  Impl& d = *impl_;
  if (d.n_patterns != store.size()) throw std::runtime_error("kato cuda: device store out of sync");
  std::vector<Candidate> out;
  if (d.n_patterns == 0) return out;
  auto* s = static_cast<cudaStream_t>(stream);
  const BitQuery bq = make_bit_query(query);
  d.slot.upload(bq.slot.data(), bq.slot.size(), s);
  d.pm.upload(bq.pm.data(), bq.pm.size(), s);
  const unsigned block = 256;
  const std::uint64_t want_blocks = (d.n_patterns + block - 1) / block;
  const unsigned grid = static_cast<unsigned>(std::min<std::uint64_t>(want_blocks, 32ull * d.sm_count));
  d.scratch.reserve(static_cast<std::size_t>(grid) * block * std::max(1u, bq.words));
  d.hits.reserve(d.n_patterns);
  d.n_hits.reserve(1);
  check(cudaMemsetAsync(d.n_hits.ptr, 0, sizeof(unsigned long long), s), "cudaMemsetAsync");
  const bool single = query.flat.size() == 1;
  score_kernel<<<grid, block, 0, s>>>(d.symbols.ptr, d.offsets.ptr, d.first.ptr, d.n_patterns, d.slot.ptr,
                                      query.vocab_size, d.pm.ptr, bq.m, d.scratch.ptr, single,
                                      query.flat.empty() ? 0u : query.flat[0], options.threshold, d.hits.ptr,
                                      d.n_hits.ptr);
  check(cudaGetLastError(), "kernel launch");
  check(cudaMemcpyAsync(d.host_n_hits, d.n_hits.ptr, sizeof(unsigned long long), cudaMemcpyDeviceToHost, s),
        "cudaMemcpyAsync D2H");
  check(cudaStreamSynchronize(s), "cudaStreamSynchronize");
  const unsigned long long count = *d.host_n_hits;
  std::vector<DeviceHit> hits(count);
  if (count) {
    check(cudaMemcpyAsync(hits.data(), d.hits.ptr, count * sizeof(DeviceHit), cudaMemcpyDeviceToHost, s),
          "cudaMemcpyAsync D2H");
    check(cudaStreamSynchronize(s), "cudaStreamSynchronize");
  }
  // The atomic compaction order is arbitrary; index order makes the list deterministic.
  std::sort(hits.begin(), hits.end(), [](const DeviceHit& a, const DeviceHit& b) { return a.index < b.index; });
  out.reserve(hits.size());
  for (const DeviceHit& h : hits) out.push_back({tier, static_cast<std::size_t>(h.index), h.lcs, h.similarity});
  return out;
}

MatchResult match_cuda(CudaPatternStore& device, const PatternStore& store, const Query& query,
                       const MatchOptions& options) {
  device.sync(store, store.size());
  const PatternStore* stores[] = {&store};
  return finalize_matches(stores, device.score(store, 0, query, options), query, options, 1);
}

}  // namespace kato
