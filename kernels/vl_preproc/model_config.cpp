#include "vl_preproc/model_config.hpp"

namespace vl {

ModelConfig model_config(Model model) {
  ModelConfig c;
  c.model = model;
  if (model == Model::qwen3) {
    c.patch_size = 16;
    c.min_pixels = 65536;
    c.max_pixels = 16777216;
    c.mean = {0.5, 0.5, 0.5};
    c.std = {0.5, 0.5, 0.5};
  } else {
    c.patch_size = 14;
    c.min_pixels = 3136;
    c.max_pixels = 12845056;
    c.mean = {0.48145466, 0.4578275, 0.40821073};  // OPENAI_CLIP_MEAN
    c.std = {0.26862954, 0.26130258, 0.27577711};   // OPENAI_CLIP_STD
  }
  return c;
}

std::optional<Model> parse_model(std::string_view name) {
  if (name == "qwen2") return Model::qwen2;
  if (name == "qwen2.5") return Model::qwen2_5;
  if (name == "qwen3") return Model::qwen3;
  return std::nullopt;
}

std::string model_name(Model model) {
  switch (model) {
    case Model::qwen2: return "qwen2";
    case Model::qwen2_5: return "qwen2.5";
    case Model::qwen3: return "qwen3";
  }
  return "?";
}

}  // namespace vl
