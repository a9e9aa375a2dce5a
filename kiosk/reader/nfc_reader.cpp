// libnfc reader thread. See nfc_reader.hpp; protocol notes in
// ../shared/reference/pn532-uart.md.
#include "reader/nfc_reader.hpp"

#include <nfc/nfc.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "domain/badge.hpp"

namespace escale::kiosk {
namespace {

struct ContextCloser {
  void operator()(nfc_context* c) const { nfc_exit(c); }
};
using Context = std::unique_ptr<nfc_context, ContextCloser>;

Context make_context() {
  nfc_context* raw = nullptr;
  nfc_init(&raw);
  return Context(raw);
}

// Polling: one InListPassiveTarget per round with NP_INFINITE_SELECT off, so
// the chip tries once and answers at once, and every command carries libnfc's
// timeout. (InAutoPoll — nfc_initiator_poll_target — waits for its answer with
// no timeout at all: a chip that falls silent mid-poll would hold the reader
// thread forever, and on pn532_uart an abort does not reliably reach it.)
constexpr nfc_modulation kIso14443a{NMT_ISO14443A, NBR_106};
constexpr std::chrono::milliseconds kRoundPause{60};  // between two rounds: ~10 selects a second

std::string uid_hex(const nfc_target& target) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string hex;
  const auto& info = target.nti.nai;
  for (std::size_t i = 0; i < info.szUidLen && i < sizeof info.abtUid; ++i) {
    hex += digits[info.abtUid[i] >> 4];
    hex += digits[info.abtUid[i] & 0x0F];
  }
  return hex;
}

std::string describe(const std::string& connstring) {
  return connstring.empty() ? std::string("libnfc's default reader") : connstring;
}

}  // namespace

bool parse_libnfc_spec(const std::string& spec, std::string& connstring) {
  constexpr std::string_view prefix = "libnfc";
  if (!spec.starts_with(prefix)) return false;
  if (spec.size() == prefix.size()) {
    connstring.clear();
    return true;
  }
  if (spec[prefix.size()] != ':' || spec.size() == prefix.size() + 1) return false;
  connstring = spec.substr(prefix.size() + 1);
  return connstring.size() < NFC_BUFSIZE_CONNSTRING;
}

std::vector<std::string> list_nfc_readers() {
  std::vector<std::string> found;
  const Context ctx = make_context();
  if (!ctx) return found;
  std::vector<nfc_connstring> strings(16);
  const std::size_t n = nfc_list_devices(ctx.get(), strings.data(), strings.size());
  for (std::size_t i = 0; i < n; ++i) {
    // An empty LIBNFC_DEVICE makes libnfc report an empty connection string.
    if (strings[i][0] != '\0') found.emplace_back(strings[i]);
  }
  return found;
}

NfcReader::NfcReader(NfcReaderSettings settings) : settings_(std::move(settings)) {}

NfcReader::~NfcReader() {
  stop();
}

void NfcReader::start(ReaderCallbacks callbacks) {
  callbacks_ = std::move(callbacks);
  stopping_ = false;
  finished_ = false;
  thread_ = std::thread([this] {
    run();
    std::lock_guard lock(mutex_);
    finished_ = true;
    wake_.notify_all();
  });
}

void NfcReader::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;  // first the flag, then the abort
  // On pn532_uart an abort only interrupts a read already in progress (it is
  // not latched): repeat it until the thread has left libnfc.
  std::unique_lock lock(mutex_);
  while (!finished_) {
    if (device_ != nullptr) nfc_abort_command(device_);
    wake_.notify_all();
    wake_.wait_for(lock, std::chrono::milliseconds(20));
  }
  lock.unlock();
  thread_.join();
}

bool NfcReader::sleep_for(std::chrono::milliseconds d) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, d, [this] { return stopping_.load(); });
  return !stopping_;
}

void NfcReader::report(ReaderState state, const std::string& detail) {
  // Tell the app only when the state changes; the logs get every detail.
  if (state == ReaderState::Ok) {
    spdlog::info("badge reader: {}", detail);
  } else {
    spdlog::warn("badge reader: {}", detail);
  }
  if (reported_ && state == last_state_) return;
  reported_ = true;
  last_state_ = state;
  if (callbacks_.on_state) callbacks_.on_state(state, detail);
}

bool NfcReader::bounce(const std::string& uid, std::chrono::steady_clock::time_point now) const {
  return uid == last_uid_ && now - last_removed_ < settings_.min_interval;
}

void NfcReader::run() {
  const Context ctx = make_context();
  if (!ctx) {
    report(ReaderState::Unavailable, "libnfc could not start (nfc_init failed)");
    return;
  }
  auto backoff = settings_.retry_min;
  while (!stopping_) {
    // Open. A failure is normal (reader unplugged, not yet wired): retry with backoff.
    nfc_device* opened = nfc_open(ctx.get(), settings_.connstring.empty() ? nullptr : settings_.connstring.c_str());
    if (opened == nullptr) {
      report(ReaderState::Unavailable, "no reader at " + describe(settings_.connstring) + "; retrying");
      if (!sleep_for(backoff)) break;
      backoff = std::min(backoff * 2, settings_.retry_max);
      continue;
    }
    struct DeviceCloser {
      NfcReader& reader;
      nfc_device* device;
      ~DeviceCloser() {
        {
          std::lock_guard lock(reader.mutex_);
          reader.device_ = nullptr;
        }
        nfc_close(device);  // releases the serial port (clears libnfc's "claimed" mark)
      }
    } closer{*this, opened};
    {
      std::lock_guard lock(mutex_);
      device_ = opened;
    }
    if (nfc_initiator_init(opened) < 0 || nfc_device_set_property_bool(opened, NP_INFINITE_SELECT, false) < 0) {
      report(ReaderState::Unavailable, std::string("reader did not initialise: ") + nfc_strerror(opened));
      if (!sleep_for(backoff)) break;
      backoff = std::min(backoff * 2, settings_.retry_max);
      continue;
    }
    report(ReaderState::Ok, std::string("reader ready: ") + nfc_device_get_name(opened) + " (" +
                                nfc_device_get_connstring(opened) + ")");
    backoff = settings_.retry_min;

    while (!stopping_) {
      nfc_target target{};
      const int found = nfc_initiator_select_passive_target(opened, kIso14443a, nullptr, 0, &target);
      if (stopping_) break;
      if (found == 0) {  // no card this round
        if (!sleep_for(kRoundPause)) break;
        continue;
      }
      if (found < 0) {
        // A garbled frame, a vanished device: close and reopen (libnfc needs a
        // fresh open to resynchronise with the chip).
        spdlog::warn("badge reader: poll failed ({}); reconnecting", nfc_strerror(opened));
        break;
      }
      const std::string hex = uid_hex(target);
      const auto uid = BadgeUid::parse(hex);
      const auto now = settings_.clock();
      if (!uid) {
        spdlog::warn("badge reader: ignoring a card with an unusable UID « {} » ({} bytes)", hex, hex.size() / 2);
      } else if (bounce(uid->hex(), now)) {
        spdlog::debug("badge reader: {} again within {} ms of its removal: bounce ignored", uid->hex(),
                      settings_.min_interval.count());
      } else if (callbacks_.on_tap) {
        callbacks_.on_tap(uid->hex());
      }
      // One tap = one event: wait until the card leaves the field.
      while (!stopping_ && nfc_initiator_target_is_present(opened, &target) == NFC_SUCCESS) {
        if (!sleep_for(settings_.presence_check)) break;
      }
      last_uid_ = uid ? uid->hex() : hex;
      last_removed_ = settings_.clock();
    }
    if (stopping_) break;
    if (!sleep_for(std::chrono::milliseconds(50))) break;  // then reopen at once
  }
}

}  // namespace escale::kiosk
