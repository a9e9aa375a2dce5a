// What the code under test logs, for tests that check a line was written
// (and how many times): while a LogCapture lives, spdlog's default logger
// writes into it. Thread-safe: the kiosk's sync thread and the server's
// threads log too.
#pragma once

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace escale::tests {

class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()), sink_(std::make_shared<Sink>()) {
    auto logger = std::make_shared<spdlog::logger>("capture", sink_);
    logger->set_level(spdlog::level::debug);
    logger->set_pattern("[%l] %v");
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // Each message as formatted ("[warning] …"), newline removed.
  std::vector<std::string> lines() const { return sink_->lines(); }
  // How many messages contain every one of `needles`.
  std::size_t count(std::initializer_list<std::string_view> needles) const {
    const auto all = lines();
    return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [&](const std::string& line) {
      return std::all_of(needles.begin(), needles.end(),
                         [&](std::string_view n) { return line.find(n) != std::string::npos; });
    }));
  }
  std::string text() const {
    std::string out;
    for (const auto& l : lines()) out += l + "\n";
    return out;
  }

 private:
  class Sink : public spdlog::sinks::base_sink<std::mutex> {
   public:
    std::vector<std::string> lines() const {
      std::lock_guard lock(lines_mutex_);
      return lines_;
    }

   protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
      spdlog::memory_buf_t formatted;
      formatter_->format(msg, formatted);
      std::string line(formatted.data(), formatted.size());
      // The formatter ends each message with one end-of-line: that one only.
      if (!line.empty() && line.back() == '\n') line.pop_back();
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::lock_guard lock(lines_mutex_);
      lines_.push_back(std::move(line));
    }
    void flush_() override {}

   private:
    mutable std::mutex lines_mutex_;
    std::vector<std::string> lines_;
  };

  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<Sink> sink_;
};

}  // namespace escale::tests
