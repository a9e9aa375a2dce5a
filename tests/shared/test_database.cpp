#include "store/database.hpp"  // first: the header is self-contained

// The SQLite wrapper against real files: pragmas, bound parameters, cached
// statements, transactions and the migration runner.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <system_error>
#include <thread>

namespace {

using escale::store::Database;
using escale::store::migrate;
using escale::store::Migration;
using escale::store::Null;
using escale::store::OpenOptions;
using escale::store::StoreError;
using escale::store::Transaction;

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("escale-dbtest-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

constexpr std::array kMigrations{
    Migration{1, "sites", "CREATE TABLE sites (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;"},
    Migration{2, "members",
              "CREATE TABLE members (id INTEGER PRIMARY KEY, site_id INTEGER NOT NULL REFERENCES sites(id), "
              "name TEXT NOT NULL) STRICT;"},
    Migration{3, "site code", "ALTER TABLE sites ADD COLUMN code TEXT NOT NULL DEFAULT '';"},
};

std::int64_t count(Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  REQUIRE(st.step());
  return st.int64(0);
}

bool table_exists(Database& db, const std::string& name) {
  auto st = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  st.bind(1, name);
  return st.step();
}

std::string pragma_text(Database& db, const std::string& pragma) {
  auto st = db.prepare("PRAGMA " + pragma);
  REQUIRE(st.step());
  return st.text(0);
}

}  // namespace

TEST_CASE("database: opening sets WAL, foreign keys and a busy timeout", "[database]") {
  TempDir dir;
  Database db(dir.file("a.db"));
  CHECK(pragma_text(db, "journal_mode") == "wal");
  CHECK(count(db, "PRAGMA foreign_keys") == 1);
  CHECK(count(db, "PRAGMA synchronous") == 1);  // NORMAL
  CHECK(std::filesystem::exists(dir.file("a.db")));
  CHECK(db.path() == dir.file("a.db"));
}

TEST_CASE("database: a missing file is refused without create, and read-only cannot write", "[database]") {
  TempDir dir;
  OpenOptions no_create;
  no_create.create = false;
  CHECK_THROWS_AS(Database(dir.file("missing.db"), no_create), StoreError);
  CHECK_THROWS_WITH(Database(dir.file("missing.db"), no_create), Catch::Contains("cannot open database"));
  CHECK_FALSE(std::filesystem::exists(dir.file("missing.db")));

  {
    Database db(dir.file("b.db"));
    migrate(db, kMigrations);
    db.prepare("INSERT INTO sites (name) VALUES (?)").bind(1, "Montbard").run();
  }
  OpenOptions read_only;
  read_only.read_only = true;
  Database ro(dir.file("b.db"), read_only);
  CHECK(count(ro, "SELECT COUNT(*) FROM sites") == 1);
  CHECK_THROWS_AS(ro.prepare("INSERT INTO sites (name) VALUES ('x')").run(), StoreError);
}

TEST_CASE("database: migrations run in order, once", "[database][migrations]") {
  TempDir dir;
  Database db(dir.file("m.db"));
  CHECK(db.user_version() == 0);

  SECTION("all at once") {
    CHECK(migrate(db, kMigrations) == 3);
    CHECK(db.user_version() == 3);
    CHECK(table_exists(db, "sites"));
    CHECK(table_exists(db, "members"));
    db.prepare("INSERT INTO sites (name, code) VALUES (?, ?)").bind_all("Montbard", "21425").run();
  }
  SECTION("step by step, as successive program versions would") {
    CHECK(migrate(db, std::span(kMigrations).first(1)) == 1);
    CHECK(db.user_version() == 1);
    CHECK_FALSE(table_exists(db, "members"));
    CHECK(migrate(db, std::span(kMigrations).first(2)) == 1);
    CHECK(db.user_version() == 2);
    CHECK(migrate(db, kMigrations) == 1);
    CHECK(db.user_version() == 3);
  }
  // Running again is a no-op, also from another connection.
  CHECK(migrate(db, kMigrations) == 0);
  CHECK(db.user_version() == 3);
  Database other(dir.file("m.db"));
  CHECK(migrate(other, kMigrations) == 0);
  CHECK(other.user_version() == 3);
}

namespace {

// A busy handler that tells the test when its connection first finds the
// write lock taken, then keeps waiting for it (as the busy timeout would) up
// to a generous deadline.
struct LockWaiter {
  std::promise<void> waiting;
  bool told = false;
  std::chrono::steady_clock::time_point give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);

  static int on_busy(void* self, int /*attempts*/) {
    auto& w = *static_cast<LockWaiter*>(self);
    if (!w.told) {
      w.told = true;
      w.waiting.set_value();
    }
    if (std::chrono::steady_clock::now() >= w.give_up) return 0;  // SQLITE_BUSY
    std::this_thread::sleep_for(std::chrono::milliseconds(1));    // poll the lock, as sqlite3_busy_timeout does
    return 1;
  }
};

}  // namespace

TEST_CASE("database: a migration another connection finished meanwhile is not applied twice",
          "[database][migrations]") {
  TempDir dir;
  Database first(dir.file("race.db"));
  Database second(dir.file("race.db"));
  // `first` holds the write lock; `second` reads version 0 and waits for the
  // lock; `first` then migrates and commits. `second` must look again.
  // The test waits until `second` is really waiting for the lock (its busy
  // handler ran): on a loaded machine a fixed pause may end before it gets there.
  LockWaiter waiter;
  auto waiting = waiter.waiting.get_future();
  sqlite3_busy_handler(second.handle(), &LockWaiter::on_busy, &waiter);
  first.exec("BEGIN IMMEDIATE");
  auto other = std::async(std::launch::async, [&] { return migrate(second, kMigrations); });
  REQUIRE(waiting.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
  for (const auto& m : kMigrations) first.exec(m.sql);
  first.exec("PRAGMA user_version=3");
  first.exec("COMMIT");
  CHECK(other.get() == 0);
  CHECK(second.user_version() == 3);
}

TEST_CASE("database: a database newer than the program is refused", "[database][migrations]") {
  TempDir dir;
  {
    Database db(dir.file("new.db"));
    migrate(db, kMigrations);
  }
  Database db(dir.file("new.db"));
  try {
    migrate(db, std::span(kMigrations).first(2));
    FAIL("a downgrade must throw");
  } catch (const StoreError& e) {
    const std::string message = e.what();
    CHECK_THAT(message, Catch::Contains("schema version 3"));
    CHECK_THAT(message, Catch::Contains("only up to 2"));
    CHECK_THAT(message, Catch::Contains("new.db"));
    CHECK_THAT(message, Catch::Contains("newer Escale"));
  }
  CHECK(db.user_version() == 3);
}

TEST_CASE("database: a failing migration leaves the previous version intact", "[database][migrations]") {
  TempDir dir;
  Database db(dir.file("fail.db"));
  const std::array broken{
      kMigrations[0],
      Migration{2, "half-broken",
                "CREATE TABLE extra (id INTEGER PRIMARY KEY); INSERT INTO sites (name) VALUES ('x');"
                "INSERT INTO no_such_table VALUES (1);"},
  };
  CHECK_THROWS_AS(migrate(db, broken), StoreError);
  CHECK(db.user_version() == 1);
  CHECK(table_exists(db, "sites"));
  CHECK_FALSE(table_exists(db, "extra"));
  CHECK(count(db, "SELECT COUNT(*) FROM sites") == 0);
  // The connection is usable and the fixed migration goes through.
  CHECK(migrate(db, kMigrations) == 2);
  CHECK(db.user_version() == 3);
}

TEST_CASE("database: a transaction rolls back unless committed", "[database][transaction]") {
  TempDir dir;
  Database db(dir.file("tx.db"));
  migrate(db, kMigrations);
  {
    Transaction tx(db);
    db.prepare("INSERT INTO sites (name) VALUES (?)").bind(1, "rolled back").run();
    CHECK(count(db, "SELECT COUNT(*) FROM sites") == 1);
  }
  CHECK(count(db, "SELECT COUNT(*) FROM sites") == 0);
  try {
    Transaction tx(db);
    db.prepare("INSERT INTO sites (name) VALUES (?)").bind(1, "also rolled back").run();
    throw std::runtime_error("interrupted");
  } catch (const std::runtime_error&) {
  }
  CHECK(count(db, "SELECT COUNT(*) FROM sites") == 0);
  {
    Transaction tx(db);
    db.prepare("INSERT INTO sites (name) VALUES (?)").bind(1, "kept").run();
    tx.commit();
  }
  CHECK(count(db, "SELECT COUNT(*) FROM sites") == 1);
  // Another connection sees only committed rows.
  Database other(dir.file("tx.db"));
  CHECK(count(other, "SELECT COUNT(*) FROM sites") == 1);
  {
    Transaction tx(db);
    db.prepare("INSERT INTO sites (name) VALUES (?)").bind(1, "pending").run();
    CHECK(count(other, "SELECT COUNT(*) FROM sites") == 1);
    tx.commit();
  }
  CHECK(count(other, "SELECT COUNT(*) FROM sites") == 2);
}

TEST_CASE("database: BEGIN IMMEDIATE makes a second writer wait, then fail with busy", "[database][transaction]") {
  TempDir dir;
  Database db(dir.file("busy.db"));
  migrate(db, kMigrations);
  OpenOptions quick;
  quick.busy_timeout_ms = 50;
  Database other(dir.file("busy.db"), quick);
  Transaction tx(db);
  try {
    Transaction second(other);
    FAIL("the second writer must not get the lock");
  } catch (const StoreError& e) {
    CHECK(e.is_busy());
  }
}

TEST_CASE("database: foreign keys are enforced", "[database]") {
  TempDir dir;
  Database db(dir.file("fk.db"));
  migrate(db, kMigrations);
  try {
    db.prepare("INSERT INTO members (site_id, name) VALUES (?, ?)").bind_all(42, "Marie").run();
    FAIL("a member of a missing site must be refused");
  } catch (const StoreError& e) {
    CHECK(e.is_constraint());
    CHECK_THAT(std::string(e.what()), Catch::Contains("FOREIGN KEY"));
  }
  db.prepare("INSERT INTO sites (id, name) VALUES (?, ?)").bind_all(42, "Montbard").run();
  db.prepare("INSERT INTO members (site_id, name) VALUES (?, ?)").bind_all(42, "Marie").run();
  CHECK(db.changes() == 1);
  CHECK(db.last_insert_rowid() == 1);
}

TEST_CASE("database: bound parameters keep odd strings verbatim", "[database]") {
  TempDir dir;
  Database db(dir.file("odd.db"));
  migrate(db, kMigrations);
  const std::string odd[] = {
      "Robert'); DROP TABLE sites;--", "O'Brien \"the\" `quoted`", "%_\\ LIKE wildcards",
      "Élodie Lefèvre — 🙂",     "line\nbreak\ttab",         "",
      std::string(5000, 'x'),
  };
  for (const auto& s : odd) {
    db.prepare("INSERT INTO sites (name) VALUES (?)").bind(1, s).run();
    const auto id = db.last_insert_rowid();
    auto st = db.prepare("SELECT name, length(CAST(name AS BLOB)) FROM sites WHERE id = ?");
    st.bind(1, id);
    REQUIRE(st.step());
    CHECK(st.text(0) == s);
    CHECK(st.int64(1) == static_cast<std::int64_t>(s.size()));
    // And it finds itself by equality.
    auto by_name = db.prepare("SELECT id FROM sites WHERE name = ?");
    by_name.bind(1, s);
    REQUIRE(by_name.step());
    CHECK(by_name.int64(0) == id);
  }
  CHECK(table_exists(db, "sites"));
  CHECK(count(db, "SELECT COUNT(*) FROM sites") == static_cast<std::int64_t>(std::size(odd)));
}

TEST_CASE("database: an empty string_view binds an empty text, not NULL", "[database]") {
  TempDir dir;
  Database db(dir.file("empty.db"));
  migrate(db, kMigrations);
  // name is NOT NULL: a null-pointer string_view must not become NULL.
  db.prepare("INSERT INTO sites (name) VALUES (?)").bind(1, std::string_view{}).run();
  auto st = db.prepare("SELECT name IS NULL, name FROM sites");
  REQUIRE(st.step());
  CHECK(st.int64(0) == 0);
  CHECK(st.text(1).empty());
}

TEST_CASE("database: typed binds and getters, NULL and optionals", "[database]") {
  TempDir dir;
  Database db(dir.file("types.db"));
  db.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT)");
  db.prepare("INSERT INTO t VALUES (?, ?, ?)").bind_all(std::int64_t{9'000'000'000}, 2.5, "a").run();
  db.prepare("INSERT INTO t VALUES (?, ?, ?)")
      .bind_all(std::optional<std::int64_t>{}, Null{}, std::optional<std::string>{})
      .run();
  auto st = db.prepare("SELECT i, r, s FROM t ORDER BY rowid");
  REQUIRE(st.step());
  CHECK(st.int64(0) == 9'000'000'000);
  CHECK(st.real(1) == 2.5);
  CHECK(st.text(2) == "a");
  CHECK(st.optional_int64(0) == std::optional<std::int64_t>(9'000'000'000));
  REQUIRE(st.step());
  CHECK(st.is_null(0));
  CHECK(st.is_null(1));
  CHECK_FALSE(st.optional_text(2).has_value());
  CHECK_FALSE(st.optional_int64(0).has_value());
  CHECK(st.text(2).empty());
  CHECK_FALSE(st.step());
}

TEST_CASE("database: cached statements are prepared once and reset on reuse", "[database]") {
  TempDir dir;
  Database db(dir.file("cache.db"));
  migrate(db, kMigrations);
  const std::string insert = "INSERT INTO sites (name) VALUES (?)";
  const escale::store::Statement* prepared = nullptr;
  {
    auto first = db.cached(insert);
    first.bind(1, "Montbard").run();
    prepared = &*first;
  }
  {
    auto second = db.cached(insert);
    CHECK(&*second == prepared);  // the same statement, not prepared again
    second.bind(1, "Semur").run();
  }
  CHECK(count(db, "SELECT COUNT(*) FROM sites") == 2);

  // Left in the middle of its rows, a cached query starts over on reuse and
  // its old bindings are cleared.
  const std::string select = "SELECT name FROM sites WHERE id >= ? ORDER BY id";
  {
    auto q = db.cached(select);
    q.bind(1, 1);
    REQUIRE(q.step());
    CHECK(q.text(0) == "Montbard");
  }
  {
    auto again = db.cached(select);
    CHECK_FALSE(again.step());  // ?1 is NULL now: no row matches
  }
  {
    auto third = db.cached(select);
    third.bind(1, 2);
    REQUIRE(third.step());
    CHECK(third.text(0) == "Semur");
  }

  // A different SQL text is a different statement.
  auto one = db.cached("SELECT 1");
  CHECK(&*one != prepared);
}

TEST_CASE("database: a cached query left on a row keeps no snapshot once out of scope", "[database]") {
  // Found by the fleet benchmark: a lookup of one row (a kiosk's token) left
  // its cached statement on that row; the connection kept that read snapshot
  // until the statement's next use, so its next write transaction failed at
  // once with SQLITE_BUSY (« database is locked ») when another connection
  // had committed meanwhile, and, on the same connection, the next COMMIT with
  // « SQL statements in progress ».
  TempDir dir;
  Database a(dir.file("snap.db"));
  migrate(a, kMigrations);
  a.exec("INSERT INTO sites (name) VALUES ('Montbard'), ('Semur')");
  Database b(dir.file("snap.db"));
  std::string name;
  {
    auto st = a.cached("SELECT name FROM sites ORDER BY id");
    REQUIRE(st.step());
    name = st.text(0);  // one row read; the second never stepped
  }
  CHECK(name == "Montbard");
  int busy = 0;  // statements of `a` still holding a read
  for (sqlite3_stmt* s = sqlite3_next_stmt(a.handle(), nullptr); s; s = sqlite3_next_stmt(a.handle(), s))
    busy += sqlite3_stmt_busy(s) ? 1 : 0;
  CHECK(busy == 0);
  b.exec("INSERT INTO sites (name) VALUES ('Venarey')");  // another connection commits
  {
    Transaction tx(a);  // would throw « database is locked » on a stale snapshot
    a.prepare("INSERT INTO sites (name) VALUES ('Vitteaux')").run();
    tx.commit();
  }
  CHECK(count(a, "SELECT COUNT(*) FROM sites") == 4);
  // The other way, held on purpose: the statement left on its row keeps the
  // snapshot, and the write fails at once — what the scope now prevents.
  auto held = a.prepare("SELECT name FROM sites ORDER BY id");
  REQUIRE(held.step());
  b.exec("INSERT INTO sites (name) VALUES ('Alise')");
  try {
    Transaction tx(a);
    a.prepare("INSERT INTO sites (name) VALUES ('Flavigny')").run();
    tx.commit();
    FAIL("a write on a stale snapshot succeeded");
  } catch (const StoreError& e) {
    CHECK(e.is_busy());
  }
}

TEST_CASE("database: SQL errors throw StoreError with SQLite's message", "[database]") {
  TempDir dir;
  Database db(dir.file("err.db"));
  CHECK_THROWS_WITH(db.prepare("SELECT * FROM nowhere"), Catch::Contains("no such table: nowhere"));
  CHECK_THROWS_WITH(db.exec("CREATE TABL x"), Catch::Contains("syntax error"));
  db.exec("CREATE TABLE u (k TEXT PRIMARY KEY) STRICT");
  db.prepare("INSERT INTO u VALUES ('a')").run();
  try {
    db.prepare("INSERT INTO u VALUES ('a')").run();
    FAIL("duplicate key");
  } catch (const StoreError& e) {
    CHECK(e.is_constraint());
    CHECK_FALSE(e.is_busy());
  }
}

TEST_CASE("database: a moved database keeps working, cached statements included", "[database]") {
  TempDir dir;
  Database db(dir.file("move.db"));
  migrate(db, kMigrations);
  db.cached("INSERT INTO sites (name) VALUES (?)").bind(1, "a").run();
  Database moved = std::move(db);
  moved.cached("INSERT INTO sites (name) VALUES (?)").bind(1, "b").run();
  CHECK(count(moved, "SELECT COUNT(*) FROM sites") == 2);
}

TEST_CASE("database: a transaction inside a transaction is a savepoint", "[database][transaction]") {
  TempDir dir;
  Database db(dir.file("nested.db"));
  migrate(db, kMigrations);
  Database other(dir.file("nested.db"));
  {
    Transaction outer(db);
    db.prepare("INSERT INTO sites (name) VALUES (?)").bind(1, "outer").run();
    {
      Transaction inner(db);  // not committed: only its own work is undone
      db.prepare("INSERT INTO sites (name) VALUES (?)").bind(1, "undone").run();
    }
    CHECK(count(db, "SELECT COUNT(*) FROM sites") == 1);
    {
      Transaction inner(db);
      db.prepare("INSERT INTO sites (name) VALUES (?)").bind(1, "inner").run();
      inner.commit();  // released into the outer transaction, not committed yet
    }
    CHECK(count(db, "SELECT COUNT(*) FROM sites") == 2);
    CHECK(count(other, "SELECT COUNT(*) FROM sites") == 0);
    CHECK(sqlite3_get_autocommit(db.handle()) == 0);
    outer.commit();
  }
  CHECK(count(other, "SELECT COUNT(*) FROM sites") == 2);
  {
    Transaction outer(db);
    {
      Transaction inner(db);
      db.prepare("INSERT INTO sites (name) VALUES (?)").bind(1, "gone with the outer").run();
      inner.commit();
    }
  }  // the outer one is not committed: the inner work goes too
  CHECK(count(db, "SELECT COUNT(*) FROM sites") == 2);
  CHECK(sqlite3_get_autocommit(db.handle()) != 0);
}
