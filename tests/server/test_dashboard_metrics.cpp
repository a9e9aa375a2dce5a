#include "reports/dashboard_metrics.hpp"  // first: the header is self-contained

// The dashboard's metrics as pure functions (issue 16): rows made by hand, as
// store/dashboard_rows.hpp would read them, and no database at all.
#include <catch2/catch.hpp>

#include <array>

#include "booking/booking.hpp"
#include "mediation/activity.hpp"
#include "reports/dashboard.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using namespace escale::server::reports;

const Period kWeek{PeriodKind::Custom, {2026, 11, 2}, {2026, 11, 8}};  // Monday to Sunday

DayRollup day(std::int64_t site, const std::string& date) {
  DayRollup r;
  r.site_id = site;
  r.local_date = date;
  r.desk_samples.fill(-1);
  return r;
}

std::vector<SiteInfo> two_sites() {
  return {{1, "Montbard", OpeningHours::parse("Mo-Fr 09:00-17:00")},
          {2, "Semur", OpeningHours::parse("Sa 10:00-12:00")}};
}

PeriodRows rows_of(std::vector<SitePeriodRows> sites) {
  PeriodRows p;
  p.first = "2026-11-02";
  p.last = "2026-11-08";
  p.sites = std::move(sites);
  return p;
}

double number(const std::map<std::string, Value>& v, const std::string& key) {
  REQUIRE(v.count(key) == 1);
  REQUIRE(v.at(key).number.has_value());
  return *v.at(key).number;
}

MemberProfile profile(std::int64_t id, std::int64_t site, const std::string& created,
                      std::optional<std::string> first_visit = {}, const std::string& roles = "member") {
  MemberProfile p;
  p.id = id;
  p.site_id = site;
  p.home_commune = "21425";
  p.age_bracket = "35_60";
  p.roles = roles;
  p.created_at = created;
  p.first_visit_day = std::move(first_visit);
  return p;
}

}  // namespace

TEST_CASE("dashboard metrics: visits, visitors and durations add up over sites, a member counted once",
          "[reports][metrics]") {
  SitePeriodRows a{1, {}, {{10, 3}, {11, 1}}, {}, {}};
  SitePeriodRows b{2, {}, {{10, 2}, {12, 4}}, {}, {}};
  auto monday = day(1, "2026-11-02");
  monday.visits = 6;
  monday.walk_ins = 2;
  monday.members = 2;
  monday.timed_visits = 4;
  monday.visit_seconds = 4 * 90 * 60;
  monday.auto_closed = 1;
  monday.check_ins_by_hour[9] = 4;
  monday.check_ins_by_hour[14] = 2;
  a.days.push_back(monday);
  auto saturday = day(2, "2026-11-07");
  saturday.visits = 6;
  saturday.walk_ins = 0;
  saturday.members = 2;
  saturday.timed_visits = 2;
  saturday.visit_seconds = 2 * 30 * 60;
  saturday.check_ins_by_hour[10] = 6;
  b.days.push_back(saturday);
  const auto sites = two_sites();
  const PeriodData p = period_data(kWeek, rows_of({a, b}), sites, {});

  const auto all = scope_values(p, std::nullopt);
  CHECK(number(all, "visits") == 12);
  CHECK(number(all, "walk_ins") == 2);
  CHECK(number(all, "unique_visitors") == 3);  // member 10 came to both sites: once
  CHECK(all.at("visits").people == 3 + 2);     // distinct members and each walk-in
  CHECK(number(all, "average_visit_minutes") == Approx((4 * 90 + 2 * 30) / 6.0));
  CHECK(number(all, "auto_closed_visits") == 1);
  const auto montbard = scope_values(p, 1);
  CHECK(number(montbard, "visits") == 6);
  CHECK(number(montbard, "unique_visitors") == 2);
  CHECK(number(montbard, "average_visit_minutes") == 90);
  const auto semur = scope_values(p, 2);
  CHECK(number(semur, "unique_visitors") == 2);
  CHECK(number(semur, "walk_ins") == 0);

  // By day and by weekday × hour.
  REQUIRE(p.days.size() == 7);
  CHECK(p.days[0].visits == 6);
  CHECK(p.days[0].walk_ins == 2);
  CHECK(p.days[5].visits == 6);
  CHECK(p.days[6].visits == 0);
  CHECK(p.heat[0][9] == 4);
  CHECK(p.heat[0][14] == 2);
  CHECK(p.heat[5][10] == 6);
  // The heat map's hours: Montbard's 9–17 and Semur's Saturday 10–12, arrivals all inside.
  CHECK(heat_hours(p, sites) == std::pair{9, 16});
  // No hours and no arrival: the whole day.
  CHECK(heat_hours(period_data(kWeek, rows_of({}), {}, {}), {}) == std::pair{0, 23});
}

TEST_CASE("dashboard metrics: desks and rooms, the network's peak is one moment's", "[reports][metrics]") {
  auto a = day(1, "2026-11-02");
  a.desk_ids = {1};
  a.desk_samples[20] = 1;  // 10:15, its one desk taken
  a.desk_samples[28] = 0;
  a.desk_open_minutes = 480;
  a.desk_booked_minutes = 120;
  a.booked_desk_ids = {1};
  a.room_open_minutes = 480;
  a.room_booked_minutes = 240;
  a.room_used_minutes = 90;
  a.bookings_started = 4;
  a.no_shows = 1;
  auto b = day(2, "2026-11-02");
  b.desk_ids = {7, 8, 9};
  b.desk_samples[20] = 0;
  b.desk_samples[28] = 3;  // 14:15, all three taken
  b.desk_open_minutes = 3 * 480;
  b.desk_booked_minutes = 0;
  const auto sites = two_sites();
  const PeriodData p = period_data(kWeek, rows_of({{1, {a}, {}, {}, {}}, {2, {b}, {}, {}, {}}}), sites, {});
  const auto all = scope_values(p, std::nullopt);
  // Each site peaks at 100 %, but never at the same moment: 1 of 4 at 10:15, 3 of 4 at 14:15.
  CHECK(number(scope_values(p, 1), "desk_occupancy_peak") == 100);
  CHECK(number(scope_values(p, 2), "desk_occupancy_peak") == 100);
  CHECK(number(all, "desk_occupancy_peak") == 75);
  CHECK(number(all, "desk_occupancy_average") == Approx(100.0 * 4 / 8));
  CHECK(number(all, "desk_utilisation") == Approx(100.0 * 120 / (4 * 480)));
  CHECK(number(all, "space_usage") == 25);  // 1 of the 4 desks booked at all
  CHECK(number(all, "room_utilisation") == 50);
  CHECK(number(all, "room_used_hours") == 1.5);
  CHECK(number(all, "no_show_rate") == 25);
  CHECK(all.at("no_show_rate").people == 4);
  // Nothing open: no rate at all rather than 0 %.
  const PeriodData empty = period_data(kWeek, rows_of({{1, {}, {}, {}, {}}}), {sites[0]}, {});
  CHECK_FALSE(scope_values(empty, 1).at("desk_utilisation").number.has_value());
  CHECK_FALSE(scope_values(empty, 1).at("desk_occupancy_peak").number.has_value());
}

TEST_CASE("dashboard metrics: new members, staff apart, the earlier of registration and first visit",
          "[reports][metrics]") {
  const Members members = member_infos({
      profile(1, 1, "2026-11-03T09:00:00.000Z"),                         // registered in the week
      profile(2, 1, "2026-01-10T09:00:00.000Z", "2026-11-04"),           // registered long before: not new
      profile(3, 1, "2026-11-05T09:00:00.000Z", "2026-10-01"),           // came before registering: not new
      profile(4, 2, "2026-11-06T09:00:00.000Z", {}, "member,animator"),  // staff
      profile(5, 2, "2026-11-01T23:30:00.000Z"),                         // 2 November 00:30 in Paris: in the week
  });
  CHECK(members.at(5).first_trace == "2026-11-02");
  CHECK(members.at(3).first_trace == "2026-10-01");
  CHECK(members.at(4).staff);
  const PeriodData p = period_data(kWeek, rows_of({{1, {}, {}, {}, {}}, {2, {}, {}, {}, {}}}), two_sites(), members);
  CHECK(number(scope_values(p, std::nullopt), "new_members") == 2);
  CHECK(number(scope_values(p, 1), "new_members") == 1);
  CHECK(number(scope_values(p, 2), "new_members") == 1);
}

TEST_CASE("dashboard metrics: accompaniments, workshops and people helped", "[reports][metrics]") {
  SitePeriodRows site{1, {}, {}, {}, {}};
  // An individual appointment: Marie (a member) seen.
  site.seen.push_back({"ind-1", false, "2026-11-02", "p1", 10, "Marie", std::nullopt, false});
  // A workshop: 3 signed up and seen (one anonymous), its record counts 5.
  site.seen.push_back({"ws-1", true, "2026-11-03", "p2", 10, "Marie", std::nullopt, false});
  site.seen.push_back({"ws-1", true, "2026-11-03", "p3", std::nullopt, " Jean ", std::string("0600000000"), false});
  site.seen.push_back({"ws-1", true, "2026-11-03", "p4", std::nullopt, "", std::nullopt, false});
  site.activities.push_back(
      {"a1", "ws-1", true, "2026-11-03", 90, "culture_numerique", "vingt_cinq_trente_neuf", "21425", false, 5});
  // Help with no appointment, about official procedures: an anonymous one and a named one.
  site.activities.push_back({"a2", "", false, "2026-11-04", 20, "logement", "non_communique", "", true, 1});
  site.activities.push_back({"a3", "", false, "2026-11-04", 45, "aide_aux_demarches_administratives|logement",
                             "soixante_soixante_neuf", "21425", false, 1});
  // A workshop nobody was marked seen in: all 4 anonymous.
  site.activities.push_back(
      {"a4", "ws-2", true, "2026-11-06", 120, "culture_numerique", "non_communique", "", false, 4});
  const PeriodData p = period_data(kWeek, rows_of({site}), {two_sites()[0]}, {});
  const auto v = scope_values(p, 1);
  CHECK(number(v, "individual_accompaniments") == 1 + 2);
  CHECK(number(v, "collective_accompaniments") == 5 + 4);
  CHECK(number(v, "workshops") == 2);
  CHECK(number(v, "accompaniments") == 12);
  // Marie (twice, once), Jean, the named record a3.
  CHECK(number(v, "people_helped") == 3);
  // The unnamed one in ws-1, the 2 its record counts beyond those seen, a2, the 4 of ws-2.
  CHECK(number(v, "anonymous_accompaniments") == 1 + 2 + 1 + 4);
  CHECK(number(v, "procedure_people") == 1);     // a3
  CHECK(number(v, "procedure_anonymous") == 1);  // a2
  CHECK(p.days[0].accompaniments == 1);
  CHECK(p.days[1].accompaniments == 5);
  CHECK(p.days[2].accompaniments == 2);
  CHECK(p.days[4].accompaniments == 4);
  CHECK(p.themes.at("culture_numerique") == 9);
  CHECK(p.themes.at("logement") == 2);
  CHECK(p.bands.at("0_30").activities == 1);
  CHECK(p.bands.at("120_plus").accompaniments == 4);
  CHECK(p.commune_accompaniments.at("21425") == 6);
}

TEST_CASE("dashboard metrics: age groups and communes of the members who came", "[reports][metrics]") {
  std::vector<MemberProfile> profiles = {profile(1, 1, "2026-01-01T00:00:00.000Z"),
                                         profile(2, 1, "2026-01-01T00:00:00.000Z"),
                                         profile(3, 1, "2026-01-01T00:00:00.000Z")};
  profiles[1].home_commune = "21154";
  profiles[1].age_bracket = "18_35";
  profiles[2].home_commune = "";  // not given
  profiles[2].age_bracket = "over_70";
  const Members members = member_infos(profiles);
  SitePeriodRows site{1, {}, {{1, 3}, {2, 1}, {3, 2}, {99, 1}}, {}, {}};  // 99: no profile (erased?)
  site.activities.push_back(
      {"a1", "", false, "2026-11-04", 20, "logement", "dix_huit_vingt_quatre", "21154", false, 1});
  const PeriodData p = period_data(kWeek, rows_of({site}), {two_sites()[0]}, members);
  const auto ages = age_lines(p, members);
  // 18–35 and 35–60 are both in the common 18–59, with the CRA's 18–24.
  CHECK(common_age(AgeBracket::From35To60) == common_age(AgeBracket::From18To35));
  CHECK(common_age("dix_huit_vingt_quatre") == common_age(AgeBracket::From18To35));
  CHECK(ages[common_age(AgeBracket::From35To60)].visitors == 2);
  CHECK(ages[common_age(AgeBracket::From35To60)].visits == 4);
  CHECK(ages[common_age(AgeBracket::From18To35)].accompaniments == 1);
  CHECK(ages[common_age(AgeBracket::Over70)].visits == 2);
  CHECK(ages[common_age(AgeBracket::Unknown)].visitors == 1);  // member 99
  const auto by_age = visitors_by_age(p, members);
  CHECK(by_age.at(AgeBracket::From35To60) == std::pair<std::int64_t, std::int64_t>{1, 3});
  const auto communes = commune_lines(p, members);
  REQUIRE(communes.size() == 3);
  CHECK(communes[0].code == "21154");  // 1 visitor and 1 accompaniment before 21425's 1 visitor alone
  CHECK(communes[0].accompaniments == 1);
  CHECK(communes[1].code == "21425");
  CHECK(communes[1].visits == 3);
  CHECK(communes.back().code.empty());  // not given, last, though 2 visitors (3 and 99)
  CHECK(communes.back().visitors == 2);
}

TEST_CASE("dashboard metrics: freshness, the stalest kiosk of each site", "[reports][metrics]") {
  const Instant now = from_paris(2026, 11, 8, 12, 0);
  std::vector<SiteInfo> sites = {{1, "Montbard", {}}, {2, "Semur", {}}, {3, "Venarey", {}}, {4, "Vitteaux", {}}};
  std::map<std::int64_t, std::vector<KioskSync>> kiosks;
  kiosks[1] = {{"entrée", to_iso_utc(now - std::chrono::minutes(5))},
               {"salle", to_iso_utc(now - std::chrono::hours(3))}};  // 3 h: stale
  kiosks[2] = {{"entrée", to_iso_utc(now - std::chrono::minutes(59))}, {"neuve", std::nullopt}};
  kiosks[3] = {{"entrée", to_iso_utc(now - std::chrono::minutes(10))}};
  const auto f = freshness(sites, kiosks, kWeek, now);
  REQUIRE(f.size() == 4);
  CHECK(f[0].kiosk_name == "salle");
  CHECK(f[0].incomplete);
  CHECK(f[1].kiosk_name == "neuve");  // never synced: the stalest there is
  CHECK_FALSE(f[1].last_sync.has_value());
  CHECK(f[1].incomplete);
  CHECK_FALSE(f[2].incomplete);
  CHECK_FALSE(f[3].incomplete);  // no kiosk: nothing to wait for
  // A period over before the stale sync is complete.
  const Period october{PeriodKind::Month, {2026, 10, 1}, {2026, 10, 31}};
  CHECK_FALSE(freshness(sites, kiosks, october, now)[0].incomplete);
}

TEST_CASE("dashboard metrics: the network, visitors from other sites and members who used several sites",
          "[reports][metrics][network]") {
  const Members members = member_infos({
      profile(1, 1, "2026-01-01T00:00:00.000Z"),  // home Montbard, came to Montbard only: counts nowhere
      profile(2, 1, "2026-01-01T00:00:00.000Z"),  // home Montbard, came to Semur only
      profile(3, 1, "2026-01-01T00:00:00.000Z"),  // home Montbard, came to both
      profile(4, 2, "2026-01-01T00:00:00.000Z"),  // home Semur, came to Semur only
      profile(5, 2, "2026-01-01T00:00:00.000Z"),  // home Semur, came to Montbard three times
  });
  SitePeriodRows montbard{1, {}, {{1, 4}, {3, 1}, {5, 3}, {99, 1}}, {}, {}};  // 99: no profile, home unknown
  SitePeriodRows semur{2, {}, {{2, 1}, {3, 2}, {4, 1}}, {}, {}};
  // Walk-ins have no member: whatever their number, they are in no network figure.
  auto monday = day(1, "2026-11-02");
  monday.visits = 30;
  monday.walk_ins = 21;
  montbard.days.push_back(monday);
  const auto sites = two_sites();
  const PeriodData p = period_data(kWeek, rows_of({montbard, semur}), sites, members);

  const auto at_montbard = scope_values(p, 1);
  CHECK(number(at_montbard, "network_visitors") == 1);    // 5 (home Semur); not 1, 3 (home here), nor 99
  CHECK(number(at_montbard, "multi_site_members") == 1);  // 3
  CHECK(at_montbard.at("network_visitors").unit == Unit::People);
  CHECK(at_montbard.at("network_visitors").people == 1);
  const auto at_semur = scope_values(p, 2);
  CHECK(number(at_semur, "network_visitors") == 2);    // 2 and 3, both of Montbard; not 4
  CHECK(number(at_semur, "multi_site_members") == 1);  // 3
  const auto all = scope_values(p, std::nullopt);
  CHECK(number(all, "network_visitors") == 3);    // 2, 3 (once, though at two sites), 5
  CHECK(number(all, "multi_site_members") == 1);  // 3
  CHECK(all.at("multi_site_members").people == 1);

  // Site visited × home site: distinct members; 99 has no home site, so no column.
  CHECK(p.by_home_site.at(1).at(1) == 2);  // 1, 3
  CHECK(p.by_home_site.at(1).at(2) == 1);  // 5
  CHECK(p.by_home_site.at(2).at(1) == 2);  // 2, 3
  CHECK(p.by_home_site.at(2).at(2) == 1);  // 4
  CHECK(p.by_home_site.at(1).count(0) == 0);

  // A one-site dashboard reads the other sites' member visits apart: Montbard
  // alone still knows that 3 came to Semur too, and 2 (never at Montbard) is
  // not one of its visitors.
  PeriodRows alone = rows_of({montbard});
  alone.other_sites[2] = semur.member_visits;
  const PeriodData one = period_data(kWeek, alone, {sites[0]}, members);
  const auto only_montbard = scope_values(one, 1);
  CHECK(number(only_montbard, "network_visitors") == 1);    // 5
  CHECK(number(only_montbard, "multi_site_members") == 1);  // 3
  CHECK(one.by_home_site.at(1).at(1) == 2);
  CHECK(one.by_home_site.count(2) == 0);  // no row for a site out of scope
  // Without the other sites' visits, nobody at Montbard used two sites.
  CHECK(number(scope_values(period_data(kWeek, rows_of({montbard}), {sites[0]}, members), 1), "multi_site_members") ==
        0);

  // Two sites across the period's boundary are not two sites in the period:
  // each period is added up from its own rows only (3 at Montbard this week,
  // at Semur the week before).
  const PeriodData this_week = period_data(kWeek, rows_of({{1, {}, {{3, 1}}, {}, {}}}), sites, members);
  const Period before{PeriodKind::Custom, {2026, 10, 26}, {2026, 11, 1}};
  const PeriodData last_week = period_data(before, rows_of({{2, {}, {{3, 1}}, {}, {}}}), sites, members);
  CHECK(number(scope_values(this_week, std::nullopt), "multi_site_members") == 0);
  CHECK(number(scope_values(this_week, std::nullopt), "network_visitors") == 0);  // home Montbard, at Montbard
  CHECK(number(scope_values(last_week, std::nullopt), "multi_site_members") == 0);
  CHECK(number(scope_values(last_week, std::nullopt), "network_visitors") == 1);  // at Semur
}

// Issue 19: the activity records' age brackets are La Coop's codes; each
// falls in its common group, and the accompaniments are counted there.
TEST_CASE("dashboard metrics: La Coop's age codes in the common age groups", "[reports][metrics][coop]") {
  CHECK(common_age("moins_de_douze") == 0);
  CHECK(common_age("douze_dix_huit") == 1);
  CHECK(common_age("dix_huit_vingt_quatre") == 2);
  CHECK(common_age("vingt_cinq_trente_neuf") == 2);
  CHECK(common_age("quarante_cinquante_neuf") == 2);
  CHECK(common_age("soixante_soixante_neuf") == 3);
  CHECK(common_age("soixante_dix_plus") == 4);
  CHECK(common_age("non_communique") == 5);
  for (const auto& bracket : mediation::age_bracket_choices()) {
    CAPTURE(bracket.code);
    if (bracket.code != "non_communique") CHECK(common_age(bracket.code) < 5);
  }
  SitePeriodRows site{1, {}, {}, {}, {}};
  int n = 0;
  for (const auto& bracket : mediation::age_bracket_choices()) {
    site.activities.push_back(
        {"a" + std::to_string(++n), "", false, "2026-11-04", 20, "logement", std::string(bracket.code), "", false, 1});
  }
  const PeriodData p = period_data(kWeek, rows_of({site}), {two_sites()[0]}, {});
  for (const auto& bracket : mediation::age_bracket_choices()) CHECK(p.ages.at(std::string(bracket.code)) == 1);
  const auto ages = age_lines(p, {});
  const std::array<std::int64_t, kCommonAgeGroups> expected{1, 1, 3, 1, 1, 1};
  for (std::size_t i = 0; i < kCommonAgeGroups; ++i) {
    CAPTURE(i);
    CHECK(ages[i].accompaniments == expected[i]);
  }
}
