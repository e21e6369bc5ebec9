// CudaDecode: the cuda_decode variant's host side. The cache's pages, block table and lengths
// are uploaded once; each run appends the new token at the same slot and decodes.
#include <algorithm>
#include <cmath>

#include "attention/cuda_attention.hpp"
#include "attention/cuda_device_buffer.hpp"
#include "attention/cuda_launch.hpp"

namespace attention {

using cuda::check;
using cuda::DeviceBuffer;

struct CudaDecode::Impl {
  cuda::Elem elem;
  cuda::DecodeShape shape;
  DeviceBuffer q, new_k, new_v, k_pool, v_pool, block_table, lengths, part_o, part_lse, o;
  std::size_t out_elements = 0;
  cudaStream_t last_stream = nullptr;  // where the last run was enqueued
};

CudaDecode::CudaDecode(const PagedKvCache& cache, DType dtype, std::span<const float> q,
                       std::span<const float> new_k, std::span<const float> new_v, const DecodeOptions& options)
    : impl_(std::make_unique<Impl>()) {
  std::string reason;
  if (!cuda::device_present(&reason)) throw std::runtime_error(reason);
  if (dtype == DType::f32) throw std::invalid_argument("cuda_decode takes f16 or bf16 inputs, not f32");
  const PagedLayout& layout = cache.layout();
  const int seqs = cache.sequences(), hq = options.q_heads, d = layout.head_dim;
  if (hq < 1 || hq % layout.kv_heads != 0) throw std::invalid_argument("q_heads must be a multiple of kv_heads");
  if (d > 128) throw std::invalid_argument("cuda_decode supports head_dim up to 128");
  const std::size_t width = static_cast<std::size_t>(layout.kv_heads) * d;
  if (q.size() != static_cast<std::size_t>(seqs) * hq * d || new_k.size() != seqs * width ||
      new_v.size() != seqs * width) {
    throw std::invalid_argument("cuda_decode: Q is [sequences][q_heads][head_dim], the new K and V "
                                "[sequences][kv_heads][head_dim]");
  }
  for (int b = 0; b < seqs; ++b) {
    if (pages_for(cache.length(b) + 1, layout.page_size) > layout.max_pages) {
      throw std::length_error("cuda_decode: sequence " + std::to_string(b) + " has no room to append");
    }
  }
  // Every page a sequence may append into must exist in its block-table row: give the device
  // copy of the table a page for the next token where the host cache has none yet.
  std::vector<int> table = cache.block_table();
  const int pool_pages = static_cast<int>(cache.k_pool().size() / (static_cast<std::size_t>(layout.page_size) * width));
  std::vector<int> used(static_cast<std::size_t>(pool_pages), 0);
  for (int page : table) {
    if (page >= 0) used[static_cast<std::size_t>(page)] = 1;
  }
  int free_scan = 0;
  for (int b = 0; b < seqs; ++b) {
    int& slot = table[static_cast<std::size_t>(b) * layout.max_pages + cache.length(b) / layout.page_size];
    if (slot >= 0) continue;
    while (free_scan < pool_pages && used[static_cast<std::size_t>(free_scan)]) ++free_scan;
    if (free_scan == pool_pages) throw std::length_error("cuda_decode: the page pool is full");
    slot = free_scan;
    used[static_cast<std::size_t>(free_scan)] = 1;
  }

  Impl& m = *impl_;
  m.elem = dtype == DType::f16 ? cuda::Elem::f16 : cuda::Elem::bf16;
  m.q = DeviceBuffer::upload(to_bits(dtype, q));
  m.new_k = DeviceBuffer::upload(to_bits(dtype, new_k));
  m.new_v = DeviceBuffer::upload(to_bits(dtype, new_v));
  m.k_pool = DeviceBuffer::upload(to_bits(dtype, cache.k_pool()));
  m.v_pool = DeviceBuffer::upload(to_bits(dtype, cache.v_pool()));
  m.block_table = DeviceBuffer::upload(table);
  m.lengths = DeviceBuffer::upload(cache.lengths());
  int longest = 0;
  for (int len : cache.lengths()) longest = std::max(longest, len + 1);
  const int max_splits = options.splits > 0 ? options.splits : decode_splits_for(longest);
  m.shape = cuda::DecodeShape{seqs,
                              hq,
                              layout,
                              m.block_table.as<int>(),
                              m.lengths.as<int>(),
                              options.mask,
                              options.scale != 0.0f ? options.scale : 1.0f / std::sqrt(static_cast<float>(d)),
                              options.splits > 0 ? options.splits : 0,
                              max_splits};
  m.part_o = DeviceBuffer(static_cast<std::size_t>(seqs) * hq * max_splits * d * sizeof(float));
  m.part_lse = DeviceBuffer(static_cast<std::size_t>(seqs) * hq * max_splits * sizeof(float));
  m.out_elements = static_cast<std::size_t>(seqs) * hq * d;
  m.o = DeviceBuffer(m.out_elements * sizeof(float));
  check(cudaDeviceSynchronize(), "upload");
}

CudaDecode::~CudaDecode() = default;

void CudaDecode::run(void* stream) {
  Impl& m = *impl_;
  m.last_stream = static_cast<cudaStream_t>(stream);
  check(cuda::launch_append(m.shape, m.elem, m.new_k.get(), m.new_v.get(), m.k_pool.get(), m.v_pool.get(), stream),
        "append kernel");
  check(cuda::launch_decode(m.shape, m.elem, m.q.get(), m.k_pool.get(), m.v_pool.get(), m.part_o.as<float>(),
                            m.part_lse.as<float>(), m.o.as<float>(), stream),
        "decode kernels");
}

std::vector<float> CudaDecode::output(void* stream) {
  Impl& m = *impl_;
  return m.o.download_floats(m.out_elements, m.last_stream, static_cast<cudaStream_t>(stream));
}

}  // namespace attention
