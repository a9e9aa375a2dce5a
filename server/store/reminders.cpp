// The reminder queue (see reminders.hpp).
#include "store/reminders.hpp"

#include <algorithm>
#include <map>

#include "reminders/notifier.hpp"
#include "store/agenda.hpp"

namespace escale::server {
namespace {

std::optional<mediation::ReminderKind> parse_kind(std::string_view s) {
  if (s == "48h") return mediation::ReminderKind::Before48h;
  if (s == "2h") return mediation::ReminderKind::Before2h;
  return std::nullopt;
}

}  // namespace

void schedule_reminders(store::Database& db, const mediation::Appointment& a, const mediation::Participant& p,
                        Instant now) {
  cancel_reminders(db, p.id);
  if (!p.reminders || p.waiting || !mediation::holds_seat(p.status) || a.cancelled) return;
  const char* channel = p.phone ? "sms" : (p.email ? "email" : nullptr);
  if (!channel) return;
  for (const auto& due : mediation::reminders_for(a.start, std::max(p.added_at, now))) {
    db.prepare(
          "INSERT INTO reminders (participant_id, kind, channel, due_at, state, attempts, next_attempt_at) "
          "VALUES (?, ?, ?, ?, 'pending', 0, ?) "
          "ON CONFLICT (participant_id, kind) DO UPDATE SET channel = excluded.channel, due_at = excluded.due_at, "
          "state = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = '' "
          "WHERE reminders.state <> 'sent'")
        .bind_all(p.id, mediation::to_string(due.kind), channel, to_iso_utc(due.due), to_iso_utc(due.due))
        .run();
  }
}

void cancel_reminders(store::Database& db, const std::string& participant_id) {
  db.prepare("UPDATE reminders SET state = 'cancelled' WHERE participant_id = ? AND state = 'pending'")
      .bind(1, participant_id)
      .run();
}

void cancel_appointment_reminders(store::Database& db, const std::string& appointment_id) {
  db.prepare(
        "UPDATE reminders SET state = 'cancelled' WHERE state = 'pending' AND participant_id IN "
        "(SELECT id FROM participants WHERE appointment_id = ?)")
      .bind(1, appointment_id)
      .run();
}

std::vector<DueReminder> due_reminders(store::Database& db, Instant now, int limit) {
  store::Transaction tx(db);
  // Too late: the appointment has begun (the server was down, or retries ran out of time).
  db.prepare(
        "UPDATE reminders SET state = 'failed', last_error = 'trop tard : le rendez-vous a commencé' "
        "WHERE state = 'pending' AND next_attempt_at <= ?1 AND participant_id IN (SELECT p.id FROM participants p "
        "JOIN appointments a ON a.id = p.appointment_id WHERE a.start_at <= ?1)")
      .bind(1, to_iso_utc(now))
      .run();
  auto st = db.prepare(
      "SELECT r.participant_id, r.kind, r.channel, r.attempts, p.appointment_id, p.phone, p.email "
      "FROM reminders r JOIN participants p ON p.id = r.participant_id "
      "WHERE r.state = 'pending' AND r.next_attempt_at <= ? ORDER BY r.next_attempt_at LIMIT ?");
  st.bind_all(to_iso_utc(now), limit);
  struct Row {
    DueReminder due;
    std::string appointment_id;
  };
  std::vector<Row> rows;
  while (st.step()) {
    Row r;
    r.due.participant_id = st.text(0);
    r.due.kind = parse_kind(st.text(1)).value_or(mediation::ReminderKind::Before48h);
    r.due.channel = st.text(2);
    r.due.attempts = st.int32(3);
    r.appointment_id = st.text(4);
    r.due.recipient = (r.due.channel == "sms" ? st.optional_text(5) : st.optional_text(6)).value_or("");
    rows.push_back(std::move(r));
  }
  // What a message names of its site (name, « Pour annuler » phone), read once per site.
  std::map<std::int64_t, std::pair<std::string, std::string>> sites;
  auto site_words = [&](std::int64_t site_id) -> const std::pair<std::string, std::string>& {
    auto it = sites.find(site_id);
    if (it != sites.end()) return it->second;
    auto q = db.prepare(
        "SELECT s.name, COALESCE(m.phone, '') FROM sites s LEFT JOIN site_mediation m ON m.site_id = s.id "
        "WHERE s.id = ?");
    q.bind(1, site_id);
    std::pair<std::string, std::string> words;
    if (q.step()) words = {q.text(0), q.text(1).empty() ? std::string() : mediation::format_phone(q.text(1))};
    return sites.emplace(site_id, std::move(words)).first->second;
  };
  std::vector<DueReminder> out;
  for (auto& r : rows) {
    auto a = find_appointment(db, r.appointment_id);
    if (!a || r.due.recipient.empty()) continue;
    const auto& [site_name, contact_phone] = site_words(a->site_id);
    r.due.message = mediation::reminder_message(*a, site_name, contact_phone);
    out.push_back(std::move(r.due));
  }
  tx.commit();
  return out;
}

void mark_reminder_sent(store::Database& db, const std::string& participant_id, mediation::ReminderKind kind,
                        Instant now) {
  db.prepare(
        "UPDATE reminders SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = '' "
        "WHERE participant_id = ? AND kind = ?")
      .bind_all(to_iso_utc(now), participant_id, mediation::to_string(kind))
      .run();
}

void mark_reminder_failed(store::Database& db, const std::string& participant_id, mediation::ReminderKind kind,
                          const std::string& detail, Instant now) {
  store::Transaction tx(db);
  auto st = db.prepare("SELECT attempts FROM reminders WHERE participant_id = ? AND kind = ?");
  st.bind_all(participant_id, mediation::to_string(kind));
  if (!st.step()) return;
  const int attempts = st.int32(0) + 1;
  if (auto wait = retry_delay(attempts)) {
    db.prepare(
          "UPDATE reminders SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE participant_id = ? AND kind = "
          "?")
        .bind_all(attempts, detail, to_iso_utc(now + *wait), participant_id, mediation::to_string(kind))
        .run();
  } else {
    db.prepare(
          "UPDATE reminders SET state = 'failed', attempts = ?, last_error = ? WHERE participant_id = ? AND kind = ?")
        .bind_all(attempts, detail, participant_id, mediation::to_string(kind))
        .run();
  }
  tx.commit();
}

std::vector<ReminderRow> list_reminders(store::Database& db, std::optional<std::string> state, int limit) {
  auto st = db.prepare(
      "SELECT participant_id, kind, channel, due_at, state, attempts, last_error FROM reminders "
      "WHERE (? IS NULL OR state = ?) ORDER BY due_at DESC LIMIT ?");
  st.bind_all(state, state, limit);
  std::vector<ReminderRow> out;
  while (st.step()) {
    ReminderRow r;
    r.participant_id = st.text(0);
    r.kind = st.text(1);
    r.channel = st.text(2);
    r.due = parse_iso_utc(st.text(3)).value_or(Instant{});
    r.state = st.text(4);
    r.attempts = st.int32(5);
    r.last_error = st.text(6);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace escale::server
