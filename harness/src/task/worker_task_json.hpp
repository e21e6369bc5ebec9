#pragma once
// WorkerTask as JSON, the form it crosses the process boundary in (parent to child). A key
// that is absent reads as the struct's default.
#include <nlohmann/json.hpp>

#include "task/worker_task.hpp"

namespace crucible {

void to_json(nlohmann::json& j, const WorkerTask& task);
// Throws std::invalid_argument on an unknown kind, nlohmann::json errors on a wrong type.
void from_json(const nlohmann::json& j, WorkerTask& task);

}  // namespace crucible
