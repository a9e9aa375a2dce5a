// The statistics rollups (see stats_rollup.hpp and docs/METRICS.md).
//
// [SECTION] Text columns
// [SECTION] A site's context (hours, resources, first day)
// [SECTION] One day
// [SECTION] Storing and reading rows
// [SECTION] Refresh
#include "reports/stats_rollup.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "booking/booking.hpp"
#include "domain/opening_hours.hpp"

namespace escale::server::reports {
namespace {

using std::chrono::milliseconds;

//-----------------------------------------------------------------------------
// [SECTION] Text columns
//-----------------------------------------------------------------------------

// Small lists are stored as comma-separated integers ("3,0,12"); an empty
// field is "no value" (a half-hour not sampled).
template <typename Range>
std::string join_numbers(const Range& values, bool negative_is_empty = false) {
  std::string out;
  bool first = true;
  for (const auto v : values) {
    if (!first) out += ',';
    first = false;
    if (negative_is_empty && v < 0) continue;
    out += std::to_string(v);
  }
  return out;
}

// Calls f(index, value or nullopt) for each comma-separated field.
template <typename F>
void for_each_number(std::string_view text, F&& f) {
  if (text.empty()) return;
  std::size_t index = 0;
  std::size_t pos = 0;
  while (true) {
    const auto comma = text.find(',', pos);
    const auto field = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (!field.empty() && ec == std::errc{} && end == field.data() + field.size()) {
      f(index, std::optional<std::int64_t>(value));
    } else {
      f(index, std::optional<std::int64_t>());
    }
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
    ++index;
  }
}

std::vector<std::int64_t> parse_ids(std::string_view text) {
  std::vector<std::int64_t> out;
  for_each_number(text, [&](std::size_t, std::optional<std::int64_t> v) {
    if (v) out.push_back(*v);
  });
  return out;
}

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
  {
    auto st = db.prepare("SELECT opening_hours, created_at FROM sites WHERE id = ?");
    st.bind(1, site_id);
    if (st.step()) {
      ctx.hours = OpeningHours::parse(st.text(0));
      const auto created = parse_iso_utc(st.text(1));
      ctx.first_day = created ? paris_date(*created) : st.text(1).substr(0, 10);
    }
  }
  for (const char* sql : {"SELECT MIN(local_date) FROM visits WHERE site_id = ?",
                          "SELECT MIN(local_date) FROM bookings WHERE site_id = ?"}) {
    auto st = db.prepare(sql);
    st.bind(1, site_id);
    if (st.step() && !st.is_null(0)) {
      const std::string first = st.text(0);
      if (ctx.first_day.empty() || first < ctx.first_day) ctx.first_day = first;
    }
  }
  auto st = db.prepare("SELECT id, kind, active FROM resources WHERE site_id = ? ORDER BY id");
  st.bind(1, site_id);
  while (st.step()) {
    const auto kind = parse_resource_kind(st.text(1));
    if (!kind) continue;
    ctx.resources[st.int64(0)] = *kind;
    if (st.int64(2) == 0) continue;
    (*kind == ResourceKind::Desk ? ctx.active_desks : ctx.active_rooms).push_back(st.int64(0));
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
    auto& st =
        db.cached("SELECT member_id, walk_in, check_in, check_out FROM visits WHERE site_id = ? AND local_date = ?");
    st.bind_all(site_id, r.local_date);
    std::vector<std::int64_t> members;
    milliseconds visit_time{0};
    while (st.step()) {
      ++r.visits;
      if (st.int64(1) != 0) ++r.walk_ins;
      if (!st.is_null(0)) {
        ++r.member_visits;
        members.push_back(st.int64(0));
      }
      const auto check_in = parse_iso_utc(st.text(2));
      if (!check_in) continue;
      const auto after = std::upper_bound(hour_starts.begin(), hour_starts.end(), *check_in);
      const auto hour = after == hour_starts.begin() ? 0 : (after - hour_starts.begin()) - 1;
      ++r.check_ins_by_hour[static_cast<std::size_t>(hour)];
      if (!st.is_null(3)) {
        const auto check_out = parse_iso_utc(st.text(3));
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
    auto& st =
        db.cached("SELECT resource_id, status, start_at, end_at FROM bookings WHERE site_id = ? AND local_date = ?");
    st.bind_all(site_id, r.local_date);
    while (st.step()) {
      BookingRow b;
      b.resource_id = st.int64(0);
      const auto kind = ctx.resources.find(b.resource_id);
      const auto status = parse_booking_status(st.text(1));
      const auto start = parse_iso_utc(st.text(2));
      const auto end = parse_iso_utc(st.text(3));
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
// [SECTION] Storing and reading rows
//-----------------------------------------------------------------------------

void store_day(store::Database& db, const DayRollup& r, Instant now) {
  db.cached(
        "INSERT OR REPLACE INTO stats_days (site_id, local_date, visits, walk_ins, member_visits, members, "
        "timed_visits, visit_seconds, auto_closed, check_ins_by_hour, open_minutes, desks, desk_ids, "
        "desk_open_minutes, desk_booked_minutes, booked_desk_ids, desk_samples, rooms, room_open_minutes, "
        "room_booked_minutes, room_used_minutes, bookings_started, no_shows, complete, computed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(r.site_id, r.local_date, r.visits, r.walk_ins, r.member_visits, r.members, r.timed_visits,
                r.visit_seconds, r.auto_closed, join_numbers(r.check_ins_by_hour), r.open_minutes,
                static_cast<std::int64_t>(r.desk_ids.size()), join_numbers(r.desk_ids), r.desk_open_minutes,
                r.desk_booked_minutes, join_numbers(r.booked_desk_ids), join_numbers(r.desk_samples, true), r.rooms,
                r.room_open_minutes, r.room_booked_minutes, r.room_used_minutes, r.bookings_started, r.no_shows,
                r.complete ? 1 : 0, to_iso_utc(now))
      .run();
  db.cached("DELETE FROM stats_dirty WHERE site_id = ? AND local_date = ?").bind_all(r.site_id, r.local_date).run();
}

DayRollup read_row(const store::Statement& st) {
  DayRollup r;
  r.site_id = st.int64(0);
  r.local_date = st.text(1);
  r.visits = st.int64(2);
  r.walk_ins = st.int64(3);
  r.member_visits = st.int64(4);
  r.members = st.int64(5);
  r.timed_visits = st.int64(6);
  r.visit_seconds = st.int64(7);
  r.auto_closed = st.int64(8);
  for_each_number(st.text(9), [&](std::size_t i, std::optional<std::int64_t> v) {
    if (i < r.check_ins_by_hour.size() && v) r.check_ins_by_hour[i] = *v;
  });
  r.open_minutes = st.int64(10);
  r.desk_ids = parse_ids(st.text(11));
  r.desk_open_minutes = st.int64(12);
  r.desk_booked_minutes = st.int64(13);
  r.booked_desk_ids = parse_ids(st.text(14));
  r.desk_samples.fill(-1);
  for_each_number(st.text(15), [&](std::size_t i, std::optional<std::int64_t> v) {
    if (i < r.desk_samples.size() && v) r.desk_samples[i] = static_cast<int>(*v);
  });
  r.rooms = st.int64(16);
  r.room_open_minutes = st.int64(17);
  r.room_booked_minutes = st.int64(18);
  r.room_used_minutes = st.int64(19);
  r.bookings_started = st.int64(20);
  r.no_shows = st.int64(21);
  r.complete = st.int64(22) != 0;
  return r;
}

constexpr std::string_view kReadColumns =
    "site_id, local_date, visits, walk_ins, member_visits, members, timed_visits, visit_seconds, auto_closed, "
    "check_ins_by_hour, open_minutes, desk_ids, desk_open_minutes, desk_booked_minutes, booked_desk_ids, "
    "desk_samples, rooms, room_open_minutes, room_booked_minutes, room_used_minutes, bookings_started, no_shows, "
    "complete";

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
  std::vector<std::int64_t> out;
  auto st = db.prepare("SELECT id FROM sites WHERE (?1 IS NULL OR id = ?1) ORDER BY id");
  st.bind(1, scope.site_id);
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

// The (site, day) pairs to compute now, by site then day.
std::set<std::pair<std::int64_t, std::string>> days_to_compute(store::Database& db, const Scope& scope, Instant now) {
  std::set<std::pair<std::int64_t, std::string>> out;
  const std::string first = scope.first.value_or("");
  {
    auto st = db.prepare(
        "SELECT site_id, local_date FROM stats_dirty WHERE (?1 IS NULL OR site_id = ?1) AND local_date >= ?2 "
        "AND local_date <= ?3");
    st.bind_all(scope.site_id, first, scope.last);
    while (st.step()) out.emplace(st.int64(0), st.text(1));
  }
  {
    auto st = db.prepare(
        "SELECT site_id, local_date, computed_at FROM stats_days WHERE complete = 0 AND local_date >= ?2 "
        "AND local_date <= ?3 AND (?1 IS NULL OR site_id = ?1)");
    st.bind_all(scope.site_id, first, scope.last);
    while (st.step()) {
      const auto date = parse_iso_date(st.text(1));
      const auto computed = parse_iso_utc(st.text(2));
      const bool over = date && now >= paris_day_start(add_days(*date, 1));
      if (over || !computed || now - *computed >= kIncompleteRefresh || now < *computed)
        out.emplace(st.int64(0), st.text(1));
    }
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
    auto st = db.prepare("SELECT local_date FROM stats_days WHERE site_id = ? AND local_date BETWEEN ? AND ?");
    st.bind_all(site, *scope.first, scope.last);
    std::set<std::string> present;
    while (st.step()) present.insert(st.text(0));
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
  Scope scope;
  scope.site_id = site_id;
  const std::string sql = "SELECT " + std::string(kReadColumns) +
                          " FROM stats_days WHERE site_id = ? AND local_date BETWEEN ? AND ? "
                          "ORDER BY local_date";
  for (const std::int64_t site : sites_in_scope(db, scope)) {
    auto& st = db.cached(sql);
    st.bind_all(site, first, last);
    while (st.step()) out.push_back(read_row(st));
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
      db.cached("DELETE FROM stats_dirty WHERE site_id = ? AND local_date = ?").bind_all(site, date).run();
      continue;
    }
    auto ctx = sites.find(site);
    if (ctx == sites.end()) ctx = sites.emplace(site, load_site(db, site)).first;
    store_day(db, compute_day(db, ctx->second, site, *day, now), now);
    ++outcome.days;
  }
  tx.commit();
  return outcome;
}

}  // namespace escale::server::reports
