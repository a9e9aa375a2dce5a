// Line reader: poll() on the input and a wake pipe, so stop() never waits on a
// blocked read.
#include "reader/line_reader.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include "text/trim.hpp"

namespace escale::kiosk {

LineReader::LineReader(std::filesystem::path path) : path_(std::move(path)) {
  if (pipe2(wake_pipe_, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
}

LineReader::~LineReader() {
  stop();
  for (int fd : wake_pipe_) {
    if (fd >= 0) close(fd);
  }
}

void LineReader::start(ReaderCallbacks callbacks) {
  callbacks_ = std::move(callbacks);
  thread_ = std::thread([this] { run(); });
}

void LineReader::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  const char byte = 1;
  [[maybe_unused]] const auto n = write(wake_pipe_[1], &byte, 1);
  thread_.join();
}

void LineReader::run() {
  const bool from_stdin = path_ == "-";
  while (!stopping_) {
    // O_RDWR on a FIFO keeps it open even with no writer, so poll() does not
    // spin on end-of-file between two writers.
    const int fd = from_stdin ? STDIN_FILENO : open(path_.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
      if (callbacks_.on_state)
        callbacks_.on_state(ReaderState::Unavailable, "cannot open " + path_.string() + ": " + std::strerror(errno));
      return;
    }
    if (callbacks_.on_state) callbacks_.on_state(ReaderState::Ok, "reading UIDs from " + path_.string());
    std::string pending;
    bool eof = false;
    while (!stopping_ && !eof) {
      std::array<pollfd, 2> fds{pollfd{fd, POLLIN, 0}, pollfd{wake_pipe_[0], POLLIN, 0}};
      if (poll(fds.data(), fds.size(), -1) < 0) {
        if (errno == EINTR) continue;
        break;
      }
      if (fds[1].revents != 0) break;
      if (fds[0].revents == 0) continue;
      std::array<char, 512> buf{};
      const ssize_t n = read(fd, buf.data(), buf.size());
      if (n <= 0) {
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        eof = true;
        break;
      }
      pending.append(buf.data(), static_cast<std::size_t>(n));
      std::size_t nl;
      while ((nl = pending.find('\n')) != std::string::npos) {
        const std::string line(text::trim(std::string_view(pending).substr(0, nl)));
        pending.erase(0, nl + 1);
        if (line.empty() || line[0] == '#') continue;
        if (callbacks_.on_tap) callbacks_.on_tap(line);
      }
    }
    if (!from_stdin) close(fd);
    if (from_stdin) return;  // stdin closed: no more taps
  }
}

}  // namespace escale::kiosk
