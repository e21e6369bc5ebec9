// Built when CUDA is off: the CUDA entry points exist and say why they cannot run.
#include <stdexcept>

#include "quant_llm/matvec_cuda.hpp"

namespace quant::cuda {

struct DeviceMatvec::Impl {};

bool available(std::string* why) {
  if (why) *why = "built without CUDA (CRUCIBLE_CUDA=OFF or no nvcc)";
  return false;
}
DeviceMatvec::DeviceMatvec(const WeightView&, const float*) {
  throw std::runtime_error("quant_llm was built without CUDA");
}
DeviceMatvec::~DeviceMatvec() = default;
DeviceMatvec::DeviceMatvec(DeviceMatvec&&) noexcept = default;
DeviceMatvec& DeviceMatvec::operator=(DeviceMatvec&&) noexcept = default;
void DeviceMatvec::run(void*, Dispatch*) { throw std::runtime_error("quant_llm was built without CUDA"); }
std::vector<float> DeviceMatvec::result(void*) { throw std::runtime_error("quant_llm was built without CUDA"); }

}  // namespace quant::cuda

#include "quant_llm/llama_cuda.hpp"

namespace quant::cuda {

struct LlamaCuda::Impl {
  Dispatch dispatch;
  std::vector<float> logits;
};
LlamaCuda::LlamaCuda(const LlamaModel&, std::int64_t) { throw std::runtime_error("quant_llm was built without CUDA"); }
LlamaCuda::~LlamaCuda() = default;
const std::vector<float>& LlamaCuda::forward(int, void*, bool) { throw std::runtime_error("quant_llm was built without CUDA"); }
std::vector<int> LlamaCuda::generate(const std::vector<int>&, int, void*, bool) {
  throw std::runtime_error("quant_llm was built without CUDA");
}
void LlamaCuda::reset() {}
std::int64_t LlamaCuda::position() const { return 0; }
Dispatch& LlamaCuda::dispatch() { return impl_->dispatch; }

}  // namespace quant::cuda
