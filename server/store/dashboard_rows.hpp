// The dashboard's queries: everything one dashboard request reads, as plain
// rows, in one read snapshot. What the rows mean and what is computed from
// them is reports' business (reports/dashboard_metrics.hpp, pure functions
// over these rows; reports/dashboard.hpp, the labels and JSON).
//
// Site by site, so that every read is a range of an index:
//   stats_days            the day rollups (visits, durations, hours, desks, rooms, bookings)
//   stats_member_years    each member's visits over whole years,
//   stats_member_months   over the other whole months (the partial months at
//                         the edges of a custom period from visits)
//   members + stats_member_first   every member as the statistics see them
//                         (with their home site, members.site_id)
//   appointments × participants, activities   mediation
//   kiosks                each site's active kiosks and their last sync
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/database.hpp"
#include "store/stats.hpp"

namespace escale::server {

// One site's rows over one period.
struct SitePeriodRows {
  std::int64_t site_id = 0;
  std::vector<DayRollup> days;                                   // by date
  std::unordered_map<std::int64_t, std::int64_t> member_visits;  // member → visits in the period
  std::vector<SeenParticipant> seen;
  std::vector<ActivityFacts> activities;
};

// A period's rows, one entry per site of the scope (in the sites' order).
struct PeriodRows {
  std::string first, last;  // ISO dates, inclusive
  std::vector<SitePeriodRows> sites;
  // A one-site dashboard only: each member's visits at each other site of
  // the network over the period, read as member_visits is (the members'
  // rollups, and the visits of partial months), so that its visitors who
  // used another site too can be told. Empty for all sites: `sites` has them.
  std::map<std::int64_t, std::unordered_map<std::int64_t, std::int64_t>> other_sites;  // site → member → visits
};

struct DashboardRows {
  std::vector<SiteSummary> sites;    // by id; only the one asked for (none when it does not exist)
  std::vector<SiteSummary> network;  // every site by id (the home sites), whatever the scope
  std::vector<MemberProfile> members;
  PeriodRows current, previous;
  std::map<std::int64_t, std::vector<KioskSync>> kiosks;  // by site
};

// Reads everything in one snapshot. Periods are ISO dates (inclusive); the
// rollups are read as stored (refresh them first: reports/stats_rollup.hpp).
DashboardRows read_dashboard_rows(store::Database& db, std::optional<std::int64_t> site_id,
                                  const std::string& current_first, const std::string& current_last,
                                  const std::string& previous_first, const std::string& previous_last);

// Each member's visits at a site between two ISO dates inclusive, added to
// `visits`: whole months from stats_member_months — or, when the period
// covers most of a year, that year from stats_member_years less the months
// left out — and the days of partial months from the visits.
void add_member_visits(store::Database& db, std::int64_t site_id, const std::string& first, const std::string& last,
                       std::unordered_map<std::int64_t, std::int64_t>& visits);

}  // namespace escale::server
