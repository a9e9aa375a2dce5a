// An emulated PN532 on a pseudo-terminal: see pn532_emulator.hpp and
// shared/reference/pn532-uart.md for the protocol as libnfc 1.8.0 speaks it.
//
// Layout: the scripting side (present, remove, faults, stats) lives in Impl and
// is guarded by one mutex. Everything that touches the pty lives in a Session:
// the master/slave file descriptors and the one thread that reads the master
// and answers. A wake pipe, owned by Impl so that scripting never waits for a
// session lock, tells that thread to look at the shared state again. vanish() destroys the Session (an unplugged
// reader), come_back() builds a fresh one (a replugged, freshly powered chip).
#include "pn532_emulator.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

namespace escale::testing {

namespace {

using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;

// PN532 command codes (host → chip; the reply's code is one more).
enum Command : std::uint8_t {
  kDiagnose = 0x00,
  kGetFirmwareVersion = 0x02,
  kGetGeneralStatus = 0x04,
  kReadRegister = 0x06,
  kWriteRegister = 0x08,
  kReadGpio = 0x0C,
  kWriteGpio = 0x0E,
  kSetSerialBaudRate = 0x10,
  kSetParameters = 0x12,
  kSamConfiguration = 0x14,
  kPowerDown = 0x16,
  kRfConfiguration = 0x32,
  kInDataExchange = 0x40,
  kInCommunicateThru = 0x42,
  kInDeselect = 0x44,
  kInListPassiveTarget = 0x4A,
  kInRelease = 0x52,
  kInSelect = 0x54,
  kInAutoPoll = 0x60,
};

constexpr std::uint8_t kTfiHost = 0xD4;
constexpr std::uint8_t kTfiChip = 0xD5;
// Status bytes of InDataExchange & co. (PN532 user manual, table "Error code list").
constexpr std::uint8_t kStatusOk = 0x00;
constexpr std::uint8_t kStatusTimeout = 0x01;     // the target has not answered
constexpr std::uint8_t kStatusMifareAuth = 0x14;  // MIFARE Classic: not authenticated

// InAutoPoll target types the emulated cards answer to.
constexpr std::uint8_t kTypeGeneric106 = 0x00;
constexpr std::uint8_t kTypeMifare = 0x10;

const Bytes kAckFrame{0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00};
// Sent after the ACK for a command the chip does not know (a "syntax error").
const Bytes kErrorFrame{0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00};

// libnfc writes each frame with one write(): the start of a frame whose rest
// has not come for this long is noise, and is dropped.
constexpr std::chrono::milliseconds kStalePartialFrame{200};
// The brief: an empty InAutoPoll answers "no target" after at most ~300 ms, so
// a test's poll round stays short whatever PollNr/Period libnfc asked for.
constexpr std::chrono::milliseconds kMaxAutoPollWait{300};
// A write to the master that cannot progress for this long is given up: the
// host is not reading, and the emulator thread must stay stoppable.
constexpr std::chrono::milliseconds kWriteGiveUp{1000};

std::uint8_t u8(unsigned value) {
  return static_cast<std::uint8_t>(value & 0xFFU);
}

std::uint8_t checksum_of(const Bytes& bytes, std::size_t from, std::size_t to) {
  unsigned sum = 0;
  for (std::size_t i = from; i < to; ++i) sum += bytes[i];
  return u8(0x100U - (sum & 0xFFU));
}

// body = TFI + code + data. Normal frame up to 255 bytes of body, extended above.
Bytes build_frame(const Bytes& body) {
  Bytes frame{0x00, 0x00, 0xFF};
  const std::size_t len = body.size();
  if (len <= 0xFF) {
    frame.push_back(u8(static_cast<unsigned>(len)));
    frame.push_back(u8(0x100U - static_cast<unsigned>(len)));
  } else {
    frame.push_back(0xFF);
    frame.push_back(0xFF);
    const auto hi = u8(static_cast<unsigned>(len >> 8));
    const auto lo = u8(static_cast<unsigned>(len));
    frame.push_back(hi);
    frame.push_back(lo);
    frame.push_back(u8(0x100U - ((hi + lo) & 0xFFU)));
  }
  const std::size_t body_start = frame.size();
  frame.insert(frame.end(), body.begin(), body.end());
  frame.push_back(checksum_of(frame, body_start, frame.size()));
  frame.push_back(0x00);  // postamble
  return frame;
}

// Where the body (TFI…) starts and how long it is, for a frame we built.
std::pair<std::size_t, std::size_t> body_span(const Bytes& frame) {
  if (frame.size() >= 8 && frame[3] == 0xFF && frame[4] == 0xFF) {
    return {8, (static_cast<std::size_t>(frame[5]) << 8) | frame[6]};
  }
  return {5, frame.size() >= 4 ? frame[3] : 0};
}

Bytes parse_uid(const std::string& hex) {
  std::string digits;
  for (const char c : hex) {
    if (c == ':' || c == ' ' || c == '-') continue;  // tolerate "04:A1:B2:C3"
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) {
      throw std::invalid_argument("UID is not hexadecimal: " + hex);
    }
    digits.push_back(c);
  }
  if (digits.size() != 8 && digits.size() != 14 && digits.size() != 20) {
    throw std::invalid_argument("UID must be 4, 7 or 10 bytes: " + hex);
  }
  Bytes uid;
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    uid.push_back(u8(static_cast<unsigned>(std::stoul(digits.substr(i, 2), nullptr, 16))));
  }
  return uid;
}

// libnfc prefixes the cascade tag 0x88 to a 7- or 10-byte UID it gives as
// InListPassiveTarget initiator data (iso14443_cascade_uid): undo it.
Bytes decascade(const Bytes& id) {
  if (id.size() == 8 && id[0] == 0x88) return Bytes(id.begin() + 1, id.end());
  if (id.size() == 12 && id[0] == 0x88 && id[4] == 0x88) {
    Bytes uid(id.begin() + 1, id.begin() + 4);
    uid.insert(uid.end(), id.begin() + 5, id.end());
    return uid;
  }
  return id;
}

struct Card {
  Bytes uid;
  CardKind kind = CardKind::MifareClassic;

  // SENS_RES as the PN532 reports it (MSB first): the UID size is in bits 6-7.
  std::array<std::uint8_t, 2> atqa() const {
    const std::uint8_t size_bits = uid.size() == 4 ? 0x00 : uid.size() == 7 ? 0x40 : 0x80;
    return {0x00, u8(size_bits | 0x04U)};
  }
  std::uint8_t sak() const { return kind == CardKind::MifareClassic ? 0x08 : 0x00; }

  // Tg, SENS_RES, SEL_RES, NFCID1 length, NFCID1: the ISO14443A target data of
  // InListPassiveTarget and InAutoPoll.
  Bytes target_data() const {
    const auto q = atqa();
    Bytes data{0x01, q[0], q[1], sak(), u8(static_cast<unsigned>(uid.size()))};
    data.insert(data.end(), uid.begin(), uid.end());
    return data;
  }

  // A MIFARE Ultralight memory image (16 pages of 4 bytes): UID and BCCs in
  // pages 0-2, an NDEF capability container in page 3, an empty NDEF TLV.
  Bytes ultralight_memory() const {
    Bytes mem(64, 0x00);
    Bytes id = uid;
    id.resize(7, 0x00);
    mem[0] = id[0];
    mem[1] = id[1];
    mem[2] = id[2];
    mem[3] = u8(0x88U ^ id[0] ^ id[1] ^ id[2]);
    std::copy(id.begin() + 3, id.end(), mem.begin() + 4);
    mem[8] = u8(static_cast<unsigned>(id[3] ^ id[4] ^ id[5] ^ id[6]));
    mem[9] = 0x48;
    mem[12] = 0xE1;
    mem[13] = 0x10;
    mem[14] = 0x06;
    mem[16] = 0x03;
    mem[17] = 0x00;
    mem[18] = 0xFE;
    return mem;
  }
};

// An owned file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

void set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) throw_errno("fcntl O_NONBLOCK");
}

// Points `link` at `target` atomically: a reader of the link sees either the
// old or the new pty, never a missing link (rename(2) replaces atomically).
void repoint_symlink(const std::filesystem::path& link, const std::filesystem::path& target) {
  auto temp = link;
  temp += ".tmp" + std::to_string(::getpid());
  std::error_code ignored;
  std::filesystem::remove(temp, ignored);
  std::filesystem::create_symlink(target, temp);
  std::filesystem::rename(temp, link);
}

}  // namespace

// ---------------------------------------------------------------------------

struct Pn532Emulator::Impl {
  class Session;

  explicit Impl(std::filesystem::path link) : link_path(std::move(link)) {
    std::array<int, 2> pipe_fds{};
    if (::pipe2(pipe_fds.data(), O_NONBLOCK | O_CLOEXEC) != 0) throw_errno("pipe2");
    wake_read = Fd(pipe_fds[0]);
    wake_write = Fd(pipe_fds[1]);
  }

  // Shared state, guarded by `mutex`. `changed` is notified on every change of
  // the stats, for wait_for().
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::optional<Card> card;
  std::optional<Clock::time_point> card_until;  // present_for's end, on card_clock
  std::function<Clock::time_point()> card_clock = [] { return Clock::now(); };
  bool silent = false;
  bool hold = false;  // hold_polls()
  std::optional<Fault> fault;
  std::optional<std::uint8_t> fault_command;  // only the response to this command
  EmulatorStats counters;
  std::function<void(Clock::time_point)> card_frame_callback;
  std::filesystem::path pty;

  const std::filesystem::path link_path;
  Fd wake_read;              // polled by the session thread
  Fd wake_write;             // written by wake()
  std::mutex session_mutex;  // serialises vanish / come_back / destruction
  std::unique_ptr<Session> session;

  // Whether the injected fault is meant for (the response to) `command`. Called
  // with `mutex` held.
  bool fault_applies_to(std::uint8_t command) const { return !fault_command || *fault_command == command; }

  // The card in the field now (present_for's card leaves by itself).
  std::optional<Card> current_card() {
    std::lock_guard lock(mutex);
    if (card && card_until && card_clock() >= *card_until) {
      card.reset();
      card_until.reset();
    }
    return card;
  }

  template <typename F>
  void update_stats(F&& f) {
    {
      std::lock_guard lock(mutex);
      f(counters);
    }
    changed.notify_all();
  }

  void start_session();
  void stop_session();
  void wake();
};

// One pty and the thread answering on it.
class Pn532Emulator::Impl::Session {
 public:
  explicit Session(Impl& owner) : owner_(owner) {
    master_ = Fd(::posix_openpt(O_RDWR | O_NOCTTY));
    if (master_.get() < 0) throw_errno("posix_openpt");
    if (::grantpt(master_.get()) != 0) throw_errno("grantpt");
    if (::unlockpt(master_.get()) != 0) throw_errno("unlockpt");
    std::array<char, 128> name{};
    if (::ptsname_r(master_.get(), name.data(), name.size()) != 0) throw_errno("ptsname_r");
    pty_path_ = name.data();

    // Our own slave descriptor, kept open for the pty's whole life: when libnfc
    // closes its descriptor the master would otherwise read EIO (no slave left)
    // and the pty's termios settings would not survive between two nfc_open.
    slave_ = Fd(::open(pty_path_.c_str(), O_RDWR | O_NOCTTY));
    if (slave_.get() < 0) throw_errno("open " + pty_path_.string());
    termios tio{};
    if (::tcgetattr(slave_.get(), &tio) != 0) throw_errno("tcgetattr");
    ::cfmakeraw(&tio);  // no echo, no line editing: the bytes go through untouched
    ::cfsetispeed(&tio, B115200);
    ::cfsetospeed(&tio, B115200);
    if (::tcsetattr(slave_.get(), TCSANOW, &tio) != 0) throw_errno("tcsetattr");

    // Non-blocking master: a host that stops reading must not wedge the thread.
    set_nonblocking(master_.get());

    thread_ = std::thread([this] { run(); });
  }

  ~Session() {
    stop_.store(true);
    owner_.wake();
    if (thread_.joinable()) thread_.join();
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const std::filesystem::path& pty_path() const { return pty_path_; }

 private:
  // A command the chip is still working on (a poll waiting for a card).
  struct Pending {
    std::uint8_t command = 0;
    std::optional<Clock::time_point> deadline;  // none: wait for a card forever
    bool held = false;                          // by hold_polls(): "no card" once the hold ends
    Bytes wanted_uid;                           // InListPassiveTarget's filter
    std::vector<std::uint8_t> types;            // InAutoPoll's target types
  };

  struct Response {
    std::uint8_t command = 0;  // what it answers (for a fault aimed at one command)
    Bytes frame;
    bool carries_uid = false;
  };

  void run() {
    std::array<std::uint8_t, 4096> chunk{};
    while (!stop_.load()) {
      std::array<pollfd, 2> fds{};
      fds[0] = {master_.get(), POLLIN, 0};
      fds[1] = {owner_.wake_read.get(), POLLIN, 0};
      const int rc = ::poll(fds.data(), fds.size(), poll_timeout_ms());
      if (rc < 0 && errno != EINTR) break;
      if (stop_.load()) break;
      if (rc > 0 && (fds[1].revents & POLLIN) != 0) {
        while (::read(owner_.wake_read.get(), chunk.data(), chunk.size()) > 0) {
        }
      }
      if (rc > 0 && (fds[0].revents & POLLIN) != 0) {
        const ssize_t n = ::read(master_.get(), chunk.data(), chunk.size());
        if (n > 0) {
          if (is_silent()) {
            // An unpowered chip: whatever arrives is lost.
            rx_.clear();
            owner_.update_stats([](EmulatorStats& s) { ++s.unheard; });
          } else {
            rx_.insert(rx_.end(), chunk.begin(), chunk.begin() + n);
            last_rx_ = Clock::now();
            parse_frames();
          }
        }
      } else if (rc > 0 && (fds[0].revents & (POLLHUP | POLLERR)) != 0) {
        // Only happens if no slave descriptor is open; ours always is, but do
        // not spin if the kernel says otherwise.
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      drop_stale_partial_frame();
      service_pending();
    }
  }

  bool is_silent() const {
    std::lock_guard lock(owner_.mutex);
    return owner_.silent;
  }

  bool is_holding() const {
    std::lock_guard lock(owner_.mutex);
    return owner_.hold;
  }

  // Leaves `p` pending with no deadline if hold_polls() is on.
  bool hold(Pending& p) {
    if (!is_holding()) return false;
    p.deadline.reset();
    p.held = true;
    pending_ = std::move(p);
    owner_.update_stats([](EmulatorStats& s) { ++s.held_polls; });
    return true;
  }

  // A poll answered "no card"; one that asked for no UID in particular is the
  // host waiting for the next tap.
  Response no_card(std::uint8_t code, bool any_card) {
    if (any_card) owner_.update_stats([](EmulatorStats& s) { ++s.idle_polls; });
    return reply(code, {0x00});  // NbTg = 0
  }

  int poll_timeout_ms() const {
    std::optional<Clock::time_point> next;
    if (pending_ && pending_->deadline) next = pending_->deadline;
    if (!rx_.empty()) {
      const auto stale = last_rx_ + kStalePartialFrame;
      if (!next || stale < *next) next = stale;
    }
    // Nothing else has a deadline: a presented card or a stop request wakes us.
    if (!next) return -1;
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now());
    return static_cast<int>(std::clamp<long long>(wait.count(), 0, 1000));
  }

  void drop_stale_partial_frame() {
    if (!rx_.empty() && Clock::now() - last_rx_ >= kStalePartialFrame) rx_.clear();
  }

  // Extracts every complete frame from rx_. Resynchronises on the start code
  // 00 FF, so that wake-up bytes (55 55 00 00 …), postambles and line noise
  // in front of a frame are skipped.
  void parse_frames() {
    for (;;) {
      std::size_t start = 0;
      while (start + 1 < rx_.size() && !(rx_[start] == 0x00 && rx_[start + 1] == 0xFF)) ++start;
      if (std::find(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(start), 0x55) !=
          rx_.begin() + static_cast<std::ptrdiff_t>(start)) {
        on_wakeup();
      }
      // Keep a trailing 00 (maybe the first half of a start code).
      rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(start));
      if (rx_.size() < 4) return;

      const std::uint8_t len = rx_[2];
      const std::uint8_t lcs = rx_[3];
      if (len == 0x00 && lcs == 0xFF) {  // ACK from the host: abort
        consume(4);
        on_abort();
        continue;
      }
      if (len == 0xFF && lcs == 0x00) {  // NACK: send the last response again
        consume(4);
        if (!last_response_.empty()) write_all(last_response_);
        continue;
      }
      std::size_t body_start = 4;
      std::size_t body_len = len;
      if (len == 0xFF && lcs == 0xFF) {  // extended frame
        if (rx_.size() < 7) return;
        if (u8(static_cast<unsigned>(rx_[4] + rx_[5] + rx_[6])) != 0) {
          consume(2);  // bad length checksum: the real chip ignores the frame
          continue;
        }
        body_start = 7;
        body_len = (static_cast<std::size_t>(rx_[4]) << 8) | rx_[5];
      } else if (u8(static_cast<unsigned>(len + lcs)) != 0) {
        consume(2);  // bad length checksum: ignored, resync after the start code
        continue;
      }
      if (rx_.size() < body_start + body_len + 1) return;  // wait for the rest

      const std::uint8_t dcs = rx_[body_start + body_len];
      const Bytes body(rx_.begin() + static_cast<std::ptrdiff_t>(body_start),
                       rx_.begin() + static_cast<std::ptrdiff_t>(body_start + body_len));
      consume(body_start + body_len + 1);
      // A frame whose data checksum is wrong, or that is not for the chip, is
      // dropped without an ACK, as the PN532 does: the host times out.
      unsigned sum = dcs;
      for (const auto b : body) sum += b;
      if ((sum & 0xFFU) != 0 || body.size() < 2 || body[0] != kTfiHost) continue;
      on_command(body);
    }
  }

  void consume(std::size_t n) {
    rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(std::min(n, rx_.size())));
  }

  void on_wakeup() {
    owner_.update_stats([](EmulatorStats& s) { s.open_by_host = true; });
  }

  void on_abort() {
    // The host gave up on the command in flight (nfc_abort_command): the chip
    // stops it and sends nothing more for it.
    pending_.reset();
    owner_.update_stats([](EmulatorStats& s) { ++s.aborts; });
  }

  void on_command(const Bytes& body) {
    {
      std::lock_guard lock(owner_.mutex);
      if (owner_.fault == Fault::MissingAck && owner_.fault_applies_to(body[1])) {
        // The command is "lost on the line": no ACK, no response.
        owner_.fault.reset();
        ++owner_.counters.faults;
        owner_.changed.notify_all();
        return;
      }
    }
    // A new command replaces whatever the chip was still doing.
    const bool given_up = pending_ && pending_->held;
    pending_.reset();
    owner_.update_stats([given_up](EmulatorStats& s) {
      ++s.commands;
      if (given_up) ++s.held_given_up;
    });
    write_all(kAckFrame);

    const std::uint8_t code = body[1];
    const Bytes data(body.begin() + 2, body.end());
    if (auto response = answer(code, data)) send_response(*response);
  }

  static Response reply(std::uint8_t code, const Bytes& data, bool carries_uid = false) {
    Bytes body{kTfiChip, u8(code + 1U)};
    body.insert(body.end(), data.begin(), data.end());
    return {code, build_frame(body), carries_uid};
  }

  // The response to one command, or nothing when it stays pending.
  std::optional<Response> answer(std::uint8_t code, const Bytes& data) {
    switch (code) {
      case kDiagnose:
        return diagnose(data);
      case kGetFirmwareVersion:
        return reply(code, {0x32, 0x01, 0x06, 0x07});  // PN532 v1.6, ISO14443A/B + DEP
      case kGetGeneralStatus: {
        // Err, Field, NbTg, then the SAM status.
        return reply(code, {0x00, u8(rf_on_ ? 1U : 0U), 0x00, 0x00});
      }
      case kReadRegister: {
        Bytes values;  // the PN532 (unlike the PN533) sends no status byte here
        for (std::size_t i = 0; i + 1 < data.size(); i += 2) {
          const auto address = static_cast<std::uint16_t>((data[i] << 8) | data[i + 1]);
          const auto it = registers_.find(address);
          values.push_back(it == registers_.end() ? std::uint8_t{0} : it->second);
        }
        return reply(code, values);
      }
      case kWriteRegister:
        for (std::size_t i = 0; i + 2 < data.size(); i += 3) {
          const auto address = static_cast<std::uint16_t>((data[i] << 8) | data[i + 1]);
          registers_[address] = data[i + 2];
        }
        return reply(code, {});
      case kReadGpio:
        return reply(code, {0xFF, 0xFF, 0x00});
      case kWriteGpio:
      case kSetSerialBaudRate:  // the pty has no baud rate: acknowledge and carry on
      case kSetParameters:
      case kSamConfiguration:
        return reply(code, {});
      case kPowerDown:
        owner_.update_stats([](EmulatorStats& s) { s.open_by_host = false; });
        rf_on_ = false;
        return reply(code, {kStatusOk});
      case kRfConfiguration:
        if (data.size() >= 2 && data[0] == 0x01) rf_on_ = (data[1] & 0x01) != 0;
        if (data.size() >= 4 && data[0] == 0x05) max_retries_passive_ = data[3];
        return reply(code, {});
      case kInDataExchange:
        // Tg, then the bytes for the card.
        return reply(code, exchange(data.size() > 1 ? Bytes(data.begin() + 1, data.end()) : Bytes{}));
      case kInCommunicateThru: {
        // Raw frames reach a type A card only while the CIU frames type A
        // (TxMode bits 0-1 = 00): libnfc probes ISO14443B variants this way.
        const auto tx_mode = registers_.find(0x6302);
        const bool type_a = tx_mode == registers_.end() || (tx_mode->second & 0x03) == 0;
        const auto in_field = owner_.current_card();
        if (!type_a || !in_field || in_field->kind != CardKind::Ultralight) return reply(code, {kStatusTimeout});
        return reply(code, exchange(data));
      }
      case kInDeselect:
      case kInRelease:
        return reply(code, {kStatusOk});
      case kInSelect:
        return reply(code, {owner_.current_card() ? kStatusOk : kStatusTimeout});
      case kInListPassiveTarget:
        return list_passive_target(data);
      case kInAutoPoll:
        return auto_poll(data);
      default:
        return Response{code, kErrorFrame, false};
    }
  }

  Response diagnose(const Bytes& data) {
    if (data.empty()) return reply(kDiagnose, {});
    switch (data[0]) {
      case 0x00:  // communication test: echo NumTst and InParam
        return reply(kDiagnose, data);
      case 0x06:  // card presence (libnfc after 1.8.0 uses it in target_is_present)
        return reply(kDiagnose, {owner_.current_card() ? kStatusOk : kStatusTimeout});
      default:
        return reply(kDiagnose, {kStatusOk});
    }
  }

  // What the card in the field answers to `request`: status byte + data.
  Bytes exchange(const Bytes& request) {
    const auto in_field = owner_.current_card();
    if (!in_field || request.empty()) return {kStatusTimeout};
    if (in_field->kind == CardKind::Ultralight) {
      if (request[0] == 0x30 && request.size() >= 2) {  // READ: 4 pages, wrapping
        const Bytes mem = in_field->ultralight_memory();
        Bytes out{kStatusOk};
        for (std::size_t i = 0; i < 16; ++i) out.push_back(mem[(std::size_t{request[1]} * 4 + i) % mem.size()]);
        owner_.update_stats([](EmulatorStats& s) { ++s.card_replies; });
        return out;
      }
      if (request[0] == 0xA2) return {kStatusOk};  // WRITE: acknowledged, not kept
      return {kStatusTimeout};
    }
    // MIFARE Classic: every block access needs an authentication we do not emulate.
    return {kStatusMifareAuth};
  }

  Response card_reply(std::uint8_t code, std::uint8_t type, const Card& card, bool with_type) {
    owner_.update_stats([](EmulatorStats& s) { ++s.card_replies; });
    Bytes data{0x01};  // NbTg
    const Bytes target = card.target_data();
    if (with_type) {
      data.push_back(type);
      data.push_back(u8(static_cast<unsigned>(target.size())));
    }
    data.insert(data.end(), target.begin(), target.end());
    return reply(code, data, true);
  }

  std::optional<Response> list_passive_target(const Bytes& data) {
    owner_.update_stats([](EmulatorStats& s) { ++s.polls; });
    // MaxTg, BrTy (0x00: 106 kbps type A), optional initiator data (a UID).
    if (data.size() < 2 || data[1] != 0x00) return no_card(kInListPassiveTarget, data.size() <= 2);
    Pending p;
    p.command = kInListPassiveTarget;
    p.wanted_uid = decascade(Bytes(data.begin() + 2, data.end()));
    if (auto found = try_pending(p)) return found;
    if (hold(p)) return std::nullopt;
    // With MxRtyPassiveActivation = 0xFF (libnfc's NP_INFINITE_SELECT, the
    // power-on default) the real chip keeps trying until a card shows up.
    if (max_retries_passive_ != 0xFF) return no_card(kInListPassiveTarget, p.wanted_uid.empty());
    pending_ = std::move(p);
    return std::nullopt;
  }

  std::optional<Response> auto_poll(const Bytes& data) {
    owner_.update_stats([](EmulatorStats& s) { ++s.polls; });
    if (data.size() < 3) return Response{kInAutoPoll, kErrorFrame, false};
    Pending p;
    p.command = kInAutoPoll;
    p.types.assign(data.begin() + 2, data.end());
    if (auto found = try_pending(p)) return found;
    if (hold(p)) return std::nullopt;
    // The real chip polls PollNr × (types × Period × 150 ms) (PollNr 0xFF:
    // forever); the emulator caps it so that a test's poll round stays short.
    const unsigned poll_nr = data[0];
    const auto real = std::chrono::milliseconds(150LL * data[1] * static_cast<long long>(p.types.size()) *
                                                static_cast<long long>(poll_nr));
    const auto wait = poll_nr == 0xFF ? kMaxAutoPollWait : std::min(real, kMaxAutoPollWait);
    p.deadline = Clock::now() + wait;
    pending_ = std::move(p);
    return std::nullopt;
  }

  // The answer to `p` if the card in the field satisfies it.
  std::optional<Response> try_pending(const Pending& p) {
    const auto in_field = owner_.current_card();
    if (!in_field) return std::nullopt;
    if (p.command == kInListPassiveTarget) {
      if (!p.wanted_uid.empty() && p.wanted_uid != in_field->uid) return std::nullopt;
      return card_reply(kInListPassiveTarget, 0, *in_field, false);
    }
    for (const auto type : p.types) {
      if (type == kTypeMifare || type == kTypeGeneric106) {
        return card_reply(kInAutoPoll, type, *in_field, true);
      }
    }
    return std::nullopt;
  }

  // Answers a pending poll when a card came, when its time is up, or when the
  // hold that kept it ended.
  void service_pending() {
    if (!pending_) return;
    if (auto found = try_pending(*pending_)) {
      pending_.reset();
      send_response(*found);
      return;
    }
    if ((pending_->deadline && Clock::now() >= *pending_->deadline) || (pending_->held && !is_holding())) {
      const auto code = pending_->command;
      const bool any_card = pending_->wanted_uid.empty();
      pending_.reset();
      send_response(no_card(code, any_card));
    }
  }

  void send_response(Response response) {
    std::optional<Fault> struck;
    {
      std::lock_guard lock(owner_.mutex);
      if (owner_.silent) return;
      if (owner_.fault && *owner_.fault != Fault::MissingAck && owner_.fault_applies_to(response.command)) {
        struck = std::exchange(owner_.fault, std::nullopt);
      }
    }
    if (struck) owner_.update_stats([](EmulatorStats& s) { ++s.faults; });
    if (!struck) last_response_ = response.frame;
    Bytes frame = struck ? corrupt(response.frame, *struck) : std::move(response.frame);
    if (!write_all(frame) || !response.carries_uid) return;
    const auto written_at = Clock::now();
    std::function<void(Clock::time_point)> callback;
    {
      std::lock_guard lock(owner_.mutex);
      ++owner_.counters.card_frames;
      callback = owner_.card_frame_callback;
    }
    owner_.changed.notify_all();
    if (callback) callback(written_at);
  }

  Bytes corrupt(Bytes frame, Fault kind) {
    const auto [body_start, body_len] = body_span(frame);
    switch (kind) {
      case Fault::BadChecksum:
        frame[frame.size() - 2] = u8(frame[frame.size() - 2] + 1U);
        break;
      case Fault::BadLengthChecksum:
        frame[body_start - 1] = u8(frame[body_start - 1] + 1U);
        break;
      case Fault::Truncated:
        frame.resize(frame.size() / 2);
        break;
      case Fault::Garbage: {
        // Never 00 or FF, so that the garbage cannot look like a frame start.
        std::uniform_int_distribution<unsigned> byte(0x01, 0xFE);
        frame.assign(16, 0);
        for (auto& b : frame) b = u8(byte(rng_));
        break;
      }
      case Fault::WrongCode:
        if (body_len >= 2) {
          frame[body_start + 1] = u8(frame[body_start + 1] + 2U);
          frame[body_start + body_len] = checksum_of(frame, body_start, body_start + body_len);
        }
        break;
      case Fault::MissingAck:
        break;
    }
    return frame;
  }

  bool write_all(const Bytes& bytes) {
    std::size_t done = 0;
    const auto give_up = Clock::now() + kWriteGiveUp;
    while (done < bytes.size()) {
      const ssize_t n = ::write(master_.get(), bytes.data() + done, bytes.size() - done);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
      if (stop_.load() || Clock::now() >= give_up) return false;
      pollfd out{master_.get(), POLLOUT, 0};
      ::poll(&out, 1, 50);
    }
    return true;
  }

  Impl& owner_;
  Fd master_;
  Fd slave_;
  std::filesystem::path pty_path_;
  std::atomic<bool> stop_{false};

  // Chip state, touched by the emulator thread only.
  Bytes rx_;
  Clock::time_point last_rx_{};
  std::optional<Pending> pending_;
  Bytes last_response_;
  std::map<std::uint16_t, std::uint8_t> registers_;
  bool rf_on_ = false;
  std::uint8_t max_retries_passive_ = 0xFF;  // power-on default: retry forever
  std::mt19937 rng_{0x50A532};

  std::thread thread_;  // last member: started once everything above exists
};

void Pn532Emulator::Impl::start_session() {
  auto fresh = std::make_unique<Session>(*this);
  repoint_symlink(link_path, fresh->pty_path());
  {
    std::lock_guard lock(mutex);
    pty = fresh->pty_path();
    counters.open_by_host = false;  // a freshly powered chip
  }
  session = std::move(fresh);
}

void Pn532Emulator::Impl::stop_session() {
  session.reset();  // joins the thread, then closes master and slave
  std::error_code ignored;
  std::filesystem::remove(link_path, ignored);
  std::lock_guard lock(mutex);
  pty.clear();
  counters.open_by_host = false;
}

// Called from any thread: makes the session thread re-check the shared state
// (a card was presented, the thread must stop...). Lock-free on purpose, so
// that even an on_card_frame callback may present a card.
void Pn532Emulator::Impl::wake() {
  const std::uint8_t byte = 1;
  // A full pipe already guarantees a wake-up: the result can be ignored.
  [[maybe_unused]] const auto written = ::write(wake_write.get(), &byte, 1);
}

// ---------------------------------------------------------------------------

Pn532Emulator::Pn532Emulator(std::filesystem::path link_path) : impl_(std::make_unique<Impl>(std::move(link_path))) {
  std::lock_guard lock(impl_->session_mutex);
  impl_->start_session();
}

Pn532Emulator::~Pn532Emulator() {
  std::lock_guard lock(impl_->session_mutex);
  impl_->stop_session();
}

std::string Pn532Emulator::connstring() const {
  return "pn532_uart:" + impl_->link_path.string();
}

const std::filesystem::path& Pn532Emulator::link_path() const {
  return impl_->link_path;
}

void Pn532Emulator::present(const std::string& uid_hex, CardKind kind) {
  Card card{parse_uid(uid_hex), kind};
  {
    std::lock_guard lock(impl_->mutex);
    impl_->card = std::move(card);
    impl_->card_until.reset();
  }
  impl_->wake();  // a pending InAutoPoll answers with the card at once
}

void Pn532Emulator::present_for(const std::string& uid_hex, std::chrono::milliseconds duration, CardKind kind) {
  Card card{parse_uid(uid_hex), kind};
  {
    std::lock_guard lock(impl_->mutex);
    impl_->card = std::move(card);
    impl_->card_until = impl_->card_clock() + duration;
  }
  impl_->wake();
}

void Pn532Emulator::set_card_clock(std::function<std::chrono::steady_clock::time_point()> clock) {
  std::lock_guard lock(impl_->mutex);
  impl_->card_clock = std::move(clock);
}

void Pn532Emulator::remove() {
  std::lock_guard lock(impl_->mutex);
  impl_->card.reset();
  impl_->card_until.reset();
}

void Pn532Emulator::set_silent(bool silent) {
  std::lock_guard lock(impl_->mutex);
  impl_->silent = silent;
}

void Pn532Emulator::inject(Fault fault) {
  std::lock_guard lock(impl_->mutex);
  impl_->fault = fault;
  impl_->fault_command.reset();
}

void Pn532Emulator::inject(Fault fault, std::uint8_t command) {
  std::lock_guard lock(impl_->mutex);
  impl_->fault = fault;
  impl_->fault_command = command;
}

void Pn532Emulator::clear_fault() {
  std::lock_guard lock(impl_->mutex);
  impl_->fault.reset();
  impl_->fault_command.reset();
}

void Pn532Emulator::hold_polls(bool hold) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->hold = hold;
  }
  impl_->wake();  // a held poll answers "no card" once the hold ends
}

void Pn532Emulator::vanish() {
  std::lock_guard lock(impl_->session_mutex);
  impl_->stop_session();
}

void Pn532Emulator::come_back() {
  std::lock_guard lock(impl_->session_mutex);
  if (impl_->session) return;  // already there
  impl_->start_session();
}

EmulatorStats Pn532Emulator::stats() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->counters;
}

bool Pn532Emulator::wait_for(const std::function<bool(const EmulatorStats&)>& predicate,
                             std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout, [&] { return predicate(impl_->counters); });
}

std::filesystem::path Pn532Emulator::pty_path() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->pty;
}

void Pn532Emulator::on_card_frame(std::function<void(std::chrono::steady_clock::time_point)> callback) {
  std::lock_guard lock(impl_->mutex);
  impl_->card_frame_callback = std::move(callback);
}

}  // namespace escale::testing
