// The statistics rollups (see stats_rollup.hpp and docs/METRICS.md).
//
// [SECTION] A site's context (hours, resources, first day)
// [SECTION] One day
// [SECTION] Refresh
#include "reports/stats_rollup.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "booking/booking.hpp"
#include "domain/opening_hours.hpp"

namespace escale::server::reports {
namespace {

using std::chrono::milliseconds;

std::int64_t whole_minutes(milliseconds ms) {
  return std::chrono::duration_cast<std::chrono::minutes>(ms).count();
}

//-----------------------------------------------------------------------------
// [SECTION] A site's context (hours, resources, first day)
//-----------------------------------------------------------------------------

struct SiteContext {
  std::optional<OpeningHours> hours;  // nullopt: unreadable hours, the site counts as closed
  // The first day the site counts opening hours: the earliest of its creation
  // and its first visit or booking (a site added in June does not dilute a
  // yearly rate with hours it did not exist).
  std::string first_day;
  std::map<std::int64_t, ResourceKind> resources;  // every resource, active or not
  std::vector<std::int64_t> active_desks;
  std::vector<std::int64_t> active_rooms;
};

SiteContext load_site(store::Database& db, std::int64_t site_id) {
  SiteContext ctx;
  if (const auto site = site_opening(db, site_id)) {
    ctx.hours = OpeningHours::parse(site->opening_hours);
    const auto created = parse_iso_utc(site->created_at);
    ctx.first_day = created ? paris_date(*created) : site->created_at.substr(0, 10);
  }
  for (const auto& first : {first_visit_day(db, site_id), first_booking_day(db, site_id)}) {
    if (first && (ctx.first_day.empty() || *first < ctx.first_day)) ctx.first_day = *first;
  }
  for (const auto& resource : site_resource_states(db, site_id)) {
    ctx.resources[resource.id] = resource.kind;
    if (!resource.active) continue;
    (resource.kind == ResourceKind::Desk ? ctx.active_desks : ctx.active_rooms).push_back(resource.id);
  }
  return ctx;
}

//-----------------------------------------------------------------------------
// [SECTION] One day
//-----------------------------------------------------------------------------

using Interval = std::pair<Instant, Instant>;

// Time of [start, end) inside the intervals (which do not overlap).
milliseconds overlap(Instant start, Instant end, const std::vector<Interval>& intervals) {
  milliseconds total{0};
  for (const auto& [a, b] : intervals) {
    const Instant from = std::max(a, start);
    const Instant to = std::min(b, end);
    if (from < to) total += to - from;
  }
  return total;
}

bool inside(Instant t, const std::vector<Interval>& intervals) {
  return std::any_of(intervals.begin(), intervals.end(),
                     [&](const Interval& r) { return r.first <= t && t < r.second; });
}

struct BookingRow {
  std::int64_t resource_id = 0;
  ResourceKind kind = ResourceKind::Desk;
  BookingStatus status = BookingStatus::Confirmed;
  Instant start{};
  Instant end{};
};

bool holds(BookingStatus s) {
  return s == BookingStatus::Confirmed || s == BookingStatus::CheckedIn;
}

DayRollup compute_day(store::Database& db, const SiteContext& ctx, std::int64_t site_id, const CivilDate& day,
                      Instant now) {
  DayRollup r;
  r.site_id = site_id;
  r.local_date = to_iso_date(day);
  const Instant day_start = paris_day_start(day);
  const Instant day_end = paris_day_start(add_days(day, 1));
  r.complete = now >= day_end;
  // Nothing after `now` is counted yet: open time, bookings and samples of a
  // day in progress stop there (the row is computed again later).
  const Instant horizon = std::min(day_end, now);

  std::vector<Interval> opening;  // the whole day's opening ranges
  if (ctx.hours && !ctx.first_day.empty() && r.local_date >= ctx.first_day)
    opening = opening_intervals(*ctx.hours, day);
  std::vector<Interval> open_so_far;
  for (const auto& [a, b] : opening) {
    if (a < horizon) open_so_far.emplace_back(a, std::min(b, horizon));
  }
  r.open_minutes = whole_minutes(overlap(day_start, day_end, open_so_far));
  // « The site's closing time that day »: the end of its last opening range.
  std::optional<Instant> closing;
  for (const auto& range : opening) closing = closing ? std::max(*closing, range.second) : range.second;

  // Where each Paris hour of the day starts (23 or 25 hours on DST days: in
  // the spring gap hour 2 starts where hour 3 does and stays empty; in the
  // autumn both 02:xx readings fall in hour 2, as to_paris reads them).
  std::array<Instant, 24> hour_starts{};
  for (int h = 0; h < 24; ++h)
    hour_starts[static_cast<std::size_t>(h)] = from_paris(day.year, day.month, day.day, h, 0);

  // Visits.
  {
    std::vector<std::int64_t> members;
    milliseconds visit_time{0};
    for (const DayVisit& v : visits_of_day(db, site_id, r.local_date)) {
      ++r.visits;
      if (v.walk_in) ++r.walk_ins;
      if (v.member_id) {
        ++r.member_visits;
        members.push_back(*v.member_id);
      }
      const auto& check_in = v.check_in;
      if (!check_in) continue;
      const auto after = std::upper_bound(hour_starts.begin(), hour_starts.end(), *check_in);
      const auto hour = after == hour_starts.begin() ? 0 : (after - hour_starts.begin()) - 1;
      ++r.check_ins_by_hour[static_cast<std::size_t>(hour)];
      if (v.checked_out) {
        const auto& check_out = v.check_out;
        if (check_out && *check_out >= *check_in) {
          ++r.timed_visits;
          visit_time += *check_out - *check_in;
        }
      } else if (r.complete) {
        // No check-out by the end of the day: closed at the site's closing
        // time. Someone who came after closing (or on a closed day) is still
        // counted auto-closed, but has no duration to average.
        ++r.auto_closed;
        if (closing && *closing > *check_in) {
          ++r.timed_visits;
          visit_time += *closing - *check_in;
        }
      }
    }
    std::sort(members.begin(), members.end());
    r.members = std::unique(members.begin(), members.end()) - members.begin();
    r.visit_seconds = std::chrono::duration_cast<std::chrono::seconds>(visit_time + milliseconds{500}).count();
  }

  // Bookings.
  std::vector<BookingRow> bookings;
  {
    for (const DayBooking& row : bookings_of_day(db, site_id, r.local_date)) {
      BookingRow b;
      b.resource_id = row.resource_id;
      const auto kind = ctx.resources.find(b.resource_id);
      const auto& status = row.status;
      const auto& start = row.start;
      const auto& end = row.end;
      if (kind == ctx.resources.end() || !status || !start || !end) continue;
      b.kind = kind->second;
      b.status = *status;
      b.start = *start;
      b.end = *end;
      bookings.push_back(b);
    }
  }
  std::set<std::int64_t> desks(ctx.active_desks.begin(), ctx.active_desks.end());
  std::set<std::int64_t> rooms(ctx.active_rooms.begin(), ctx.active_rooms.end());
  std::set<std::int64_t> booked_desks;
  milliseconds desk_booked{0}, room_booked{0}, room_used{0};
  for (const auto& b : bookings) {
    const bool started = b.start <= now;
    if (started && (holds(b.status) || b.status == BookingStatus::NoShow)) ++r.bookings_started;
    if (started && b.status == BookingStatus::NoShow) ++r.no_shows;
    if (!holds(b.status)) continue;  // cancelled, refused, no-show: the resource was free
    const milliseconds held = overlap(b.start, b.end, open_so_far);
    if (b.kind == ResourceKind::Desk) {
      desks.insert(b.resource_id);
      desk_booked += held;
      if (held > milliseconds::zero()) booked_desks.insert(b.resource_id);
    } else {
      rooms.insert(b.resource_id);
      room_booked += held;
      if (b.status == BookingStatus::CheckedIn) room_used += held;
    }
  }
  r.desk_ids.assign(desks.begin(), desks.end());
  r.booked_desk_ids.assign(booked_desks.begin(), booked_desks.end());
  r.desk_open_minutes = static_cast<std::int64_t>(desks.size()) * r.open_minutes;
  r.desk_booked_minutes = whole_minutes(desk_booked);
  r.rooms = static_cast<std::int64_t>(rooms.size());
  r.room_open_minutes = r.rooms * r.open_minutes;
  r.room_booked_minutes = whole_minutes(room_booked);
  r.room_used_minutes = whole_minutes(room_used);

  // Desk occupancy: at HH:15 and HH:45 (the middle of each half-hour), when
  // the site is open and the moment has come, the desks a held booking covers.
  r.desk_samples.fill(-1);
  if (!desks.empty()) {
    for (int k = 0; k < kSamplesPerDay; ++k) {
      const int hour = k / 2;
      const Instant moment = from_paris(day.year, day.month, day.day, hour, k % 2 == 0 ? 15 : 45);
      if (to_paris(moment).hour != hour) continue;  // the spring gap: that reading does not exist
      if (moment >= horizon || !inside(moment, open_so_far)) continue;
      std::set<std::int64_t> in_use;
      for (const auto& b : bookings) {
        if (b.kind == ResourceKind::Desk && holds(b.status) && b.start <= moment && moment < b.end)
          in_use.insert(b.resource_id);
      }
      r.desk_samples[static_cast<std::size_t>(k)] = static_cast<int>(in_use.size());
    }
  }
  return r;
}

//-----------------------------------------------------------------------------
// [SECTION] Refresh
//-----------------------------------------------------------------------------

struct Scope {
  std::optional<std::int64_t> site_id;
  std::optional<std::string> first;  // range asked for, if any
  std::string last;                  // min(asked last, today)
  bool ranged = false;
};

std::vector<std::int64_t> sites_in_scope(store::Database& db, const Scope& scope) {
  return site_ids(db, scope.site_id);
}

// The (site, day) pairs to compute now, by site then day.
std::set<std::pair<std::int64_t, std::string>> days_to_compute(store::Database& db, const Scope& scope, Instant now) {
  std::set<std::pair<std::int64_t, std::string>> out;
  const std::string first = scope.first.value_or("");
  for (auto& day : dirty_days(db, scope.site_id, first, scope.last)) out.insert(std::move(day));
  for (const auto& day : incomplete_days(db, scope.site_id, first, scope.last)) {
    const auto date = parse_iso_date(day.local_date);
    const auto computed = parse_iso_utc(day.computed_at);
    const bool over = date && now >= paris_day_start(add_days(*date, 1));
    if (over || !computed || now - *computed >= kIncompleteRefresh || now < *computed)
      out.emplace(day.site_id, day.local_date);
  }
  if (!scope.ranged || !scope.first) return out;
  // Days of the range without a row: a closed Sunday or a quiet Tuesday has
  // no visit to mark it, yet its opening hours count.
  const auto from = parse_iso_date(*scope.first);
  const auto to = parse_iso_date(scope.last);
  if (!from || !to || *to < *from) return out;
  std::vector<std::string> dates;
  for (CivilDate d = *from; d <= *to; d = add_days(d, 1)) dates.push_back(to_iso_date(d));
  for (const std::int64_t site : sites_in_scope(db, scope)) {
    const std::set<std::string> present = days_with_rollup(db, site, *scope.first, scope.last);
    for (const auto& d : dates) {
      if (!present.contains(d)) out.emplace(site, d);
    }
  }
  return out;
}

}  // namespace

DayRollup compute_day_rollup(store::Database& db, std::int64_t site_id, const CivilDate& day, Instant now) {
  return compute_day(db, load_site(db, site_id), site_id, day, now);
}

std::vector<DayRollup> read_day_rollups(store::Database& db, std::optional<std::int64_t> site_id,
                                        const std::string& first, const std::string& last) {
  std::vector<DayRollup> out;
  // Site by site, so each read is a range of the primary key.
  for (const std::int64_t site : site_ids(db, site_id)) {
    auto rows = stored_day_rollups(db, site, first, last);
    out.insert(out.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  }
  return out;
}

RefreshOutcome refresh_stats(store::Database& db, Instant now, std::optional<std::int64_t> site_id,
                             std::optional<std::string> first, std::optional<std::string> last) {
  Scope scope;
  scope.site_id = site_id;
  scope.first = std::move(first);
  scope.ranged = scope.first.has_value();
  const std::string today = paris_date(now);
  scope.last = last && *last < today ? *last : today;
  if (scope.first && *scope.first > scope.last) return {};

  // Look first without the write lock: most refreshes find nothing to do.
  if (days_to_compute(db, scope, now).empty()) return {};
  store::Transaction tx(db);
  // Again under the lock: another connection may have refreshed meanwhile.
  const auto days = days_to_compute(db, scope, now);
  std::unordered_map<std::int64_t, SiteContext> sites;
  RefreshOutcome outcome;
  for (const auto& [site, date] : days) {
    const auto day = parse_iso_date(date);
    if (!day) {  // not a date: nothing to compute, forget it
      forget_dirty_day(db, site, date);
      continue;
    }
    auto ctx = sites.find(site);
    if (ctx == sites.end()) ctx = sites.emplace(site, load_site(db, site)).first;
    store_day_rollup(db, compute_day(db, ctx->second, site, *day, now), now);
    ++outcome.days;
  }
  tx.commit();
  return outcome;
}

}  // namespace escale::server::reports
