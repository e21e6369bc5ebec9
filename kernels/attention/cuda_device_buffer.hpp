#pragma once
// Host-side CUDA helpers for the variant classes: an owning device buffer and error checks
// that throw std::runtime_error naming the call. Only compiled where CUDA is.
#include <cuda_runtime.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace attention::cuda {

inline void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(err));
}
inline void check(int err, const char* what) { check(static_cast<cudaError_t>(err), what); }

class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(std::size_t bytes) : bytes_(bytes) {
    if (bytes_ > 0) check(cudaMalloc(&ptr_, bytes_), "cudaMalloc");
  }
  ~DeviceBuffer() {
    if (ptr_) cudaFree(ptr_);
  }
  DeviceBuffer(DeviceBuffer&& other) noexcept : ptr_(other.ptr_), bytes_(other.bytes_) {
    other.ptr_ = nullptr;
    other.bytes_ = 0;
  }
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    if (this != &other) {
      if (ptr_) cudaFree(ptr_);
      ptr_ = other.ptr_;
      bytes_ = other.bytes_;
      other.ptr_ = nullptr;
      other.bytes_ = 0;
    }
    return *this;
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  template <class T>
  static DeviceBuffer upload(const std::vector<T>& host) {
    DeviceBuffer buffer(host.size() * sizeof(T));
    if (!host.empty()) check(cudaMemcpy(buffer.ptr_, host.data(), buffer.bytes_, cudaMemcpyHostToDevice), "upload");
    return buffer;
  }
  template <class T>
  T* as() const {
    return static_cast<T*>(ptr_);
  }
  void* get() const { return ptr_; }
  std::size_t bytes() const { return bytes_; }

  // The first `count` floats, copied on `stream` once the run on `run_stream` is done: the run
  // may be on a non-blocking stream that the copy's stream does not wait for.
  std::vector<float> download_floats(std::size_t count, cudaStream_t run_stream, cudaStream_t stream) const {
    std::vector<float> host(count);
    check(cudaStreamSynchronize(run_stream), "synchronize the run's stream");
    check(cudaMemcpyAsync(host.data(), ptr_, count * sizeof(float), cudaMemcpyDeviceToHost, stream), "download");
    check(cudaStreamSynchronize(stream), "synchronize");
    return host;
  }

 private:
  void* ptr_ = nullptr;
  std::size_t bytes_ = 0;
};

// True when a device is usable; else *reason says why.
inline bool device_present(std::string* reason) {
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess || count == 0) {
    if (reason) *reason = err != cudaSuccess ? std::string("no CUDA device: ") + cudaGetErrorString(err)
                                             : std::string("no CUDA device");
    return false;
  }
  return true;
}

}  // namespace attention::cuda
