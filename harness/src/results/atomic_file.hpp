#pragma once
// The harness writes results, reports and profiles with the SDK's atomic writer.
#include <crucible/atomic_file.hpp>
