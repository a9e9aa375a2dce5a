// The SQLite store both programs use: RAII handles for the connection and its
// statements, transactions, and numbered migrations. Every value reaches SQL
// through a bound parameter; nothing builds SQL from input.
//
// [SECTION] Errors
// [SECTION] Statement
// [SECTION] Database
// [SECTION] Transaction
// [SECTION] Migrations
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

namespace escale::store {

//-----------------------------------------------------------------------------
// [SECTION] Errors
//-----------------------------------------------------------------------------

class StoreError : public std::runtime_error {
 public:
  StoreError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }  // the SQLite result code
  bool is_constraint() const { return (code_ & 0xff) == SQLITE_CONSTRAINT; }
  bool is_busy() const { return (code_ & 0xff) == SQLITE_BUSY; }

 private:
  int code_;
};

using Null = std::monostate;

//-----------------------------------------------------------------------------
// [SECTION] Statement
//-----------------------------------------------------------------------------

// A prepared statement. Bind by 1-based index; step() returns true while a row
// is available. Column getters are 0-based, as in SQLite.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, Null);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, Null{});
  }
  // Binds every argument in order, starting at index 1.
  template <typename... Args>
  Statement& bind_all(const Args&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }

  bool step();  // true: a row is ready; false: done. Throws StoreError.
  void run();   // step() to completion, for statements returning no rows.
  void reset();

  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  int int32(int col) const { return static_cast<int>(int64(col)); }
  double real(int col) const;
  std::string text(int col) const;
  std::optional<std::string> optional_text(int col) const;
  std::optional<std::int64_t> optional_int64(int col) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

//-----------------------------------------------------------------------------
// [SECTION] Database
//-----------------------------------------------------------------------------

struct OpenOptions {
  bool create = true;  // create the file when missing
  bool read_only = false;
  int busy_timeout_ms = 5000;  // wait this long for another writer before SQLITE_BUSY
};

// One connection. Opened with WAL, foreign keys on, synchronous=NORMAL in WAL
// (durable across an application crash; a power cut may lose the last commits
// but never corrupts), and a busy timeout.
class CachedStatement;

class Database {
 public:
  explicit Database(const std::filesystem::path& path, OpenOptions options = {});
  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;

  Statement prepare(std::string_view sql) { return Statement(handle(), sql); }
  // A statement prepared once per connection and reused (reset, bindings
  // cleared) for hot paths such as sync ingest, reset again when the returned
  // CachedStatement goes out of scope. Do not hold two uses of the same SQL
  // at once.
  CachedStatement cached(std::string_view sql);
  // How long a write waits for another writer before SQLITE_BUSY; returns
  // the previous value.
  int set_busy_timeout(int ms);
  void exec(std::string_view sql);  // for fixed SQL only (no input), may hold several statements
  std::int64_t last_insert_rowid() const;
  int changes() const;
  int user_version();
  const std::filesystem::path& path() const { return path_; }
  sqlite3* handle() const { return db_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::filesystem::path path_;
  std::unique_ptr<sqlite3, Closer> db_;
  int busy_timeout_ms_ = 0;
  // Looked up by string_view without building a std::string (hot path).
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  std::unordered_map<std::string, Statement, SqlHash, std::equal_to<>> cache_;  // destroyed before db_
  friend class CachedStatement;
  Statement& cached_statement(std::string_view sql);
};

// A use of a cached statement (Database::cached) for the length of a scope:
// reset when the scope ends, so that a SELECT stopped on a row (a lookup of
// one row, a LIMIT) does not keep its read snapshot open — which would hide
// later commits from the connection, make its next write fail at once with
// SQLITE_BUSY (its snapshot is stale: « database is locked »), and hold back
// WAL checkpoints. It reads like the Statement it stands for:
//   auto st = db.cached("SELECT name FROM sites WHERE id = ?");
//   st.bind_all(id);
//   if (st.step()) name = st.text(0);
//   db.cached("DELETE FROM x WHERE id = ?").bind_all(id).run();
class CachedStatement {
 public:
  ~CachedStatement() { st_.reset(); }
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  Statement& operator*() { return st_; }
  operator Statement&() { return st_; }  // NOLINT(google-explicit-constructor): passed where a Statement is read

  template <typename T>
  CachedStatement& bind(int index, const T& value) {
    st_.bind(index, value);
    return *this;
  }
  template <typename... Args>
  CachedStatement& bind_all(const Args&... args) {
    st_.bind_all(args...);
    return *this;
  }
  bool step() { return st_.step(); }
  void run() { st_.run(); }
  void reset() { st_.reset(); }
  bool is_null(int col) const { return st_.is_null(col); }
  std::int64_t int64(int col) const { return st_.int64(col); }
  int int32(int col) const { return st_.int32(col); }
  double real(int col) const { return st_.real(col); }
  std::string text(int col) const { return st_.text(col); }
  std::optional<std::string> optional_text(int col) const { return st_.optional_text(col); }
  std::optional<std::int64_t> optional_int64(int col) const { return st_.optional_int64(col); }

 private:
  friend class Database;  // made by Database::cached only
  CachedStatement(Database& db, std::string_view sql);
  Statement& st_;
};

//-----------------------------------------------------------------------------
// [SECTION] Transaction
//-----------------------------------------------------------------------------

// BEGIN IMMEDIATE on construction (takes the write lock at once, so two
// writers never deadlock upgrading a read lock); ROLLBACK unless commit() ran.
// Inside a transaction already open on the connection, it is a SAVEPOINT
// instead: commit() releases it into the outer transaction, and without
// commit() only the work done since the savepoint is undone. So a store
// function that is one transaction on its own (add_member, create_booking…)
// can also run as one step of a larger one (a sync push).
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool nested_ = false;
  bool done_ = false;
};

// A read-only transaction (BEGIN DEFERRED): the reads inside see one
// snapshot of the database, and no write lock is taken (in WAL mode a
// reader never waits for a writer, nor a writer for it). It ends when
// destroyed. For reads only: anything written inside is undone. Inside a
// transaction already open on the connection it does nothing (the reads
// belong to that one).
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
  bool open_ = false;
};

//-----------------------------------------------------------------------------
// [SECTION] Migrations
//-----------------------------------------------------------------------------

// A numbered schema change. Versions start at 1 and have no gaps; the version
// reached is kept in PRAGMA user_version. Each migration runs in its own
// transaction together with the version bump, so a crash never leaves a
// half-applied schema.
struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

// Applies the migrations newer than the database's version. Throws StoreError
// when the database is newer than this program knows (a downgrade).
// Returns the number of migrations applied.
int migrate(Database& db, std::span<const Migration> migrations);

}  // namespace escale::store
