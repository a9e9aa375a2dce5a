// Implementation of the RAII SQLite wrapper and the migration runner.
#include "store/database.hpp"

#include <cassert>
#include <string>

namespace escale::store {
namespace {

[[noreturn]] void fail(sqlite3* db, int code, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  throw StoreError(code, message);
}

void check(sqlite3* db, int code, std::string_view context) {
  if (code != SQLITE_OK) fail(db, code, context);
}

}  // namespace

//-----------------------------------------------------------------------------
// Statement
//-----------------------------------------------------------------------------

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), 0, &raw, nullptr);
  stmt_.reset(raw);
  if (rc != SQLITE_OK) fail(db, rc, "prepare");
  assert(stmt_ && "empty SQL statement");
}

Statement& Statement::bind(int index, std::int64_t value) {
  check(db_, sqlite3_bind_int64(stmt_.get(), index, value), "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  check(db_, sqlite3_bind_double(stmt_.get(), index, value), "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  // An empty string_view may carry a null pointer, which SQLite would bind as
  // NULL: bind "" instead, so an empty text stays an empty text.
  const char* data = value.data() != nullptr ? value.data() : "";
  check(db_, sqlite3_bind_text64(stmt_.get(), index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), "bind");
  return *this;
}

Statement& Statement::bind(int index, Null) {
  check(db_, sqlite3_bind_null(stmt_.get(), index), "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, rc, "step");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL;
}
std::int64_t Statement::int64(int col) const {
  return sqlite3_column_int64(stmt_.get(), col);
}
double Statement::real(int col) const {
  return sqlite3_column_double(stmt_.get(), col);
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_.get(), col);
  const int n = sqlite3_column_bytes(stmt_.get(), col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::optional<std::string> Statement::optional_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::optional<std::int64_t> Statement::optional_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

//-----------------------------------------------------------------------------
// Database
//-----------------------------------------------------------------------------

Database::Database(const std::filesystem::path& path, OpenOptions options) : path_(path) {
  int flags = SQLITE_OPEN_NOMUTEX;  // one connection per thread; never shared unsynchronised
  if (options.read_only) {
    flags |= SQLITE_OPEN_READONLY;
  } else {
    flags |= SQLITE_OPEN_READWRITE;
    if (options.create) flags |= SQLITE_OPEN_CREATE;
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) {
    throw StoreError(rc,
                     "cannot open database " + path.string() + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  set_busy_timeout(options.busy_timeout_ms);
  if (!options.read_only) exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
}

void Database::exec(std::string_view sql) {
  std::string owned(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(handle(), owned.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string message = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw StoreError(rc, "exec: " + message);
  }
}

CachedStatement Database::cached(std::string_view sql) {
  return CachedStatement(*this, sql);
}

CachedStatement::CachedStatement(Database& db, std::string_view sql) : st_(db.cached_statement(sql)) {}

Statement& Database::cached_statement(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(std::string(sql), Statement(handle(), sql)).first;
  } else {
    it->second.reset();
  }
  return it->second;
}

int Database::set_busy_timeout(int ms) {
  const int previous = busy_timeout_ms_;
  sqlite3_busy_timeout(handle(), ms);
  busy_timeout_ms_ = ms;
  return previous;
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(handle());
}
int Database::changes() const {
  return sqlite3_changes(handle());
}

int Database::user_version() {
  auto st = prepare("PRAGMA user_version");
  st.step();
  return st.int32(0);
}

//-----------------------------------------------------------------------------
// Transaction
//-----------------------------------------------------------------------------

// The transaction statements are cached too: every write (and every sync)
// begins and ends one, and preparing them each time was measurable.
Transaction::Transaction(Database& db) : db_(db), nested_(sqlite3_get_autocommit(db.handle()) == 0) {
  db_.cached(nested_ ? "SAVEPOINT escale_nested" : "BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    if (nested_) {
      // ROLLBACK TO keeps the savepoint open: release it too.
      db_.cached("ROLLBACK TO escale_nested").run();
      db_.cached("RELEASE escale_nested").run();
    } else {
      db_.cached("ROLLBACK").run();
    }
  } catch (const StoreError&) {
    // The transaction may already have been rolled back by SQLite (e.g. on
    // SQLITE_FULL); nothing more can be done from a destructor.
  }
}

void Transaction::commit() {
  db_.cached(nested_ ? "RELEASE escale_nested" : "COMMIT").run();
  done_ = true;
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) {
  if (sqlite3_get_autocommit(db.handle()) == 0) return;  // inside another transaction
  db_.cached("BEGIN DEFERRED").run();
  open_ = true;
}

ReadTransaction::~ReadTransaction() {
  if (!open_ || sqlite3_get_autocommit(db_.handle()) != 0) return;
  try {
    db_.cached("ROLLBACK").run();
  } catch (const StoreError&) {
    // Nothing was written; the connection ends the transaction when it closes.
  }
}

//-----------------------------------------------------------------------------
// Migrations
//-----------------------------------------------------------------------------

int migrate(Database& db, std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    assert(migrations[i].version == static_cast<int>(i) + 1 && "migrations are numbered 1, 2, 3…");
  }
  const int current = db.user_version();
  const int known = static_cast<int>(migrations.size());
  if (current > known) {
    throw StoreError(SQLITE_ERROR, "database " + db.path().string() + " has schema version " + std::to_string(current) +
                                       " but this program knows only up to " + std::to_string(known) +
                                       ": install the newer Escale version");
  }
  int applied = 0;
  for (const auto& m : migrations) {
    if (m.version <= current) continue;
    Transaction tx(db);
    // Read the version again under the write lock: another process (the
    // server and an admin command started together) may have migrated since.
    if (db.user_version() >= m.version) continue;
    db.exec(m.sql);
    // PRAGMA takes no bound parameters; the version is our own integer, not input.
    db.exec("PRAGMA user_version=" + std::to_string(m.version));
    tx.commit();
    ++applied;
  }
  return applied;
}

}  // namespace escale::store
