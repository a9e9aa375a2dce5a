#include "store/dashboard_rows.hpp"  // first: the header is self-contained

// The dashboard's queries (issue 16): migration 7 upgrades a database with
// visits and mediation (stats_member_years filled from what was there, the
// covering indexes in place of the narrower ones), the triggers keep the
// years exact through inserts, moves and deletions, and a period's member
// visits come out the same whether read by years, months or days.
#include <catch2/catch.hpp>

#include <map>
#include <tuple>

#include "server_fixture.hpp"
#include "store/schema.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::TempDir;

using YearCounts = std::map<std::tuple<std::int64_t, std::string, std::int64_t>, std::int64_t>;

YearCounts stored_years(store::Database& db) {
  YearCounts out;
  auto st = db.prepare("SELECT site_id, year, member_id, visits FROM stats_member_years");
  while (st.step()) out[{st.int64(0), st.text(1), st.int64(2)}] = st.int64(3);
  return out;
}

YearCounts counted_years(store::Database& db) {
  YearCounts out;
  auto st = db.prepare(
      "SELECT site_id, substr(local_date, 1, 4), member_id, COUNT(*) FROM visits WHERE member_id IS NOT NULL "
      "GROUP BY 1, 2, 3");
  while (st.step()) out[{st.int64(0), st.text(1), st.int64(2)}] = st.int64(3);
  return out;
}

void add_visit(store::Database& db, const std::string& id, std::int64_t site, std::optional<std::int64_t> member,
               const std::string& date) {
  db.prepare(
        "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in) "
        "VALUES (?, ?, ?, NULL, NULL, ?, NULL, ?, ?)")
      .bind_all(id, site, member, date + "T09:00:00.000Z", date, member ? 0 : 1)
      .run();
}

// Two sites, three members, visits over 2025 and 2026 (walk-ins too), an
// appointment with a participant seen and an activity record.
void fill(store::Database& db) {
  db.exec(
      "INSERT INTO sites (id, name, address, insee_code, opening_hours, created_at) VALUES "
      "(1, 'Montbard', '', '21425', 'Mo-Fr 09:00-18:00', '2025-01-01T00:00:00.000Z'), "
      "(2, 'Semur', '', '21603', 'Mo-Fr 09:00-18:00', '2025-01-01T00:00:00.000Z');"
      "INSERT INTO members (id, site_id, first_name, last_name, roles, created_at) VALUES "
      "(1, 1, 'Marie', 'Dupont', 'member', '2025-01-01T00:00:00.000Z'), "
      "(2, 1, 'Jean', 'Martin', 'member', '2025-01-01T00:00:00.000Z'), "
      "(3, 2, 'Nadia', 'Benali', 'member,mediator', '2025-01-01T00:00:00.000Z');"
      "INSERT INTO appointment_types (id, site_id, name, duration_min, collective, capacity) "
      "VALUES (1, 1, 'Aide', 30, 0, 1);"
      "INSERT INTO appointments (id, site_id, type_id, mediator_id, start_at, end_at, local_date, created_at, "
      "updated_at) VALUES ('a-1', 1, 1, 3, '2026-03-10T13:00:00.000Z', '2026-03-10T13:30:00.000Z', '2026-03-10', "
      "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');"
      "INSERT INTO participants (id, appointment_id, member_id, first_name, status, added_at, updated_at) "
      "VALUES ('p-1', 'a-1', 1, 'Marie', 'seen', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');"
      "INSERT INTO activities (id, site_id, mediator_id, appointment_id, participant_id, local_date, duration_min, "
      "place, themes, recorded_at, updated_at) VALUES ('r-1', 1, 3, 'a-1', 'p-1', '2026-03-10', 30, 'on_site', "
      "'logement', '2026-03-10T14:00:00.000Z', '2026-03-10T14:00:00.000Z');");
  int n = 0;
  for (const char* date : {"2025-01-15", "2025-06-30", "2025-12-31", "2026-01-01", "2026-02-14", "2026-03-10",
                           "2026-10-31", "2026-11-02"}) {
    add_visit(db, "v" + std::to_string(++n), 1, 1, date);
    add_visit(db, "v" + std::to_string(++n), 1, std::nullopt, date);  // a walk-in
    if (n % 3 == 0) add_visit(db, "v" + std::to_string(++n), 1, 2, date);
    add_visit(db, "v" + std::to_string(++n), 2, 3, date);
  }
  add_visit(db, "v-jean-semur", 2, 2, "2026-05-05");  // Jean at the other site once
}

std::unordered_map<std::int64_t, std::int64_t> visits_between(store::Database& db, std::int64_t site,
                                                              const std::string& first, const std::string& last) {
  std::unordered_map<std::int64_t, std::int64_t> out;
  add_member_visits(db, site, first, last, out);
  return out;
}

std::unordered_map<std::int64_t, std::int64_t> counted_between(store::Database& db, std::int64_t site,
                                                               const std::string& first, const std::string& last) {
  std::unordered_map<std::int64_t, std::int64_t> out;
  auto st = db.prepare(
      "SELECT member_id, COUNT(*) FROM visits WHERE site_id = ? AND local_date BETWEEN ? AND ? "
      "AND member_id IS NOT NULL GROUP BY member_id");
  st.bind_all(site, first, last);
  while (st.step()) out[st.int64(0)] = st.int64(1);
  return out;
}

std::string plan(store::Database& db, const std::string& sql) {
  std::string out;
  auto st = db.prepare("EXPLAIN QUERY PLAN " + sql);
  while (st.step()) out += st.text(3) + "\n";
  return out;
}

}  // namespace

TEST_CASE("migration 7: a v6 database with visits gets its members' years, and covering indexes",
          "[store][schema][dashboard]") {
  TempDir dir;
  const auto path = dir.file("v6.db");
  {
    auto db = open_server_db(path, 6);
    REQUIRE(db.user_version() == 6);
    fill(db);
  }
  auto db = open_server_db(path);
  CHECK(db.user_version() == server_schema_version());
  CHECK(server_schema_version() >= 7);
  const YearCounts years = stored_years(db);
  CHECK(years == counted_years(db));
  CHECK(years.at({1, "2025", 1}) == 3);
  CHECK(years.at({1, "2026", 1}) == 5);
  CHECK(years.at({2, "2026", 2}) == 1);
  // The dashboard's mediation reads no longer visit the tables' rows.
  CHECK_THAT(plan(db,
                  "SELECT a.id, a.collective, a.local_date, p.id, p.member_id, p.first_name, p.phone, p.erased_at "
                  "FROM appointments a JOIN participants p ON p.appointment_id = a.id "
                  "WHERE a.site_id = 1 AND a.local_date BETWEEN '2026-01-01' AND '2026-12-31' AND a.cancelled = 0 "
                  "AND p.status = 'seen' AND p.waiting = 0"),
             Catch::Contains("COVERING INDEX appointments_site_date_seen") &&
                 Catch::Contains("COVERING INDEX participants_appointment_seen"));
  CHECK_THAT(plan(db,
                  "SELECT id, appointment_id, collective, local_date, duration_min, themes, age_bracket, home_insee, "
                  "anonymous, participants FROM activities WHERE site_id = 1 AND local_date BETWEEN '2026-01-01' "
                  "AND '2026-12-31'"),
             Catch::Contains("COVERING INDEX activities_site_date_facts"));
  // What was there is read as before.
  const auto rows = read_dashboard_rows(db, std::nullopt, "2026-01-01", "2026-12-31", "2025-01-01", "2025-12-31");
  REQUIRE(rows.current.sites.size() == 2);
  REQUIRE(rows.current.sites[0].seen.size() == 1);
  CHECK(rows.current.sites[0].seen[0].first_name == "Marie");
  REQUIRE(rows.current.sites[0].activities.size() == 1);
  CHECK(rows.current.sites[0].activities[0].themes == "logement");
  CHECK(rows.current.sites[0].member_visits == counted_between(db, 1, "2026-01-01", "2026-12-31"));
  CHECK(rows.previous.sites[1].member_visits == counted_between(db, 2, "2025-01-01", "2025-12-31"));
}

TEST_CASE("dashboard rows: the members' years stay exact as visits come, move and go", "[store][dashboard]") {
  tests::ServerDb s;
  fill(s.db);
  CHECK(stored_years(s.db) == counted_years(s.db));
  // Moved to another year, to another member, to another site; a walk-in given a member; deleted.
  s.db.exec("UPDATE visits SET local_date = '2026-01-02' WHERE id = 'v1'");
  s.db.exec("UPDATE visits SET member_id = 2 WHERE id = 'v4'");
  s.db.exec("UPDATE visits SET site_id = 2 WHERE id = 'v5'");
  s.db.exec("UPDATE visits SET member_id = 1, walk_in = 0 WHERE id = 'v2'");
  s.db.exec("UPDATE visits SET member_id = NULL, walk_in = 1 WHERE id = 'v-jean-semur'");
  s.db.exec("DELETE FROM visits WHERE id IN ('v8', 'v9')");
  s.db.exec("UPDATE visits SET check_out = '2026-11-02T17:00:00.000Z' WHERE local_date = '2026-11-02'");
  CHECK(stored_years(s.db) == counted_years(s.db));
  CHECK(stored_years(s.db).count({2, "2026", 2}) == 0);  // the last visit of that year gone: its row too
}

TEST_CASE("dashboard rows: a period's member visits by years, months and days agree with the visits",
          "[store][dashboard]") {
  tests::ServerDb s;
  fill(s.db);
  for (const auto& [first, last] : std::vector<std::pair<std::string, std::string>>{
           {"2025-01-01", "2025-12-31"},  // a year
           {"2025-01-01", "2026-12-31"},  // two
           {"2025-12-01", "2026-12-31"},  // a month, then a year
           {"2025-06-30", "2026-02-14"},  // partial edges, whole months between
           {"2025-12-31", "2026-11-02"},  // a day, then whole months, then partial
           {"2026-03-01", "2026-03-31"},  // a month
           {"2026-03-05", "2026-03-12"},  // days
           {"2025-01-01", "2025-11-01"},  // most of a year: the year less November and December, plus a day
           {"2026-01-01", "2026-11-01"},  // the same a year later (a visit on the 2nd of November left out)
           {"2025-02-01", "2025-12-31"},  // the year less January
           {"2025-01-16", "2025-12-30"},  // the year less its edge months, plus their days
           {"2025-03-01", "2026-10-31"},  // less the first months of one year, the last of the next
       }) {
    INFO(first << " to " << last);
    for (const std::int64_t site : {1, 2})
      CHECK(visits_between(s.db, site, first, last) == counted_between(s.db, site, first, last));
  }
}
