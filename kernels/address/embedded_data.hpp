#pragma once
// The data files compiled into the library (CMake turns data/*.txt into raw string literals).
#include <string_view>

namespace address {

std::string_view embedded_gazetteer();
std::string_view embedded_weights();

}  // namespace address
