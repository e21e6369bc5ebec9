#pragma once
// Context: what the harness hands a variant for one run: how many threads it may use and,
// for GPU variants, the stream to enqueue on. phase() marks a named sub-phase, which GPU
// benchmarks record as an NVTX range (shown per phase in the HTML report).
#include <crucible/abi.h>

namespace crucible {

class Context {
 public:
  explicit Context(const crucible_run_context* raw) : raw_(raw) {}

  // Threads the variant should use; at least 1.
  unsigned threads() const { return raw_ && raw_->threads > 0 ? raw_->threads : 1u; }
  // The harness-owned stream (a cudaStream_t), or nullptr without CUDA.
  void* stream() const { return raw_ ? raw_->stream : nullptr; }

  // RAII marker of a named phase ("h2d", "kernel", "d2h") inside a run; `name` must outlive it.
  class Phase {
   public:
    Phase(const crucible_run_context* raw, const char* name) : raw_(raw) {
      if (raw_ && raw_->phase_begin) raw_->phase_begin(name);
    }
    ~Phase() {
      if (raw_ && raw_->phase_end) raw_->phase_end();
    }
    Phase(const Phase&) = delete;
    Phase& operator=(const Phase&) = delete;

   private:
    const crucible_run_context* raw_;
  };
  [[nodiscard]] Phase phase(const char* name) const { return Phase(raw_, name); }

 private:
  const crucible_run_context* raw_;
};

}  // namespace crucible
