// What a badge reader reported, as the kiosk's loop would receive it: the
// taps and state changes, collected from the reader's thread, with waits.
// Shared by the line reader and libnfc reader tests.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "reader/badge_reader.hpp"

namespace escale::kiosk::testing {

struct ReaderEvents {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> taps;
  std::vector<ReaderState> states;

  ReaderCallbacks callbacks() {
    return {[this](std::string uid) {
              std::lock_guard lock(mutex);
              taps.push_back(std::move(uid));
              changed.notify_all();
            },
            [this](ReaderState s, const std::string&) {
              std::lock_guard lock(mutex);
              states.push_back(s);
              changed.notify_all();
            }};
  }
  // Waits until pred(*this) holds (checked under the lock); false on timeout.
  // The default timeouts are generous: a loaded machine must not fail a test.
  template <typename Pred>
  bool wait(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, timeout, [&] { return pred(*this); });
  }
  bool wait_for_taps(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return wait([n](ReaderEvents& e) { return e.taps.size() >= n; }, timeout);
  }
  std::size_t tap_count() {
    std::lock_guard lock(mutex);
    return taps.size();
  }
  ReaderState last_state() {
    std::lock_guard lock(mutex);
    return states.empty() ? ReaderState::Unavailable : states.back();
  }
};

}  // namespace escale::kiosk::testing
