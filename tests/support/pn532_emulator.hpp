// An emulated PN532 NFC chip on a pseudo-terminal, answering the frames
// libnfc 1.8.0's pn532_uart driver sends (see ../shared/reference/pn532-uart.md),
// so the kiosk's real libnfc reader — and libnfc's own nfc-list / nfc-poll —
// can be tested without hardware.
//
// The emulator publishes a stable path (a symlink to the current /dev/pts/N)
// so that a test can make the chip vanish (pty closed) and come back (a new
// pty behind the same path), as an unplugged and replugged reader would.
//
// Scriptable: present a card (4- or 7-byte UID; MIFARE Classic or Ultralight/
// NTAG), remove it, go silent (answer nothing), vanish, come back, and inject
// faults into the next response (bad checksum, truncated frame, garbage, no ACK).
// Observable: counters of what the host did (stats(), wait_for()), so that a
// test waits for the host rather than for a guessed time; a poll can be held
// unanswered, and present_for() runs on a clock the test may move.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace escale::testing {

enum class CardKind {
  MifareClassic,  // 4-byte UID, ATQA 00 04, SAK 08: presence checked by re-select (InListPassiveTarget)
  Ultralight,     // 7-byte UID, ATQA 00 44, SAK 00: presence checked by InDataExchange
};

enum class Fault {
  BadChecksum,        // the next response's data checksum is wrong
  BadLengthChecksum,  // the next response's length checksum is wrong
  Truncated,          // the next response stops half-way
  Garbage,            // random bytes instead of the next response
  MissingAck,         // the next command gets no ACK (and no response)
  WrongCode,          // the next response carries the wrong command code
};

struct EmulatorStats {
  int commands = 0;           // frames answered
  int polls = 0;              // InAutoPoll / InListPassiveTarget received
  int card_frames = 0;        // responses that carried a card's UID
  int aborts = 0;             // ACK frames received from the host (abort)
  bool open_by_host = false;  // between the wake-up and PowerDown / close
  // What lets a test wait for the host instead of sleeping:
  int idle_polls = 0;     // polls for any card (no UID asked) answered "no card": the host waits for a tap
  int card_replies = 0;   // answers the card in the field gave (a select that found it, a READ): presence checks
  int faults = 0;         // injected faults that have struck
  int held_polls = 0;     // polls held unanswered by hold_polls(true)
  int held_given_up = 0;  // held polls the host stopped waiting for (its timeout ran out: it sent another command)
  int unheard = 0;        // reads that arrived while silent and were lost
};

class Pn532Emulator {
 public:
  // Creates the pty and the symlink `link_path` to it, and starts answering.
  explicit Pn532Emulator(std::filesystem::path link_path);
  ~Pn532Emulator();  // stops the thread, closes the pty, removes the link
  Pn532Emulator(const Pn532Emulator&) = delete;
  Pn532Emulator& operator=(const Pn532Emulator&) = delete;

  // "pn532_uart:<link_path>" — what to give libnfc.
  std::string connstring() const;
  const std::filesystem::path& link_path() const;

  // Cards. A hex UID of 8 hex digits (4 bytes) or 14 (7 bytes).
  void present(const std::string& uid_hex, CardKind kind = CardKind::MifareClassic);
  void present_for(const std::string& uid_hex, std::chrono::milliseconds duration,
                   CardKind kind = CardKind::MifareClassic);  // removed by itself afterwards
  void remove();
  // The clock present_for() counts its duration on: the steady clock, unless
  // a test gives its own to decide exactly when the card leaves.
  void set_card_clock(std::function<std::chrono::steady_clock::time_point()> clock);

  // Faults.
  void set_silent(bool silent);  // answer nothing at all (an unpowered chip)
  // Note: libnfc 1.8.0 sends InAutoPoll (nfc_initiator_poll_target) with no
  // timeout and cannot abort the ACK read nor the body read: MissingAck or
  // Truncated striking an InAutoPoll (or set_silent during one) blocks that
  // libnfc call for ever, as a real PN532 on a noisy line would.
  void inject(Fault fault);  // applies to the next response only
  // The same, aimed at the next response to one command code (e.g. 0x60,
  // InAutoPoll: the frame that carries the card), other responses untouched.
  // For MissingAck: the next such command gets no ACK and no response.
  void inject(Fault fault, std::uint8_t command);
  void clear_fault();  // forgets an injected fault that has not struck yet
  void vanish();       // close the pty and remove the link (unplugged)
  void come_back();    // a new pty behind the same link (replugged)
  // A chip that takes its time: while on, a poll that finds no card (InAutoPoll,
  // or InListPassiveTarget whatever its retry setting) is ACKed and then left
  // unanswered — until a card is presented (answered at once), the host aborts,
  // or hold_polls(false) (then "no card"). A test can so catch the host in the
  // middle of a read without guessing how long a round lasts.
  void hold_polls(bool hold);

  EmulatorStats stats() const;
  // Waits until `predicate(stats())` holds, or `timeout` passes (returns false
  // then). Lets a test present a card exactly while the host's poll is pending,
  // without sleeping blindly.
  bool wait_for(const std::function<bool(const EmulatorStats&)>& predicate, std::chrono::milliseconds timeout) const;
  // The pseudo-terminal currently behind link_path() (empty while vanished).
  std::filesystem::path pty_path() const;
  // Called (from the emulator thread) right after a response carrying a card's
  // UID has been written: the benchmark's start time.
  void on_card_frame(std::function<void(std::chrono::steady_clock::time_point)> callback);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace escale::testing
