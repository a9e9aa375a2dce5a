// The libnfc badge reader: a PN532 on the Pi's UART, an ACR122U on USB, or
// whatever libnfc finds. One thread owns the nfc_device (libnfc devices are
// not shared between threads); it polls ISO14443A in short rounds so that a
// stop is seen within half a second, reports each tap once, and heals itself:
// a reader missing at start or unplugged later is retried with backoff, and
// the kiosk goes on working by touch meanwhile.
//
// One tap = one event: after a card is read, the reader waits for it to leave
// the field before polling again, so a card left on the reader counts once.
// The same UID seen again within `min_interval` of its removal is a bounce
// (the card wobbling at the edge of the field) and is ignored.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "reader/badge_reader.hpp"

struct nfc_device;

namespace escale::kiosk {

struct NfcReaderSettings {
  std::string connstring;                        // empty: libnfc's own choice (LIBNFC_DEVICE, /etc/nfc)
  std::chrono::milliseconds min_interval{1000};  // same UID within this after removal: a bounce
  std::chrono::milliseconds presence_check{80};  // how often a card on the reader is checked for
  std::chrono::milliseconds retry_min{500};      // first retry after a failure, doubling…
  std::chrono::milliseconds retry_max{10000};    // …up to this
  // The clock of the bounce rule: when a card was read and when it left. The
  // kiosk keeps the steady clock; a test moves its own clock by hand, so that
  // "within min_interval" does not depend on how fast a loaded machine runs.
  std::function<std::chrono::steady_clock::time_point()> clock = [] { return std::chrono::steady_clock::now(); };
};

class NfcReader final : public BadgeReader {
 public:
  explicit NfcReader(NfcReaderSettings settings);
  ~NfcReader() override;
  void start(ReaderCallbacks callbacks) override;
  // Sets the stop flag, aborts a read in progress, joins: returns within
  // ~500 ms and leaves the serial port released (nfc_close ran).
  void stop() override;

 private:
  void run();
  bool sleep_for(std::chrono::milliseconds d);  // false when stopping
  void report(ReaderState state, const std::string& detail);
  bool bounce(const std::string& uid, std::chrono::steady_clock::time_point now) const;

  NfcReaderSettings settings_;
  ReaderCallbacks callbacks_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;  // guards device_ for stop()'s abort, and the sleeps
  std::condition_variable wake_;
  bool finished_ = false;         // the reader thread has returned (guarded by mutex_)
  nfc_device* device_ = nullptr;  // owned by the reader thread (RAII there); seen by stop() to abort
  ReaderState last_state_ = ReaderState::Unavailable;
  bool reported_ = false;
  std::string last_uid_;
  std::chrono::steady_clock::time_point last_removed_{};
};

// What libnfc finds: one connection string per line (for --list-readers).
std::vector<std::string> list_nfc_readers();

// "sim", "libnfc" or "libnfc:CONNSTRING" → the connection string ("" for
// libnfc's choice); nullopt-like false when `spec` is not a libnfc spec.
bool parse_libnfc_spec(const std::string& spec, std::string& connstring);

}  // namespace escale::kiosk
