#pragma once
// A process-wide pool of worker threads for the matchers. Threads start once, on first use
// (and more when a call asks for more parts than there are threads), never inside a query:
// a query only hands out part indices. Which thread runs a part never changes what it
// computes, so results do not depend on scheduling.
#include <cstddef>
#include <functional>

namespace kato {

// Runs fn(0) ... fn(parts - 1), the calling thread taking a share, and returns when all are
// done; the first exception a part throws is rethrown here. parts <= 1 runs inline. A call
// made while another thread's call is in flight (or from inside a part) runs its parts on
// the calling thread instead of waiting.
void run_parts(std::size_t parts, const std::function<void(std::size_t)>& fn);

}  // namespace kato
