#include "store/connection_pool.hpp"  // first: the header is self-contained

// The server's connection pool: a connection comes back from a request with
// no read left open, so the next request sees every commit made meanwhile.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <unistd.h>

#include "store/maintenance.hpp"

namespace {

using escale::server::ConnectionPool;

class TempDb {
 public:
  TempDb() : path_(std::filesystem::temp_directory_path() / ("escale-pool-" + std::to_string(::getpid()) + ".db")) {
    std::filesystem::remove(path_);
  }
  ~TempDb() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix, ignored);
  }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

TEST_CASE("connection pool: a read left open by a request ends when the connection is given back", "[pool]") {
  TempDb file;
  ConnectionPool pool(file.path(), 1);  // one connection: every lease is the same one
  escale::store::Database other(file.path());
  other.exec(
      "CREATE TABLE IF NOT EXISTS pool_probe (v INTEGER NOT NULL); DELETE FROM pool_probe;"
      "INSERT INTO pool_probe VALUES (1), (2)");
  {
    auto db = pool.acquire();
    // A cached query stepped once and not reset: its read (snapshot) stays open
    // while its scope lasts, and ends with it (store::CachedStatement).
    auto st = db->cached("SELECT v FROM pool_probe ORDER BY v");
    REQUIRE(st.step());
    REQUIRE(sqlite3_txn_state(db->handle(), nullptr) == SQLITE_TXN_READ);
  }
  other.exec("UPDATE pool_probe SET v = 10 WHERE v = 1");
  {
    auto db = pool.acquire();
    CHECK(sqlite3_txn_state(db->handle(), nullptr) == SQLITE_TXN_NONE);
    // The next request sees the other connection's commit…
    auto count = db->cached("SELECT count(*) FROM pool_probe WHERE v = 10");
    REQUIRE(count.step());
    CHECK(count.int64(0) == 1);
    count.reset();
    // …and can write.
    escale::store::Transaction tx(*db);
    db->exec("INSERT INTO pool_probe VALUES (3)");
    tx.commit();
  }
  auto db = pool.acquire();
  escale::server::check_database_answers(*db);  // /healthz's check leaves nothing open either
  CHECK(sqlite3_txn_state(db->handle(), nullptr) == SQLITE_TXN_NONE);
}
