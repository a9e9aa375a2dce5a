#include "cli/periodic_job.hpp"

#include <spdlog/spdlog.h>

namespace escale::server {

void PeriodicJob::run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    try {
      store::Database conn(db_);
      work_(conn);
    } catch (const std::exception& e) {
      spdlog::error("{} failed (tried again in {} s): {}", name_, every_.count(), e.what());
    }
    lock.lock();
    wake_.wait_for(lock, every_, [this] { return stop_ || woken_; });
    woken_ = false;
  }
}

}  // namespace escale::server
