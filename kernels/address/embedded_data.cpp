#include "address/embedded_data.hpp"

namespace address {

namespace {
constexpr char kGazetteer[] =
#include "address_gazetteer.inc"
    ;
constexpr char kWeights[] =
#include "address_weights.inc"
    ;
}  // namespace

std::string_view embedded_gazetteer() { return {kGazetteer, sizeof(kGazetteer) - 1}; }
std::string_view embedded_weights() { return {kWeights, sizeof(kWeights) - 1}; }

}  // namespace address
