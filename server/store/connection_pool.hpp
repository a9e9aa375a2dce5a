// A fixed set of SQLite connections shared by the HTTP threads. SQLite
// connections are not shared between threads at once: a handler leases one
// for the duration of a request and gives it back (RAII).
#pragma once

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/database.hpp"

namespace escale::server {

class ConnectionPool {
 public:
  ConnectionPool(const std::filesystem::path& path, int size);

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<store::Database> db) : pool_(&pool), db_(std::move(db)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    ~Lease() {
      if (db_) pool_->give_back(std::move(db_));
    }
    store::Database& operator*() { return *db_; }
    store::Database* operator->() { return db_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<store::Database> db_;
  };

  Lease acquire();  // waits while every connection is in use

 private:
  void give_back(std::unique_ptr<store::Database> db);
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<store::Database>> free_;
};

}  // namespace escale::server
