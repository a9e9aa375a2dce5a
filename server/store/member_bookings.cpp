// A member's bookings from « Mon espace »: one day, or a weekly series (see member_bookings.hpp).
#include "store/member_bookings.hpp"

#include <algorithm>
#include <array>

#include "domain/uuid.hpp"
#include "mediation/agenda.hpp"  // normalise_phone
#include "store/credentials.hpp"
#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/messages.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "time/iso_date.hpp"
#include "time/public_holidays.hpp"

namespace escale::server {
namespace {

constexpr std::array<std::pair<BookingPart, std::string_view>, 4> kParts{{{BookingPart::Morning, "morning"},
                                                                          {BookingPart::Afternoon, "afternoon"},
                                                                          {BookingPart::Day, "day"},
                                                                          {BookingPart::Times, "times"}}};

OpeningHours hours_of(store::Database& db, std::int64_t site_id) {
  const auto site = find_site(db, site_id);
  if (!site) return {};
  return OpeningHours::parse(site->opening_hours).value_or(OpeningHours{});
}

int advance_days(store::Database& db, std::int64_t site_id, ResourceKind kind) {
  const auto rules = site_rules(db, site_id);
  return kind == ResourceKind::Desk ? rules.desk.advance_days : rules.visio_room.advance_days;
}

std::string_view kind_text(ResourceKind k) {
  return k == ResourceKind::Desk ? "desk" : "visio";
}

void link_to_series(store::Database& db, const std::string& booking_id, std::int64_t series_id) {
  db.cached("UPDATE bookings SET series_id = ? WHERE id = ?").bind_all(series_id, booking_id).run();
}

}  // namespace

std::string_view to_string(BookingPart p) {
  for (const auto& [part, name] : kParts)
    if (part == p) return name;
  return "day";
}

std::optional<BookingPart> parse_booking_part(std::string_view s) {
  for (const auto& [part, name] : kParts)
    if (name == s) return part;
  return std::nullopt;
}

std::optional<std::pair<Instant, Instant>> wish_interval(const OpeningHours& hours, const BookingWish& wish,
                                                         const CivilDate& day) {
  if (wish.part == BookingPart::Times) {
    if (opening_intervals(hours, day).empty()) return std::nullopt;
    if (wish.start_minute < 0 || wish.end_minute <= wish.start_minute || wish.end_minute > 24 * 60) return std::nullopt;
    return std::make_pair(from_paris(day.year, day.month, day.day, wish.start_minute / 60, wish.start_minute % 60),
                          from_paris(day.year, day.month, day.day, wish.end_minute / 60, wish.end_minute % 60));
  }
  const auto wanted = wish.part == BookingPart::Morning     ? DayPartKind::Morning
                      : wish.part == BookingPart::Afternoon ? DayPartKind::Afternoon
                                                            : DayPartKind::Day;
  for (const auto& p : day_parts(hours, day))
    if (p.kind == wanted) return std::make_pair(p.start, p.end);
  return std::nullopt;
}

std::vector<std::int64_t> free_resources(const DayGrid& grid, const std::vector<Resource>& resources, Instant start,
                                         Instant end) {
  std::vector<std::int64_t> out;
  for (const auto& r : resources) {
    const auto row = std::find(grid.resource_ids.begin(), grid.resource_ids.end(), r.id);
    if (row != grid.resource_ids.end() &&
        grid.all_free(static_cast<std::size_t>(row - grid.resource_ids.begin()), start, end))
      out.push_back(r.id);
  }
  return out;
}

DayOutcome book_wish(store::Database& db, const BookingWish& wish, const CivilDate& day, const Actor& actor,
                     Instant now) {
  DayOutcome out;
  out.day = day;
  const auto interval = wish_interval(hours_of(db, wish.site_id), wish, day);
  if (!interval) {
    out.closed = true;
    out.holiday = is_french_public_holiday(day);
    return out;
  }
  if (!member_may_use_site(db, wish.member_id, wish.site_id)) {
    out.refusal = Refusal::SiteNotAllowed;
    return out;
  }
  std::vector<Resource> resources;
  for (auto& r : list_resources(db, wish.site_id))
    if (r.kind == wish.kind) resources.push_back(std::move(r));
  if (resources.empty()) {
    out.refusal = Refusal::UnknownResource;
    return out;
  }
  // The resources free for the whole interval, in the site's order; when none is, the first one
  // (its refusal says why: taken, the member's limit, too far ahead…).
  const auto grid = site_availability(db, wish.site_id, day, 1, now).at(0);
  std::vector<const Resource*> candidates;
  for (const auto id : free_resources(grid, resources, interval->first, interval->second)) {
    candidates.push_back(
        &*std::find_if(resources.begin(), resources.end(), [&](const Resource& r) { return r.id == id; }));
  }
  if (candidates.empty()) candidates.push_back(&resources.front());
  for (const auto* r : candidates) {
    Booking b;
    b.id = make_uuid_v4();
    b.site_id = wish.site_id;
    b.resource_id = r->id;
    b.member_id = wish.member_id;
    b.start = interval->first;
    b.end = interval->second;
    store::Transaction tx(db);
    const auto outcome = create_booking(db, b, actor, now);
    if (outcome.ok()) {
      queue_booking_notices(db, *outcome.booking, now);
      tx.commit();
      out.booking = outcome.booking;
      out.refusal.reset();
      out.resource_name = r->name;
      return out;
    }
    out.refusal = outcome.refusal;
    // Taken since the grid was read (a kiosk, another phone): the next free one. Any other reason
    // (the member's limit, the rules) holds for every resource.
    if (outcome.refusal != Refusal::Overlap) break;
  }
  return out;
}

Result<SeriesOutcome> create_series(store::Database& db, const BookingWish& wish, const CivilDate& first,
                                    const CivilDate& until, const Actor& actor, Instant now) {
  if (until < first) return Error{"La date de fin est avant le premier jour : choisissez une date après."};
  int weeks = 0;
  for (auto d = first; d <= until; d = add_days(d, 7)) ++weeks;
  if (weeks > kMaxSeriesWeeks) {
    return Error{"Une réservation répétée dure au plus un an : choisissez une date de fin plus proche."};
  }
  if (!member_may_use_site(db, wish.member_id, wish.site_id)) {
    return Error{"Votre adhésion ne comprend pas ce lieu : choisissez un autre lieu."};
  }
  const auto today = paris_civil_date(now);
  const auto window_end = add_days(today, advance_days(db, wish.site_id, wish.kind));
  SeriesOutcome out;
  store::Transaction tx(db);
  db.cached(
        "INSERT INTO booking_series (member_id, site_id, kind, part, start_minute, end_minute, first_date, "
        "until_date, handled_through, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(wish.member_id, wish.site_id, kind_text(wish.kind), to_string(wish.part),
                wish.part == BookingPart::Times ? std::optional<int>(wish.start_minute) : std::nullopt,
                wish.part == BookingPart::Times ? std::optional<int>(wish.end_minute) : std::nullopt,
                to_iso_date(first), to_iso_date(until), to_iso_date(add_days(first, -1)), to_iso_utc(now))
      .run();
  out.series_id = db.last_insert_rowid();
  CivilDate handled = add_days(first, -1);
  for (auto d = first; d <= until; d = add_days(d, 7)) {
    if (d > window_end) {
      DayOutcome later;
      later.day = d;
      const auto interval = wish_interval(hours_of(db, wish.site_id), wish, d);
      later.closed = !interval;
      later.holiday = later.closed && is_french_public_holiday(d);
      if (!later.closed) later.later = add_days(d, -advance_days(db, wish.site_id, wish.kind));
      out.days.push_back(later);
      continue;
    }
    auto day = book_wish(db, wish, d, actor, now);
    if (day.booking) link_to_series(db, day.booking->id, out.series_id);
    out.days.push_back(std::move(day));
    handled = d;
  }
  db.cached("UPDATE booking_series SET handled_through = ? WHERE id = ?")
      .bind_all(to_iso_date(handled), out.series_id)
      .run();
  tx.commit();
  return out;
}

std::vector<SeriesDay> book_due_series(store::Database& db, Instant now) {
  std::vector<SeriesRow> open;
  std::vector<CivilDate> handled;
  {
    auto st = db.cached(
        "SELECT id, member_id, site_id, kind, part, coalesce(start_minute, 0), coalesce(end_minute, 0), first_date, "
        "until_date, handled_through FROM booking_series WHERE cancelled_at IS NULL AND handled_through < until_date");
    while (st.step()) {
      SeriesRow r;
      r.id = st.int64(0);
      r.wish.member_id = st.int64(1);
      r.wish.site_id = st.int64(2);
      r.wish.kind = st.text(3) == "desk" ? ResourceKind::Desk : ResourceKind::VisioRoom;
      r.wish.part = parse_booking_part(st.text(4)).value_or(BookingPart::Day);
      r.wish.start_minute = st.int32(5);
      r.wish.end_minute = st.int32(6);
      const auto first = parse_iso_date(st.text(7));
      const auto until = parse_iso_date(st.text(8));
      const auto through = parse_iso_date(st.text(9));
      if (!first || !until || !through) continue;
      r.first = *first;
      r.until = *until;
      open.push_back(r);
      handled.push_back(*through);
    }
  }
  std::vector<SeriesDay> out;
  const auto today = paris_civil_date(now);
  for (std::size_t i = 0; i < open.size(); ++i) {
    const auto& s = open[i];
    const auto window_end = std::min(s.until, add_days(today, advance_days(db, s.wish.site_id, s.wish.kind)));
    auto next = s.first;
    while (next <= handled[i]) next = add_days(next, 7);
    if (next > window_end) continue;
    store::Transaction tx(db);
    CivilDate through = handled[i];
    for (auto d = next; d <= window_end; d = add_days(d, 7)) {
      auto day = d < today ? DayOutcome{d, std::nullopt, Refusal::InThePast, false, false, std::nullopt, {}}
                           : book_wish(db, s.wish, d, Actor{}, now);
      if (day.booking) link_to_series(db, day.booking->id, s.id);
      if (day.refusal && *day.refusal != Refusal::InThePast)
        queue_refusal_notice(db, s.wish.member_id, s.id, d, *day.refusal, now);
      out.push_back({s.id, s.wish.member_id, std::move(day)});
      through = d;
    }
    db.cached("UPDATE booking_series SET handled_through = ? WHERE id = ?").bind_all(to_iso_date(through), s.id).run();
    tx.commit();
  }
  return out;
}

std::optional<std::pair<std::int64_t, ResourceKind>> series_place(store::Database& db, std::int64_t series_id) {
  auto st = db.cached("SELECT site_id, kind FROM booking_series WHERE id = ?");
  st.bind_all(series_id);
  if (!st.step()) return std::nullopt;
  return std::make_pair(st.int64(0), st.text(1) == "desk" ? ResourceKind::Desk : ResourceKind::VisioRoom);
}

std::vector<SeriesRow> member_series(store::Database& db, std::int64_t member_id, Instant now) {
  std::vector<SeriesRow> out;
  auto st = db.cached(
      "SELECT id, site_id, kind, part, coalesce(start_minute, 0), coalesce(end_minute, 0), first_date, until_date "
      "FROM booking_series WHERE member_id = ? AND cancelled_at IS NULL AND until_date >= ? ORDER BY id");
  st.bind_all(member_id, to_iso_date(paris_civil_date(now)));
  while (st.step()) {
    SeriesRow r;
    r.id = st.int64(0);
    r.wish.member_id = member_id;
    r.wish.site_id = st.int64(1);
    r.wish.kind = st.text(2) == "desk" ? ResourceKind::Desk : ResourceKind::VisioRoom;
    r.wish.part = parse_booking_part(st.text(3)).value_or(BookingPart::Day);
    r.wish.start_minute = st.int32(4);
    r.wish.end_minute = st.int32(5);
    const auto first = parse_iso_date(st.text(6));
    const auto until = parse_iso_date(st.text(7));
    if (!first || !until) continue;
    r.first = *first;
    r.until = *until;
    out.push_back(r);
  }
  return out;
}

bool cancel_series(store::Database& db, std::int64_t member_id, std::int64_t series_id, Instant now) {
  std::vector<std::string> to_cancel;
  {
    store::Transaction tx(db);
    db.cached("UPDATE booking_series SET cancelled_at = ? WHERE id = ? AND member_id = ? AND cancelled_at IS NULL")
        .bind_all(to_iso_utc(now), series_id, member_id)
        .run();
    if (db.changes() == 0) return false;
    auto st = db.cached(
        "SELECT id FROM bookings WHERE series_id = ? AND status = 'confirmed' AND start_at > ? ORDER BY start_at");
    st.bind_all(series_id, to_iso_utc(now));
    while (st.step()) to_cancel.push_back(st.text(0));
    st.reset();
    for (const auto& id : to_cancel) cancel_booking(db, id, Actor{}, now);
    tx.commit();
  }
  return true;
}

namespace {

constexpr std::string_view kBookingLinkPrefix = "erl_";

// Where the member's messages go, or nullopt (no messages, or no contact for the channel chosen).
std::optional<std::pair<std::string, std::string>> recipient_of(store::Database& db, std::int64_t member_id,
                                                                const MemberPreferences& prefs) {
  const auto m = find_member(db, member_id);
  if (!m) return std::nullopt;
  if (prefs.channel == NotifyChannel::Email && m->email) return std::make_pair(std::string("email"), *m->email);
  if (prefs.channel == NotifyChannel::Sms && m->phone) {
    if (auto phone = mediation::normalise_phone(*m->phone)) return std::make_pair(std::string("sms"), *phone);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> message_recipient(store::Database& db, std::int64_t member_id) {
  return recipient_of(db, member_id, member_preferences(db, member_id));
}

Instant reminder_time(Instant start) {
  const auto day = add_days(paris_civil_date(start), -1);
  return from_paris(day.year, day.month, day.day, 18, 0);
}

void queue_booking_notices(store::Database& db, const Booking& b, Instant now) {
  const auto prefs = member_preferences(db, b.member_id);
  const auto to = recipient_of(db, b.member_id, prefs);
  if (!to) return;
  NewMessage m;
  m.member_id = b.member_id;
  m.subject = b.id;
  m.channel = to->first;
  m.recipient = to->second;
  m.give_up_at = b.start;
  if (prefs.confirmations) {
    m.kind = MessageKind::BookingConfirmed;
    queue_message(db, m, now);
  }
  if (prefs.reminders && reminder_time(b.start) > now) {
    m.kind = MessageKind::BookingReminder;
    m.due = reminder_time(b.start);
    queue_message(db, m, now);
  }
}

BookingOutcome move_member_booking(store::Database& db, const std::string& booking_id,
                                   const std::vector<std::int64_t>& resources, Instant start, Instant end,
                                   const Actor& actor, Instant now) {
  BookingOutcome outcome;
  outcome.refusal = Refusal::Overlap;
  store::Transaction tx(db);
  for (const auto id : resources) {
    outcome = move_booking(db, booking_id, id, start, end, actor, now);
    if (outcome.ok() || outcome.refusal != Refusal::Overlap) break;
  }
  if (!outcome.ok()) return outcome;
  follow_moved_booking(db, *outcome.booking, now);
  tx.commit();
  return outcome;
}

void follow_moved_booking(store::Database& db, const Booking& b, Instant now) {
  const auto reminder = to_string(MessageKind::BookingReminder);
  if (reminder_time(b.start) > now) {
    db.cached(
          "UPDATE messages SET next_attempt_at = ?, give_up_at = ? WHERE kind = ? AND subject = ? AND state = "
          "'pending'")
        .bind_all(to_iso_utc(reminder_time(b.start)), to_iso_utc(b.start), reminder, b.id)
        .run();
    return;
  }
  db.cached(
        "UPDATE messages SET state = 'failed', last_error = 'réservation déplacée : sa veille est passée' "
        "WHERE kind = ? AND subject = ? AND state = 'pending'")
      .bind_all(reminder, b.id)
      .run();
}

void queue_refusal_notice(store::Database& db, std::int64_t member_id, std::int64_t series_id, const CivilDate& day,
                          Refusal refusal, Instant now) {
  const auto prefs = member_preferences(db, member_id);
  const auto to = recipient_of(db, member_id, prefs);
  if (!to) return;  // a refusal is told whatever the choice of confirmations: the member counted on that day
  NewMessage m;
  m.kind = MessageKind::BookingRefused;
  m.member_id = member_id;
  m.subject = std::to_string(series_id) + "|" + to_iso_date(day) + "|" + std::string(to_string(refusal));
  m.channel = to->first;
  m.recipient = to->second;
  m.give_up_at = from_paris(day.year, day.month, day.day, 12, 0);
  queue_message(db, m, now);
}

std::string issue_booking_link(store::Database& db, const std::string& booking_id, Instant expires_at, Instant now) {
  store::Transaction tx(db);
  db.cached("DELETE FROM action_links WHERE kind = 'booking' AND expires_at < ?")
      .bind_all(to_iso_utc(now - std::chrono::hours(24)))
      .run();
  auto token = make_token(kBookingLinkPrefix);
  db.cached(
        "INSERT INTO action_links (token_hash, kind, subject, created_at, expires_at) VALUES (?, 'booking', ?, ?, ?)")
      .bind_all(hash_token(token), booking_id, to_iso_utc(now), to_iso_utc(expires_at))
      .run();
  tx.commit();
  return token;
}

std::optional<std::string> booking_of_link(store::Database& db, std::string_view token, Instant now) {
  if (!is_token_shaped(token, kBookingLinkPrefix)) return std::nullopt;
  auto st = db.cached("SELECT subject, expires_at FROM action_links WHERE token_hash = ? AND kind = 'booking'");
  st.bind_all(hash_token(token));
  if (!st.step()) return std::nullopt;
  const auto expires = parse_iso_utc(st.text(1));
  if (!expires || now >= *expires) return std::nullopt;
  return st.text(0);
}

}  // namespace escale::server
