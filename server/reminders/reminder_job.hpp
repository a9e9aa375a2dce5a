// The reminder job: every minute, the server's background thread sends the
// reminders that are due through the notifier, one at a time, outside any
// database transaction (a slow gateway never holds the write lock), and
// records each outcome. A failure is retried later and reported in the log
// and in `escale-server reminders`; it never blocks anything else.
#pragma once

#include "reminders/notifier.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

struct ReminderRun {
  int sent = 0;
  int failed = 0;  // this run's failures (retried later or given up)
  int logged = 0;  // no notifier configured: written to the log only
};

// Sends what is due at `now`. With no command configured, each due reminder
// is written to the log and marked sent (there is nothing to retry).
ReminderRun send_due_reminders(store::Database& db, const NotifierConfig& notifier, Instant now);

}  // namespace escale::server
