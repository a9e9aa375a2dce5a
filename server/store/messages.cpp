// The messages queue: SQL for the `messages` table (schema v9).
#include "store/messages.hpp"

#include <array>

#include "reminders/notifier.hpp"

namespace escale::server {
namespace {

constexpr std::array<std::pair<MessageKind, std::string_view>, 7> kKinds{
    {{MessageKind::LoginLink, "login_link"},
     {MessageKind::HelpBooked, "help_booked"},
     {MessageKind::BookingConfirmed, "booking_confirmed"},
     {MessageKind::BookingReminder, "booking_reminder"},
     {MessageKind::BookingRefused, "booking_refused"},
     {MessageKind::WaitOffer, "wait_offer"},
     {MessageKind::RetentionNotice, "retention_notice"}}};

}  // namespace

std::string_view to_string(MessageKind k) {
  for (const auto& [kind, name] : kKinds)
    if (kind == k) return name;
  return "login_link";
}

std::optional<MessageKind> parse_message_kind(std::string_view s) {
  for (const auto& [kind, name] : kKinds)
    if (name == s) return kind;
  return std::nullopt;
}

std::int64_t queue_message(store::Database& db, const NewMessage& m, Instant now) {
  const auto at = to_iso_utc(now);
  db.cached(
        "INSERT INTO messages (kind, member_id, subject, channel, recipient, created_at, next_attempt_at, give_up_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(to_string(m.kind), m.member_id, m.subject, m.channel, m.recipient, at, m.due ? to_iso_utc(*m.due) : at,
                to_iso_utc(m.give_up_at))
      .run();
  return db.last_insert_rowid();
}

std::vector<QueuedMessage> due_messages(store::Database& db, Instant now, int limit) {
  const auto at = to_iso_utc(now);
  {
    store::Transaction tx(db);
    db.cached(
          "UPDATE messages SET state = 'failed', last_error = 'trop tard : plus d’envoi après ' || give_up_at "
          "WHERE state = 'pending' AND give_up_at < ?")
        .bind_all(at)
        .run();
    tx.commit();
  }
  std::vector<QueuedMessage> out;
  auto st = db.cached(
      "SELECT id, kind, member_id, subject, channel, recipient, attempts FROM messages "
      "WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
  st.bind_all(at, limit);
  while (st.step()) {
    QueuedMessage m;
    m.id = st.int64(0);
    const auto kind = parse_message_kind(st.text(1));
    if (!kind) continue;  // a kind this build does not know: left for the build that queued it
    m.kind = *kind;
    m.member_id = st.optional_int64(2);
    m.subject = st.text(3);
    m.channel = st.text(4);
    m.recipient = st.text(5);
    m.attempts = st.int32(6);
    out.push_back(std::move(m));
  }
  return out;
}

void mark_message_sent(store::Database& db, std::int64_t id, Instant now) {
  store::Transaction tx(db);
  db.cached("UPDATE messages SET state = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?")
      .bind_all(to_iso_utc(now), id)
      .run();
  tx.commit();
}

void mark_message_failed(store::Database& db, std::int64_t id, const std::string& detail, Instant now, bool retry) {
  store::Transaction tx(db);
  auto st = db.cached("SELECT attempts, give_up_at FROM messages WHERE id = ?");
  st.bind_all(id);
  if (!st.step()) return;
  const int attempts = st.int32(0) + 1;
  const auto give_up = parse_iso_utc(st.text(1));
  st.reset();
  const auto wait = retry_delay(attempts);
  if (retry && wait && give_up && now + *wait <= *give_up) {
    db.cached("UPDATE messages SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?")
        .bind_all(attempts, detail, to_iso_utc(now + *wait), id)
        .run();
  } else {
    db.cached("UPDATE messages SET attempts = ?, last_error = ?, state = 'failed' WHERE id = ?")
        .bind_all(attempts, detail, id)
        .run();
  }
  tx.commit();
}

std::vector<MessageRow> list_messages(store::Database& db, std::optional<std::int64_t> member_id, int limit) {
  std::vector<MessageRow> out;
  auto st = db.cached(
      "SELECT id, kind, member_id, subject, channel, recipient, created_at, state, attempts, last_error "
      "FROM messages WHERE ?1 IS NULL OR member_id = ?1 ORDER BY id DESC LIMIT ?2");
  st.bind_all(member_id, limit);
  while (st.step()) {
    MessageRow r;
    r.id = st.int64(0);
    r.kind = st.text(1);
    r.member_id = st.optional_int64(2);
    r.subject = st.text(3);
    r.channel = st.text(4);
    r.recipient = st.text(5);
    r.created_at = st.text(6);
    r.state = st.text(7);
    r.attempts = st.int32(8);
    r.last_error = st.text(9);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace escale::server
