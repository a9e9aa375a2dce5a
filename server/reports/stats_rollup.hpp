// The statistics rollups: per site and Paris day, what the dashboard sums
// (visits, walk-ins, durations, check-ins by hour, desk and room hours,
// bookings started and no-shows), so a yearly dashboard over millions of
// visits reads a few thousand rows. Triggers in the schema mark a (site, day)
// dirty whenever a visit or booking of that day is written, whatever the code
// path; refresh_stats recomputes exactly those days (and days that were not
// over yet when computed). `serve` refreshes every minute; the dashboard
// refreshes the days of its period before reading.
//
// Triggers also keep two member tables exact on every visit written (no
// refresh needed): stats_member_months (visits per site, month and member:
// distinct visitors over a year without reading every visit) and
// stats_member_first (each member's first check-in). docs/METRICS.md says
// what every column means.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/stats.hpp"
#include "time/clock.hpp"
#include "time/public_holidays.hpp"

namespace escale::server::reports {

struct RefreshOutcome {
  int days = 0;  // (site, day) rows recomputed
};

// A day not over is computed again by a refresh at least this long after
// its last computation (or at once when it is dirty, or once it is over).
inline constexpr std::chrono::seconds kIncompleteRefresh{30};

// Recomputes, in one transaction, the days up to today (Paris, from `now`)
// that are dirty or were not over when last computed — for all sites, or only
// `site_id` — and, when `first` (and `last`) ISO dates are given, only days in
// that range, plus every day of the range that has no row yet (a day without
// any visit or booking still has opening hours). Days after today are left
// for later. Takes the write lock only when there is something to do.
RefreshOutcome refresh_stats(store::Database& db, Instant now, std::optional<std::int64_t> site_id = std::nullopt,
                             std::optional<std::string> first = std::nullopt,
                             std::optional<std::string> last = std::nullopt);

// One stats_days row, decoded (its fields: store/stats.hpp).
using ::escale::server::DayRollup;
using ::escale::server::kSamplesPerDay;

// The stored rows of a site (or all sites) between two ISO dates inclusive,
// by site then date. Reads only: call refresh_stats first.
std::vector<DayRollup> read_day_rollups(store::Database& db, std::optional<std::int64_t> site_id,
                                        const std::string& first, const std::string& last);

// One day computed from the source tables, not stored (refresh_stats stores it).
DayRollup compute_day_rollup(store::Database& db, std::int64_t site_id, const CivilDate& day, Instant now);

}  // namespace escale::server::reports
