#pragma once
// The preprocessing constants of each model family (hub preprocessor_config.json values).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vl {

enum class Model { qwen2, qwen2_5, qwen3 };

struct ModelConfig {
  Model model = Model::qwen2;
  int patch_size = 14;
  int merge_size = 2;
  int temporal_patch_size = 2;
  std::int64_t min_pixels = 3136;
  std::int64_t max_pixels = 12845056;
  std::array<double, 3> mean{};  // as the config stores them (doubles; rounded to float32 on use)
  std::array<double, 3> std{};

  int factor() const { return patch_size * merge_size; }
  int row_width() const { return 3 * temporal_patch_size * patch_size * patch_size; }
};

// Hub values: Qwen2-VL / Qwen2.5-VL (patch 14, CLIP mean/std, pixels 3136 .. 12845056) and
// Qwen3-VL (patch 16, mean/std 0.5, pixels 65536 .. 16777216).
ModelConfig model_config(Model model);

// "qwen2", "qwen2.5", "qwen3"; nullopt for anything else.
std::optional<Model> parse_model(std::string_view name);
std::string model_name(Model model);

}  // namespace vl
