#pragma once
// Seeded synthetic Indian addresses with known fields: one PIN-directory row gives locality,
// city, district, state and PIN (mutually consistent); unit, society, landmark, road and
// sub-locality come from Indian patterns; an ordering template arranges them. Noise: lower
// case (80 %), dropped commas, abbreviations (rd, nr, opp, h.no, apts, soc), missing fields,
// the PIN in the text only ~16 % of the time (else only in the hint), Hinglish markers (gali,
// mohalla) and sector/block/khasra numbering.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "address/gazetteer.hpp"
#include "address/labels.hpp"
#include "address/rng.hpp"

namespace address {

struct Sample {
  std::string text;
  std::uint32_t pin_hint = 0;                // the CSV pincode column
  std::array<std::string, kFields> gold;     // as rendered in the text; empty: absent
  std::vector<std::uint8_t> labels;          // gold label per token of `text`
  int template_id = 0;
};

enum class Templates { training, held_out, all };

inline constexpr int kTemplateCount = 10;
inline constexpr int kTrainingTemplates = 7;  // templates 0-6 train, 7-9 are held out

struct GeneratorOptions {
  std::uint64_t seed = 1;
  Templates templates = Templates::training;
  bool noise = true;  // false: title case, commas kept, no abbreviations (round-trip checks)
};

class Generator {
 public:
  Generator(const Gazetteer& g, GeneratorOptions options);
  Sample next();
  // A sample rendered through one given template.
  Sample render(int template_id);

 private:
  const Gazetteer& g_;
  GeneratorOptions opt_;
  SplitMix rng_;
};

}  // namespace address
