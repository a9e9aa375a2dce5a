#include "sync/ingest.hpp"  // first: the header is self-contained

// The push half of a sync exchange: each event stored once, refused events
// acknowledged with a reason, the whole push one transaction.
#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "server_fixture.hpp"
#include "support/log_capture.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::check_in;
using escale::tests::check_out;
using escale::tests::ServerDb;
using escale::tests::walk_in;
using sync::AckStatus;

struct Fixture : ServerDb {
  std::int64_t site_id = site("Montbard", "21425");
  std::int64_t marie = member(site_id, "Marie", "Dupont");
  KioskIdentity kiosk = ServerDb::kiosk(site_id).kiosk;

  sync::SyncResponse push(std::vector<sync::Event> events, const KioskIdentity* from = nullptr) {
    sync::SyncRequest request;
    request.events = std::move(events);
    return handle_sync(db, from ? *from : kiosk, request);
  }
  sync::SyncResponse push(const sync::SyncRequest& request) { return handle_sync(db, kiosk, request); }

  // Every column of every visit, for before/after comparisons.
  std::vector<std::string> visits() {
    std::vector<std::string> out;
    auto st = db.prepare(
        "SELECT id, site_id, ifnull(member_id, '-'), ifnull(kiosk_id, '-'), ifnull(badge_uid, '-'), check_in, "
        "ifnull(check_out, '-'), local_date, walk_in FROM visits ORDER BY id");
    while (st.step()) {
      std::string row;
      for (int c = 0; c < 9; ++c) row += st.text(c) + "|";
      out.push_back(row);
    }
    return out;
  }

  struct Visit {
    std::int64_t site_id = 0;
    std::optional<std::int64_t> member_id;
    std::optional<std::int64_t> kiosk_id;
    std::optional<std::string> badge_uid;
    std::string check_in;
    std::optional<std::string> check_out;
    std::string local_date;
    bool walk_in = false;
  };

  std::optional<Visit> visit(const std::string& id) {
    auto st = db.prepare(
        "SELECT site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in FROM visits "
        "WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return Visit{st.int64(0), st.optional_int64(1), st.optional_int64(2), st.optional_text(3),
                 st.text(4),  st.optional_text(5),  st.text(6),           st.int64(7) != 0};
  }
};

void check_ack(const sync::EventAck& ack, const sync::Event& e, AckStatus status, const std::string& reason = {}) {
  CHECK(ack.id == e.id);
  CHECK(ack.status == status);
  if (reason.empty()) {
    CHECK(ack.reason.empty());
  } else {
    CHECK_THAT(ack.reason, Catch::Contains(reason));
  }
}

}  // namespace

TEST_CASE("ingest: a check-in then a check-out are stored", "[ingest]") {
  Fixture f;
  const std::string visit = make_uuid_v4();
  const auto in = check_in(visit, f.marie, "2026-11-21T09:30:00.000Z", "04A1B2C3");
  const auto r1 = f.push({in});
  REQUIRE(r1.acks.size() == 1);
  check_ack(r1.acks[0], in, AckStatus::Stored);

  auto v = f.visit(visit);
  REQUIRE(v.has_value());
  CHECK(v->site_id == f.site_id);
  CHECK(v->member_id == f.marie);
  CHECK(v->kiosk_id == f.kiosk.id);
  CHECK(v->badge_uid == std::optional<std::string>("04A1B2C3"));
  CHECK(v->check_in == "2026-11-21T09:30:00.000Z");
  CHECK_FALSE(v->check_out.has_value());
  CHECK(v->local_date == "2026-11-21");
  CHECK_FALSE(v->walk_in);

  const auto out = check_out(visit, "2026-11-21T11:45:30.500Z");
  const auto r2 = f.push({out});
  REQUIRE(r2.acks.size() == 1);
  check_ack(r2.acks[0], out, AckStatus::Stored);
  v = f.visit(visit);
  REQUIRE(v.has_value());
  CHECK(v->check_out == std::optional<std::string>("2026-11-21T11:45:30.500Z"));
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 1);
  CHECK(f.scalar("SELECT COUNT(*) FROM ingest_log") == 0);  // only duplicates and refusals are logged
}

TEST_CASE("ingest: events of one push are applied in order, acks match", "[ingest]") {
  Fixture f;
  const std::string v1 = make_uuid_v4();
  const std::string v2 = make_uuid_v4();
  const std::vector<sync::Event> events{check_in(v1, f.marie, "2026-11-21T09:00:00Z"),
                                        walk_in(v2, "2026-11-21T09:05:00Z"), check_out(v1, "2026-11-21T10:00:00Z"),
                                        check_out(v2, "2026-11-21T09:25:00Z")};
  const auto r = f.push(events);
  REQUIRE(r.acks.size() == events.size());
  for (std::size_t i = 0; i < events.size(); ++i) check_ack(r.acks[i], events[i], AckStatus::Stored);

  const auto walk = f.visit(v2);
  REQUIRE(walk.has_value());
  CHECK(walk->walk_in);
  CHECK_FALSE(walk->member_id.has_value());
  CHECK_FALSE(walk->badge_uid.has_value());
  CHECK(walk->check_out == std::optional<std::string>("2026-11-21T09:25:00.000Z"));
  CHECK(f.visit(v1)->check_out.has_value());

  // The exchange touched the kiosk's last sync time and answered with a server time.
  CHECK(f.scalar("SELECT COUNT(*) FROM kiosks WHERE last_sync_at IS NOT NULL") == 1);
  CHECK(std::chrono::abs(r.server_time - now()) < std::chrono::minutes(1));
}

TEST_CASE("ingest: the same push twice is all duplicates and changes nothing", "[ingest]") {
  Fixture f;
  const std::string v1 = make_uuid_v4();
  const std::string v2 = make_uuid_v4();
  sync::SyncRequest request;
  request.events = {check_in(v1, f.marie, "2026-11-21T09:00:00Z"), walk_in(v2, "2026-11-21T09:05:00Z"),
                    check_out(v1, "2026-11-21T10:00:00Z"),
                    check_out(make_uuid_v4(), "2026-11-21T10:00:00Z")};  // rejected the first time
  const auto first = f.push(request);
  REQUIRE(first.acks.size() == 4);
  CHECK(first.acks[0].status == AckStatus::Stored);
  CHECK(first.acks[3].status == AckStatus::Rejected);
  const auto visits_before = f.visits();
  REQUIRE(visits_before.size() == 2);

  const auto second = f.push(request);
  REQUIRE(second.acks.size() == 4);
  for (std::size_t i = 0; i < 3; ++i) check_ack(second.acks[i], request.events[i], AckStatus::Duplicate);
  // A refused event is refused again, for the same reason: still nothing changes.
  check_ack(second.acks[3], request.events[3], AckStatus::Rejected, "unknown visit");
  CHECK(f.visits() == visits_before);
  CHECK(f.scalar("SELECT COUNT(*) FROM ingest_log WHERE status = 'duplicate'") == 3);
}

TEST_CASE("ingest: the same event twice in one push is stored once", "[ingest]") {
  Fixture f;
  const auto in = check_in(make_uuid_v4(), f.marie, "2026-11-21T09:00:00Z");
  const auto r = f.push({in, in});
  REQUIRE(r.acks.size() == 2);
  check_ack(r.acks[0], in, AckStatus::Stored);
  check_ack(r.acks[1], in, AckStatus::Duplicate);
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 1);
}

TEST_CASE("ingest: a visit re-sent under a new event id is a duplicate, with other details, refused", "[ingest]") {
  Fixture f;
  const std::string visit = make_uuid_v4();
  REQUIRE(f.push({check_in(visit, f.marie, "2026-11-21T09:00:00Z")}).acks[0].status == AckStatus::Stored);
  // The same arrival (same visit, member, time, kiosk) under a new event id: nothing new.
  const auto same = check_in(visit, f.marie, "2026-11-21T09:00:00Z");
  check_ack(f.push({same}).acks[0], same, AckStatus::Duplicate);
  // Another event claiming the same visit id with other details is refused.
  const auto as_walk_in = walk_in(visit, "2026-11-21T09:01:00Z");
  check_ack(f.push({as_walk_in}).acks[0], as_walk_in, AckStatus::Rejected, "visit " + visit + " already recorded");
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 1);
  CHECK(f.visit(visit)->check_in == "2026-11-21T09:00:00.000Z");
  CHECK_FALSE(f.visit(visit)->walk_in);
  // The refusal is in the ingest log with its reason.
  auto st = f.db.prepare("SELECT status, reason FROM ingest_log WHERE event_id = ?");
  st.bind(1, as_walk_in.id);
  REQUIRE(st.step());
  CHECK(st.text(0) == "rejected");
  CHECK_THAT(st.text(1), Catch::Contains("already recorded"));
}

TEST_CASE("ingest: check-outs that cannot apply are refused with a reason", "[ingest]") {
  Fixture f;
  const std::string visit = make_uuid_v4();
  REQUIRE(f.push({check_in(visit, f.marie, "2026-11-21T09:00:00Z")}).acks[0].status == AckStatus::Stored);

  SECTION("unknown visit") {
    const std::string unknown = make_uuid_v4();
    const auto out = check_out(unknown, "2026-11-21T10:00:00Z");
    check_ack(f.push({out}).acks[0], out, AckStatus::Rejected, "unknown visit " + unknown);
    CHECK_FALSE(f.visit(unknown).has_value());
  }
  SECTION("before the check-in") {
    const auto out = check_out(visit, "2026-11-21T08:59:59.999Z");
    check_ack(f.push({out}).acks[0], out, AckStatus::Rejected, "check-out before check-in");
    CHECK_FALSE(f.visit(visit)->check_out.has_value());
  }
  SECTION("already checked out") {
    const auto out = check_out(visit, "2026-11-21T10:00:00Z");
    check_ack(f.push({out}).acks[0], out, AckStatus::Stored);
    const auto late = check_out(visit, "2026-11-21T11:00:00Z");
    check_ack(f.push({late}).acks[0], late, AckStatus::Rejected, "already checked out");
    CHECK(f.visit(visit)->check_out == std::optional<std::string>("2026-11-21T10:00:00.000Z"));
  }
  SECTION("at the very instant of the check-in is fine") {
    const auto out = check_out(visit, "2026-11-21T09:00:00Z");
    check_ack(f.push({out}).acks[0], out, AckStatus::Stored);
  }
}

TEST_CASE("ingest: a check-in of an unknown member is refused", "[ingest]") {
  Fixture f;
  const auto in = check_in(make_uuid_v4(), 999, "2026-11-21T09:00:00Z");
  const auto ok = check_in(make_uuid_v4(), f.marie, "2026-11-21T09:01:00Z");
  const auto r = f.push({in, ok});
  check_ack(r.acks[0], in, AckStatus::Rejected, "unknown member 999");
  check_ack(r.acks[1], ok, AckStatus::Stored);  // one refusal does not stop the rest
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 1);
}

TEST_CASE("ingest: a kiosk cannot check out a visit of another site", "[ingest]") {
  Fixture f;
  const auto other_site = f.site("Semur", "21603");
  const auto zoe = f.member(other_site, "Zoé", "Garnier");
  const auto other_kiosk = f.ServerDb::kiosk(other_site).kiosk;
  const std::string theirs = make_uuid_v4();
  REQUIRE(f.push({check_in(theirs, zoe, "2026-11-21T09:00:00Z")}, &other_kiosk).acks[0].status == AckStatus::Stored);
  CHECK(f.visit(theirs)->site_id == other_site);

  const auto out = check_out(theirs, "2026-11-21T10:00:00Z");
  check_ack(f.push({out}).acks[0], out, AckStatus::Rejected, "unknown visit");
  CHECK_FALSE(f.visit(theirs)->check_out.has_value());
  // Its own kiosk can.
  const auto own = check_out(theirs, "2026-11-21T10:00:00Z");
  check_ack(f.push({own}, &other_kiosk).acks[0], own, AckStatus::Stored);
}

TEST_CASE("ingest: local_date is the Paris calendar date of the check-in", "[ingest]") {
  Fixture f;
  struct Case {
    const char* at;
    const char* date;
  };
  const Case cases[] = {
      {"2026-07-01T23:30:00Z", "2026-07-02"},  // summer, UTC+2
      {"2026-07-01T21:59:59Z", "2026-07-01"}, {"2026-07-01T22:00:00Z", "2026-07-02"},
      {"2026-01-15T22:59:59Z", "2026-01-15"},                                          // winter, UTC+1
      {"2026-01-15T23:00:00Z", "2026-01-16"}, {"2026-03-28T23:00:00Z", "2026-03-29"},  // the night clocks go forward
      {"2026-03-29T21:59:59Z", "2026-03-29"}, {"2026-03-29T22:00:00Z", "2026-03-30"},
      {"2026-10-24T22:00:00Z", "2026-10-25"},  // the night clocks go back
      {"2026-10-25T22:59:59Z", "2026-10-25"}, {"2026-10-25T23:00:00Z", "2026-10-26"},
      {"2026-12-31T23:15:00Z", "2027-01-01"},
  };
  std::vector<sync::Event> events;
  for (const auto& c : cases) events.push_back(walk_in(make_uuid_v4(), c.at));
  events.push_back(check_in(make_uuid_v4(), f.marie, "2026-07-01T23:30:00+00:00"));
  const auto r = f.push(events);
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    INFO(cases[i].at);
    CHECK(r.acks[i].status == AckStatus::Stored);
    CHECK(f.visit(events[i].visit_id)->local_date == cases[i].date);
  }
  CHECK(f.visit(events.back().visit_id)->local_date == "2026-07-02");
  CHECK(f.visit(events.back().visit_id)->check_in == "2026-07-01T23:30:00.000Z");
}

TEST_CASE("ingest: a push is one transaction", "[ingest]") {
  Fixture f;
  const std::string v1 = make_uuid_v4();
  const std::string v2 = make_uuid_v4();
  const std::string poisoned = make_uuid_v4();
  const std::vector<sync::Event> events{check_in(v1, f.marie, "2026-11-21T09:00:00Z"),
                                        walk_in(v2, "2026-11-21T09:05:00Z"), walk_in(poisoned, "2026-11-21T09:06:00Z"),
                                        check_out(v1, "2026-11-21T10:00:00Z")};
  // Storage fails on the third event (as a full disk or an I/O error would).
  f.db.prepare("CREATE TRIGGER poison BEFORE INSERT ON visits WHEN NEW.id = '" + poisoned +
               "' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
      .run();
  const auto changes_before = f.scalar("SELECT COUNT(*) FROM changes");
  CHECK_THROWS_WITH(f.push(events), Catch::Contains("disk on fire"));
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 0);
  CHECK(f.scalar("SELECT COUNT(*) FROM ingest_log") == 0);
  CHECK(f.scalar("SELECT COUNT(*) FROM kiosks WHERE last_sync_at IS NOT NULL") == 0);
  CHECK(f.scalar("SELECT COUNT(*) FROM changes") == changes_before);

  // Another connection saw nothing either, and no transaction was left open.
  store::Database other(f.path);
  auto count = other.prepare("SELECT COUNT(*) FROM visits");
  REQUIRE(count.step());
  CHECK(count.int64(0) == 0);
  CHECK(sqlite3_get_autocommit(f.db.handle()) != 0);

  // The kiosk sends the same push again once the problem is gone: all stored, once.
  f.db.exec("DROP TRIGGER poison");
  const auto r = f.push(events);
  REQUIRE(r.acks.size() == 4);
  for (std::size_t i = 0; i < events.size(); ++i) check_ack(r.acks[i], events[i], AckStatus::Stored);
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 3);
  CHECK(f.visit(v1)->check_out.has_value());
}

TEST_CASE("ingest: a push on a read-only database stores nothing", "[ingest]") {
  Fixture f;
  store::OpenOptions ro;
  ro.read_only = true;
  store::Database read_only(f.path, ro);
  sync::SyncRequest request;
  request.events = {walk_in(make_uuid_v4(), "2026-11-21T09:00:00Z")};
  CHECK_THROWS_AS(handle_sync(read_only, f.kiosk, request), store::StoreError);
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 0);
  CHECK(f.scalar("SELECT COUNT(*) FROM ingest_log") == 0);
}

TEST_CASE("ingest: kiosks pushing at once from several connections", "[ingest]") {
  Fixture f;
  const auto second = f.ServerDb::kiosk(f.site_id, "salle").kiosk;
  constexpr int kPushes = 15;
  constexpr int kPerPush = 4;
  auto worker = [&](KioskIdentity kiosk) {
    store::Database db(f.path);
    for (int p = 0; p < kPushes; ++p) {
      sync::SyncRequest request;
      for (int e = 0; e < kPerPush; ++e) request.events.push_back(walk_in(make_uuid_v4(), "2026-11-21T09:00:00Z"));
      const auto r = handle_sync(db, kiosk, request);
      for (const auto& ack : r.acks) {
        if (ack.status != AckStatus::Stored) throw std::runtime_error("not stored: " + ack.reason);
      }
    }
  };
  std::exception_ptr failure;
  std::thread a([&] {
    try {
      worker(f.kiosk);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  worker(second);
  a.join();
  if (failure) std::rethrow_exception(failure);
  CHECK(f.scalar("SELECT COUNT(*) FROM visits") == 2 * kPushes * kPerPush);
  CHECK(f.scalar("SELECT COUNT(DISTINCT kiosk_id) FROM visits") == 2);
}

//-----------------------------------------------------------------------------
// Errors swallowed in the change feed (issue 14): logged and refused.
//-----------------------------------------------------------------------------

namespace {

// A change-log row the CHECK constraint would refuse: as a database written
// by a newer Escale (or edited by hand) may hold.
void raw_change(store::Database& db, std::int64_t site_id, const std::string& entity, const std::string& key) {
  db.exec("PRAGMA ignore_check_constraints = ON");
  db.prepare("INSERT INTO changes (site_id, entity, entity_key, changed_at) VALUES (?, ?, ?, ?)")
      .bind_all(site_id, entity, key, to_iso_utc(now()))
      .run();
  db.exec("PRAGMA ignore_check_constraints = OFF");
}

}  // namespace

TEST_CASE("an unknown entity in the change feed is logged and refused, not taken as a site change", "[ingest]") {
  Fixture f;
  const auto first = f.push(sync::SyncRequest{});
  REQUIRE(first.site.has_value());  // the kiosk's first pull brings its site

  raw_change(f.db, f.site_id, "planet", "42");
  escale::tests::LogCapture log;
  sync::SyncRequest again;
  again.cursor = first.cursor;
  const auto r = f.push(again);
  INFO(log.text());
  CHECK_FALSE(r.site.has_value());
  CHECK_FALSE(r.rules.has_value());
  CHECK(r.cursor > first.cursor);  // moved past it: not read again
  CHECK(log.count({"[error]", "unknown entity « planet »", "42"}) == 1);

  // The next pull neither sends nor logs it again.
  sync::SyncRequest later;
  later.cursor = r.cursor;
  const auto r2 = f.push(later);
  CHECK_FALSE(r2.site.has_value());
  CHECK(log.count({"planet"}) == 1);
}

TEST_CASE("a change-log key that is not a number is logged and skipped, not fatal to every exchange", "[ingest]") {
  Fixture f;
  const auto first = f.push(sync::SyncRequest{});
  raw_change(f.db, f.site_id, "member", "marie");
  const std::int64_t paul = f.member(f.site_id, "Paul", "Martin");
  escale::tests::LogCapture log;
  sync::SyncRequest again;
  again.cursor = first.cursor;
  sync::SyncResponse r;
  REQUIRE_NOTHROW(r = f.push(again));
  REQUIRE(r.members.size() == 1);  // the changes after it still arrive
  CHECK(r.members[0].id == paul);
  CHECK(log.count({"[error]", "« marie »", "member"}) == 1);
}
