// The kiosk's local store on the disk: who pays the WAL checkpoints' fsyncs
// (LocalStoreOptions; docs/PERFORMANCE.md, « The visit's commit »).
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

#include "kiosk_fixture.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

// `count` members, member i with badge (first + i); more than SQLite's
// automatic checkpoint (1 000 pages) once they have all checked in.
void seed_members(const std::filesystem::path& db, int count) {
  LocalStore store(db);
  auto r = testing::first_sync();
  for (int i = 0; i < count; ++i) {
    r.members.push_back({1000 + i, "Prénom", "Nom", {Role::Member}, true, std::nullopt});
    char uid[9];
    std::snprintf(uid, sizeof uid, "%08X", 0x50000000 + i);
    r.badges.push_back({uid, 1000 + i, false});
  }
  store.apply(r);
  store.checkpoint();  // everything so far in the database file
}

std::uintmax_t size_of(const std::filesystem::path& p) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(p, ec);
  return ec ? 0 : n;
}

void check_in_everyone(LocalStore& store, int count) {
  const auto t = now();
  for (int i = 0; i < count; ++i) {
    char uid[9];
    std::snprintf(uid, sizeof uid, "%08X", 0x50000000 + i);
    store.record_check_in(1000 + i, BadgeUid::parse(uid), t + std::chrono::seconds(i), std::nullopt, std::nullopt);
  }
}

// A VFS over the default one that counts xSync (fsync) calls, for the files of
// connections opened while it is installed as the default.
struct SyncCountingFile {
  sqlite3_file base;  // first: SQLite sees a sqlite3_file
  sqlite3_file* real;
};
std::atomic<int> g_syncs{0};
sqlite3_vfs* g_real_vfs = nullptr;

sqlite3_file* real_of(sqlite3_file* f) {
  return reinterpret_cast<SyncCountingFile*>(f)->real;  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
}
int c_close(sqlite3_file* f) {
  sqlite3_file* r = real_of(f);
  const int rc = r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
  sqlite3_free(r);
  return rc;
}
int c_read(sqlite3_file* f, void* b, int n, sqlite3_int64 o) {
  return real_of(f)->pMethods->xRead(real_of(f), b, n, o);
}
int c_write(sqlite3_file* f, const void* b, int n, sqlite3_int64 o) {
  return real_of(f)->pMethods->xWrite(real_of(f), b, n, o);
}
int c_truncate(sqlite3_file* f, sqlite3_int64 n) {
  return real_of(f)->pMethods->xTruncate(real_of(f), n);
}
int c_sync(sqlite3_file* f, int flags) {
  ++g_syncs;
  return real_of(f)->pMethods->xSync(real_of(f), flags);
}
int c_size(sqlite3_file* f, sqlite3_int64* n) {
  return real_of(f)->pMethods->xFileSize(real_of(f), n);
}
int c_lock(sqlite3_file* f, int l) {
  return real_of(f)->pMethods->xLock(real_of(f), l);
}
int c_unlock(sqlite3_file* f, int l) {
  return real_of(f)->pMethods->xUnlock(real_of(f), l);
}
int c_check(sqlite3_file* f, int* out) {
  return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
int c_control(sqlite3_file* f, int op, void* arg) {
  return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
int c_sector(sqlite3_file* f) {
  return real_of(f)->pMethods->xSectorSize(real_of(f));
}
int c_caps(sqlite3_file* f) {
  return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}
int c_shm_map(sqlite3_file* f, int i, int sz, int ext, void volatile** p) {
  return real_of(f)->pMethods->xShmMap(real_of(f), i, sz, ext, p);
}
int c_shm_lock(sqlite3_file* f, int off, int n, int flags) {
  return real_of(f)->pMethods->xShmLock(real_of(f), off, n, flags);
}
void c_shm_barrier(sqlite3_file* f) {
  real_of(f)->pMethods->xShmBarrier(real_of(f));
}
int c_shm_unmap(sqlite3_file* f, int del) {
  return real_of(f)->pMethods->xShmUnmap(real_of(f), del);
}

const sqlite3_io_methods kCountingMethods = {
    2,         c_close,  c_read, c_write,   c_truncate, c_sync,        c_size,      c_lock,  c_unlock, c_check,
    c_control, c_sector, c_caps, c_shm_map, c_shm_lock, c_shm_barrier, c_shm_unmap, nullptr, nullptr};

int c_open(sqlite3_vfs* /*vfs*/, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  auto* file = reinterpret_cast<SyncCountingFile*>(f);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
  file->base.pMethods = nullptr;
  file->real = static_cast<sqlite3_file*>(sqlite3_malloc(g_real_vfs->szOsFile));
  if (!file->real) return SQLITE_NOMEM;
  file->real->pMethods = nullptr;
  const int rc = g_real_vfs->xOpen(g_real_vfs, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    sqlite3_free(file->real);
    return rc;
  }
  file->base.pMethods = &kCountingMethods;
  return SQLITE_OK;
}

// Installed as the default VFS while it lives: connections opened meanwhile
// count their fsyncs in g_syncs (and keep using it after: the VFS itself is
// registered once and lives as long as the program).
class SyncCountingVfs {
 public:
  SyncCountingVfs() {
    static sqlite3_vfs vfs = [] {
      g_real_vfs = sqlite3_vfs_find(nullptr);
      sqlite3_vfs v = *g_real_vfs;
      v.szOsFile = static_cast<int>(sizeof(SyncCountingFile));
      v.zName = "escale-sync-counting";
      v.pNext = nullptr;
      v.xOpen = c_open;
      return v;
    }();
    REQUIRE(sqlite3_vfs_register(&vfs, 1) == SQLITE_OK);
  }
  ~SyncCountingVfs() { sqlite3_vfs_register(g_real_vfs, 1); }  // the default again
  SyncCountingVfs(const SyncCountingVfs&) = delete;
  SyncCountingVfs& operator=(const SyncCountingVfs&) = delete;
};

// Check-ins one by one, the other connection checkpointing after each (as the
// sync thread does when the commit's poke wakes it): the WAL restarts often.
// Returns the fsyncs the UI's connection made meanwhile.
int ui_fsyncs_over_check_ins(const std::filesystem::path& db, LocalStoreOptions options, int count) {
  std::optional<LocalStore> ui;
  {
    const SyncCountingVfs counting;
    ui.emplace(db, options);
  }
  LocalStore sync_thread(db);  // the default VFS again: its fsyncs are not counted
  g_syncs = 0;
  const auto t = now();
  for (int i = 0; i < count; ++i) {
    char uid[9];
    std::snprintf(uid, sizeof uid, "%08X", 0x50000000 + i);
    ui->record_check_in(1000 + i, BadgeUid::parse(uid), t + std::chrono::seconds(i), std::nullopt, std::nullopt);
    sync_thread.checkpoint();
  }
  const int fsyncs = g_syncs;
  CHECK(sync_thread.pending_count() == count);  // everything committed, readable from the other connection
  return fsyncs;
}

}  // namespace

TEST_CASE("the UI's connection never waits for an fsync when the sync thread checkpoints", "[local-store][disk]") {
  testing::TempFolder dir("escale-local-disk");
  const auto db = dir / "k.db";
  seed_members(db, 40);
  SECTION("synchronous=NORMAL alone: the first commit after each checkpoint flushes the WAL header") {
    CHECK(ui_fsyncs_over_check_ins(db, {}, 40) >= 20);
  }
  SECTION("checkpoints_elsewhere: none at all") {
    CHECK(ui_fsyncs_over_check_ins(db, LocalStoreOptions{.checkpoints_elsewhere = true}, 40) == 0);
  }
  SECTION("its own safety checkpoint flushes (NORMAL's two fsyncs), then it syncs nothing again") {
    const int fsyncs = ui_fsyncs_over_check_ins(
        db, LocalStoreOptions{.checkpoints_elsewhere = true, .checkpoint_safety_pages = 1}, 40);
    CHECK(fsyncs >= 2 * 40);
  }
}

TEST_CASE("the UI's store leaves checkpoints to another connection, which flushes what it committed",
          "[local-store][disk]") {
  testing::TempFolder dir("escale-local-disk");
  const auto db = dir / "k.db";
  const int people = 300;  // about 7 WAL pages each: past 1 000, short of the 4 000 of safety
  seed_members(db, people);
  const auto seeded = size_of(db);

  SECTION("by default the committing connection checkpoints past 1 000 WAL pages") {
    LocalStore ui(db);
    check_in_everyone(ui, people);
    CHECK(size_of(db) > seeded);  // SQLite's automatic checkpoint ran inside a commit
  }

  SECTION("checkpoints_elsewhere: the commits never checkpoint; the other connection does") {
    LocalStore ui(db, LocalStoreOptions{.checkpoints_elsewhere = true});
    check_in_everyone(ui, people);
    CHECK(size_of(db) == seeded);  // every page still only in the WAL
    CHECK(size_of(dir / "k.db-wal") > 1000u * 4096u);

    LocalStore sync_thread(db);
    CHECK(sync_thread.checkpoint() == 0);  // all copied
    CHECK(size_of(db) > seeded);
    // What the UI committed is in the database file: another connection reads it.
    CHECK(sync_thread.pending_count() == people);
  }

  SECTION("past its safety limit the UI's connection checkpoints all the same (the WAL never grows unbounded)") {
    LocalStore ui(db, LocalStoreOptions{.checkpoints_elsewhere = true, .checkpoint_safety_pages = 100});
    check_in_everyone(ui, people);
    CHECK(size_of(db) > seeded);
  }

  SECTION("fsync_each_commit keeps every commit and reads back the same") {
    LocalStore ui(db, LocalStoreOptions{.fsync_each_commit = true});
    check_in_everyone(ui, 20);
    CHECK(ui.pending_count() == 20);
  }
}

TEST_CASE("a checkpoint outside WAL work changes nothing and says nothing is left", "[local-store][disk]") {
  testing::TempFolder dir("escale-local-disk");
  LocalStore store(dir / "k.db");
  CHECK(store.checkpoint() == 0);
  CHECK(store.checkpoint() == 0);
  CHECK(store.pending_count() == 0);
}
