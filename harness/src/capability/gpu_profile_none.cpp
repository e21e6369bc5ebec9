// Built without CUDA.
#include "capability/gpu_profile.hpp"

namespace crucible {

nlohmann::json gpu_profile_json(bool) { return {{"absent", "absent: this crucible was built without CUDA"}}; }
nlohmann::json gpu_identity_json() { return nlohmann::json::array(); }

}  // namespace crucible
