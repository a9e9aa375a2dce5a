// The reminder queue: one row per participant and kind (48 h, 2 h), written
// with the participant when they agreed and gave a phone or an e-mail. The
// reminder job (reminders/reminder_job.hpp) sends the due ones through the
// notifier, outside any transaction, and records the outcome here: sent, or
// failed and retried later (notifier.hpp retry_delay), or failed for good.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mediation/agenda.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

// In the caller's transaction: (re)writes the pending reminders of a
// participant who agreed to them; a participant without contact or consent
// gets none. Reminders already sent are kept; reminders due before `now`
// are not written (someone promoted from a waiting list 30 hours ahead gets
// the 2-hour one only).
void schedule_reminders(store::Database& db, const mediation::Appointment& a, const mediation::Participant& p,
                        Instant now);
// In the caller's transaction: pending reminders of this participant (or of
// every participant of an appointment) are cancelled.
void cancel_reminders(store::Database& db, const std::string& participant_id);
void cancel_appointment_reminders(store::Database& db, const std::string& appointment_id);

struct DueReminder {
  std::string participant_id;
  mediation::ReminderKind kind = mediation::ReminderKind::Before48h;
  std::string channel;    // "sms" or "email"
  std::string recipient;  // E.164 phone or e-mail address
  std::string message;
  int attempts = 0;  // failed attempts so far
};
// Pending reminders whose next attempt is due at `now`, oldest first. A
// reminder whose appointment has already started is marked failed (« trop
// tard ») instead of being sent.
std::vector<DueReminder> due_reminders(store::Database& db, Instant now, int limit = 100);
void mark_reminder_sent(store::Database& db, const std::string& participant_id, mediation::ReminderKind kind,
                        Instant now);
// Schedules the next attempt, or marks it failed for good when retries are
// exhausted (the detail is kept for operators).
void mark_reminder_failed(store::Database& db, const std::string& participant_id, mediation::ReminderKind kind,
                          const std::string& detail, Instant now);

struct ReminderRow {
  std::string participant_id;
  std::string kind;
  std::string channel;
  Instant due{};
  std::string state;  // pending, sent, failed, cancelled
  int attempts = 0;
  std::string last_error;
};
// For operators (`escale-server reminders`) and tests; newest due first.
std::vector<ReminderRow> list_reminders(store::Database& db, std::optional<std::string> state = std::nullopt,
                                        int limit = 200);

}  // namespace escale::server
