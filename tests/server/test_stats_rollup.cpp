#include "reports/stats_rollup.hpp"  // first: the header is self-contained

// The statistics rollups: the schema's triggers mark days dirty (and keep
// the member tables exact) whatever writes a visit or booking; refresh_stats
// recomputes exactly those days, computes a day in progress again later,
// leaves days to come for later, fills the days of a range that have no row;
// and a database from before the rollups gets them after migration.
#include <catch2/catch.hpp>

#include <set>

#include "server_fixture.hpp"
#include "store/schema.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using namespace escale::server::reports;
using escale::tests::at;
using escale::tests::ServerDb;

// Tuesday 10 November 2026 at the test site (Mo-Fr 08:30-12:30,13:30-18:00;
// Sa 09:00-12:00; PH off). Paris is UTC+1 in November: 08:45 Paris = 07:45Z.
struct RollupDb : ServerDb {
  std::int64_t site_id = site("Montbard", "21425");
  std::int64_t other = site("Semur", "21603");
  std::int64_t marie = member(site_id, "Marie", "Dupont");
  std::int64_t jean = member(site_id, "Jean", "Martin");
  std::int64_t desk = add_resource_row(site_id, "desk", "Bureau 1");
  int counter = 0;

  // The sites existed long before the days the tests write (a site counts
  // no opening hours before it was created or first used).
  RollupDb() { db.exec("UPDATE sites SET created_at = '2026-01-01T00:00:00.000Z'"); }

  std::int64_t add_resource_row(std::int64_t site, const std::string& kind, const std::string& name) {
    db.prepare("INSERT INTO resources (site_id, kind, name) VALUES (?, ?, ?)").bind_all(site, kind, name).run();
    return db.last_insert_rowid();
  }

  std::string visit(std::int64_t site, std::optional<std::int64_t> member_id, const std::string& in,
                    std::optional<std::string> out = std::nullopt) {
    const std::string id = "visit-" + std::to_string(++counter);
    const Instant t = at(in);
    db.prepare(
          "INSERT INTO visits (id, site_id, member_id, check_in, check_out, local_date, walk_in) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(id, site, member_id, to_iso_utc(t), out, paris_date(t), member_id ? 0 : 1)
        .run();
    return id;
  }

  std::string booking(std::int64_t resource, const std::string& start, const std::string& end,
                      const std::string& status) {
    const std::string id = "booking-" + std::to_string(++counter);
    db.prepare(
          "INSERT INTO bookings (id, site_id, resource_id, member_id, start_at, end_at, local_date, status, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(id, site_id, resource, marie, start, end, paris_date(at(start)), status, start, start)
        .run();
    return id;
  }

  std::set<std::pair<std::int64_t, std::string>> dirty() {
    std::set<std::pair<std::int64_t, std::string>> out;
    auto st = db.prepare("SELECT site_id, local_date FROM stats_dirty");
    while (st.step()) out.emplace(st.int64(0), st.text(1));
    return out;
  }

  std::optional<DayRollup> row(std::int64_t site, const std::string& date) {
    const auto rows = read_day_rollups(db, site, date, date);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  }

  std::int64_t month_visits(std::int64_t site, const std::string& month, std::int64_t member_id) {
    auto st = db.prepare("SELECT visits FROM stats_member_months WHERE site_id = ? AND month = ? AND member_id = ?");
    st.bind_all(site, month, member_id);
    return st.step() ? st.int64(0) : 0;
  }

  std::optional<std::string> first_visit(std::int64_t member_id) {
    auto st = db.prepare("SELECT first_date FROM stats_member_first WHERE member_id = ?");
    st.bind(1, member_id);
    if (!st.step()) return std::nullopt;
    return st.text(0);
  }
};

}  // namespace

TEST_CASE("rollup triggers: visits mark their day dirty, whatever writes them", "[reports]") {
  RollupDb s;
  CHECK(s.dirty().empty());
  // 23:30Z on the 9th is 00:30 on the 10th in Paris: the Paris day is marked.
  const std::string v = s.visit(s.site_id, s.marie, "2026-11-09T23:30:00Z");
  s.visit(s.other, std::nullopt, "2026-11-12T09:00:00Z");
  CHECK(s.dirty() ==
        std::set<std::pair<std::int64_t, std::string>>{{s.site_id, "2026-11-10"}, {s.other, "2026-11-12"}});

  refresh_stats(s.db, at("2026-11-20T12:00:00Z"));
  CHECK(s.dirty().empty());

  // A check-out marks the day again.
  s.db.prepare("UPDATE visits SET check_out = ? WHERE id = ?").bind_all("2026-11-10T01:00:00.000Z", v).run();
  CHECK(s.dirty() == std::set<std::pair<std::int64_t, std::string>>{{s.site_id, "2026-11-10"}});
  refresh_stats(s.db, at("2026-11-20T12:00:00Z"));

  // A visit moved to another day and site marks both days.
  s.db.prepare("UPDATE visits SET local_date = '2026-11-11', site_id = ? WHERE id = ?").bind_all(s.other, v).run();
  CHECK(s.dirty() ==
        std::set<std::pair<std::int64_t, std::string>>{{s.site_id, "2026-11-10"}, {s.other, "2026-11-11"}});
  refresh_stats(s.db, at("2026-11-20T12:00:00Z"));

  // Deleting marks the day it leaves.
  s.db.prepare("DELETE FROM visits WHERE id = ?").bind(1, v).run();
  CHECK(s.dirty() == std::set<std::pair<std::int64_t, std::string>>{{s.other, "2026-11-11"}});
}

TEST_CASE("rollup triggers: bookings mark their day dirty", "[reports]") {
  RollupDb s;
  const std::string b = s.booking(s.desk, "2026-11-10T08:00:00.000Z", "2026-11-10T11:00:00.000Z", "confirmed");
  CHECK(s.dirty() == std::set<std::pair<std::int64_t, std::string>>{{s.site_id, "2026-11-10"}});
  refresh_stats(s.db, at("2026-11-20T12:00:00Z"));
  CHECK(s.dirty().empty());
  // The no-show sweep, a check-in, a move: each marks the day.
  s.db.prepare("UPDATE bookings SET status = 'no_show' WHERE id = ?").bind(1, b).run();
  CHECK(s.dirty().size() == 1);
  refresh_stats(s.db, at("2026-11-20T12:00:00Z"));
  s.db.prepare(
          "UPDATE bookings SET start_at = '2026-11-12T08:00:00.000Z', end_at = '2026-11-12T09:00:00.000Z', "
          "local_date = '2026-11-12' WHERE id = ?")
      .bind(1, b)
      .run();
  CHECK(s.dirty() ==
        std::set<std::pair<std::int64_t, std::string>>{{s.site_id, "2026-11-10"}, {s.site_id, "2026-11-12"}});
  // A change nobody reports on (updated_at alone) marks nothing.
  refresh_stats(s.db, at("2026-11-20T12:00:00Z"));
  s.db.prepare("UPDATE bookings SET updated_at = 'x' WHERE id = ?").bind(1, b).run();
  CHECK(s.dirty().empty());
  s.db.prepare("DELETE FROM bookings WHERE id = ?").bind(1, b).run();
  CHECK(s.dirty().size() == 1);
}

TEST_CASE("rollup triggers: member months and first check-ins stay exact", "[reports]") {
  RollupDb s;
  s.visit(s.site_id, s.marie, "2026-11-10T08:00:00Z");
  const std::string later = s.visit(s.site_id, s.marie, "2026-11-20T08:00:00Z");
  s.visit(s.site_id, s.marie, "2026-12-01T08:00:00Z");
  const std::string semur = s.visit(s.other, s.marie, "2026-11-30T23:30:00Z");  // 1 December in Paris
  s.visit(s.site_id, std::nullopt, "2026-11-10T09:00:00Z");                     // walk-ins have no row
  CHECK(s.month_visits(s.site_id, "2026-11", s.marie) == 2);
  CHECK(s.month_visits(s.site_id, "2026-12", s.marie) == 1);
  CHECK(s.month_visits(s.other, "2026-12", s.marie) == 1);
  CHECK(s.scalar("SELECT COUNT(*) FROM stats_member_months") == 3);
  CHECK(s.first_visit(s.marie) == "2026-11-10");
  CHECK_FALSE(s.first_visit(s.jean).has_value());

  // An earlier visit synced late moves the first check-in back.
  s.visit(s.other, s.marie, "2026-10-05T08:00:00Z");
  CHECK(s.first_visit(s.marie) == "2026-10-05");

  // A visit re-linked to another member moves its count; a check-out does not.
  s.db.prepare("UPDATE visits SET member_id = ? WHERE id = ?").bind_all(s.jean, later).run();
  CHECK(s.month_visits(s.site_id, "2026-11", s.marie) == 1);
  CHECK(s.month_visits(s.site_id, "2026-11", s.jean) == 1);
  CHECK(s.first_visit(s.jean) == "2026-11-20");
  s.db.prepare("UPDATE visits SET check_out = '2026-11-20T09:00:00.000Z' WHERE id = ?").bind(1, later).run();
  CHECK(s.month_visits(s.site_id, "2026-11", s.jean) == 1);

  // Deleting the last visit of a month removes its row.
  s.db.prepare("DELETE FROM visits WHERE id = ?").bind(1, semur).run();
  CHECK(s.month_visits(s.other, "2026-12", s.marie) == 0);
  CHECK(s.scalar("SELECT COUNT(*) FROM stats_member_months WHERE site_id = " + std::to_string(s.other) +
                 " AND month = '2026-12'") == 0);
}

TEST_CASE("refresh_stats: computes the dirty days, then has nothing to do", "[reports]") {
  RollupDb s;
  s.visit(s.site_id, s.marie, "2026-11-10T07:45:00Z", "2026-11-10T09:15:00.000Z");          // 08:45–10:15, 90 min
  s.visit(s.site_id, s.marie, "2026-11-10T13:00:00Z", "2026-11-10T13:30:00.000Z");          // 14:00–14:30, 30 min
  s.visit(s.site_id, std::nullopt, "2026-11-10T08:05:00Z", "2026-11-10T08:25:00.000Z");     // 09:05, 20 min
  s.booking(s.desk, "2026-11-10T07:30:00.000Z", "2026-11-10T11:30:00.000Z", "checked_in");  // 08:30–12:30
  const Instant after = at("2026-11-20T12:00:00Z");
  CHECK(refresh_stats(s.db, after).days == 1);
  const auto r = s.row(s.site_id, "2026-11-10");
  REQUIRE(r);
  CHECK(r->complete);
  CHECK(r->visits == 3);
  CHECK(r->walk_ins == 1);
  CHECK(r->member_visits == 2);
  CHECK(r->members == 1);
  CHECK(r->timed_visits == 3);
  CHECK(r->visit_seconds == (90 + 30 + 20) * 60);
  CHECK(r->auto_closed == 0);
  CHECK(r->check_ins_by_hour[8] == 1);
  CHECK(r->check_ins_by_hour[9] == 1);
  CHECK(r->check_ins_by_hour[14] == 1);
  CHECK(r->open_minutes == 510);  // 4 h + 4 h 30
  CHECK(r->desk_ids == std::vector<std::int64_t>{s.desk});
  CHECK(r->desk_open_minutes == 510);
  CHECK(r->desk_booked_minutes == 240);
  CHECK(r->bookings_started == 1);
  // Sampled at 08:45, 09:15 … 12:15 (8 half-hours in use), 13:45 … 17:45 (9 free).
  int sampled = 0, in_use = 0;
  for (const int v : r->desk_samples) {
    if (v < 0) continue;
    ++sampled;
    in_use += v;
  }
  CHECK(sampled == 17);
  CHECK(in_use == 8);
  CHECK(r->desk_samples[16] == -1);  // 08:15: closed
  CHECK(r->desk_samples[17] == 1);   // 08:45
  CHECK(r->desk_samples[25] == -1);  // 12:45: lunch

  // Nothing dirty, the day over: nothing to do.
  CHECK(refresh_stats(s.db, after).days == 0);
  CHECK(refresh_stats(s.db, after + std::chrono::hours(24 * 30)).days == 0);
}

TEST_CASE("refresh_stats: a day in progress is computed again later", "[reports]") {
  RollupDb s;
  // Marie arrives at 08:45 and never badges out.
  const std::string v = s.visit(s.site_id, s.marie, "2026-11-10T07:45:00Z");
  const Instant ten = at("2026-11-10T09:00:00Z");  // 10:00 in Paris

  CHECK(refresh_stats(s.db, ten).days == 1);
  auto r = s.row(s.site_id, "2026-11-10");
  REQUIRE(r);
  CHECK_FALSE(r->complete);
  CHECK(r->visits == 1);
  CHECK(r->open_minutes == 90);  // 08:30–10:00 so far
  CHECK(r->auto_closed == 0);    // still here, as far as anyone knows
  CHECK(r->timed_visits == 0);

  // Ten seconds later nothing has changed: not computed again.
  CHECK(refresh_stats(s.db, ten + std::chrono::seconds(10)).days == 0);

  // At 14:00 it is computed again: more open time.
  CHECK(refresh_stats(s.db, at("2026-11-10T13:00:00Z")).days == 1);
  r = s.row(s.site_id, "2026-11-10");
  CHECK(r->open_minutes == 240 + 30);
  CHECK_FALSE(r->complete);

  // The next morning the day is over: closed at 18:00, auto-closed.
  CHECK(refresh_stats(s.db, at("2026-11-11T07:00:00Z")).days == 1);
  r = s.row(s.site_id, "2026-11-10");
  CHECK(r->complete);
  CHECK(r->open_minutes == 510);
  CHECK(r->auto_closed == 1);
  CHECK(r->timed_visits == 1);
  CHECK(r->visit_seconds == (9 * 60 + 15) * 60);  // 08:45 → 18:00
  CHECK(refresh_stats(s.db, at("2026-11-11T08:00:00Z")).days == 0);

  // A check-out synced late replaces the automatic close.
  s.db.prepare("UPDATE visits SET check_out = '2026-11-10T11:00:00.000Z' WHERE id = ?").bind(1, v).run();
  CHECK(refresh_stats(s.db, at("2026-11-11T08:00:00Z")).days == 1);
  r = s.row(s.site_id, "2026-11-10");
  CHECK(r->auto_closed == 0);
  CHECK(r->visit_seconds == (3 * 60 + 15) * 60);
}

TEST_CASE("refresh_stats: days to come wait, a range fills days without activity", "[reports]") {
  RollupDb s;
  // Booked today for next Tuesday.
  s.booking(s.desk, "2026-11-17T07:30:00.000Z", "2026-11-17T11:30:00.000Z", "confirmed");
  const Instant today = at("2026-11-10T09:00:00Z");
  CHECK(refresh_stats(s.db, today).days == 0);
  CHECK(s.dirty().size() == 1);  // still waiting
  CHECK_FALSE(s.row(s.site_id, "2026-11-17"));

  // A range: every day up to today gets a row, for every site, activity or not.
  const auto outcome = refresh_stats(s.db, today, std::nullopt, std::string("2026-11-02"), std::string("2026-11-30"));
  CHECK(outcome.days == 2 * 9);  // 2 to 10 November, two sites
  const auto monday = s.row(s.other, "2026-11-02");
  REQUIRE(monday);
  CHECK(monday->visits == 0);
  CHECK(monday->open_minutes == 510);
  CHECK(monday->complete);
  const auto armistice = s.row(s.site_id, "2026-11-11");  // tomorrow: not yet
  CHECK_FALSE(armistice);
  const auto sunday = s.row(s.site_id, "2026-11-08");
  REQUIRE(sunday);
  CHECK(sunday->open_minutes == 0);

  // A site's range only touches that site.
  s.visit(s.other, std::nullopt, "2026-11-03T09:00:00Z");
  s.visit(s.site_id, std::nullopt, "2026-11-03T09:00:00Z");
  CHECK(refresh_stats(s.db, today, s.other, std::string("2026-11-02"), std::string("2026-11-05")).days == 1);
  CHECK(s.dirty().size() == 2);  // this site's visit, and next Tuesday

  // Once next Tuesday is over, the minute job computes it.
  CHECK(refresh_stats(s.db, at("2026-11-18T09:00:00Z")).days >= 2);
  const auto tuesday = s.row(s.site_id, "2026-11-17");
  REQUIRE(tuesday);
  CHECK(tuesday->desk_booked_minutes == 240);
  // Wednesday 11 November (Armistice) is a public holiday: « PH off ».
  refresh_stats(s.db, at("2026-11-18T09:00:00Z"), s.site_id, std::string("2026-11-11"), std::string("2026-11-11"));
  REQUIRE(s.row(s.site_id, "2026-11-11"));
  CHECK(s.row(s.site_id, "2026-11-11")->open_minutes == 0);
}

TEST_CASE("rollups after migrating a database from before them (v3)", "[reports]") {
  escale::tests::TempDir dir;
  const auto path = dir.file("old.db");
  {
    auto db = open_server_db(path, 3);
    CHECK(db.user_version() == 3);
    db.exec(
        "INSERT INTO sites (id, name, insee_code, opening_hours, created_at) VALUES "
        "(1, 'Montbard', '21425', 'Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off', "
        "'2026-01-01T00:00:00.000Z');"
        "INSERT INTO members (id, site_id, first_name, last_name, created_at) VALUES "
        "(7, 1, 'Marie', 'Dupont', '2026-01-01T00:00:00.000Z');"
        "INSERT INTO resources (id, site_id, kind, name) VALUES (3, 1, 'desk', 'Bureau 1');"
        "INSERT INTO visits (id, site_id, member_id, check_in, check_out, local_date, walk_in) VALUES "
        "('a', 1, 7, '2026-03-02T08:00:00.000Z', '2026-03-02T09:00:00.000Z', '2026-03-02', 0),"
        "('b', 1, 7, '2026-03-03T08:00:00.000Z', NULL, '2026-03-03', 0),"
        "('c', 1, NULL, '2026-04-01T08:00:00.000Z', NULL, '2026-04-01', 1);"
        "INSERT INTO bookings (id, site_id, resource_id, member_id, start_at, end_at, local_date, status, "
        "created_at, updated_at) VALUES ('k', 1, 3, 7, '2026-03-04T08:00:00.000Z', '2026-03-04T10:00:00.000Z', "
        "'2026-03-04', 'checked_in', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z');");
  }
  auto db = open_server_db(path);
  CHECK(db.user_version() == server_schema_version());
  {
    auto st = db.prepare("SELECT group_concat(local_date, ' ') FROM (SELECT local_date FROM stats_dirty ORDER BY 1)");
    REQUIRE(st.step());
    CHECK(st.text(0) == "2026-03-02 2026-03-03 2026-03-04 2026-04-01");
  }
  {
    auto st = db.prepare("SELECT month, visits FROM stats_member_months WHERE member_id = 7");
    REQUIRE(st.step());
    CHECK(st.text(0) == "2026-03");
    CHECK(st.int64(1) == 2);
    CHECK_FALSE(st.step());
  }
  {
    auto st = db.prepare("SELECT first_date FROM stats_member_first WHERE member_id = 7");
    REQUIRE(st.step());
    CHECK(st.text(0) == "2026-03-02");
  }
  CHECK(refresh_stats(db, at("2026-11-22T10:00:00Z")).days == 4);
  const auto rows = read_day_rollups(db, 1, "2026-03-01", "2026-04-30");
  REQUIRE(rows.size() == 4);
  CHECK(rows[1].local_date == "2026-03-03");
  CHECK(rows[1].auto_closed == 1);
  CHECK(rows[2].desk_booked_minutes == 120);
  CHECK(rows[3].walk_ins == 1);
  // New visits keep the rollups going.
  db.exec(
      "INSERT INTO visits (id, site_id, member_id, check_in, local_date, walk_in) VALUES "
      "('d', 1, 7, '2026-03-05T08:00:00.000Z', '2026-03-05', 0)");
  CHECK(refresh_stats(db, at("2026-11-22T10:00:00Z")).days == 1);
}

TEST_CASE("refresh_stats: no opening hours before a site existed", "[reports]") {
  RollupDb s;
  // A site entered on Thursday 5 November, without any activity yet.
  const std::int64_t late = s.site("Vitteaux", "21710");
  s.db.prepare("UPDATE sites SET created_at = '2026-11-05T09:00:00.000Z' WHERE id = ?").bind(1, late).run();
  refresh_stats(s.db, at("2026-11-10T19:00:00Z"), late, std::string("2026-11-02"), std::string("2026-11-10"));
  CHECK(s.row(late, "2026-11-04")->open_minutes == 0);
  CHECK(s.row(late, "2026-11-05")->open_minutes == 510);
  // A visit recorded before its creation date (data imported later) moves its first day back.
  s.visit(late, std::nullopt, "2026-11-03T09:00:00Z");
  s.db.exec("DELETE FROM stats_days");
  refresh_stats(s.db, at("2026-11-10T19:00:00Z"), late, std::string("2026-11-02"), std::string("2026-11-10"));
  CHECK(s.row(late, "2026-11-02")->open_minutes == 0);
  CHECK(s.row(late, "2026-11-03")->open_minutes == 510);
  CHECK(s.row(late, "2026-11-03")->visits == 1);
}

TEST_CASE("refresh_stats: nothing to do takes no write lock", "[reports]") {
  RollupDb s;
  s.visit(s.site_id, s.marie, "2026-11-10T07:45:00Z", "2026-11-10T09:15:00.000Z");
  store::OpenOptions read_only;
  read_only.read_only = true;
  store::Database reader(s.path, read_only);
  // Something to do: a read-only connection cannot, and says so.
  CHECK_THROWS_AS(refresh_stats(reader, at("2026-11-20T12:00:00Z")), store::StoreError);
  CHECK(refresh_stats(s.db, at("2026-11-20T12:00:00Z")).days == 1);
  // Nothing to do: it only reads, so a read-only connection is enough, even while
  // another connection holds the write lock.
  store::Transaction writer(s.db);
  s.visit(s.site_id, s.marie, "2026-11-12T07:45:00Z");  // not committed: invisible to the reader
  CHECK(refresh_stats(reader, at("2026-11-20T12:00:00Z")).days == 0);
  CHECK(
      refresh_stats(reader, at("2026-11-20T12:00:00Z"), s.site_id, std::string("2026-11-10"), std::string("2026-11-10"))
          .days == 0);
}
