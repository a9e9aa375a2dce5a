// The badge-reader interface. A reader runs on its own thread (or none) and
// delivers each tap as UID text through the callback; the kiosk's loop turns
// that into an SDL event so the UI thread wakes at once.
//
// Readers: the simulated one (keyboard in the demo, lines of UIDs from a FIFO
// or stdin for scripts). The libnfc reader comes with its own issue.
#pragma once

#include <functional>
#include <string>

namespace escale::kiosk {

enum class ReaderState { Ok, Unavailable };

struct ReaderCallbacks {
  std::function<void(std::string uid)> on_tap;  // called from the reader's thread
  std::function<void(ReaderState state, std::string detail)> on_state;
};

class BadgeReader {
 public:
  virtual ~BadgeReader() = default;
  virtual void start(ReaderCallbacks callbacks) = 0;
  virtual void stop() = 0;  // returns once the reader thread has finished
};

}  // namespace escale::kiosk
