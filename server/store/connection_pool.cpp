// Connection pool: the schema is migrated once, by the first connection.
#include "store/connection_pool.hpp"

#include "store/schema.hpp"

namespace escale::server {

ConnectionPool::ConnectionPool(const std::filesystem::path& path, int size) {
  free_.push_back(std::make_unique<store::Database>(open_server_db(path)));
  for (int i = 1; i < size; ++i) free_.push_back(std::make_unique<store::Database>(path));
}

ConnectionPool::Lease ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [this] { return !free_.empty(); });
  auto db = std::move(free_.back());
  free_.pop_back();
  return Lease(*this, std::move(db));
}

void ConnectionPool::give_back(std::unique_ptr<store::Database> db) {
  // No read is left open here: a cached statement resets at the end of the
  // scope that used it (store::CachedStatement), so the next request on this
  // connection sees what others committed since (test_connection_pool.cpp).
  {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(db));
  }
  available_.notify_one();
}

}  // namespace escale::server
