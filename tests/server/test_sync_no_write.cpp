// An up-to-date kiosk's sync (issue 16): nothing to push, nothing to pull, it
// takes no write lock. Its last sync time is written at most once a minute
// (the exchange's time is given, as an injected clock), the pull reads outside
// the write transaction, and a push still records everything.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "server_fixture.hpp"
#include "store/changes.hpp"
#include "sync/ingest.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::ServerDb;
using escale::tests::walk_in;
using std::chrono::milliseconds;
using std::chrono::seconds;
using sync::AckStatus;

struct Fixture : ServerDb {
  std::int64_t site_id = site("Montbard", "21425");
  std::int64_t marie = member(site_id, "Marie", "Dupont");
  KioskIdentity kiosk = ServerDb::kiosk(site_id).kiosk;
  const Instant t0 = tests::at("2026-12-07T09:00:00Z");

  // The kiosk's last sync time as recorded (nullopt: never).
  std::optional<Instant> recorded() { return kiosk_last_sync(db, kiosk.id); }

  // The exchange of an up-to-date kiosk: nothing to push, its cursor.
  sync::SyncResponse poll(store::Database& conn, std::int64_t cursor, Instant when) {
    sync::SyncRequest request;
    request.cursor = cursor;
    return handle_sync(conn, kiosk, request, when);
  }

  // The kiosk's first pull, brought up to date: its cursor.
  std::int64_t up_to_date(Instant when) {
    sync::SyncRequest request;
    for (;;) {
      const auto r = handle_sync(db, kiosk, request, when);
      request.cursor = r.cursor;
      if (!r.more) return r.cursor;
    }
  }

  // PRAGMA data_version of a connection: changes when another connection commits.
  static std::int64_t data_version(store::Database& conn) {
    auto st = conn.prepare("PRAGMA data_version");
    st.step();
    return st.int64(0);
  }
};

// A connection that never waits for the write lock: a sync that needs it fails at once.
store::Database impatient(const std::filesystem::path& path) {
  return store::Database(path, store::OpenOptions{.busy_timeout_ms = 0});
}

TEST_CASE("sync: an up-to-date kiosk's poll writes nothing, even while another writer holds the lock",
          "[ingest][sync]") {
  Fixture f;
  const std::int64_t cursor = f.up_to_date(f.t0);
  REQUIRE(f.recorded() == f.t0);

  store::Database observer(f.path);
  const auto version = Fixture::data_version(observer);
  const auto total = sqlite3_total_changes(f.db.handle());
  const auto r = f.poll(f.db, cursor, f.t0 + seconds(10));
  CHECK(r.cursor == cursor);
  CHECK_FALSE(r.more);
  CHECK(r.members.empty());
  CHECK(r.acks.empty());
  CHECK(r.server_time == f.t0 + seconds(10));
  CHECK(sqlite3_total_changes(f.db.handle()) == total);  // no row written by the sync's connection
  CHECK(Fixture::data_version(observer) == version);     // nothing committed
  CHECK(f.recorded() == f.t0);                           // the time is not written again within the minute

  // Another connection holds the write lock: the poll does not wait for it.
  store::Database writer(f.path);
  store::Database kiosk_conn = impatient(f.path);
  writer.exec("BEGIN IMMEDIATE");
  const auto during = f.poll(kiosk_conn, cursor, f.t0 + seconds(20));
  CHECK(during.cursor == cursor);
  // Past the minute the time is due, but the lock is taken: left for a later poll, not waited for.
  const auto late = f.poll(kiosk_conn, cursor, f.t0 + seconds(70));
  CHECK(late.cursor == cursor);
  writer.exec("ROLLBACK");
  CHECK(f.recorded() == f.t0);
  // The lock free again, the next poll records it.
  f.poll(kiosk_conn, cursor, f.t0 + seconds(75));
  CHECK(f.recorded() == f.t0 + seconds(75));
  CHECK(sqlite3_get_autocommit(kiosk_conn.handle()) != 0);  // no transaction left open
}

TEST_CASE("sync: a kiosk's last sync time is written at most once a minute", "[ingest][sync]") {
  Fixture f;
  CHECK_FALSE(f.recorded().has_value());
  const std::int64_t cursor = f.up_to_date(f.t0);
  CHECK(f.recorded() == f.t0);  // never recorded: written at the first sync

  store::Database observer(f.path);
  auto version = Fixture::data_version(observer);
  for (const auto later : {seconds(10), seconds(30), seconds(59)}) {
    f.poll(f.db, cursor, f.t0 + later);
    CHECK(f.recorded() == f.t0);
  }
  f.poll(f.db, cursor, f.t0 + seconds(59) + milliseconds(999));
  CHECK(f.recorded() == f.t0);
  CHECK(Fixture::data_version(observer) == version);

  f.poll(f.db, cursor, f.t0 + seconds(60));  // a minute later: written
  CHECK(f.recorded() == f.t0 + seconds(60));
  CHECK(Fixture::data_version(observer) != version);
  version = Fixture::data_version(observer);

  // A push within the minute records its events, not the time again.
  sync::SyncRequest push;
  push.cursor = cursor;
  push.events = {walk_in(make_uuid_v4(), "2026-12-07T09:01:05Z")};
  auto r = handle_sync(f.db, f.kiosk, push, f.t0 + seconds(65));
  REQUIRE(r.acks.size() == 1);
  CHECK(r.acks[0].status == AckStatus::Stored);
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 1);
  CHECK(f.recorded() == f.t0 + seconds(60));
  // A push past the minute records it, in its own transaction.
  push.events = {walk_in(make_uuid_v4(), "2026-12-07T09:02:05Z")};
  r = handle_sync(f.db, f.kiosk, push, f.t0 + seconds(125));
  CHECK(r.acks.at(0).status == AckStatus::Stored);
  CHECK(f.recorded() == f.t0 + seconds(125));

  // The server's clock set back: written again rather than frozen until it catches up.
  f.poll(f.db, cursor, f.t0 + seconds(5));
  CHECK(f.recorded() == f.t0 + seconds(5));
}

TEST_CASE("sync: the due rule of the last sync time", "[ingest][sync]") {
  const Instant t = tests::at("2026-12-07T09:00:00Z");
  CHECK(kiosk_sync_due(std::nullopt, t));
  CHECK_FALSE(kiosk_sync_due(t, t));
  CHECK_FALSE(kiosk_sync_due(t, t + seconds(59)));
  CHECK(kiosk_sync_due(t, t + seconds(60)));
  CHECK(kiosk_sync_due(t + seconds(1), t));  // the clock went back
}

TEST_CASE("sync: an empty poll still brings what changed, and the push's own changes come back at once",
          "[ingest][sync]") {
  Fixture f;
  const std::int64_t cursor = f.up_to_date(f.t0);
  // Someone else's write: the next poll brings it, with no write of its own.
  const auto lucie = f.member(f.site_id, "Lucie", "Martin");
  store::Database observer(f.path);
  const auto version = Fixture::data_version(observer);
  const auto r = f.poll(f.db, cursor, f.t0 + seconds(10));
  REQUIRE(r.members.size() == 1);
  CHECK(r.members[0].id == lucie);
  CHECK(r.cursor > cursor);
  CHECK(Fixture::data_version(observer) == version);
  // A poll reading while another connection holds an open write transaction
  // sees only what is committed, and does not wait.
  store::Database writer(f.path);
  writer.exec("BEGIN IMMEDIATE");
  record_change(writer, f.site_id, Entity::Member, std::to_string(f.marie));
  store::Database kiosk_conn = impatient(f.path);
  const auto before_commit = f.poll(kiosk_conn, r.cursor, f.t0 + seconds(20));
  CHECK(before_commit.members.empty());
  CHECK(before_commit.cursor == r.cursor);
  writer.exec("COMMIT");
  const auto after_commit = f.poll(kiosk_conn, r.cursor, f.t0 + seconds(30));
  REQUIRE(after_commit.members.size() == 1);
  CHECK(after_commit.members[0].id == f.marie);
}

}  // namespace
