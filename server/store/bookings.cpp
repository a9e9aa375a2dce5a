// Bookings on the server: SQL for the bookings, booking_rules,
// calendar_tokens and audit_log tables. The decisions themselves are the
// shared rules engine's (booking/booking.hpp); this file fetches what a rule
// needs to see, in the same BEGIN IMMEDIATE transaction as the write, so what
// was checked is what is written.
//
// [SECTION] Reading rows
// [SECTION] Rules
// [SECTION] No-shows
// [SECTION] Checking a candidate
// [SECTION] Writes
// [SECTION] Reads
// [SECTION] Calendar tokens, audit log
#include "store/bookings.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "domain/uuid.hpp"
#include "store/changes.hpp"
#include "store/credentials.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "text/log_text.hpp"

namespace escale::server {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Reading rows
//-----------------------------------------------------------------------------

constexpr std::string_view kBookingColumns =
    "b.id, b.site_id, b.resource_id, b.member_id, b.start_at, b.end_at, b.status, b.refusal";

Instant instant_column(const store::Statement& st, int col) {
  // Written by this file with to_iso_utc: always parseable.
  return parse_iso_utc(st.text(col)).value_or(Instant{});
}

Booking read_booking(const store::Statement& st) {
  Booking b;
  b.id = st.text(0);
  b.site_id = st.int64(1);
  b.resource_id = st.int64(2);
  b.member_id = st.int64(3);
  b.start = instant_column(st, 4);
  b.end = instant_column(st, 5);
  b.status = parse_booking_status(st.text(6)).value_or(BookingStatus::Refused);
  if (const auto refusal = st.optional_text(7)) b.refusal = parse_refusal(*refusal);
  return b;
}

std::string booking_sql(std::string_view where) {
  return "SELECT " + std::string(kBookingColumns) + " FROM bookings b " + std::string(where);
}

// Runs a statement to completion, collecting bookings.
std::vector<Booking> collect(store::Statement& st) {
  std::vector<Booking> out;
  while (st.step()) out.push_back(read_booking(st));
  return out;
}

std::optional<Booking> find_booking_in(store::Database& db, std::string_view id) {
  auto st = db.cached(
      "SELECT b.id, b.site_id, b.resource_id, b.member_id, b.start_at, b.end_at, b.status, b.refusal "
      "FROM bookings b WHERE b.id = ?");
  st.bind(1, id);
  std::optional<Booking> out;
  if (st.step()) out = read_booking(st);
  return out;
}

bool member_is_active(store::Database& db, std::int64_t member_id) {
  auto st = db.cached("SELECT active FROM members WHERE id = ?");
  st.bind(1, member_id);
  const bool active = st.step() && st.int64(0) != 0;
  return active;
}

std::optional<std::int64_t> kiosk_site(store::Database& db, std::int64_t kiosk_id) {
  auto st = db.cached("SELECT site_id FROM kiosks WHERE id = ?");
  st.bind(1, kiosk_id);
  std::optional<std::int64_t> out;
  if (st.step()) out = st.int64(0);
  return out;
}

OpeningHours site_hours(store::Database& db, std::int64_t site_id) {
  auto st = db.cached("SELECT opening_hours FROM sites WHERE id = ?");
  st.bind(1, site_id);
  std::string text = st.step() ? st.text(0) : std::string("off");
  st.reset();
  std::string problem;
  if (auto hours = OpeningHours::parse(text, &problem)) return *hours;
  // Sites are validated when written; a bad row means a hand-edited database.
  spdlog::error("site {}: opening hours « {} » unreadable ({}); taken as always closed", site_id, log_text(text),
                problem);
  if (auto closed = OpeningHours::parse("Mo-Su off")) return *closed;
  return OpeningHours{};
}

nlohmann::json booking_detail(const Booking& b) {
  return {{"resource_id", b.resource_id},
          {"member_id", b.member_id},
          {"start", to_iso_utc(b.start)},
          {"end", to_iso_utc(b.end)},
          {"status", to_string(b.status)}};
}

void audit_booking(store::Database& db, const Actor& actor, std::string_view action, const Booking& b,
                   nlohmann::json detail = nullptr) {
  if (!audited(actor)) return;
  if (detail.is_null()) detail = booking_detail(b);
  audit(db, actor, b.site_id, action, "booking:" + b.id,
        detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

//-----------------------------------------------------------------------------
// [SECTION] Rules
//-----------------------------------------------------------------------------

BookingRules rules_for(store::Database& db, std::int64_t site_id, ResourceKind kind) {
  auto st = db.cached(
      "SELECT advance_days, max_duration_min, max_per_day, max_per_week, grace_min, check_in_early_min, "
      "limits_scope FROM booking_rules WHERE site_id = ? AND kind = ?");
  st.bind_all(site_id, resource_kind_name(kind));
  BookingRules r = default_rules(kind);
  if (st.step()) {
    r.advance_days = st.int32(0);
    r.max_duration = std::chrono::minutes(st.int64(1));
    r.max_per_day = st.int32(2);
    r.max_per_week = st.int32(3);
    r.grace = std::chrono::minutes(st.int64(4));
    r.check_in_early = std::chrono::minutes(st.int64(5));
    r.limits_network = st.text(6) == "network";
  }
  return r;
}

// Rules looked up once per (site, kind) for a batch of bookings.
class RulesCache {
 public:
  explicit RulesCache(store::Database& db) : db_(db) {}
  const BookingRules& get(std::int64_t site_id, ResourceKind kind) {
    const auto key = std::make_pair(site_id, kind == ResourceKind::Desk ? 0 : 1);
    auto it = cache_.find(key);
    if (it == cache_.end()) it = cache_.emplace(key, rules_for(db_, site_id, kind)).first;
    return it->second;
  }

 private:
  store::Database& db_;
  std::map<std::pair<std::int64_t, int>, BookingRules> cache_;
};

//-----------------------------------------------------------------------------
// [SECTION] No-shows
//-----------------------------------------------------------------------------

// Confirmed bookings (with their resource's kind) that started before `now`,
// selected by one of the fixed queries below; those past their grace time
// become no-shows. In the caller's transaction.
int release_selected(store::Database& db, store::Statement& st, Instant now, RulesCache& rules) {
  std::vector<Booking> due;
  while (st.step()) {
    Booking b = read_booking(st);
    const auto kind = parse_resource_kind(st.text(8)).value_or(ResourceKind::Desk);
    if (is_no_show(b, rules.get(b.site_id, kind), now)) due.push_back(std::move(b));
  }
  st.reset();
  if (due.empty()) return 0;
  const std::string stamp = to_iso_utc(now);
  for (const auto& b : due) {
    auto update =
        db.cached("UPDATE bookings SET status = 'no_show', updated_at = ? WHERE id = ? AND status = 'confirmed'");
    update.bind_all(stamp, b.id).run();
    update.reset();
    record_change(db, b.site_id, Entity::Booking, b.id);
  }
  return static_cast<int>(due.size());
}

constexpr std::string_view kDueColumns =
    "SELECT b.id, b.site_id, b.resource_id, b.member_id, b.start_at, b.end_at, b.status, b.refusal, r.kind "
    "FROM bookings b JOIN resources r ON r.id = b.resource_id WHERE b.status = 'confirmed' AND b.start_at <= ? ";

// A booking can only be a no-show once it has started: looking from the day
// before `now` onwards is enough for the bookings a write is about to see.
std::string recent_date(Instant now) {
  return paris_date(now - std::chrono::hours(36));
}

int release_for_resource(store::Database& db, std::int64_t resource_id, Instant now, RulesCache& rules) {
  static const std::string sql = std::string(kDueColumns) + "AND b.resource_id = ? AND b.local_date >= ?";
  auto st = db.cached(sql);
  st.bind_all(to_iso_utc(now), resource_id, recent_date(now));
  return release_selected(db, st, now, rules);
}

int release_for_member(store::Database& db, std::int64_t member_id, Instant now, RulesCache& rules) {
  static const std::string sql = std::string(kDueColumns) + "AND b.member_id = ? AND b.local_date >= ?";
  auto st = db.cached(sql);
  st.bind_all(to_iso_utc(now), member_id, recent_date(now));
  return release_selected(db, st, now, rules);
}

//-----------------------------------------------------------------------------
// [SECTION] Checking a candidate
//-----------------------------------------------------------------------------

// What a candidate booking is checked against, read in the write transaction.
struct Check {
  std::optional<Refusal> refusal;
  std::optional<Resource> resource;
};

std::vector<Booking> resource_bookings(store::Database& db, std::int64_t resource_id, const std::string& first_date,
                                       const std::string& last_date) {
  static const std::string sql = booking_sql("WHERE b.resource_id = ? AND b.local_date >= ? AND b.local_date <= ?");
  auto st = db.cached(sql);
  st.bind_all(resource_id, first_date, last_date);
  return collect(st);
}

// The member's bookings of this kind in the ISO week of `day`: at `site_id`,
// or at every site of the network when `site_id` is nullopt (a site whose
// limits count the network's bookings, issue 17).
std::vector<Booking> member_week_bookings(store::Database& db, std::int64_t member_id,
                                          std::optional<std::int64_t> site_id, ResourceKind kind,
                                          const CivilDate& day) {
  const CivilDate monday = add_days(day, 1 - iso_weekday(day));
  const CivilDate sunday = add_days(monday, 6);
  static const std::string sql = booking_sql(
      "JOIN resources r ON r.id = b.resource_id WHERE b.member_id = ?1 AND (?2 IS NULL OR b.site_id = ?2) "
      "AND r.kind = ?3 AND b.local_date >= ?4 AND b.local_date <= ?5");
  auto st = db.cached(sql);
  st.bind_all(member_id, site_id, resource_kind_name(kind), to_iso_date(monday), to_iso_date(sunday));
  return collect(st);
}

// Releases the no-shows the candidate would see, then runs the shared rules.
// `candidate.site_id` is set from its resource.
Check check_candidate(store::Database& db, Booking& candidate, Instant now) {
  Check out;
  const auto rec = find_resource_record(db, candidate.resource_id);
  if (!rec || !rec->active || (candidate.site_id != 0 && rec->resource.site_id != candidate.site_id)) {
    out.refusal = Refusal::UnknownResource;
    return out;
  }
  out.resource = rec->resource;
  candidate.site_id = rec->resource.site_id;
  if (!member_is_active(db, candidate.member_id)) {
    out.refusal = Refusal::UnknownMember;
    return out;
  }
  if (!member_may_use_site(db, candidate.member_id, candidate.site_id)) {
    out.refusal = Refusal::SiteNotAllowed;
    return out;
  }
  RulesCache cache(db);
  release_for_resource(db, candidate.resource_id, now, cache);
  release_for_member(db, candidate.member_id, now, cache);
  const BookingRules& rules = cache.get(candidate.site_id, rec->resource.kind);
  const OpeningHours hours = site_hours(db, candidate.site_id);
  const CivilDate day = paris_civil_date(candidate.start);
  // The candidate's day, and its end's when it runs over (refused by the rules, but seen).
  const std::string first = to_iso_date(day);
  const std::string last =
      candidate.end > candidate.start ? paris_date(candidate.end - std::chrono::milliseconds(1)) : first;
  const auto on_resource = resource_bookings(db, candidate.resource_id, first, std::max(first, last));
  const auto of_member = member_week_bookings(
      db, candidate.member_id, rules.limits_network ? std::nullopt : std::optional<std::int64_t>(candidate.site_id),
      rec->resource.kind, day);
  const RuleContext ctx{*out.resource, hours, rules, now, on_resource, of_member};
  out.refusal = check_booking(candidate, ctx);
  return out;
}

void insert_booking(store::Database& db, const Booking& b, const Actor& actor, Instant now) {
  const std::string stamp = to_iso_utc(now);
  auto st = db.cached(
      "INSERT INTO bookings (id, site_id, resource_id, member_id, start_at, end_at, local_date, status, refusal, "
      "kiosk_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::optional<std::string> refusal;
  if (b.refusal) refusal = std::string(to_string(*b.refusal));
  st.bind_all(b.id, b.site_id, b.resource_id, b.member_id, to_iso_utc(b.start), to_iso_utc(b.end), paris_date(b.start),
              to_string(b.status), refusal, actor.kiosk_id, stamp, stamp);
  st.run();
}

// The overlap trigger's message, should a write get past the checks.
bool is_overlap_error(const store::StoreError& e) {
  return e.is_constraint() && std::string_view(e.what()).find("booking overlap") != std::string_view::npos;
}

// Normalises a request into a candidate: an id (made when missing), confirmed.
Booking candidate_from(const Booking& request) {
  Booking c = request;
  if (c.id.empty()) c.id = make_uuid_v4();
  c.status = BookingStatus::Confirmed;
  c.refusal.reset();
  return c;
}

BookingOutcome refused(Refusal r) {
  BookingOutcome out;
  out.refusal = r;
  return out;
}

BookingOutcome existing(const Booking& stored) {
  BookingOutcome out;
  out.booking = stored;
  if (stored.status == BookingStatus::Refused) out.refusal = stored.refusal.value_or(Refusal::InvalidTimes);
  return out;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Rules (public)
//-----------------------------------------------------------------------------

sync::SiteRules site_rules(store::Database& db, std::int64_t site_id) {
  sync::SiteRules out;
  out.desk = rules_for(db, site_id, ResourceKind::Desk);
  out.visio_room = rules_for(db, site_id, ResourceKind::VisioRoom);
  return out;
}

void set_site_rules(store::Database& db, std::int64_t site_id, ResourceKind kind, const BookingRules& r) {
  store::Transaction tx(db);
  db.prepare(
        "INSERT INTO booking_rules (site_id, kind, advance_days, max_duration_min, max_per_day, max_per_week, "
        "grace_min, check_in_early_min, limits_scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (site_id, kind) DO UPDATE SET advance_days = excluded.advance_days, "
        "max_duration_min = excluded.max_duration_min, max_per_day = excluded.max_per_day, "
        "max_per_week = excluded.max_per_week, grace_min = excluded.grace_min, "
        "check_in_early_min = excluded.check_in_early_min, limits_scope = excluded.limits_scope")
      .bind_all(site_id, resource_kind_name(kind), r.advance_days, static_cast<std::int64_t>(r.max_duration.count()),
                r.max_per_day, r.max_per_week, static_cast<std::int64_t>(r.grace.count()),
                static_cast<std::int64_t>(r.check_in_early.count()), r.limits_network ? "network" : "site")
      .run();
  // Rules travel with the site in the sync protocol.
  record_change(db, site_id, Entity::Site, std::to_string(site_id));
  tx.commit();
}

std::optional<Resource> find_resource(store::Database& db, std::int64_t resource_id) {
  auto rec = find_resource_record(db, resource_id);
  if (!rec) return std::nullopt;
  return rec->resource;
}

//-----------------------------------------------------------------------------
// [SECTION] Writes
//-----------------------------------------------------------------------------

BookingOutcome create_booking(store::Database& db, const Booking& request, const Actor& actor, Instant now) {
  Booking candidate = candidate_from(request);
  store::Transaction tx(db);
  if (auto stored = find_booking_in(db, candidate.id)) return existing(*stored);
  const Check check = check_candidate(db, candidate, now);
  if (check.refusal) return refused(*check.refusal);
  try {
    insert_booking(db, candidate, actor, now);
  } catch (const store::StoreError& e) {
    if (is_overlap_error(e)) return refused(Refusal::Overlap);
    throw;
  }
  record_change(db, candidate.site_id, Entity::Booking, candidate.id);
  audit_booking(db, actor, "booking.create", candidate);
  tx.commit();
  BookingOutcome out;
  out.booking = candidate;
  out.created = true;
  return out;
}

Booking create_or_refuse_booking(store::Database& db, const Booking& request, const Actor& actor, Instant now) {
  Booking candidate = candidate_from(request);
  store::Transaction tx(db);
  if (auto stored = find_booking_in(db, candidate.id)) return *stored;
  const Check check = check_candidate(db, candidate, now);
  std::optional<Refusal> refusal = check.refusal;
  if (!refusal) {
    try {
      insert_booking(db, candidate, actor, now);
    } catch (const store::StoreError& e) {
      if (!is_overlap_error(e)) throw;
      refusal = Refusal::Overlap;
    }
  }
  if (refusal) {
    candidate.status = BookingStatus::Refused;
    candidate.refusal = refusal;
    // A refusal that names no stored resource or member, or has no duration,
    // cannot be a row (foreign keys, CHECK end > start): it is returned only.
    const bool storable =
        *refusal != Refusal::UnknownResource && *refusal != Refusal::UnknownMember && candidate.end > candidate.start;
    if (!storable) return candidate;
    insert_booking(db, candidate, actor, now);
  }
  record_change(db, candidate.site_id, Entity::Booking, candidate.id);
  audit_booking(db, actor, refusal ? "booking.refuse" : "booking.create", candidate);
  tx.commit();
  return candidate;
}

BookingOutcome cancel_booking(store::Database& db, const std::string& booking_id, const Actor& actor, Instant now) {
  store::Transaction tx(db);
  auto b = find_booking_in(db, booking_id);
  if (!b) return refused(Refusal::UnknownBooking);
  // Cancelling twice (a retried request) answers the same.
  if (b->status == BookingStatus::Cancelled) return existing(*b);
  if (auto r = check_cancel(*b, now)) return refused(*r);
  auto st = db.cached("UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ?");
  st.bind_all(to_iso_utc(now), b->id).run();
  st.reset();
  b->status = BookingStatus::Cancelled;
  record_change(db, b->site_id, Entity::Booking, b->id);
  audit_booking(db, actor, "booking.cancel", *b);
  tx.commit();
  BookingOutcome out;
  out.booking = *b;
  return out;
}

BookingOutcome move_booking(store::Database& db, const std::string& booking_id, std::int64_t resource_id, Instant start,
                            Instant end, const Actor& actor, Instant now) {
  store::Transaction tx(db);
  auto b = find_booking_in(db, booking_id);
  if (!b) return refused(Refusal::UnknownBooking);
  // Only a booking that could be cancelled may be moved (it holds, it has not begun).
  if (auto r = check_cancel(*b, now)) return refused(*r);
  Booking candidate = *b;
  candidate.resource_id = resource_id;
  candidate.start = start;
  candidate.end = end;
  const Check check = check_candidate(db, candidate, now);  // keeps the site: no move to another site
  if (check.refusal) return refused(*check.refusal);
  auto st = db.cached(
      "UPDATE bookings SET resource_id = ?, start_at = ?, end_at = ?, local_date = ?, updated_at = ? WHERE id = ?");
  try {
    st.bind_all(resource_id, to_iso_utc(start), to_iso_utc(end), paris_date(start), to_iso_utc(now), b->id).run();
  } catch (const store::StoreError& e) {
    if (is_overlap_error(e)) return refused(Refusal::Overlap);
    throw;
  }
  st.reset();
  record_change(db, candidate.site_id, Entity::Booking, candidate.id);
  nlohmann::json detail = booking_detail(candidate);
  detail["from"] = {{"resource_id", b->resource_id}, {"start", to_iso_utc(b->start)}, {"end", to_iso_utc(b->end)}};
  audit_booking(db, actor, "booking.move", candidate, std::move(detail));
  tx.commit();
  BookingOutcome out;
  out.booking = candidate;
  return out;
}

std::optional<Booking> check_in_booking(store::Database& db, std::int64_t member_id,
                                        const std::optional<std::string>& booking_id, Instant at, const Actor& actor) {
  store::Transaction tx(db);
  // At a kiosk: only the bookings of its site (0: any site).
  const std::int64_t site = actor.kiosk_id ? kiosk_site(db, *actor.kiosk_id).value_or(0) : 0;
  std::optional<Booking> chosen;
  if (booking_id) {
    auto b = find_booking_in(db, *booking_id);
    if (!b || b->member_id != member_id || (site != 0 && b->site_id != site)) return std::nullopt;
    if (b->status == BookingStatus::CheckedIn) return b;
    if (b->status == BookingStatus::NoShow) {
      // Released, but the member came: theirs again if nobody took the place.
      auto taken = db.cached(
          "SELECT 1 FROM bookings WHERE resource_id = ? AND id <> ? AND status IN ('confirmed', 'checked_in') "
          "AND start_at < ? AND ? < end_at");
      taken.bind_all(b->resource_id, b->id, to_iso_utc(b->end), to_iso_utc(b->start));
      const bool is_taken = taken.step();
      taken.reset();
      if (is_taken) return std::nullopt;
    } else if (b->status != BookingStatus::Confirmed) {
      return std::nullopt;
    }
    chosen = b;
  } else {
    // The member's bookings around `at`, grouped by the rules that apply to them.
    auto st = db.cached(
        "SELECT b.id, b.site_id, b.resource_id, b.member_id, b.start_at, b.end_at, b.status, b.refusal, r.kind "
        "FROM bookings b JOIN resources r ON r.id = b.resource_id "
        "WHERE b.member_id = ? AND b.local_date >= ? AND b.local_date <= ? ORDER BY b.start_at");
    st.bind_all(member_id, paris_date(at - std::chrono::hours(24)), paris_date(at + std::chrono::hours(24)));
    std::map<std::pair<std::int64_t, ResourceKind>, std::vector<Booking>> groups;
    while (st.step()) {
      Booking b = read_booking(st);
      if (site != 0 && b.site_id != site) continue;
      const auto kind = parse_resource_kind(st.text(8)).value_or(ResourceKind::Desk);
      groups[{b.site_id, kind}].push_back(std::move(b));
    }
    st.reset();
    RulesCache cache(db);
    for (const auto& [key, list] : groups) {
      const auto index = booking_to_check_in(list, cache.get(key.first, key.second), at);
      if (index && (!chosen || list[*index].start < chosen->start)) chosen = list[*index];
    }
    if (!chosen) return std::nullopt;
  }
  auto st = db.cached("UPDATE bookings SET status = 'checked_in', checked_in_at = ?, updated_at = ? WHERE id = ?");
  try {
    st.bind_all(to_iso_utc(at), to_iso_utc(now()), chosen->id).run();
  } catch (const store::StoreError& e) {
    if (is_overlap_error(e)) return std::nullopt;
    throw;
  }
  st.reset();
  chosen->status = BookingStatus::CheckedIn;
  record_change(db, chosen->site_id, Entity::Booking, chosen->id);
  audit_booking(db, actor, "booking.check_in", *chosen);
  tx.commit();
  return chosen;
}

int release_no_shows(store::Database& db, Instant now) {
  // Per site, over the last month (the index on site and date): a booking
  // still confirmed a month after its day is left as it is.
  std::vector<std::int64_t> sites;
  {
    auto st = db.prepare("SELECT id FROM sites ORDER BY id");
    while (st.step()) sites.push_back(st.int64(0));
  }
  const std::string since = paris_date(now - std::chrono::hours(24 * 31));
  int released = 0;
  store::Transaction tx(db);
  RulesCache cache(db);
  for (const auto site : sites) {
    static const std::string sql = std::string(kDueColumns) + "AND b.site_id = ? AND b.local_date >= ?";
    auto st = db.cached(sql);
    st.bind_all(to_iso_utc(now), site, since);
    released += release_selected(db, st, now, cache);
  }
  tx.commit();
  return released;
}

//-----------------------------------------------------------------------------
// [SECTION] Reads
//-----------------------------------------------------------------------------

std::optional<Booking> find_booking(store::Database& db, const std::string& id) {
  return find_booking_in(db, id);
}

std::vector<ConfirmedStart> confirmed_bookings_by_member(store::Database& db, std::int64_t site_id,
                                                         const std::string& from, const std::string& to) {
  auto st = db.cached(
      "SELECT member_id, start_at, id FROM bookings WHERE site_id = ? AND local_date >= ? AND local_date <= ? "
      "AND status = 'confirmed' ORDER BY member_id");
  st.bind_all(site_id, from, to);
  std::vector<ConfirmedStart> out;
  while (st.step()) {
    if (const auto start = parse_iso_utc(st.text(1))) out.push_back({st.int64(0), *start, st.text(2)});
  }
  return out;
}

std::optional<Instant> booking_updated_at(store::Database& db, const std::string& id) {
  auto st = db.cached("SELECT updated_at FROM bookings WHERE id = ?");
  st.bind(1, id);
  std::optional<Instant> t;
  if (st.step()) t = parse_iso_utc(st.text(0));
  return t;
}

std::vector<Booking> list_bookings(store::Database& db, const BookingQuery& q) {
  // Fixed SQL fragments only; every value is bound, in this order.
  std::string sql = "WHERE 1 = 1";
  if (q.site_id) sql += " AND b.site_id = ?";
  if (q.resource_id) sql += " AND b.resource_id = ?";
  if (q.member_id) sql += " AND b.member_id = ?";
  if (q.from_date) sql += " AND b.local_date >= ?";
  if (q.to_date) sql += " AND b.local_date <= ?";
  if (q.holding_only) sql += " AND b.status IN ('confirmed', 'checked_in')";
  sql += " ORDER BY b.start_at, b.resource_id, b.id";
  // At most 64 texts (the fragments above): each kept by the connection.
  auto st = db.cached(booking_sql(sql));
  int i = 0;
  if (q.site_id) st.bind(++i, *q.site_id);
  if (q.resource_id) st.bind(++i, *q.resource_id);
  if (q.member_id) st.bind(++i, *q.member_id);
  if (q.from_date) st.bind(++i, *q.from_date);
  if (q.to_date) st.bind(++i, *q.to_date);
  std::vector<Booking> out;
  while (st.step()) out.push_back(read_booking(st));
  return out;
}

std::vector<DayGrid> site_availability(store::Database& db, std::int64_t site_id, const CivilDate& first, int days,
                                       Instant now, std::optional<std::int64_t> for_member) {
  std::vector<DayGrid> out;
  if (days < 1) return out;
  const auto resources = list_resources(db, site_id);
  const OpeningHours hours = site_hours(db, site_id);
  const auto rules = site_rules(db, site_id);
  const CivilDate last = add_days(first, days - 1);
  // Bookings bucketed by their Paris day (each lies on one day).
  std::map<std::string, std::vector<Booking>> by_day;
  {
    auto st =
        db.prepare(booking_sql("WHERE b.site_id = ? AND b.local_date >= ? AND b.local_date <= ? "
                               "AND b.status IN ('confirmed', 'checked_in')"));
    st.bind_all(site_id, to_iso_date(first), to_iso_date(last));
    while (st.step()) {
      Booking b = read_booking(st);
      by_day[paris_date(b.start)].push_back(std::move(b));
    }
  }
  out.reserve(static_cast<std::size_t>(days));
  static const std::vector<Booking> kNone;
  for (int d = 0; d < days; ++d) {
    const CivilDate day = add_days(first, d);
    const auto it = by_day.find(to_iso_date(day));
    const auto& bookings = it == by_day.end() ? kNone : it->second;
    out.push_back(availability(resources, hours, bookings, day, now, for_member, rules.desk, rules.visio_room));
  }
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Calendar tokens, audit log
//-----------------------------------------------------------------------------

std::string issue_calendar_token(store::Database& db, std::int64_t member_id, Instant now) {
  const std::string token = make_token("cal_");
  store::Transaction tx(db);
  db.prepare(
        "INSERT INTO calendar_tokens (member_id, token_hash, token, created_at) VALUES (?, ?, NULL, ?) "
        "ON CONFLICT (member_id) DO UPDATE SET token_hash = excluded.token_hash, token = NULL, "
        "created_at = excluded.created_at")
      .bind_all(member_id, hash_token(token), to_iso_utc(now))
      .run();
  tx.commit();
  return token;
}

bool has_calendar_token(store::Database& db, std::int64_t member_id) {
  auto st = db.cached("SELECT 1 FROM calendar_tokens WHERE member_id = ?");
  st.bind(1, member_id);
  return st.step();
}

std::optional<std::int64_t> member_for_calendar_token(store::Database& db, std::string_view token) {
  if (!is_token_shaped(token, "cal_")) return std::nullopt;
  auto st = db.cached("SELECT member_id FROM calendar_tokens WHERE token_hash = ?");
  st.bind(1, hash_token(token));
  std::optional<std::int64_t> out;
  if (st.step()) out = st.int64(0);
  return out;
}

void hash_calendar_tokens(store::Database& db) {
  std::vector<std::pair<std::int64_t, std::string>> plain;
  {
    auto st = db.prepare("SELECT member_id, token FROM calendar_tokens WHERE token IS NOT NULL");
    while (st.step()) plain.emplace_back(st.int64(0), st.text(1));
  }
  if (plain.empty()) return;
  store::Transaction tx(db);
  for (const auto& [member, token] : plain) {
    db.prepare("UPDATE calendar_tokens SET token_hash = ?, token = NULL WHERE member_id = ?")
        .bind_all(hash_token(token), member)
        .run();
  }
  tx.commit();
  spdlog::info("calendar feeds: {} address(es) now stored hashed (they keep working)", plain.size());
}

bool audited(const Actor& actor) {
  return actor.member_id.has_value() || actor.api_client_id.has_value() || actor.web_user_id.has_value();
}

void audit(store::Database& db, const Actor& actor, std::optional<std::int64_t> site_id, std::string_view action,
           std::string_view subject, std::string_view detail_json) {
  if (!audited(actor)) return;
  auto st = db.cached(
      "INSERT INTO audit_log (at, site_id, actor_member_id, kiosk_id, api_client_id, web_user_id, action, subject, "
      "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind_all(to_iso_utc(now()), site_id, actor.member_id, actor.kiosk_id, actor.api_client_id, actor.web_user_id,
              action, subject, detail_json);
  st.run();
}

}  // namespace escale::server
