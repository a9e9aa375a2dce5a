// A seeded generator of realistic activity for tests and benchmarks: sites
// with OSM opening hours, desks and a visio room; members with badges; a
// kiosk per site; visits inside opening hours (walk-ins, some never checked
// out); bookings of every status; a mediator per site with individual
// appointments, workshops, participants and activity records (CRA).
//
// Fast: rows are written straight into the tables with prepared statements,
// a few transactions in all (the store's per-event functions would cost a
// transaction, an audit row and a change-log row each), with the same
// columns those functions write — `local_date` is the Paris date — so the
// schema's triggers and the reports see exactly what a real server holds.
//
// It tallies « known answers » as it writes: per site and Paris day, the
// visits, walk-ins, distinct members, durations, bookings, accompaniments…
// counted from what it chose, not read back, so tests can hold the report
// engine to an independent count.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "result.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"
#include "time/public_holidays.hpp"

namespace escale::server {

struct ActivityOptions {
  std::uint64_t seed = 1;
  int sites = 2;
  CivilDate first_day{2026, 1, 5};
  int days = 28;
  int members_per_site = 40;
  // A member's average visits per open day (regulars come more often,
  // occasional members less); walk-ins add about a tenth of that.
  double visit_intensity = 0.3;
  int desks_per_site = 6;
  // Bookings that start before `now` are past (checked in, no-show,
  // cancelled or refused), later ones confirmed or cancelled; kiosks last
  // synced a few minutes before it. Default: the end of the last day. The
  // known answers assume every generated day is over at `now`.
  std::optional<Instant> now;
  // The kiosk of this site (index) last synced three hours before `now`.
  std::optional<int> stale_site;
  bool keep_known = true;  // tally the known answers (the bench does without)
};

// What the generator wrote for one site and one Paris day.
struct KnownDay {
  std::size_t site = 0;  // index in KnownAnswers::sites
  CivilDate date;
  bool open = false;
  std::int64_t open_minutes = 0;
  std::int64_t visits = 0;
  std::int64_t walk_ins = 0;
  std::int64_t member_visits = 0;
  std::vector<std::int64_t> members;  // distinct, sorted
  std::int64_t timed_visits = 0;      // checked out, or auto-closed (always after the check-in here)
  std::int64_t visit_seconds = 0;
  std::int64_t auto_closed = 0;  // no check-out
  std::array<std::int64_t, 24> check_ins_by_hour{};
  std::int64_t desk_booked_minutes = 0;  // held bookings (confirmed, checked in) inside opening hours
  std::vector<std::int64_t> booked_desks;
  std::int64_t room_booked_minutes = 0;
  std::int64_t room_used_minutes = 0;  // checked in
  std::int64_t bookings_started = 0;   // confirmed, checked in or no-show, started by `now`
  std::int64_t no_shows = 0;
  std::int64_t accompaniments = 0;
  std::int64_t anonymous_accompaniments = 0;
  std::vector<std::string> people;             // the named people helped (the generator's own keys)
  std::map<std::string, std::int64_t> themes;  // theme code → accompaniments (from the activity records)
  std::int64_t new_members = 0;                // members (not staff) registered that day
};

struct KnownSite {
  std::int64_t id = 0;
  std::string name;
  std::string opening_hours;
  std::vector<std::int64_t> desks;
  std::int64_t room = 0;
  std::vector<std::int64_t> members;  // the public (the mediator apart)
  std::int64_t mediator = 0;
  bool stale = false;  // its kiosk has not synced for three hours
};

struct KnownAnswers {
  std::vector<KnownSite> sites;
  int day_count = 0;
  std::vector<KnownDay> days;  // site-major: days[site * day_count + d], closed days included
  std::int64_t visits = 0;     // totals of everything written
  std::int64_t bookings = 0;
  std::int64_t appointments = 0;
  std::int64_t activities = 0;

  const KnownDay& day(std::size_t site, int d) const {
    return days[site * static_cast<std::size_t>(day_count) + static_cast<std::size_t>(d)];
  }
};

// Writes the activity into `db` (a migrated server database; other sites may
// exist). Errors: options out of range (in French).
Result<KnownAnswers> generate_activity(store::Database& db, const ActivityOptions& options);

}  // namespace escale::server
