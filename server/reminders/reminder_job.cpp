#include "reminders/reminder_job.hpp"

#include <spdlog/spdlog.h>

#include "store/reminders.hpp"
#include "text/log_text.hpp"

namespace escale::server {

ReminderRun send_due_reminders(store::Database& db, const NotifierConfig& notifier, Instant now) {
  ReminderRun run;
  for (const auto& due : due_reminders(db, now)) {
    const auto kind = mediation::to_string(due.kind);
    if (notifier.command.empty()) {
      // The recipient is personal data: the log names the participant only.
      spdlog::info("reminder {} for participant {} by {} (no notifier configured): {}", kind, due.participant_id,
                   due.channel, log_text(due.message, 400));
      mark_reminder_sent(db, due.participant_id, due.kind, now);
      ++run.logged;
      continue;
    }
    const NotifyOutcome outcome = run_notifier(notifier, due.channel, due.recipient, due.message);
    if (outcome.sent) {
      mark_reminder_sent(db, due.participant_id, due.kind, now);
      ++run.sent;
    } else {
      spdlog::warn("reminder {} for participant {} by {} failed (attempt {}): {}", kind, due.participant_id,
                   due.channel, due.attempts + 1, log_text(outcome.detail, 400));
      mark_reminder_failed(db, due.participant_id, due.kind, outcome.detail, now);
      ++run.failed;
    }
  }
  return run;
}

}  // namespace escale::server
