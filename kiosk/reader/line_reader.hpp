// Simulated reader for scripts and the demo: reads one UID per line from a
// file descriptor (a FIFO, or stdin). Blank lines and '#' comments are skipped.
// For a FIFO, the reader reopens it when the writer closes it, so several
// scripts can write taps one after the other.
#pragma once

#include <atomic>
#include <filesystem>
#include <thread>

#include "reader/badge_reader.hpp"

namespace escale::kiosk {

class LineReader final : public BadgeReader {
 public:
  // `path` "-" reads stdin.
  explicit LineReader(std::filesystem::path path);
  ~LineReader() override;
  void start(ReaderCallbacks callbacks) override;
  void stop() override;

 private:
  void run();
  std::filesystem::path path_;
  ReaderCallbacks callbacks_;
  std::atomic<bool> stopping_{false};
  int wake_pipe_[2] = {-1, -1};  // written by stop() to interrupt poll()
  std::thread thread_;
};

}  // namespace escale::kiosk
