#pragma once
// Model: the gazetteer's lookup tables (n-gram hashes with types, PIN-name pairs, PIN table,
// keywords) and the weights, owned on the host, with a ModelView over them.
#include <cstdint>
#include <string>
#include <vector>

#include "address/gazetteer.hpp"
#include "address/model_view.hpp"
#include "address/weights.hpp"

namespace address {

class Model {
 public:
  // Fails (GazetteerError) on a 64-bit hash collision between distinct names.
  Model(const Gazetteer& gazetteer, Weights weights);
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const ModelView& view() const { return view_; }
  const Gazetteer& gazetteer() const { return *gazetteer_; }
  const Weights& weights() const { return weights_; }

  // The tables behind view(), for copying to a device.
  const std::vector<std::uint64_t>& ngram_keys() const { return ngram_keys_; }
  const std::vector<std::uint8_t>& ngram_types() const { return ngram_types_; }
  const std::vector<std::uint64_t>& pin_name_keys() const { return pin_name_keys_; }
  const std::vector<std::uint32_t>& pins() const { return pins_; }
  const std::vector<std::uint16_t>& pin_district() const { return pin_district_; }
  const std::vector<std::uint16_t>& pin_state() const { return pin_state_; }
  const std::vector<std::uint64_t>& keyword_keys() const { return keyword_keys_; }
  const std::vector<std::uint8_t>& keyword_class() const { return keyword_class_; }

 private:
  const Gazetteer* gazetteer_;
  Weights weights_;
  std::vector<std::uint64_t> ngram_keys_, pin_name_keys_, keyword_keys_;
  std::vector<std::uint8_t> ngram_types_, keyword_class_;
  std::vector<std::uint32_t> pins_;
  std::vector<std::uint16_t> pin_district_, pin_state_;
  ModelView view_;
};

// The compiled-in gazetteer and weights (built once, thread-safe).
const Model& builtin_model();

// Folded n-gram hash of a name, tokenised as the parser tokenises text (0 tokens: 0).
std::uint64_t name_hash(const std::string& name, int* tokens = nullptr);

}  // namespace address
