// Waiting lists for a desk (see booking_waits.hpp).
#include "store/booking_waits.hpp"

#include <algorithm>
#include <array>

#include "domain/uuid.hpp"
#include "store/bookings.hpp"
#include "store/credentials.hpp"
#include "store/messages.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "time/iso_date.hpp"

namespace escale::server {
namespace {

constexpr std::string_view kOfferLinkPrefix = "ewo_";
constexpr std::array<std::pair<WaitState, std::string_view>, 5> kStates{{{WaitState::Waiting, "waiting"},
                                                                         {WaitState::Offered, "offered"},
                                                                         {WaitState::Booked, "booked"},
                                                                         {WaitState::Expired, "expired"},
                                                                         {WaitState::Cancelled, "cancelled"}}};

WaitState state_of(std::string_view s) {
  for (const auto& [state, name] : kStates)
    if (name == s) return state;
  return WaitState::Cancelled;
}

constexpr const char* kWaitColumns =
    "id, member_id, site_id, start_at, end_at, state, booking_id, offer_expires_at FROM booking_waits";

WaitRow read_wait(store::CachedStatement& st) {
  WaitRow w;
  w.id = st.int64(0);
  w.member_id = st.int64(1);
  w.site_id = st.int64(2);
  w.start = parse_iso_utc(st.text(3)).value_or(Instant{});
  w.end = parse_iso_utc(st.text(4)).value_or(Instant{});
  w.state = state_of(st.text(5));
  w.booking_id = st.optional_text(6);
  if (const auto at = st.optional_text(7)) w.offer_expires_at = parse_iso_utc(*at);
  return w;
}

// The first desk of the site free for the whole interval, if any.
std::optional<std::int64_t> free_desk(store::Database& db, std::int64_t site_id, Instant start, Instant end,
                                      Instant now) {
  const auto grid = site_availability(db, site_id, paris_civil_date(start), 1, now).at(0);
  auto desks = list_resources(db, site_id);
  std::erase_if(desks, [](const Resource& r) { return r.kind != ResourceKind::Desk; });
  const auto free = free_resources(grid, desks, start, end);
  if (free.empty()) return std::nullopt;
  return free.front();
}

void set_state(store::Database& db, std::int64_t wait_id, WaitState state, Instant now) {
  db.cached("UPDATE booking_waits SET state = ?, updated_at = ? WHERE id = ?")
      .bind_all(to_string(state), to_iso_utc(now), wait_id)
      .run();
}

}  // namespace

std::string_view to_string(WaitState s) {
  for (const auto& [state, name] : kStates)
    if (state == s) return name;
  return "cancelled";
}

std::optional<WaitRow> find_wait(store::Database& db, std::int64_t wait_id) {
  auto st = db.cached(std::string("SELECT ") + kWaitColumns + " WHERE id = ?");
  st.bind_all(wait_id);
  if (!st.step()) return std::nullopt;
  return read_wait(st);
}

Result<WaitRow> join_wait(store::Database& db, const BookingWish& wish, const CivilDate& day, Instant now) {
  const auto site = find_site(db, wish.site_id);
  if (!site || wish.kind != ResourceKind::Desk) return Error{"Ce lieu n’a pas de bureau à réserver."};
  const auto interval = wish_interval(OpeningHours::parse(site->opening_hours).value_or(OpeningHours{}), wish, day);
  if (!interval) return Error{"Le lieu est fermé à ce moment-là : choisissez un autre jour."};
  if (interval->first <= now) return Error{"Ce moment a déjà commencé : choisissez un autre jour."};
  if (!member_may_use_site(db, wish.member_id, wish.site_id))
    return Error{"Votre adhésion ne comprend pas ce lieu : choisissez-en un autre."};
  if (!message_recipient(db, wish.member_id)) {
    return Error{
        "Pour être prévenu·e, choisissez l’e-mail ou le SMS dans « Mes messages » (Mon espace), puis "
        "recommencez."};
  }
  store::Transaction tx(db);
  {
    auto st = db.cached(
        "SELECT 1 FROM booking_waits WHERE member_id = ? AND site_id = ? AND kind = 'desk' AND start_at = ? "
        "AND end_at = ? AND state IN ('waiting', 'offered')");
    st.bind_all(wish.member_id, wish.site_id, to_iso_utc(interval->first), to_iso_utc(interval->second));
    if (st.step()) return Error{"Vous attendez déjà une place à ce moment-là : nous vous préviendrons."};
  }
  if (free_desk(db, wish.site_id, interval->first, interval->second, now))
    return Error{"Un bureau est libre à ce moment-là : réservez-le directement."};
  const auto at = to_iso_utc(now);
  db.cached(
        "INSERT INTO booking_waits (member_id, site_id, kind, start_at, end_at, local_date, created_at, updated_at) "
        "VALUES (?, ?, 'desk', ?, ?, ?, ?, ?)")
      .bind_all(wish.member_id, wish.site_id, to_iso_utc(interval->first), to_iso_utc(interval->second),
                to_iso_date(day), at, at)
      .run();
  const auto id = db.last_insert_rowid();
  tx.commit();
  return *find_wait(db, id);
}

std::vector<WaitRow> member_waits(store::Database& db, std::int64_t member_id, Instant now) {
  std::vector<WaitRow> out;
  auto st = db.cached(std::string("SELECT ") + kWaitColumns +
                      " WHERE member_id = ? AND state IN ('waiting', 'offered') AND start_at > ? ORDER BY start_at");
  st.bind_all(member_id, to_iso_utc(now));
  while (st.step()) out.push_back(read_wait(st));
  return out;
}

bool leave_wait(store::Database& db, std::int64_t member_id, std::int64_t wait_id, Instant now) {
  store::Transaction tx(db);
  const auto w = find_wait(db, wait_id);
  if (!w || w->member_id != member_id || (w->state != WaitState::Waiting && w->state != WaitState::Offered))
    return false;
  if (w->state == WaitState::Offered && w->booking_id) cancel_booking(db, *w->booking_id, Actor{}, now);
  set_state(db, wait_id, WaitState::Cancelled, now);
  tx.commit();
  return true;
}

std::vector<OfferMade> process_waits(store::Database& db, Instant now) {
  std::vector<OfferMade> made;
  store::Transaction tx(db);
  const auto at = to_iso_utc(now);
  // Offers that ran out: their place is free again (and goes to the next one below).
  std::vector<WaitRow> expired;
  {
    auto st = db.cached(std::string("SELECT ") + kWaitColumns + " WHERE state = 'offered' AND offer_expires_at <= ?");
    st.bind_all(at);
    while (st.step()) expired.push_back(read_wait(st));
  }
  for (const auto& w : expired) {
    if (w.booking_id) {
      auto held = db.cached("SELECT 1 FROM bookings WHERE id = ? AND hold_until IS NOT NULL");
      held.bind_all(*w.booking_id);
      const bool still_held = held.step();
      held.reset();
      if (still_held) cancel_booking(db, *w.booking_id, Actor{}, now);
    }
    set_state(db, w.id, WaitState::Expired, now);
  }
  // Waits for places to come, first asked first served.
  std::vector<WaitRow> waiting;
  {
    auto st = db.cached(std::string("SELECT ") + kWaitColumns +
                        " WHERE state = 'waiting' AND start_at > ? ORDER BY created_at, id");
    st.bind_all(at);
    while (st.step()) waiting.push_back(read_wait(st));
  }
  for (auto& w : waiting) {
    const auto desk = free_desk(db, w.site_id, w.start, w.end, now);
    if (!desk) continue;
    Booking b;
    b.id = make_uuid_v4();
    b.site_id = w.site_id;
    b.resource_id = *desk;
    b.member_id = w.member_id;
    b.start = w.start;
    b.end = w.end;
    const auto outcome = create_booking(db, b, Actor{}, now);
    if (!outcome.ok()) {
      // Not for the place (their own limits: they booked elsewhere that day): they wait no more.
      if (outcome.refusal != Refusal::Overlap) set_state(db, w.id, WaitState::Expired, now);
      continue;
    }
    const auto expires = std::min(now + kOfferHold, w.start);
    db.cached("UPDATE bookings SET hold_until = ? WHERE id = ?").bind_all(to_iso_utc(expires), b.id).run();
    db.cached(
          "UPDATE booking_waits SET state = 'offered', booking_id = ?, offer_expires_at = ?, updated_at = ? "
          "WHERE id = ?")
        .bind_all(b.id, to_iso_utc(expires), at, w.id)
        .run();
    w.state = WaitState::Offered;
    w.booking_id = b.id;
    w.offer_expires_at = expires;
    if (const auto to = message_recipient(db, w.member_id)) {
      NewMessage m;
      m.kind = MessageKind::WaitOffer;
      m.member_id = w.member_id;
      m.subject = std::to_string(w.id);
      m.channel = to->first;
      m.recipient = to->second;
      m.give_up_at = expires;
      queue_message(db, m, now);
    }
    made.push_back({w, *outcome.booking});
  }
  tx.commit();
  return made;
}

Result<Booking> accept_offer(store::Database& db, std::int64_t wait_id, Instant now) {
  store::Transaction tx(db);
  const auto w = find_wait(db, wait_id);
  if (!w || w->state != WaitState::Offered || !w->booking_id || !w->offer_expires_at || now >= *w->offer_expires_at) {
    return Error{
        "Cette place n’est plus gardée pour vous : le temps de la prendre est passé, ou elle est allée à "
        "quelqu’un d’autre."};
  }
  db.cached("UPDATE bookings SET hold_until = NULL WHERE id = ?").bind_all(*w->booking_id).run();
  set_state(db, wait_id, WaitState::Booked, now);
  const auto b = find_booking(db, *w->booking_id);
  tx.commit();
  if (!b) return Error{"Cette place n’existe plus."};
  return *b;
}

std::string issue_offer_link(store::Database& db, std::int64_t wait_id, Instant expires_at, Instant now) {
  store::Transaction tx(db);
  db.cached("DELETE FROM action_links WHERE kind = 'wait_offer' AND expires_at < ?")
      .bind_all(to_iso_utc(now - std::chrono::hours(24)))
      .run();
  auto token = make_token(kOfferLinkPrefix);
  db.cached(
        "INSERT INTO action_links (token_hash, kind, subject, created_at, expires_at) "
        "VALUES (?, 'wait_offer', ?, ?, ?)")
      .bind_all(hash_token(token), std::to_string(wait_id), to_iso_utc(now), to_iso_utc(expires_at))
      .run();
  tx.commit();
  return token;
}

std::optional<WaitRow> wait_of_link(store::Database& db, std::string_view token, Instant now) {
  if (!is_token_shaped(token, kOfferLinkPrefix)) return std::nullopt;
  auto st = db.cached("SELECT subject, expires_at FROM action_links WHERE token_hash = ? AND kind = 'wait_offer'");
  st.bind_all(hash_token(token));
  if (!st.step()) return std::nullopt;
  const auto expires = parse_iso_utc(st.text(1));
  const auto subject = st.text(0);
  st.reset();
  if (!expires || now >= *expires) return std::nullopt;
  std::int64_t id = 0;
  try {
    id = std::stoll(subject);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return find_wait(db, id);
}

}  // namespace escale::server
