// The emulated PN532 (tests/support/pn532_emulator.*) checked three ways:
//   - raw frames on its pty, for the protocol details libnfc relies on;
//   - libnfc's own tools (nfc-list, nfc-poll) as real processes;
//   - libnfc's API in this process, including what libnfc 1.8.0 does when the
//     line misbehaves — the behaviour the kiosk's reader has to live with.
// Every test gets a fresh emulator in a fresh folder: libnfc marks a pty it
// opened as "claimed", and a crashed opener leaves the mark behind.
// Tests hold on a loaded machine: they wait for whole frames and for the
// emulator's counters, with generous deadlines; a poll that must stay pending
// is held (hold_polls) rather than raced against the emulator's 300 ms round;
// present_for's time is a clock the test moves; and no assertion puts an upper
// bound on how long libnfc took — only lower bounds (a timeout did run) and,
// where "never blocks" is the point, the fact that the call returned.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <nfc/nfc.h>
#include <poll.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>  // also declares environ (_GNU_SOURCE)

#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "pn532_emulator.hpp"

using escale::testing::CardKind;
using escale::testing::EmulatorStats;
using escale::testing::Fault;
using escale::testing::Pn532Emulator;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;

namespace {

// --- helpers ---------------------------------------------------------------

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "escale-pn532-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A fresh emulator behind <fresh temp dir>/pn532.
struct Bench {
  TempDir dir;
  Pn532Emulator emulator{dir.path() / "pn532"};
};

// Only a broken emulator or libnfc takes this long, however busy the machine.
constexpr auto kDeadline = 30s;

long long ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

std::string hex(const std::uint8_t* bytes, std::size_t n) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 0x0F]);
  }
  return out;
}

template <typename Predicate>
bool eventually(Predicate predicate, std::chrono::milliseconds timeout) {
  const auto end = Clock::now() + timeout;
  while (!predicate()) {
    if (Clock::now() >= end) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

std::uint8_t u8(unsigned v) {
  return static_cast<std::uint8_t>(v & 0xFFU);
}

// A host frame (TFI D4) around `command_and_data`.
Bytes host_frame(const Bytes& command_and_data) {
  Bytes body{0xD4};
  body.insert(body.end(), command_and_data.begin(), command_and_data.end());
  Bytes frame{0x00, 0x00, 0xFF, u8(static_cast<unsigned>(body.size())),
              u8(0x100U - static_cast<unsigned>(body.size()))};
  unsigned sum = 0;
  for (const auto b : body) sum += b;
  frame.insert(frame.end(), body.begin(), body.end());
  frame.push_back(u8(0x100U - (sum & 0xFFU)));
  frame.push_back(0x00);
  return frame;
}

// The chip's response frame for `command_and_data` (TFI D5).
Bytes chip_frame(const Bytes& command_and_data) {
  Bytes frame = host_frame(command_and_data);
  frame[5] = 0xD5;
  frame[frame.size() - 2] = u8(frame[frame.size() - 2] - 1U);  // TFI is one more
  return frame;
}

const Bytes kAck{0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00};

// The emulator's pty opened the way a host would, without libnfc.
class RawPort {
 public:
  explicit RawPort(const std::filesystem::path& path) : fd_(::open(path.c_str(), O_RDWR | O_NOCTTY)) {
    if (fd_ < 0) throw std::runtime_error("cannot open " + path.string());
    termios tio{};
    ::tcgetattr(fd_, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(fd_, TCSANOW, &tio);
  }
  ~RawPort() { ::close(fd_); }
  RawPort(const RawPort&) = delete;
  RawPort& operator=(const RawPort&) = delete;

  void send(const Bytes& bytes) const {
    REQUIRE(::write(fd_, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }
  // Whatever arrives until nothing more comes for `quiet` (or `total` passes).
  // Only to show that nothing comes: what is expected is read by length.
  Bytes receive(std::chrono::milliseconds quiet = 100ms, std::chrono::milliseconds total = 1000ms) const {
    Bytes out;
    const auto end = Clock::now() + total;
    while (Clock::now() < end) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(quiet.count())) <= 0) break;
      std::array<std::uint8_t, 512> chunk{};
      const ssize_t n = ::read(fd_, chunk.data(), chunk.size());
      if (n <= 0) break;
      out.insert(out.end(), chunk.begin(), chunk.begin() + n);
    }
    return out;
  }
  // Exactly `n` bytes, however long the emulator takes (up to the deadline:
  // then what came).
  Bytes receive_bytes(std::size_t n) const {
    Bytes out;
    const auto end = Clock::now() + kDeadline;
    while (out.size() < n && Clock::now() < end) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      std::array<std::uint8_t, 512> chunk{};
      const ssize_t n_read = ::read(fd_, chunk.data(), std::min(chunk.size(), n - out.size()));
      if (n_read <= 0) break;
      out.insert(out.end(), chunk.begin(), chunk.begin() + n_read);
    }
    return out;
  }
  // One whole frame as the chip sends it (ACK, NACK, error, normal or
  // extended), by the lengths in its header.
  Bytes receive_frame() const {
    Bytes frame = receive_bytes(5);  // 00 00 FF LEN LCS
    if (frame.size() < 5) return frame;
    std::size_t rest = 0;
    if ((frame[3] == 0x00 && frame[4] == 0xFF) || (frame[3] == 0xFF && frame[4] == 0x00)) {
      rest = 1;  // ACK, NACK: the postamble
    } else if (frame[3] == 0x01 && frame[4] == 0xFF) {
      rest = 3;  // error frame: 7F 81 00
    } else if (frame[3] == 0xFF && frame[4] == 0xFF) {
      const Bytes more = receive_bytes(3);  // LENm LENl LCS
      frame.insert(frame.end(), more.begin(), more.end());
      if (more.size() < 3) return frame;
      rest = ((std::size_t{more[0]} << 8) | more[1]) + 2;
    } else {
      rest = std::size_t{frame[3]} + 2;  // body, DCS, postamble
    }
    const Bytes tail = receive_bytes(rest);
    frame.insert(frame.end(), tail.begin(), tail.end());
    return frame;
  }
  // Sends a command and returns what came back: the ACK and the response.
  Bytes exchange(const Bytes& command_and_data) const {
    send(host_frame(command_and_data));
    Bytes reply = receive_frame();
    const Bytes response = receive_frame();
    reply.insert(reply.end(), response.begin(), response.end());
    return reply;
  }

 private:
  int fd_;
};

Bytes concat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// libnfc: one context and one device, closed in the right order.
class Nfc {
 public:
  Nfc() {
    nfc_init(&context_);
    REQUIRE(context_ != nullptr);
  }
  ~Nfc() {
    close();
    nfc_exit(context_);
  }
  Nfc(const Nfc&) = delete;
  Nfc& operator=(const Nfc&) = delete;

  // nfc_open + nfc_initiator_init; false if either fails.
  bool open(const Pn532Emulator& emulator) {
    close();
    device_ = nfc_open(context_, emulator.connstring().c_str());
    if (device_ == nullptr) return false;
    return nfc_initiator_init(device_) == 0;
  }
  void close() {
    if (device_ != nullptr) nfc_close(device_);
    device_ = nullptr;
  }
  nfc_device* device() const { return device_; }

  // One poll round for an ISO14443A card: >0 found, 0 none, <0 error.
  int poll(nfc_target& target, std::uint8_t poll_nr = 1, std::uint8_t period = 1) const {
    const nfc_modulation modulation{NMT_ISO14443A, NBR_106};
    target = nfc_target{};
    return nfc_initiator_poll_target(device_, &modulation, 1, poll_nr, period, &target);
  }
  static std::string uid(const nfc_target& target) { return hex(target.nti.nai.abtUid, target.nti.nai.szUidLen); }

 private:
  nfc_context* context_ = nullptr;
  nfc_device* device_ = nullptr;
};

// libnfc marks a port it opens with this c_iflag bit and clears it on close;
// a process killed with the port open leaves it set.
constexpr tcflag_t kLibnfcClaimed = 0x80000000U;

bool claimed(const std::filesystem::path& port) {
  const int fd = ::open(port.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
  REQUIRE(fd >= 0);
  termios tio{};
  ::tcgetattr(fd, &tio);
  ::close(fd);
  return (tio.c_iflag & kLibnfcClaimed) != 0;
}

// What a kiosk can do at start-up, when it knows no other process uses the
// port: clear the stale mark so that nfc_open works again.
void clear_claimed(const std::filesystem::path& port) {
  const int fd = ::open(port.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
  REQUIRE(fd >= 0);
  termios tio{};
  ::tcgetattr(fd, &tio);
  tio.c_iflag &= ~kLibnfcClaimed;
  ::tcsetattr(fd, TCSANOW, &tio);
  ::close(fd);
}

std::optional<std::string> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const auto candidate = std::filesystem::path(dirs.substr(start, end - start)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return std::nullopt;
}

// A child process with stdin and stdout+stderr piped, killed and reaped if
// the test ends before it does. No shell is involved.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
    std::array<int, 2> out{};
    std::array<int, 2> in{};
    REQUIRE(::pipe2(out.data(), O_CLOEXEC) == 0);
    REQUIRE(::pipe2(in.data(), O_CLOEXEC) == 0);
    // Everything the child needs is built before fork(): after it, only
    // async-signal-safe calls.
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry = *e;
      const auto name = entry.substr(0, entry.find('=') + 1);
      bool overridden = false;
      for (const auto& extra : extra_env) overridden = overridden || extra.rfind(name, 0) == 0;
      if (!overridden) env_strings.push_back(entry);
    }
    env_strings.insert(env_strings.end(), extra_env.begin(), extra_env.end());
    std::vector<char*> envp;
    envp.reserve(env_strings.size() + 1);
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> argp;
    argp.reserve(args.size() + 1);
    for (auto& s : args) argp.push_back(s.data());
    argp.push_back(nullptr);

    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(in[0], STDIN_FILENO);
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(out[1], STDERR_FILENO);
      ::execve(argp[0], argp.data(), envp.data());
      ::_exit(127);
    }
    ::close(out[1]);
    ::close(in[0]);
    out_ = out[0];
    in_ = in[1];
  }
  ~Child() {
    if (pid_ > 0 && !exit_code_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    if (in_ >= 0) ::close(in_);
    if (out_ >= 0) ::close(out_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void write_line(const std::string& line) const {
    const std::string data = line + "\n";
    REQUIRE(::write(in_, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
  }
  void close_stdin() {
    ::close(in_);
    in_ = -1;
  }

  // Reads until `needle` appears in the output (true) or `timeout` passes.
  bool wait_for_output(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto end = Clock::now() + timeout;
    while (output_.find(needle) == std::string::npos) {
      const auto left = ms_between(Clock::now(), end);
      if (left <= 0 || !read_some(static_cast<int>(left))) return output_.find(needle) != std::string::npos;
    }
    return true;
  }

  // The exit code once the child has exited, or nothing after `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
    const auto end = Clock::now() + timeout;
    for (;;) {
      while (read_some(0)) {
      }
      int status = 0;
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        while (read_some(50)) {
        }
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_code_;
      }
      if (Clock::now() >= end) return std::nullopt;
      read_some(20);
    }
  }

  // The next whole line of output (without its newline), or nothing after `timeout`.
  std::optional<std::string> next_line(std::chrono::milliseconds timeout) {
    const auto end = Clock::now() + timeout;
    for (;;) {
      const auto newline = output_.find('\n', cursor_);
      if (newline != std::string::npos) {
        std::string line = output_.substr(cursor_, newline - cursor_);
        cursor_ = newline + 1;
        return line;
      }
      const auto left = ms_between(Clock::now(), end);
      if (left <= 0 || !read_some(static_cast<int>(left))) {
        if (Clock::now() >= end || out_ < 0) return std::nullopt;
      }
    }
  }

  const std::string& output() const { return output_; }

 private:
  bool read_some(int timeout_ms) {
    if (out_ < 0) return false;
    pollfd p{out_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    std::array<char, 4096> chunk{};
    const ssize_t n = ::read(out_, chunk.data(), chunk.size());
    if (n <= 0) {
      ::close(out_);
      out_ = -1;
      return false;
    }
    output_.append(chunk.data(), static_cast<std::size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int in_ = -1;
  std::string output_;
  std::size_t cursor_ = 0;  // next_line's position in output_
  std::optional<int> exit_code_;
};

std::vector<std::string> libnfc_env(const Pn532Emulator& emulator) {
  return {"LIBNFC_DEVICE=" + emulator.connstring(), "LIBNFC_AUTO_SCAN=false", "LIBNFC_LOG_LEVEL=1"};
}

}  // namespace

// --- the protocol, byte for byte --------------------------------------------

TEST_CASE("pn532 emulator: raw frames", "[nfc][pn532]") {
  Bench bench;
  RawPort port(bench.emulator.link_path());

  SECTION("wake-up, then ACK and response for each command") {
    Bytes wakeup{0x55, 0x55};
    wakeup.resize(16, 0x00);
    port.send(concat(wakeup, host_frame({0x14, 0x01})));  // SAMConfiguration
    CHECK(port.receive_frame() == kAck);
    CHECK(port.receive_frame() == chip_frame({0x15}));
    CHECK(bench.emulator.stats().open_by_host);
    CHECK(port.exchange({0x02}) == concat(kAck, chip_frame({0x03, 0x32, 0x01, 0x06, 0x07})));
    CHECK(port.exchange({0x00, 0x00, 'l', 'i', 'b', 'n', 'f', 'c'}) ==
          concat(kAck, chip_frame({0x01, 0x00, 'l', 'i', 'b', 'n', 'f', 'c'})));
    CHECK(port.exchange({0x16, 0xF0}) == concat(kAck, chip_frame({0x17, 0x00})));  // PowerDown
    CHECK_FALSE(bench.emulator.stats().open_by_host);
    CHECK(bench.emulator.stats().commands == 4);
  }

  SECTION("registers written read back, one byte per register") {
    CHECK(port.exchange({0x08, 0x63, 0x02, 0x80, 0x63, 0x3C, 0x10}) == concat(kAck, chip_frame({0x09})));
    CHECK(port.exchange({0x06, 0x63, 0x02, 0x63, 0x3C, 0x63, 0x3D}) ==
          concat(kAck, chip_frame({0x07, 0x80, 0x10, 0x00})));
  }

  SECTION("an unknown command gets the ACK, then the error frame") {
    CHECK(port.exchange({0x58, 0x00}) == concat(kAck, Bytes{0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00}));
  }

  SECTION("frames with a wrong checksum are ignored, the next good one is answered") {
    // The emulator answers in order: had it answered a bad frame, that answer
    // would come before the good frame's.
    const Bytes firmware = concat(kAck, chip_frame({0x03, 0x32, 0x01, 0x06, 0x07}));
    Bytes bad_dcs = host_frame({0x00, 0x00, 'd', 'c', 's'});  // Diagnose echo: its answer would show
    bad_dcs[bad_dcs.size() - 2] = u8(bad_dcs[bad_dcs.size() - 2] + 1U);
    port.send(bad_dcs);
    CHECK(port.exchange({0x02}) == firmware);
    Bytes bad_lcs = host_frame({0x00, 0x00, 'l', 'c', 's'});
    bad_lcs[4] = u8(bad_lcs[4] + 1U);
    port.send(bad_lcs);
    CHECK(port.exchange({0x02}) == firmware);
    // Line noise in front of a frame does not matter either.
    port.send(concat(Bytes{0x13, 0x37, 0xFF, 0x00}, host_frame({0x02})));
    CHECK(port.receive_frame() == kAck);
    CHECK(port.receive_frame() == chip_frame({0x03, 0x32, 0x01, 0x06, 0x07}));
    CHECK(bench.emulator.stats().commands == 3);
  }

  SECTION("an extended frame is understood") {
    Bytes body{0xD4, 0x00, 0x00};
    body.resize(300, 0x5A);  // Diagnose echo of 298 bytes
    Bytes frame{0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x01, 0x2C, u8(0x100U - 0x2DU)};
    unsigned sum = 0;
    for (const auto b : body) sum += b;
    frame.insert(frame.end(), body.begin(), body.end());
    frame.push_back(u8(0x100U - (sum & 0xFFU)));
    frame.push_back(0x00);
    port.send(frame);
    const Bytes ack = port.receive_frame();
    const Bytes reply = concat(ack, port.receive_frame());
    REQUIRE(reply.size() == kAck.size() + 8 + 300 + 2);
    CHECK(Bytes(reply.begin() + 6, reply.begin() + 14) == Bytes{0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x01, 0x2C, 0xD3});
    CHECK(reply[14] == 0xD5);
    CHECK(reply[15] == 0x01);
  }

  // 20 polls × period 2 × 2 types × 150 ms: 12 s on a real chip. The bounds
  // are a lower one (it did wait its round) and one far above ~300 ms that
  // still tells the capped round from the real chip's.
  SECTION("InAutoPoll without a card answers 'none' within ~300 ms") {
    const auto start = Clock::now();
    port.send(host_frame({0x60, 0x14, 0x02, 0x20, 0x10}));
    CHECK(port.receive_frame() == kAck);
    CHECK(port.receive_frame() == chip_frame({0x61, 0x00}));
    CHECK(ms_between(start, Clock::now()) >= 250);
    CHECK(ms_between(start, Clock::now()) < 10'000);
  }

  // Held, the poll has no round to end: only the card can answer it.
  SECTION("a card presented during InAutoPoll is answered at once") {
    bench.emulator.hold_polls(true);
    port.send(host_frame({0x60, 0xFF, 0x02, 0x20, 0x10}));
    CHECK(port.receive_frame() == kAck);
    REQUIRE(bench.emulator.wait_for([](const EmulatorStats& s) { return s.held_polls == 1; }, kDeadline));
    bench.emulator.present("DEADBEEF");
    CHECK(port.receive_frame() ==
          chip_frame({0x61, 0x01, 0x10, 0x09, 0x01, 0x00, 0x04, 0x08, 0x04, 0xDE, 0xAD, 0xBE, 0xEF}));
    CHECK(bench.emulator.wait_for([](const EmulatorStats& s) { return s.card_frames == 1; }, kDeadline));
  }

  SECTION("an ACK from the host aborts a pending InAutoPoll: nothing is sent") {
    bench.emulator.hold_polls(true);  // pending until the abort, however late it comes
    port.send(host_frame({0x60, 0xFF, 0x02, 0x10}));
    CHECK(port.receive_frame() == kAck);
    REQUIRE(bench.emulator.wait_for([](const EmulatorStats& s) { return s.held_polls == 1; }, kDeadline));
    port.send(kAck);
    REQUIRE(bench.emulator.wait_for([](const EmulatorStats& s) { return s.aborts == 1; }, kDeadline));
    // A poll still pending would now answer "no card"; the next bytes are the
    // next command's.
    bench.emulator.hold_polls(false);
    CHECK(port.exchange({0x02}) == concat(kAck, chip_frame({0x03, 0x32, 0x01, 0x06, 0x07})));
    CHECK(bench.emulator.stats().idle_polls == 0);
  }

  SECTION("InListPassiveTarget answers only for the UID asked (7-byte: with libnfc's cascade tag)") {
    bench.emulator.present("04A1B2C3D4E5F6", CardKind::Ultralight);
    CHECK(
        port.exchange({0x4A, 0x01, 0x00, 0x88, 0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6}) ==
        concat(kAck, chip_frame({0x4B, 0x01, 0x01, 0x00, 0x44, 0x00, 0x07, 0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6})));
    CHECK(port.exchange({0x32, 0x05, 0x00, 0x01, 0x02}) == concat(kAck, chip_frame({0x33})));  // no infinite retries
    CHECK(port.exchange({0x4A, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44}) == concat(kAck, chip_frame({0x4B, 0x00})));
    // An Ultralight READ of page 0: UID0-2 and BCC0 = 88 ^ 04 ^ A1 ^ B2.
    const Bytes read = port.exchange({0x40, 0x01, 0x30, 0x00});
    REQUIRE(read.size() == kAck.size() + 5 + 2 + 1 + 16 + 2);
    CHECK(Bytes(read.begin() + 13, read.begin() + 18) == Bytes{0x00, 0x04, 0xA1, 0xB2, 0x9F});
  }

  SECTION("a NACK from the host repeats the last response") {
    CHECK(port.exchange({0x02}) == concat(kAck, chip_frame({0x03, 0x32, 0x01, 0x06, 0x07})));
    port.send({0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00});
    CHECK(port.receive_frame() == chip_frame({0x03, 0x32, 0x01, 0x06, 0x07}));
  }

  SECTION("silent: nothing is answered; then it speaks again") {
    bench.emulator.set_silent(true);
    port.send(host_frame({0x00, 0x00, 's', 'h'}));  // Diagnose echo: its answer would show
    REQUIRE(bench.emulator.wait_for([](const EmulatorStats& s) { return s.unheard >= 1; }, kDeadline));
    CHECK(port.receive().empty());
    bench.emulator.set_silent(false);
    CHECK(port.exchange({0x02}) == concat(kAck, chip_frame({0x03, 0x32, 0x01, 0x06, 0x07})));
    CHECK(bench.emulator.stats().commands == 1);
  }

  SECTION("faults change the next response only") {
    const Bytes good = chip_frame({0x03, 0x32, 0x01, 0x06, 0x07});
    bench.emulator.inject(Fault::BadChecksum);
    Bytes reply = port.exchange({0x02});
    REQUIRE(reply.size() == kAck.size() + good.size());
    CHECK(reply[reply.size() - 2] != good[good.size() - 2]);
    bench.emulator.inject(Fault::MissingAck);
    port.send(host_frame({0x00, 0x00, 'a', 'c', 'k'}));  // lost: neither ACK nor echo
    REQUIRE(bench.emulator.wait_for([](const EmulatorStats& s) { return s.faults == 2; }, kDeadline));
    bench.emulator.inject(Fault::Truncated);
    port.send(host_frame({0x02}));
    CHECK(port.receive_frame() == kAck);  // the lost command left nothing before this
    CHECK(port.receive_bytes(good.size() / 2) == Bytes(good.begin(), good.begin() + good.size() / 2));
    bench.emulator.inject(Fault::WrongCode);
    reply = port.exchange({0x02});
    REQUIRE(reply.size() == kAck.size() + good.size());
    CHECK(reply[kAck.size() + 6] == 0x05);
    CHECK(port.exchange({0x02}) == concat(kAck, good));
  }
}

// --- libnfc's own tools -----------------------------------------------------

TEST_CASE("pn532 emulator: nfc-list shows the card's UID", "[nfc][pn532]") {
  const auto nfc_list = find_program("nfc-list");
  REQUIRE(nfc_list);  // Debian package libnfc-bin
  Bench bench;

  SECTION("4-byte MIFARE Classic") {
    bench.emulator.present("04A1B2C3");
    Child child({*nfc_list}, libnfc_env(bench.emulator));
    REQUIRE(child.wait_exit(kDeadline) == 0);
    INFO(child.output());
    CHECK(child.output().find("UID (NFCID1): 04  a1  b2  c3  \n") != std::string::npos);
    CHECK(child.output().find("ATQA (SENS_RES): 00  04") != std::string::npos);
    CHECK(child.output().find("SAK (SEL_RES): 08") != std::string::npos);
  }

  SECTION("7-byte Ultralight") {
    bench.emulator.present("04A1B2C3D4E5F6", CardKind::Ultralight);
    Child child({*nfc_list}, libnfc_env(bench.emulator));
    REQUIRE(child.wait_exit(kDeadline) == 0);
    INFO(child.output());
    CHECK(child.output().find("UID (NFCID1): 04  a1  b2  c3  d4  e5  f6  \n") != std::string::npos);
    CHECK(child.output().find("ATQA (SENS_RES): 00  44") != std::string::npos);
    CHECK(child.output().find("SAK (SEL_RES): 00") != std::string::npos);
  }

  SECTION("no card: the device opens, no target is listed") {
    Child child({*nfc_list}, libnfc_env(bench.emulator));
    REQUIRE(child.wait_exit(kDeadline) == 0);
    INFO(child.output());
    CHECK(child.output().find("NFC device: user defined device opened") != std::string::npos);
    CHECK(child.output().find("UID") == std::string::npos);
  }
  // nfc-list closed the port properly: it is not left claimed.
  CHECK_FALSE(claimed(bench.emulator.link_path()));
}

TEST_CASE("pn532 emulator: nfc-poll reports the card and returns once it is removed", "[nfc][pn532]") {
  const auto nfc_poll = find_program("nfc-poll");
  REQUIRE(nfc_poll);  // Debian package libnfc-examples
  Bench bench;
  bench.emulator.present("04A1B2C3");
  Child child({*nfc_poll}, libnfc_env(bench.emulator));
  REQUIRE(child.wait_for_output("Waiting for card removing...", kDeadline));
  CHECK(child.output().find("UID (NFCID1): 04  a1  b2  c3") != std::string::npos);
  // nfc-poll checks presence in a busy loop; it stays there while the card does.
  CHECK_FALSE(child.wait_exit(300ms));
  bench.emulator.remove();
  REQUIRE(child.wait_exit(kDeadline) == 0);
  INFO(child.output());
  CHECK(child.output().find("done.") != std::string::npos);
  // nfc_close ended with PowerDown (which nfc-poll may not wait to see answered).
  CHECK(bench.emulator.wait_for([](const EmulatorStats& s) { return !s.open_by_host; }, kDeadline));
}

// --- libnfc's API in this process -------------------------------------------

TEST_CASE("pn532 emulator: libnfc polls 4- and 7-byte cards", "[nfc][pn532]") {
  Bench bench;
  Nfc nfc;
  REQUIRE(nfc.open(bench.emulator));
  nfc_target target{};

  SECTION("MIFARE Classic, 4 bytes") {
    bench.emulator.present("04A1B2C3");
    REQUIRE(nfc.poll(target) == 1);
    CHECK(Nfc::uid(target) == "04A1B2C3");
    CHECK(target.nti.nai.btSak == 0x08);
    CHECK(target.nti.nai.abtAtqa[1] == 0x04);
  }
  SECTION("Ultralight, 7 bytes") {
    bench.emulator.present("04a1b2c3d4e5f6", CardKind::Ultralight);
    REQUIRE(nfc.poll(target) == 1);
    CHECK(Nfc::uid(target) == "04A1B2C3D4E5F6");
    CHECK(target.nti.nai.btSak == 0x00);
    CHECK(target.nti.nai.abtAtqa[1] == 0x44);
  }
  SECTION("no card: 0 after one round of about 300 ms (pollnr 1 × period 1 × 2 types × 150 ms)") {
    REQUIRE(nfc.poll(target) == 0);  // the first round also flushes libnfc's register cache
    const auto start = Clock::now();
    CHECK(nfc.poll(target) == 0);
    CHECK(ms_between(start, Clock::now()) >= 250);  // the round ran (a loaded machine only makes it longer)
  }
  CHECK(bench.emulator.stats().polls >= 1);
}

// "At once": the poll is held (a round that never ends by itself), so only the
// card being presented can answer it — no time bound needed.
TEST_CASE("pn532 emulator: a card presented during a pending poll is reported at once", "[nfc][pn532]") {
  Bench bench;
  Nfc nfc;
  REQUIRE(nfc.open(bench.emulator));
  // Written by the emulator thread, which may still be in the callback when
  // libnfc has already returned: an atomic, published by `callbacks`.
  std::atomic<Clock::rep> card_frame_at{0};
  std::atomic<int> callbacks{0};
  bench.emulator.on_card_frame([&](Clock::time_point at) {
    card_frame_at = at.time_since_epoch().count();
    ++callbacks;
  });
  nfc_target target{};
  std::atomic<int> result{-100};
  std::atomic<bool> returned{false};
  bench.emulator.hold_polls(true);
  std::thread poller([&] {
    result = nfc.poll(target, 0xFF, 2);  // the chip would poll forever
    returned = true;
  });
  REQUIRE(bench.emulator.wait_for([](const EmulatorStats& s) { return s.held_polls == 1; }, kDeadline));
  CHECK_FALSE(returned);
  const auto presented = Clock::now();
  bench.emulator.present("CAFEF00D");
  const bool answered = eventually([&] { return returned.load(); }, kDeadline);
  bench.emulator.hold_polls(false);  // ends a poll the card did not answer, so that the test ends
  poller.join();
  REQUIRE(answered);
  CHECK(result == 1);
  CHECK(Nfc::uid(target) == "CAFEF00D");
  REQUIRE(eventually([&] { return callbacks.load() == 1; }, kDeadline));
  const Clock::time_point at{Clock::duration{card_frame_at.load()}};
  CHECK(at >= presented);  // the frame went out after the card came, not at a round's end
}

TEST_CASE("pn532 emulator: presence, removal and present_for", "[nfc][pn532]") {
  std::atomic<Clock::rep> now{Clock::now().time_since_epoch().count()};  // present_for's clock: outlives the emulator
  Bench bench;
  Nfc nfc;
  REQUIRE(nfc.open(bench.emulator));
  nfc_target target{};

  SECTION("MIFARE Classic: presence is a re-select (InListPassiveTarget)") {
    bench.emulator.present("04A1B2C3");
    REQUIRE(nfc.poll(target) == 1);
    CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == 0);
    CHECK(nfc_initiator_target_is_present(nfc.device(), nullptr) == 0);  // the current target
    bench.emulator.remove();
    CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == NFC_ETGRELEASED);
    // Once released, libnfc forgets the target: asking again is an invalid argument.
    CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == NFC_EINVARG);
  }
  SECTION("Ultralight: presence is a READ (InDataExchange)") {
    bench.emulator.present("04A1B2C3D4E5F6", CardKind::Ultralight);
    REQUIRE(nfc.poll(target) == 1);
    CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == 0);
    bench.emulator.remove();
    CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == NFC_ETGRELEASED);
  }
  SECTION("present_for: the card leaves by itself") {
    // On the test's clock: present for 300 ms, however slowly libnfc runs.
    bench.emulator.set_card_clock([&now] { return Clock::time_point(Clock::duration(now.load())); });
    bench.emulator.present_for("04A1B2C3", 300ms);
    REQUIRE(nfc.poll(target) == 1);
    now += std::chrono::duration_cast<Clock::duration>(299ms).count();
    CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == 0);
    now += std::chrono::duration_cast<Clock::duration>(1ms).count();
    CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == NFC_ETGRELEASED);
    CHECK(nfc.poll(target) == 0);
  }
}

TEST_CASE("pn532 emulator: re-open after nfc_close and after an unplug", "[nfc][pn532]") {
  Bench bench;
  Nfc nfc;
  nfc_target target{};
  bench.emulator.present("04A1B2C3");

  SECTION("nfc_close then a second nfc_open on the same pty works") {
    REQUIRE(nfc.open(bench.emulator));
    CHECK(bench.emulator.stats().open_by_host);
    nfc.close();
    CHECK_FALSE(bench.emulator.stats().open_by_host);
    CHECK_FALSE(claimed(bench.emulator.link_path()));
    REQUIRE(nfc.open(bench.emulator));
    CHECK(nfc.poll(target) == 1);
  }

  SECTION("vanish: libnfc calls fail with NFC_EIO at once; come_back: a new nfc_open works") {
    REQUIRE(nfc.open(bench.emulator));
    const auto old_pty = bench.emulator.pty_path();
    bench.emulator.vanish();
    CHECK_FALSE(std::filesystem::exists(bench.emulator.link_path()));
    // At once: an I/O error, not a timeout (the poll, InAutoPoll, has none: it would hang).
    CHECK(nfc.poll(target) == NFC_EIO);
    CHECK(nfc_initiator_target_is_present(nfc.device(), nullptr) < 0);
    nfc.close();                            // still safe on a dead port
    CHECK_FALSE(nfc.open(bench.emulator));  // no such file: nfc_open returns NULL
    bench.emulator.come_back();
    CHECK_FALSE(bench.emulator.pty_path().empty());  // often the same /dev/pts/N again
    CHECK(old_pty.string().rfind("/dev/pts/", 0) == 0);
    REQUIRE(nfc.open(bench.emulator));
    CHECK(nfc.poll(target) == 1);
    CHECK(Nfc::uid(target) == "04A1B2C3");
  }
}

// The poll is held (it never ends by itself), so only the abort can end it.
TEST_CASE("pn532 emulator: nfc_abort_command ends a pending poll", "[nfc][pn532]") {
  Bench bench;
  Nfc nfc;
  REQUIRE(nfc.open(bench.emulator));
  nfc_target target{};
  REQUIRE(nfc.poll(target) == 0);  // warm: the next poll is InAutoPoll alone
  std::atomic<int> result{-100};
  std::atomic<bool> returned{false};
  bench.emulator.hold_polls(true);
  std::thread poller([&] {
    result = nfc.poll(target, 0xFF, 2);
    returned = true;
  });
  REQUIRE(bench.emulator.wait_for([](const EmulatorStats& s) { return s.held_polls == 1; }, kDeadline));
  // nfc_abort_command is not latched: it only ends a read of the response that
  // has already begun (not the ACK's). Repeat it until the poll returns, as
  // the kiosk's reader does.
  const bool aborted = eventually(
      [&] {
        nfc_abort_command(nfc.device());
        return eventually([&] { return returned.load(); }, 20ms);
      },
      kDeadline);
  bench.emulator.hold_polls(false);  // ends a poll no abort reached, so that the test ends
  poller.join();
  REQUIRE(aborted);
  CHECK(result == NFC_EOPABORTED);
  // libnfc told the chip with an ACK frame; the chip sent nothing more.
  CHECK(bench.emulator.wait_for([](const EmulatorStats& s) { return s.aborts == 1; }, kDeadline));
  CHECK(bench.emulator.stats().idle_polls == 1);  // the warm-up's "no card" only
  bench.emulator.present("04A1B2C3");
  CHECK(nfc.poll(target) == 1);
}

TEST_CASE("pn532 emulator: a garbled card frame is an error and never a wrong UID", "[nfc][pn532]") {
  Bench bench;
  Nfc nfc;
  REQUIRE(nfc.open(bench.emulator));
  nfc_target target{};
  REQUIRE(nfc.poll(target) == 0);  // warm: the next poll is InAutoPoll alone
  bench.emulator.present("04A1B2C3");

  const auto fault = GENERATE(Fault::BadChecksum, Fault::BadLengthChecksum, Fault::Garbage, Fault::WrongCode);
  CAPTURE(static_cast<int>(fault));
  bench.emulator.inject(fault, 0x60);  // the InAutoPoll response that carries the card
  CHECK(nfc.poll(target) == NFC_EIO);  // an error at once, not a timeout
  // No nfc_close/nfc_open needed: libnfc flushes its input before each command.
  CHECK(nfc.poll(target) == 1);
  CHECK(Nfc::uid(target) == "04A1B2C3");
  // Counted once written: the host may have read the frame a moment before.
  CHECK(bench.emulator.wait_for([](const EmulatorStats& s) { return s.card_frames == 2; }, kDeadline));
}

TEST_CASE("pn532 emulator: a fault during a MIFARE Classic presence check", "[nfc][pn532]") {
  Bench bench;
  Nfc nfc;
  REQUIRE(nfc.open(bench.emulator));
  nfc_target target{};
  const auto fault = GENERATE(Fault::BadChecksum, Fault::BadLengthChecksum, Fault::Truncated, Fault::Garbage,
                              Fault::MissingAck, Fault::WrongCode);
  CAPTURE(static_cast<int>(fault));
  bench.emulator.present("04A1B2C3");
  REQUIRE(nfc.poll(target) == 1);
  bench.emulator.inject(fault);  // hits the first command of the check (RFConfiguration)
  const auto start = Clock::now();
  const int result = nfc_initiator_target_is_present(nfc.device(), &target);
  const auto took = ms_between(start, Clock::now());
  if (fault == Fault::Truncated || fault == Fault::MissingAck) {
    CHECK(result == NFC_ETIMEOUT);  // after libnfc's default command timeout, 350 ms
    CHECK(took >= 300);
  } else {
    CHECK(result == NFC_EIO);
  }
  // An error is not "removed": the target is still libnfc's current one, and
  // the next check answers normally, without nfc_close/nfc_open.
  CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == 0);
  bench.emulator.remove();
  CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == NFC_ETGRELEASED);
}

TEST_CASE("pn532 emulator: an Ultralight presence check absorbs one bad frame", "[nfc][pn532]") {
  Bench bench;
  Nfc nfc;
  REQUIRE(nfc.open(bench.emulator));
  nfc_target target{};
  bench.emulator.present("04A1B2C3D4E5F6", CardKind::Ultralight);
  REQUIRE(nfc.poll(target) == 1);
  // libnfc pings an Ultralight twice before giving up: one bad frame reads "present".
  bench.emulator.inject(Fault::Garbage);
  CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == 0);
  const int commands = bench.emulator.stats().commands;
  CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == 0);
  CHECK(bench.emulator.stats().commands == commands + 1);  // one READ when all is well
}

TEST_CASE("pn532 emulator: a silent chip makes timed commands fail until it speaks again", "[nfc][pn532]") {
  Bench bench;
  Nfc nfc;
  REQUIRE(nfc.open(bench.emulator));
  bench.emulator.present("04A1B2C3");
  nfc_target target{};
  REQUIRE(nfc.poll(target) == 1);
  bench.emulator.set_silent(true);
  // Each call returns, with a timeout (no upper bound on when: a loaded
  // machine is slow, and returning at all is the point).
  CHECK(nfc_initiator_target_is_present(nfc.device(), &target) == NFC_ETIMEOUT);
  // list_passive_targets uses timed commands only (350 ms, then 300 ms per select).
  const nfc_modulation modulation{NMT_ISO14443A, NBR_106};
  std::array<nfc_target, 1> found{};
  CHECK(nfc_initiator_list_passive_targets(nfc.device(), modulation, found.data(), found.size()) == NFC_ETIMEOUT);
  bench.emulator.set_silent(false);
  CHECK(nfc_initiator_list_passive_targets(nfc.device(), modulation, found.data(), found.size()) == 1);
  CHECK(hex(found[0].nti.nai.abtUid, found[0].nti.nai.szUidLen) == "04A1B2C3");
  CHECK(nfc.poll(target) == 1);
}

// nfc_initiator_list_passive_targets only sends timed commands (300-350 ms),
// so it cannot hang like poll_target; but it swallows a failed select and
// reports it as "no target".
TEST_CASE("pn532 emulator: list_passive_targets survives a lost or cut InListPassiveTarget", "[nfc][pn532]") {
  Bench bench;
  Nfc nfc;
  REQUIRE(nfc.open(bench.emulator));
  bench.emulator.present("04A1B2C3");
  const nfc_modulation modulation{NMT_ISO14443A, NBR_106};
  std::array<nfc_target, 1> found{};
  const auto fault = GENERATE(Fault::MissingAck, Fault::Truncated);
  CAPTURE(static_cast<int>(fault));
  bench.emulator.inject(fault, 0x4A);
  const auto start = Clock::now();
  CHECK(nfc_initiator_list_passive_targets(nfc.device(), modulation, found.data(), found.size()) == 0);
  CHECK(ms_between(start, Clock::now()) >= 250);  // it waited for the lost answer, then went on
  CHECK(nfc_initiator_list_passive_targets(nfc.device(), modulation, found.data(), found.size()) == 1);
}

// The hang-proof way to poll a pn532_uart with libnfc 1.8.0: short rounds of
// nfc_initiator_list_passive_targets, whose commands all have timeouts. Every
// fault ends its round (within about a second on an idle machine: the test only
// needs it to return), and the card is found after.
TEST_CASE("pn532 emulator: list_passive_targets rounds never block whatever the fault", "[nfc][pn532]") {
  Bench bench;
  Nfc nfc;
  REQUIRE(nfc.open(bench.emulator));
  bench.emulator.present("04A1B2C3");
  const nfc_modulation modulation{NMT_ISO14443A, NBR_106};
  std::array<nfc_target, 1> found{};
  REQUIRE(nfc_initiator_list_passive_targets(nfc.device(), modulation, found.data(), found.size()) == 1);
  for (const Fault fault : {Fault::BadChecksum, Fault::BadLengthChecksum, Fault::Truncated, Fault::Garbage,
                            Fault::MissingAck, Fault::WrongCode}) {
    CAPTURE(static_cast<int>(fault));
    bench.emulator.inject(fault);
    found = {};
    const int result = nfc_initiator_list_passive_targets(nfc.device(), modulation, found.data(), found.size());
    if (result > 0) CHECK(hex(found[0].nti.nai.abtUid, found[0].nti.nai.szUidLen) == "04A1B2C3");
    found = {};
    CHECK(nfc_initiator_list_passive_targets(nfc.device(), modulation, found.data(), found.size()) == 1);
    CHECK(hex(found[0].nti.nai.abtUid, found[0].nti.nai.szUidLen) == "04A1B2C3");
  }
}

// libnfc 1.8.0 sends InAutoPoll (nfc_initiator_poll_target on a PN532) with
// no timeout at all, and reads its ACK and the body of its response without
// the abort pipe: a lost ACK, a cut response or a chip gone quiet (the pty
// still there) blocks the call for ever, and nfc_abort_command cannot end it.
// The kiosk must therefore watch its reader from outside; the only way out is
// to end the process that holds the port. On kernels that keep libnfc's
// "claimed" mark (c_iflag bit 0x80000000) the killed process leaves it set and
// the next nfc_open fails until it is cleared; the 6.x kernel here drops the
// bit, so there is no claim at all (nor any protection against a second
// opener). This test shows all of it in a child process.
namespace {
nfc_device* hazard_device = nullptr;
extern "C" void abort_hazard_poll(int) {
  nfc_abort_command(hazard_device);
}
}  // namespace

TEST_CASE("pn532 emulator: libnfc hazard: poll_target can block for ever", "[nfc][pn532]") {
  Bench bench;
  const std::string connstring = bench.emulator.connstring();
  const int scenario = GENERATE(0, 1, 2);  // MissingAck, Truncated card frame, silent
  CAPTURE(scenario);
  if (scenario == 1) bench.emulator.present("04A1B2C3");

  std::array<int, 2> to_parent{};
  std::array<int, 2> to_child{};
  REQUIRE(::pipe(to_parent.data()) == 0);
  REQUIRE(::pipe(to_child.data()) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // Child: libnfc only (the emulator thread lives in the parent).
    ::close(to_parent[0]);
    ::close(to_child[1]);
    nfc_context* context = nullptr;
    nfc_init(&context);
    nfc_device* device = context != nullptr ? nfc_open(context, connstring.c_str()) : nullptr;
    if (device == nullptr || nfc_initiator_init(device) != 0) ::_exit(3);
    const nfc_modulation modulation{NMT_ISO14443A, NBR_106};
    nfc_target target{};
    nfc_initiator_poll_target(device, &modulation, 1, 1, 1, &target);  // warm up
    char byte = 'w';
    [[maybe_unused]] auto w = ::write(to_parent[1], &byte, 1);
    [[maybe_unused]] auto r = ::read(to_child[0], &byte, 1);  // the fault is set now
    // nfc_abort_command 200 ms into the poll, from a signal handler: no thread
    // may be started in a child forked from a threaded process. (The abort
    // only closes and reopens a pipe: async-signal-safe.)
    hazard_device = device;
    struct sigaction action {};
    action.sa_handler = abort_hazard_poll;
    ::sigaction(SIGALRM, &action, nullptr);
    itimerval timer{};
    timer.it_value.tv_usec = 200'000;
    ::setitimer(ITIMER_REAL, &timer, nullptr);
    nfc_initiator_poll_target(device, &modulation, 1, 1, 1, &target);
    byte = 'r';
    w = ::write(to_parent[1], &byte, 1);
    ::_exit(0);
  }
  ::close(to_parent[1]);
  ::close(to_child[0]);
  char byte = 0;
  pollfd ready{to_parent[0], POLLIN, 0};
  REQUIRE(::poll(&ready, 1, 30'000) == 1);
  REQUIRE(::read(to_parent[0], &byte, 1) == 1);
  REQUIRE(byte == 'w');
  if (scenario == 0) bench.emulator.inject(Fault::MissingAck, 0x60);
  if (scenario == 1) bench.emulator.inject(Fault::Truncated, 0x60);
  if (scenario == 2) bench.emulator.set_silent(true);
  byte = 'g';
  REQUIRE(::write(to_child[1], &byte, 1) == 1);
  // The fault has struck (the poll was lost, or its card frame cut), or the
  // silent chip has lost the poll: wait for it, however slow the child is.
  if (scenario == 0) CHECK(bench.emulator.wait_for([](const EmulatorStats& s) { return s.faults == 1; }, kDeadline));
  if (scenario == 1) {  // the cut card frame went out
    CHECK(bench.emulator.wait_for([](const EmulatorStats& s) { return s.card_frames == 2; }, kDeadline));
  }
  if (scenario == 2) CHECK(bench.emulator.wait_for([](const EmulatorStats& s) { return s.unheard >= 1; }, kDeadline));

  // Well past the emulator's 300 ms round and the 200 ms abort: still blocked.
  pollfd returned{to_parent[0], POLLIN, 0};
  CHECK(::poll(&returned, 1, 1000) == 0);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(to_parent[0]);
  ::close(to_child[1]);

  bench.emulator.set_silent(false);
  bench.emulator.clear_fault();  // in case it never struck: it would block us too
  Nfc nfc;
  if (claimed(bench.emulator.link_path())) {
    // The killed process left the port claimed: nfc_open refuses it until the
    // mark is cleared (safe only when no other process uses the port).
    CHECK_FALSE(nfc.open(bench.emulator));
    clear_claimed(bench.emulator.link_path());
  }
  REQUIRE(nfc.open(bench.emulator));
  bench.emulator.present("04A1B2C3");
  nfc_target target{};
  CHECK(nfc.poll(target) == 1);
}

// --- the command-line wrapper ------------------------------------------------

#ifdef ESCALE_PN532_EMULATOR_BIN
TEST_CASE("pn532 emulator: the pn532-emulator command", "[nfc][pn532]") {
  TempDir dir;
  const auto link = dir.path() / "reader";
  Child emulator({ESCALE_PN532_EMULATOR_BIN, link.string()}, {});
  REQUIRE(emulator.next_line(kDeadline) == "ready pn532_uart:" + link.string());
  const std::vector<std::string> env{"LIBNFC_DEVICE=pn532_uart:" + link.string(), "LIBNFC_AUTO_SCAN=false",
                                     "LIBNFC_LOG_LEVEL=1"};
  const auto nfc_list = find_program("nfc-list");
  REQUIRE(nfc_list);
  const auto command = [&](const std::string& line) {
    emulator.write_line(line);
    return emulator.next_line(kDeadline).value_or("(nothing)");
  };

  REQUIRE(command("present 04A1B2C3D4E5F6 ultralight") == "ok");
  {
    Child list({*nfc_list}, env);
    REQUIRE(list.wait_exit(kDeadline) == 0);
    CHECK(list.output().find("UID (NFCID1): 04  a1  b2  c3  d4  e5  f6") != std::string::npos);
  }
  CHECK(command("bogus") == "error unknown command: bogus");
  CHECK(command("present 12345") == "error UID must be 4, 7 or 10 bytes: 12345");
  // nfc-list selects the card twice (found, then seen again) and ends with PowerDown.
  CHECK(command("stats").rfind("stats commands=", 0) == 0);
  CHECK(emulator.next_line(kDeadline) == "ok");
  CHECK(emulator.output().find(" polls=") != std::string::npos);
  CHECK(emulator.output().find(" card_frames=2 aborts=0 open=0\n") != std::string::npos);

  CHECK(command("vanish") == "ok");
  CHECK_FALSE(std::filesystem::exists(link));
  CHECK(command("back") == "ok");
  CHECK(std::filesystem::is_symlink(link));
  CHECK(command("remove") == "ok");
  CHECK(command("silent on") == "ok");
  CHECK(command("silent off") == "ok");
  CHECK(command("fault garbage") == "ok");
  CHECK(command("present-for DEADBEEF 5000 classic") == "ok");
  {
    Child list({*nfc_list}, env);  // the garbage hits its first command: it cannot open
    CHECK(list.wait_exit(kDeadline).has_value());
  }
  {
    Child list({*nfc_list}, env);
    REQUIRE(list.wait_exit(kDeadline) == 0);
    CHECK(list.output().find("UID (NFCID1): de  ad  be  ef") != std::string::npos);
  }
  emulator.close_stdin();  // end of input = quit
  CHECK(emulator.wait_exit(kDeadline) == 0);
  CHECK_FALSE(std::filesystem::exists(link));
}
#endif
