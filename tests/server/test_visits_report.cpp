#include "reports/visits_report.hpp"  // first: the header is self-contained
#include "web/visits_report_page.hpp"

// The daily visits report against a hand-computed fixture, its checks, and
// its JSON, CSV and HTML forms. Also the demo data, which exists to fill it.
#include <date/date.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "demo/demo_data.hpp"
#include "server_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::at;
using escale::tests::ServerDb;

// Two sites; visits inserted directly, local_date as ingest computes it.
//   Montbard (a), 27–31 March 2026 (clocks go forward on Sunday 29):
//     27: Marie ×2, Jean, 1 walk-in        → 4 visits, 2 members, 1 walk-in, 3 unique
//     28: nothing                          → zeros
//     29: Marie (23:30Z on 28 = 00:30 Paris), 1 walk-in (21:30Z = 23:30 CEST)
//                                          → 2 visits, 1 member, 1 walk-in, 2 unique
//     30: Jean (22:30Z on 29 = 00:30 CEST) → 1 visit, 1 member
//     31: nothing at Montbard
//   Semur (b): 31: Zoé and 1 walk-in.
//   Outside the period: Marie on 26 (22:59Z = 23:59 Paris) and on 1 April (22:00Z on 31 = 00:00 CEST).
struct Fixture : ServerDb {
  std::int64_t a = site("Montbard", "21425");
  std::int64_t b = site("Semur", "21603");
  std::int64_t marie = member(a, "Marie", "Dupont");
  std::int64_t jean = member(a, "Jean", "Martin");
  std::int64_t zoe = member(b, "Zoé", "Garnier");

  Fixture() {
    visit(a, marie, "2026-03-27T08:00:00Z");
    visit(a, marie, "2026-03-27T13:00:00Z");
    visit(a, jean, "2026-03-27T09:00:00Z");
    visit(a, std::nullopt, "2026-03-27T10:00:00Z");
    visit(a, marie, "2026-03-28T23:30:00Z");
    visit(a, std::nullopt, "2026-03-29T21:30:00Z");
    visit(a, jean, "2026-03-29T22:30:00Z");
    visit(b, zoe, "2026-03-31T08:00:00Z");
    visit(b, std::nullopt, "2026-03-31T09:00:00Z");
    visit(a, marie, "2026-03-26T22:59:00Z");
    visit(a, marie, "2026-03-31T22:00:00Z");
  }

  void visit(std::int64_t site_id, std::optional<std::int64_t> member_id, const std::string& when) {
    const Instant t = at(when);
    db.prepare("INSERT INTO visits (id, site_id, member_id, check_in, local_date, walk_in) VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(make_uuid_v4(), site_id, member_id, to_iso_utc(t), paris_date(t), member_id ? 0 : 1)
        .run();
  }
};

VisitsReport report(ServerDb& s, std::optional<std::int64_t> site, const std::string& from, const std::string& to) {
  const auto r = visits_report(s.db, VisitsQuery{site, from, to});
  if (!r) FAIL(r.error());
  return *r;
}

void check_day(const DailyVisits& d, const std::string& date, int visits, int members, int walk_ins) {
  INFO(d.date);
  CHECK(d.date == date);
  CHECK(d.visits == visits);
  CHECK(d.members == members);
  CHECK(d.walk_ins == walk_ins);
  CHECK(d.unique_visitors == members + walk_ins);
}

std::string error_of(ServerDb& s, std::optional<std::int64_t> site, const std::string& from, const std::string& to) {
  const auto r = visits_report(s.db, VisitsQuery{site, from, to});
  REQUIRE_FALSE(r.ok());
  return r.error();
}

// "YYYY-MM-DD" plus `days` (date::parse trips g++ 12's -Wmaybe-uninitialized at -O2).
std::string day_after(const std::string& iso_date, int days) {
  const date::year_month_day ymd{date::year{std::stoi(iso_date.substr(0, 4))},
                                 date::month{static_cast<unsigned>(std::stoi(iso_date.substr(5, 2)))},
                                 date::day{static_cast<unsigned>(std::stoi(iso_date.substr(8, 2)))}};
  return date::format("%F", date::sys_days{ymd} + date::days{days});
}

}  // namespace

TEST_CASE("visits report: one site, hand-computed, DST week", "[report]") {
  Fixture f;
  const auto r = report(f, f.a, "2026-03-27", "2026-03-31");
  CHECK(r.site_name == "Montbard");
  REQUIRE(r.days.size() == 5);
  check_day(r.days[0], "2026-03-27", 4, 2, 1);
  check_day(r.days[1], "2026-03-28", 0, 0, 0);
  check_day(r.days[2], "2026-03-29", 2, 1, 1);
  check_day(r.days[3], "2026-03-30", 1, 1, 0);
  check_day(r.days[4], "2026-03-31", 0, 0, 0);
  CHECK(r.total_visits == 7);
  CHECK(r.total_unique_members == 2);
  CHECK(r.total_walk_ins == 2);
}

TEST_CASE("visits report: all sites together", "[report]") {
  Fixture f;
  const auto r = report(f, std::nullopt, "2026-03-27", "2026-03-31");
  CHECK(r.site_name == "Tous les lieux");
  REQUIRE(r.days.size() == 5);
  check_day(r.days[0], "2026-03-27", 4, 2, 1);
  check_day(r.days[4], "2026-03-31", 2, 1, 1);
  CHECK(r.total_visits == 9);
  CHECK(r.total_unique_members == 3);
  CHECK(r.total_walk_ins == 3);

  const auto semur = report(f, f.b, "2026-03-27", "2026-03-31");
  CHECK(semur.total_visits == 2);
  check_day(semur.days[0], "2026-03-27", 0, 0, 0);
  check_day(semur.days[4], "2026-03-31", 2, 1, 1);
}

TEST_CASE("visits report: single days and period edges", "[report]") {
  Fixture f;
  auto r = report(f, f.a, "2026-03-26", "2026-03-26");
  REQUIRE(r.days.size() == 1);
  check_day(r.days[0], "2026-03-26", 1, 1, 0);
  r = report(f, f.a, "2026-04-01", "2026-04-01");
  check_day(r.days[0], "2026-04-01", 1, 1, 0);
  r = report(f, f.a, "2026-03-28", "2026-03-28");
  check_day(r.days[0], "2026-03-28", 0, 0, 0);
  CHECK(r.total_visits == 0);
  // A period crossing months and years lists every day.
  r = report(f, f.a, "2025-12-30", "2026-01-02");
  REQUIRE(r.days.size() == 4);
  CHECK(r.days[1].date == "2025-12-31");
  CHECK(r.days[2].date == "2026-01-01");
  r = report(f, std::nullopt, "2028-02-28", "2028-03-01");
  REQUIRE(r.days.size() == 3);
  CHECK(r.days[1].date == "2028-02-29");
}

TEST_CASE("visits report: the autumn DST change, through ingest's local dates", "[report]") {
  Fixture f;
  f.visit(f.a, std::nullopt, "2026-10-24T22:30:00Z");  // 00:30 CEST on 25
  f.visit(f.a, std::nullopt, "2026-10-25T00:30:00Z");  // 02:30 CEST on 25
  f.visit(f.a, std::nullopt, "2026-10-25T01:30:00Z");  // 02:30 CET on 25 (the hour seen twice)
  f.visit(f.a, std::nullopt, "2026-10-25T22:30:00Z");  // 23:30 CET on 25
  f.visit(f.a, std::nullopt, "2026-10-25T23:00:00Z");  // 00:00 CET on 26
  const auto r = report(f, f.a, "2026-10-24", "2026-10-26");
  check_day(r.days[0], "2026-10-24", 0, 0, 0);
  check_day(r.days[1], "2026-10-25", 4, 0, 4);
  check_day(r.days[2], "2026-10-26", 1, 0, 1);
}

TEST_CASE("visits report: bad queries are refused with what to fix", "[report]") {
  Fixture f;
  for (const char* bad :
       {"", "2026-3-01", "01/03/2026", "2026-03-01T00:00", "2026/03/01", "2026-13-01", "2026-00-10", "2026-02-30",
        "2026-02-29", "2026-04-31", "2026-03-00", "2026-03-0a", " 2026-03-01", "２０２６-03-01"}) {
    INFO(bad);
    CHECK_THAT(error_of(f, f.a, bad, "2026-03-31"), Catch::Contains("from: date attendue au format AAAA-MM-JJ"));
    CHECK_THAT(error_of(f, f.a, "2026-03-01", bad), Catch::Contains("to: date attendue au format AAAA-MM-JJ"));
  }
  CHECK(visits_report(f.db, VisitsQuery{f.a, "2028-02-29", "2028-02-29"}).ok());
  CHECK_THAT(error_of(f, f.a, "2026-03-31", "2026-03-01"), Catch::Contains("La date de fin (to)"));

  const std::string from = "2024-01-01";
  const std::string last_ok = day_after(from, kMaxReportDays - 1);
  const auto longest = visits_report(f.db, VisitsQuery{f.a, from, last_ok});
  REQUIRE(longest.ok());
  CHECK(static_cast<int>(longest->days.size()) == kMaxReportDays);
  CHECK_THAT(error_of(f, f.a, from, day_after(from, kMaxReportDays)), Catch::Contains("Période trop longue"));
  CHECK_THAT(error_of(f, f.a, "0001-01-01", "9999-12-31"), Catch::Contains("Période trop longue"));

  CHECK_THAT(error_of(f, 999, "2026-03-01", "2026-03-31"), Catch::Contains("Le lieu n° 999 n’existe pas"));
}

TEST_CASE("visits report: JSON", "[report]") {
  Fixture f;
  const auto r = report(f, f.a, "2026-03-27", "2026-03-31");
  const auto doc = nlohmann::json::parse(to_json(r));
  CHECK(doc["site"] == f.a);
  CHECK(doc["site_name"] == "Montbard");
  CHECK(doc["from"] == "2026-03-27");
  CHECK(doc["to"] == "2026-03-31");
  REQUIRE(doc["days"].size() == 5);
  CHECK(doc["days"][0] ==
        nlohmann::json{{"date", "2026-03-27"}, {"visits", 4}, {"unique_visitors", 3}, {"members", 2}, {"walk_ins", 1}});
  CHECK(doc["totals"] == nlohmann::json{{"visits", 7}, {"unique_members", 2}, {"walk_ins", 2}});
  const auto all = nlohmann::json::parse(to_json(report(f, std::nullopt, "2026-03-27", "2026-03-27")));
  CHECK(all["site"].is_null());
}

TEST_CASE("visits report: CSV, plain and for spreadsheets", "[report]") {
  Fixture f;
  const auto r = report(f, f.a, "2026-03-27", "2026-03-29");
  CHECK(to_csv(r) ==
        "date,visits,unique_visitors,members,walk_ins\r\n"
        "2026-03-27,4,3,2,1\r\n"
        "2026-03-28,0,0,0,0\r\n"
        "2026-03-29,2,2,1,1\r\n");
  CHECK(to_csv(r, ';', true) ==
        "\xEF\xBB\xBF"
        "date;visits;unique_visitors;members;walk_ins\r\n"
        "2026-03-27;4;3;2;1\r\n"
        "2026-03-28;0;0;0;0\r\n"
        "2026-03-29;2;2;1;1\r\n");
}

TEST_CASE("visits report: HTML escapes the site name", "[report]") {
  ServerDb s;
  const auto site = s.site("<script>alert('x')</script> & \"Cie\"", "21425");
  const auto r = report(s, site, "2026-03-27", "2026-03-28");
  const auto html = web::visits_report_page(r).str();
  CHECK(html.find("<script>") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Cie&quot;"));
  CHECK_THAT(html, Catch::StartsWith("<!doctype html>"));
  CHECK_THAT(html, Catch::Contains("<html lang=fr>"));
  CHECK_THAT(html, Catch::Contains("<time datetime=\"2026-03-27\">vendredi 27 mars</time>"));
  CHECK_THAT(html, Catch::Contains("Du vendredi 27 mars 2026 au samedi 28 mars 2026"));
  // The CSV link keeps the query, with its ampersands escaped.
  CHECK_THAT(html, Catch::Contains("href=\"?site=" + std::to_string(site) +
                                   "&amp;from=2026-03-27&amp;to=2026-03-28&amp;format=csv\""));
}

TEST_CASE("visits report: HTML bars are relative to the busiest day", "[report]") {
  Fixture f;
  const auto html = web::visits_report_page(report(f, f.a, "2026-03-27", "2026-03-30")).str();
  CHECK_THAT(html, Catch::Contains("width:100%"));  // the 27th, 4 visits
  CHECK_THAT(html, Catch::Contains("width:50%"));   // the 29th, 2 visits
  CHECK_THAT(html, Catch::Contains("width:25%"));   // the 30th, 1 visit
  CHECK_THAT(html, Catch::Contains("width:0%"));    // the 28th
  CHECK_THAT(html, Catch::Contains("7 passages, 2 membres différents, 2 visiteurs de passage"));
  const auto empty = web::visits_report_page(report(f, f.a, "2026-05-01", "2026-05-02")).str();  // no division by zero
  CHECK_THAT(empty, Catch::Contains("0 passages"));
}

TEST_CASE("demo data: a site, members with badges, a kiosk and a month of visits", "[report][demo]") {
  ServerDb s;
  const auto demo = make_demo_data(s.db);
  REQUIRE(demo.ok());
  CHECK(authenticate_kiosk(s.db, demo->kiosk_token).has_value());
  CHECK(demo->badges.size() == 12);
  CHECK(demo->badges.size() == demo_badges().size());
  CHECK(list_sites(s.db).size() == 1);
  CHECK(list_members(s.db).size() == 13);  // the 12 of the keys 1–9 and after, and Nadia the mediator
  CHECK(list_badges(s.db).size() == 13);
  CHECK(list_resources(s.db, list_sites(s.db)[0].id).size() == 5);
  for (const auto& b : demo->badges) CHECK(BadgeUid::parse(b.uid).has_value());
  CHECK(demo->past_visits > 0);
  CHECK(s.scalar("SELECT COUNT(*) FROM visits") == demo->past_visits);
  CHECK(s.scalar("SELECT COUNT(*) FROM visits WHERE check_out < check_in") == 0);

  // Every past visit is in the last 30 days' report.
  const Instant today = now();
  const auto r =
      visits_report(s.db, VisitsQuery{std::nullopt, paris_date(today - std::chrono::days{31}), paris_date(today)});
  REQUIRE(r.ok());
  CHECK(r->total_visits == demo->past_visits);

  // A second time on the same database is refused.
  const auto again = make_demo_data(s.db);
  REQUIRE_FALSE(again.ok());
  CHECK_THAT(again.error(), Catch::Contains("déjà des lieux"));
}
