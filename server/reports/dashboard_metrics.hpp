// The dashboard's metrics: pure functions over one period's rows (as
// store/dashboard_rows.hpp reads them), no database, no labels. Every
// definition is docs/METRICS.md's; tests/server/test_dashboard_metrics.cpp
// checks them on rows made by hand.
//
//   rows of a period ──period_data──▶ PeriodData ──scope_values──▶ the figures' values of a site or all sites
//                                               └─ heat_hours, age_lines, commune_lines… ─▶ the tables' numbers
//
// The presentation (reports/dashboard.hpp: French labels with their English
// catalogue, tables, JSON) only names and arranges what is computed here.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/member.hpp"
#include "domain/opening_hours.hpp"
#include "reports/period.hpp"
#include "reports/report_model.hpp"
#include "store/dashboard_rows.hpp"
#include "time/clock.hpp"

namespace escale::server::reports {

// Values (report_model.hpp): a count of events with the distinct people
// behind it; a count of distinct persons (its own `people`); no data.
Value count_value(std::int64_t n, std::optional<std::int64_t> people);
Value people_value(std::int64_t n);
Value no_data(Unit unit);

struct SiteInfo {
  std::int64_t id = 0;
  std::string name;
  std::optional<OpeningHours> hours;
};
std::vector<SiteInfo> site_infos(const std::vector<SiteSummary>& sites);

struct MemberInfo {
  std::int64_t site_id = 0;
  std::optional<std::string> commune;  // nullopt: not given
  AgeBracket age = AgeBracket::Unknown;
  bool staff = false;       // animator, mediator or admin: not counted as a new member
  std::string first_trace;  // Paris date: registration or first check-in, the earlier
};
using Members = std::unordered_map<std::int64_t, MemberInfo>;
Members member_infos(const std::vector<MemberProfile>& profiles);

// Sums of stats_days columns.
struct Tally {
  std::int64_t visits = 0, walk_ins = 0, member_visits = 0, timed_visits = 0, visit_seconds = 0, auto_closed = 0;
  std::int64_t desk_open = 0, desk_booked = 0, room_open = 0, room_booked = 0, room_used = 0;
  std::int64_t started = 0, no_shows = 0;
  std::int64_t samples_in_use = 0, samples_capacity = 0;  // Σ desks in use, Σ desks available, over samples
  std::optional<double> peak;                             // highest occupancy at one sampled moment, 0..1
  std::set<std::int64_t> desks, booked_desks;
  void add(const DayRollup& r);
};

struct Mediation {
  std::int64_t individual = 0;  // seen in individual appointments, and individual records without one
  std::int64_t collective = 0;  // workshop participations
  std::int64_t anonymous = 0;
  std::int64_t workshops = 0;              // sessions
  std::unordered_set<std::string> people;  // distinct named persons
  // Accompaniments whose record is about official procedures online (the
  // theme « Aide aux démarches administratives » or an administrative theme):
  // the distinct named persons, and the anonymous accompaniments apart.
  std::unordered_set<std::string> procedure_people;
  std::int64_t procedure_anonymous = 0;
  std::int64_t accompaniments() const { return individual + collective; }
};

struct DayLine {
  std::int64_t visits = 0, walk_ins = 0, members = 0, accompaniments = 0;
};

struct Band {
  std::int64_t activities = 0, accompaniments = 0;
};

// What one period adds up to, per site and for all sites.
struct PeriodData {
  Period period;
  std::string first, last;  // ISO
  std::map<std::int64_t, Tally> by_site;
  Tally total;
  // Σ desks in use and Σ desks available at each sampled moment, all sites
  // together: the peak of the whole network is one moment's occupancy.
  std::vector<std::pair<std::int64_t, std::int64_t>> moments;
  std::map<std::int64_t, std::unordered_map<std::int64_t, std::int64_t>> member_visits;  // site → member → visits
  std::unordered_map<std::int64_t, std::int64_t> all_member_visits;
  std::map<std::int64_t, std::int64_t> new_members;  // by site
  std::map<std::int64_t, Mediation> mediation;
  Mediation all_mediation;
  std::vector<DayLine> days;                           // one per day of the period
  std::array<std::array<std::int64_t, 24>, 7> heat{};  // arrivals, Monday first, by Paris hour
  std::map<std::string, std::int64_t> themes;          // accompaniments by theme code
  std::map<std::string, Band> bands;                   // by duration band code
  std::map<std::string, std::int64_t> ages;            // CRA brackets, weighted by participants
  std::map<std::string, std::int64_t> commune_accompaniments;
  // France Services (issue 19), from the activity records, by Paris month
  // ("2026-11"): accompaniments by partner (the record's partners, else its
  // themes' default partners; weighted by participants as the themes are),
  // and the APTIC cheques received with the accompaniments that received them.
  std::map<std::string, std::map<std::string, std::int64_t>> partners{};  // partner code → month → accompaniments
  struct Cheques {
    std::int64_t cheques = 0, accompaniments = 0;
  };
  std::map<std::string, Cheques> cheques{};  // by month
  // The network (docs/METRICS.md, « The network »), distinct members:
  // visitors of a site whose home site is another one, and visitors of a site
  // who used two or more sites in the period, by site visited; for all the
  // sites of the scope, members who used a site other than their home site,
  // and members who used two or more sites. Walk-ins are no member: never here.
  std::map<std::int64_t, std::int64_t> from_other_sites, several_sites;  // by site visited
  std::int64_t all_from_other_sites = 0, all_several_sites = 0;
  std::map<std::int64_t, std::map<std::int64_t, std::int64_t>> by_home_site;  // site visited → home site → members

  std::int64_t unique_members(std::optional<std::int64_t> site) const;
};

// Adds up a period's rows (one entry per site of `sites`, any order; the
// other sites' member visits of a one-site dashboard, rows.other_sites, only
// tell which of its visitors used another site too).
PeriodData period_data(const Period& period, const PeriodRows& rows, const std::vector<SiteInfo>& sites,
                       const Members& members);

// The values of the figures (keys as in dashboard.hpp) of one site, or all sites.
std::map<std::string, Value> scope_values(const PeriodData& p, std::optional<std::int64_t> site);

// The hours the heat map shows: those any site opens on some weekday, widened
// to any hour with an arrival; the whole day when there is neither.
std::pair<int, int> heat_hours(const PeriodData& p, const std::vector<SiteInfo>& sites);

// Distinct members who came and their visits, by the members' age bracket.
std::map<AgeBracket, std::pair<std::int64_t, std::int64_t>> visitors_by_age(const PeriodData& p,
                                                                            const Members& members);

// One age scheme for both sources: the members' brackets (« 18 à 35 ans »,
// « 35 à 60 ans ») and the activity records' (the CRA's 18–24, 25–39, 40–59)
// only share the limits 12, 18, 60 and 70, so the common groups are: under
// 12, 12–17, 18–59, 60–69, 70 and over, not given (indexes 0 to 5).
inline constexpr std::size_t kCommonAgeGroups = 6;
std::size_t common_age(AgeBracket a);
std::size_t common_age(std::string_view cra_code);
struct AgeLine {
  std::int64_t visitors = 0, visits = 0, accompaniments = 0;
};
std::array<AgeLine, kCommonAgeGroups> age_lines(const PeriodData& p, const Members& members);

// Home communes (INSEE code, "" when not given): members' visits and distinct
// members, accompaniments from the activity records; most visitors first, then
// most accompaniments, « not given » last.
struct CommuneLine {
  std::string code;
  std::int64_t visits = 0, visitors = 0, accompaniments = 0;
};
std::vector<CommuneLine> commune_lines(const PeriodData& p, const Members& members);

// A site whose figures may be incomplete: a kiosk of it has not synced for
// more than kStaleSync (or never), and the period reaches past that sync.
struct SiteFreshness {
  std::int64_t site_id = 0;
  std::string site_name;
  std::string kiosk_name;            // the stalest active kiosk
  std::optional<Instant> last_sync;  // nullopt: never synced
  bool incomplete = false;
};
inline constexpr std::chrono::minutes kStaleSync{60};
// Each site's freshness: its stalest active kiosk (one that never synced is
// the stalest); no active kiosk, nothing to wait for.
std::vector<SiteFreshness> freshness(const std::vector<SiteInfo>& sites,
                                     const std::map<std::int64_t, std::vector<KioskSync>>& kiosks, const Period& period,
                                     Instant now);

}  // namespace escale::server::reports
