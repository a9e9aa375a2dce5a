// The statistics tables and the statistics' reads of the source tables: SQL only.
#include "store/stats.hpp"

#include <charconv>
#include <string_view>

namespace escale::server {
namespace {

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

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Rollup rows (stats_days, stats_dirty)
//-----------------------------------------------------------------------------

void store_day_rollup(store::Database& db, const DayRollup& r, Instant now) {
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
  forget_dirty_day(db, r.site_id, r.local_date);
}

void forget_dirty_day(store::Database& db, std::int64_t site_id, const std::string& local_date) {
  db.cached("DELETE FROM stats_dirty WHERE site_id = ? AND local_date = ?").bind_all(site_id, local_date).run();
}

std::vector<DayRollup> stored_day_rollups(store::Database& db, std::int64_t site_id, const std::string& first,
                                          const std::string& last) {
  auto st = db.cached(
      "SELECT site_id, local_date, visits, walk_ins, member_visits, members, timed_visits, visit_seconds, "
      "auto_closed, check_ins_by_hour, open_minutes, desk_ids, desk_open_minutes, desk_booked_minutes, "
      "booked_desk_ids, desk_samples, rooms, room_open_minutes, room_booked_minutes, room_used_minutes, "
      "bookings_started, no_shows, complete "
      "FROM stats_days WHERE site_id = ? AND local_date BETWEEN ? AND ? ORDER BY local_date");
  st.bind_all(site_id, first, last);
  std::vector<DayRollup> out;
  while (st.step()) out.push_back(read_row(st));
  return out;
}

std::vector<std::pair<std::int64_t, std::string>> dirty_days(store::Database& db, std::optional<std::int64_t> site_id,
                                                             const std::string& first, const std::string& last) {
  auto st = db.prepare(
      "SELECT site_id, local_date FROM stats_dirty WHERE (?1 IS NULL OR site_id = ?1) AND local_date >= ?2 "
      "AND local_date <= ?3");
  st.bind_all(site_id, first, last);
  std::vector<std::pair<std::int64_t, std::string>> out;
  while (st.step()) out.emplace_back(st.int64(0), st.text(1));
  return out;
}

std::vector<IncompleteDay> incomplete_days(store::Database& db, std::optional<std::int64_t> site_id,
                                           const std::string& first, const std::string& last) {
  auto st = db.prepare(
      "SELECT site_id, local_date, computed_at FROM stats_days WHERE complete = 0 AND local_date >= ?2 "
      "AND local_date <= ?3 AND (?1 IS NULL OR site_id = ?1)");
  st.bind_all(site_id, first, last);
  std::vector<IncompleteDay> out;
  while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2)});
  return out;
}

std::set<std::string> days_with_rollup(store::Database& db, std::int64_t site_id, const std::string& first,
                                       const std::string& last) {
  auto st = db.prepare("SELECT local_date FROM stats_days WHERE site_id = ? AND local_date BETWEEN ? AND ?");
  st.bind_all(site_id, first, last);
  std::set<std::string> present;
  while (st.step()) present.insert(st.text(0));
  return present;
}

//-----------------------------------------------------------------------------
// [SECTION] A site's context
//-----------------------------------------------------------------------------

std::vector<std::int64_t> site_ids(store::Database& db, std::optional<std::int64_t> site_id) {
  std::vector<std::int64_t> out;
  auto st = db.prepare("SELECT id FROM sites WHERE (?1 IS NULL OR id = ?1) ORDER BY id");
  st.bind(1, site_id);
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

std::optional<SiteOpening> site_opening(store::Database& db, std::int64_t site_id) {
  auto st = db.prepare("SELECT opening_hours, created_at FROM sites WHERE id = ?");
  st.bind(1, site_id);
  if (!st.step()) return std::nullopt;
  return SiteOpening{st.text(0), st.text(1)};
}

namespace {
std::optional<std::string> first_day(store::Database& db, const char* sql, std::int64_t site_id) {
  auto st = db.prepare(sql);
  st.bind(1, site_id);
  if (st.step() && !st.is_null(0)) return st.text(0);
  return std::nullopt;
}
}  // namespace

std::optional<std::string> first_visit_day(store::Database& db, std::int64_t site_id) {
  return first_day(db, "SELECT MIN(local_date) FROM visits WHERE site_id = ?", site_id);
}

std::optional<std::string> first_booking_day(store::Database& db, std::int64_t site_id) {
  return first_day(db, "SELECT MIN(local_date) FROM bookings WHERE site_id = ?", site_id);
}

std::vector<ResourceState> site_resource_states(store::Database& db, std::int64_t site_id) {
  auto st = db.prepare("SELECT id, kind, active FROM resources WHERE site_id = ? ORDER BY id");
  st.bind(1, site_id);
  std::vector<ResourceState> out;
  while (st.step()) {
    const auto kind = parse_resource_kind(st.text(1));
    if (!kind) continue;
    out.push_back({st.int64(0), *kind, st.int64(2) != 0});
  }
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] One day's sources
//-----------------------------------------------------------------------------

std::vector<DayVisit> visits_of_day(store::Database& db, std::int64_t site_id, const std::string& local_date) {
  // An anonymised visit (store/retention.hpp) counts under its visitor_key: the same distinct members that day.
  auto st = db.cached(
      "SELECT coalesce(member_id, visitor_key), walk_in, check_in, check_out FROM visits "
      "WHERE site_id = ? AND local_date = ?");
  st.bind_all(site_id, local_date);
  std::vector<DayVisit> out;
  while (st.step()) {
    DayVisit v;
    v.member_id = st.optional_int64(0);
    v.walk_in = st.int64(1) != 0;
    v.check_in = parse_iso_utc(st.text(2));
    v.checked_out = !st.is_null(3);
    if (v.checked_out) v.check_out = parse_iso_utc(st.text(3));
    out.push_back(v);
  }
  return out;
}

std::vector<DayBooking> bookings_of_day(store::Database& db, std::int64_t site_id, const std::string& local_date) {
  auto st =
      db.cached("SELECT resource_id, status, start_at, end_at FROM bookings WHERE site_id = ? AND local_date = ?");
  st.bind_all(site_id, local_date);
  std::vector<DayBooking> out;
  while (st.step()) {
    out.push_back(
        {st.int64(0), parse_booking_status(st.text(1)), parse_iso_utc(st.text(2)), parse_iso_utc(st.text(3))});
  }
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] The dashboard's sources
//-----------------------------------------------------------------------------

std::vector<SiteSummary> site_summaries(store::Database& db, std::optional<std::int64_t> site_id) {
  auto st = db.prepare("SELECT id, name, opening_hours FROM sites WHERE (?1 IS NULL OR id = ?1) ORDER BY id");
  st.bind(1, site_id);
  std::vector<SiteSummary> out;
  while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2)});
  return out;
}

void add_member_visits_by_month(store::Database& db, std::int64_t site_id, const std::string& first_month,
                                const std::string& last_month, std::unordered_map<std::int64_t, std::int64_t>& visits) {
  auto st = db.cached("SELECT member_id, visits FROM stats_member_months WHERE site_id = ? AND month BETWEEN ? AND ?");
  st.bind_all(site_id, first_month, last_month);
  while (st.step()) visits[st.int64(0)] += st.int64(1);
}

void add_member_visits_by_year(store::Database& db, std::int64_t site_id, const std::string& first_year,
                               const std::string& last_year, std::unordered_map<std::int64_t, std::int64_t>& visits) {
  auto st = db.cached("SELECT member_id, visits FROM stats_member_years WHERE site_id = ? AND year BETWEEN ? AND ?");
  st.bind_all(site_id, first_year, last_year);
  while (st.step()) visits[st.int64(0)] += st.int64(1);
}

void add_member_visits_by_day(store::Database& db, std::int64_t site_id, const std::string& first,
                              const std::string& last, std::unordered_map<std::int64_t, std::int64_t>& visits) {
  auto st = db.cached(
      "SELECT member_id, COUNT(*) FROM visits WHERE site_id = ? AND local_date BETWEEN ? AND ? "
      "AND member_id IS NOT NULL GROUP BY member_id");
  st.bind_all(site_id, first, last);
  while (st.step()) visits[st.int64(0)] += st.int64(1);
}

std::vector<MemberProfile> member_profiles(store::Database& db) {
  auto st = db.prepare(
      "SELECT m.id, m.site_id, m.home_commune, m.age_bracket, m.roles, m.created_at, f.first_date "
      "FROM members m LEFT JOIN stats_member_first f ON f.member_id = m.id");
  std::vector<MemberProfile> out;
  while (st.step()) {
    out.push_back(
        {st.int64(0), st.int64(1), st.optional_text(2), st.text(3), st.text(4), st.text(5), st.optional_text(6)});
  }
  return out;
}

std::vector<SeenParticipant> seen_participants(store::Database& db, std::int64_t site_id, const std::string& first,
                                               const std::string& last) {
  auto st = db.cached(
      "SELECT a.id, a.collective, a.local_date, p.id, p.member_id, p.first_name, p.phone, p.erased_at "
      "FROM appointments a JOIN participants p ON p.appointment_id = a.id "
      "WHERE a.site_id = ? AND a.local_date BETWEEN ? AND ? AND a.cancelled = 0 AND p.status = 'seen' "
      "AND p.waiting = 0");
  st.bind_all(site_id, first, last);
  std::vector<SeenParticipant> out;
  while (st.step()) {
    out.push_back({st.text(0), st.int64(1) != 0, st.text(2), st.text(3), st.optional_int64(4), st.text(5),
                   st.optional_text(6), !st.is_null(7)});
  }
  return out;
}

std::vector<ActivityFacts> activity_facts(store::Database& db, std::int64_t site_id, const std::string& first,
                                          const std::string& last) {
  auto st = db.cached(
      "SELECT id, appointment_id, collective, local_date, duration_min, themes, age_bracket, home_insee, "
      "anonymous, participants, partners, cheques FROM activities WHERE site_id = ? AND local_date BETWEEN ? AND ?");
  st.bind_all(site_id, first, last);
  std::vector<ActivityFacts> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1), st.int64(2) != 0, st.text(3), st.int64(4), st.text(5), st.text(6),
                   st.optional_text(7).value_or(""), st.int64(8) != 0, st.int64(9), st.text(10), st.int64(11)});
  }
  return out;
}

std::vector<KioskSync> active_kiosk_syncs(store::Database& db, std::int64_t site_id) {
  auto st = db.cached("SELECT name, last_sync_at FROM kiosks WHERE site_id = ? AND revoked_at IS NULL ORDER BY id");
  st.bind(1, site_id);
  std::vector<KioskSync> out;
  while (st.step()) out.push_back({st.text(0), st.optional_text(1)});
  return out;
}

ReadSnapshot::ReadSnapshot(store::Database& db) : db_(db), own_(sqlite3_get_autocommit(db.handle()) != 0) {
  if (own_) db_.exec("BEGIN");
}

ReadSnapshot::~ReadSnapshot() {
  if (!own_) return;
  try {
    db_.exec("COMMIT");
  } catch (...) {  // a read-only transaction has nothing to lose
  }
}

}  // namespace escale::server
