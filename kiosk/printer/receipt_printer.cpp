// The receipt printer's worker (see receipt_printer.hpp).
//
// Never blocking: the device is opened O_NONBLOCK (an absent usblp or a
// serial line with no carrier does not hang open()), each write waits in
// poll() by slices of 100 ms until the ticket's deadline, and a printer
// that takes nothing (off, out of paper, unplugged) is given up at the
// deadline with a line in the log.
#include "printer/receipt_printer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace escale::kiosk::printer {
namespace {

constexpr std::size_t kMaxQueued = 3;
constexpr int kPollSliceMs = 100;

// RAII for the device's file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

speed_t speed_of(int baud) {
  switch (baud) {
    case 1200:
      return B1200;
    case 2400:
      return B2400;
    case 4800:
      return B4800;
    case 9600:
      return B9600;
    case 19200:
      return B19200;
    case 38400:
      return B38400;
    case 57600:
      return B57600;
    case 115200:
      return B115200;
    default:
      return B0;
  }
}

std::string errno_text(int e) {
  return std::strerror(e);
}

}  // namespace

std::string write_ticket(const PrinterSettings& s, std::string_view bytes, const std::atomic<bool>& stop) {
  const auto deadline = std::chrono::steady_clock::now() + s.timeout;
  const std::string where = s.device.string();
  const int raw_fd = ::open(where.c_str(), O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (raw_fd < 0) return "cannot open " + where + ": " + errno_text(errno);
  Fd fd(raw_fd);
  if (::isatty(fd.get()) == 1) {
    termios tio{};
    if (::tcgetattr(fd.get(), &tio) != 0) return "cannot read the line settings of " + where + ": " + errno_text(errno);
    ::cfmakeraw(&tio);  // 8 bits, no parity, no translation (a 0x0A in a QR code stays 0x0A)
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | CRTSCTS);
    tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF);
    if (s.baud != 0) {
      const speed_t speed = speed_of(s.baud);
      if (speed == B0) return "unsupported speed " + std::to_string(s.baud) + " for " + where;
      ::cfsetospeed(&tio, speed);
      ::cfsetispeed(&tio, speed);
    }
    if (::tcsetattr(fd.get(), TCSANOW, &tio) != 0) return "cannot set the line of " + where + ": " + errno_text(errno);
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    if (stop) return "the kiosk is stopping: ticket for " + where + " abandoned";
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      if (::isatty(fd.get()) == 1) ::tcflush(fd.get(), TCOFLUSH);  // close() must not wait to drain it
      return where + " took " + std::to_string(written) + " of " + std::to_string(bytes.size()) + " bytes in " +
             std::to_string(s.timeout.count()) + " ms: is it on, with paper?";
    }
    pollfd p{fd.get(), POLLOUT, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left.count(), kPollSliceMs)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return "cannot wait for " + where + ": " + errno_text(errno);
    }
    if (ready == 0) continue;
    if ((p.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0 && (p.revents & POLLOUT) == 0) {
      return where + " went away (unplugged?)";
    }
    const ssize_t n = ::write(fd.get(), bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      // usblp says ENOSPC when out of paper, EIO when unplugged.
      return "cannot write to " + where + ": " + errno_text(errno);
    }
    written += static_cast<std::size_t>(n);
  }
  return {};
}

ReceiptPrinter::ReceiptPrinter(PrinterSettings settings) : settings_(std::move(settings)) {
  worker_ = std::thread([this] { run(); });
}

ReceiptPrinter::~ReceiptPrinter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void ReceiptPrinter::print(std::string bytes) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= kMaxQueued) {
      queue_.pop_front();
      ++status_.failed;
      status_.last_error = "too many tickets waiting for " + settings_.device.string() + ": the oldest was dropped";
      spdlog::warn("receipt printer: {}", status_.last_error);
    }
    queue_.push_back(std::move(bytes));
  }
  changed_.notify_all();
}

PrinterStatus ReceiptPrinter::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

bool ReceiptPrinter::wait_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return queue_.empty() && !busy_; });
}

void ReceiptPrinter::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    std::string bytes = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    const std::string error = write_ticket(settings_, bytes, stop_);
    if (error.empty()) {
      spdlog::info("receipt printer: ticket printed on {} ({} bytes)", settings_.device.string(), bytes.size());
    } else {
      spdlog::error("receipt printer: {}; the ticket was shown on screen only", error);
    }
    lock.lock();
    busy_ = false;
    if (error.empty()) {
      ++status_.printed;
      status_.last_error.clear();
    } else {
      ++status_.failed;
      status_.last_error = error;
    }
    changed_.notify_all();
  }
}

}  // namespace escale::kiosk::printer
