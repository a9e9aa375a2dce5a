// A job the server runs in the background every `every` (and once at
// start), on a database connection and a thread of its own, until destroyed:
// the no-show sweep, the reminders, the retention job. A failure is logged
// and the job tried again next time; one job never delays another.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/database.hpp"

namespace escale::server {

class PeriodicJob {
 public:
  using Work = std::function<void(store::Database&)>;
  PeriodicJob(std::string name, std::filesystem::path db, std::chrono::seconds every, Work work)
      : name_(std::move(name)), db_(std::move(db)), every_(every), work_(std::move(work)), thread_([this] { run(); }) {}
  ~PeriodicJob() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  // Runs the work now (then every `every` again), e.g. when a message was queued.
  void wake() {
    {
      std::lock_guard lock(mutex_);
      woken_ = true;
    }
    wake_.notify_all();
  }
  PeriodicJob(const PeriodicJob&) = delete;
  PeriodicJob& operator=(const PeriodicJob&) = delete;

 private:
  void run();

  std::string name_;
  std::filesystem::path db_;
  std::chrono::seconds every_;
  Work work_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;  // last: starts once the rest is ready
};

}  // namespace escale::server
