// The kiosk's local store on the disk: who pays the WAL checkpoints' fsyncs
// (LocalStoreOptions; docs/PERFORMANCE.md, « The visit's commit »).
#include <catch2/catch.hpp>

#include <filesystem>
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

}  // namespace

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
