// Waiting on a condition instead of on time: a busy machine only makes a test
// slower, never failing it (make stress-test).
#pragma once

#include <chrono>
#include <thread>

namespace escale::tests {

// What a test waits for at most: generous, never a measure of speed.
inline constexpr std::chrono::milliseconds kGenerous{30'000};

// Polls `condition` (every 5 ms) until it holds or `timeout` passes; returns
// whether it held.
template <typename Condition>
bool wait_until(Condition condition, std::chrono::milliseconds timeout = kGenerous) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace escale::tests
