// Privacy by default (issue 19): how long the server keeps what, per network
// (the retention_settings row of schema v11), and the nightly run that
// applies it. docs/privacy.md states these rules for the data-protection
// officer; docs/operations.md says how to run and change them.
//
// Each rule runs in its own transaction (the visits' one per site and day,
// the anonymisations one per member) and is idempotent (a second run at the
// same time changes nothing):
//   visits        older than visits_months (Paris days): the member and the
//                 badge UID are cut from the visit; its times and site stay, with a
//                 random visitor_key per member and day, so the day's rollup
//                 stays the same if computed again; the members' monthly and
//                 yearly rollups (counts, no times) keep counting it
//   inactive      a member with no visit, booking, help appointment, login
//                 link or phone session for inactive_months is told by their
//                 message channel (if any) and anonymised notice_months later
//                 with erase_member (the statistical profile stays), unless
//                 they came back meanwhile; staff are left alone
//   audit log     rows older than audit_months deleted
//   attempts      failed logins, kiosk enrolment failures, login-link
//                 requests and the kiosks' refused or duplicate events
//                 (ingest_log) older than attempts_months deleted
//   sessions      web and phone sessions ended (or expired) more than
//                 sessions_months ago deleted, with login links expired as long ago
// The run writes one audit row with its counts (never who).
// Help participants' names and phones have their own rule, [privacy]
// retention_days of the server's configuration (store/agenda.hpp,
// erase_old_participants), which the nightly job runs beside this one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "result.hpp"
#include "store/bookings.hpp"  // Actor
#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

struct RetentionSettings {
  int visits_months = 3;
  int inactive_months = 24;
  int notice_months = 1;
  int audit_months = 12;
  int attempts_months = 6;
  int sessions_months = 1;
  std::string updated_at{};                  // ISO UTC
  std::optional<std::string> last_run_at{};  // ISO UTC; none: never run
};

// Each setting's bounds, in months (docs/privacy.md says why).
struct RetentionBound {
  std::string_view key;  // the CLI's name: "visits", "inactive"…
  int min = 0;
  int max = 0;
};
inline constexpr RetentionBound kVisitsBound{"visits", 1, 3};        // the CNIL's 3 months for access logs
inline constexpr RetentionBound kInactiveBound{"inactive", 12, 36};  // a member who comes once a year stays
inline constexpr RetentionBound kNoticeBound{"notice", 1, 3};        // time to answer the notice
inline constexpr RetentionBound kAuditBound{"audit", 6, 24};
inline constexpr RetentionBound kAttemptsBound{"attempts", 1, 12};  // ingest_log too
inline constexpr RetentionBound kSessionsBound{"sessions", 1, 6};

RetentionSettings retention_settings(store::Database& db);
// What is wrong with these settings, in French (nullopt: nothing).
std::optional<std::string> retention_problem(const RetentionSettings& s);
// Checks and saves (updated_at = now), with an audit row naming the actor.
Result<RetentionSettings> set_retention_settings(store::Database& db, RetentionSettings s, const Actor& actor,
                                                 Instant now);

// The same Paris wall-clock time `months` calendar months before (the day
// clamped to the month's end: 31 May less 3 months is 28 or 29 February).
Instant months_before(Instant t, int months);

struct RetentionRun {
  int visits_anonymised = 0;  // visits whose member and badge were cut
  int notices_sent = 0;       // inactive members told (a message queued)
  int notices_silent = 0;     // inactive members without a channel: noted, not told
  int notices_cancelled = 0;  // came back after the notice
  int members_anonymised = 0;
  int audit_deleted = 0;
  int attempts_deleted = 0;
  int sessions_deleted = 0;  // web and phone sessions, login links
  friend bool operator==(const RetentionRun&, const RetentionRun&) = default;
};
// Applies every rule at `now`, records the run (last_run_at and an audit
// row with the counts) and returns the counts.
RetentionRun run_retention(store::Database& db, const RetentionSettings& s, Instant now);
// "visits 12, notices 1 (1 silent), …": for the log and the command line.
std::string describe(const RetentionRun& r);

// Whether the nightly run is due: never run, last run more than a day ago,
// or not yet run since today's kRetentionHour:kRetentionMinute (Paris).
inline constexpr int kRetentionHour = 3;
inline constexpr int kRetentionMinute = 30;
bool retention_due(const std::optional<std::string>& last_run_at, Instant now);

// The date an inactive member told at `notice_at` is anonymised, if still inactive.
Instant anonymisation_time(Instant notice_at, const RetentionSettings& s);
// The member's pending notice, if any (ISO UTC of when it was given).
std::optional<std::string> retention_notice(store::Database& db, std::int64_t member_id);

}  // namespace escale::server
