#include "suite/suite_spec.hpp"

#include <utility>

namespace crucible {

std::string SourceLocation::str() const {
  if (line <= 0) return path;
  return path + ":" + std::to_string(line) + ":" + std::to_string(column);
}

SuiteError::SuiteError(SourceLocation where, std::string message)
    : InputError(where.str() + ": " + message),
      where_(std::move(where)),
      message_(std::move(message)) {}

}  // namespace crucible
