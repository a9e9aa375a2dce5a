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
  // A cached statement a handler left in the middle of its rows keeps its
  // read transaction open, and with it an old snapshot: the next request on
  // this connection would not see what others committed since, and its write
  // transaction would fail (SQLITE_BUSY_SNAPSHOT). End any such read here;
  // the check costs nothing when none is open, the usual case.
  sqlite3* handle = db->handle();
  if (sqlite3_get_autocommit(handle) != 0 && sqlite3_txn_state(handle, nullptr) != SQLITE_TXN_NONE) {
    for (sqlite3_stmt* st = sqlite3_next_stmt(handle, nullptr); st != nullptr; st = sqlite3_next_stmt(handle, st)) {
      if (sqlite3_stmt_busy(st) != 0) sqlite3_reset(st);
    }
  }
  {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(db));
  }
  available_.notify_one();
}

}  // namespace escale::server
