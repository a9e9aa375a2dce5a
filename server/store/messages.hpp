// The queue of messages to members (issue 18): login links, and later booking
// confirmations, reminders and waiting-list offers. SQL for the `messages`
// table of schema v9.
//
// A row says what to send (its kind and subject), to whom (channel and
// recipient) and where it stands: pending, sent, failed (for good) or
// cancelled. Never the text: the message job (reminders/message_job.hpp)
// writes it when it sends, with fresh links, so that no secret rests in the
// database. A failed attempt is tried again after notifier.hpp's
// retry_delay, until the row's give_up_at.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "time/clock.hpp"

namespace escale::server {

// LoginLink: a member's login link (subject empty). HelpBooked: a help
// appointment booked on a site's public page, with the link to cancel or move
// it (subject: the participant's id; store/public_help.hpp).
// BookingConfirmed, BookingReminder: subject = the booking's id. BookingRefused
// (a weekly booking's day refused when it entered the window): subject =
// "SERIES|YYYY-MM-DD|refusal_code".
// WaitOffer: subject = the wait's id (store/booking_waits.hpp).
// RetentionNotice: an inactive member's membership will be anonymised
// (store/retention.hpp); subject = when, ISO UTC.
enum class MessageKind {
  LoginLink,
  HelpBooked,
  BookingConfirmed,
  BookingReminder,
  BookingRefused,
  WaitOffer,
  RetentionNotice
};
std::string_view to_string(MessageKind k);  // "login_link", "help_booked", "booking_confirmed", …
std::optional<MessageKind> parse_message_kind(std::string_view s);

struct NewMessage {
  MessageKind kind = MessageKind::LoginLink;
  std::optional<std::int64_t> member_id;
  std::string subject{};
  std::string channel;           // "sms" or "email"
  std::string recipient;         // E.164 phone or e-mail address
  Instant give_up_at{};          // no attempt after this
  std::optional<Instant> due{};  // the first attempt (a reminder's evening); default: at once
};
// In the caller's transaction.
std::int64_t queue_message(store::Database& db, const NewMessage& m, Instant now);

struct QueuedMessage {
  std::int64_t id = 0;
  MessageKind kind = MessageKind::LoginLink;
  std::optional<std::int64_t> member_id;
  std::string subject;
  std::string channel;
  std::string recipient;
  int attempts = 0;
};
// Pending messages whose next attempt is due at `now`, oldest first. Those
// past their give_up_at are marked failed (« trop tard ») instead.
std::vector<QueuedMessage> due_messages(store::Database& db, Instant now, int limit = 100);
void mark_message_sent(store::Database& db, std::int64_t id, Instant now);
// Schedules the next attempt, or marks it failed for good (retries
// exhausted, the next attempt would come after give_up_at, or no `retry`:
// nothing another attempt could change).
void mark_message_failed(store::Database& db, std::int64_t id, const std::string& detail, Instant now,
                         bool retry = true);

struct MessageRow {
  std::int64_t id = 0;
  std::string kind;
  std::optional<std::int64_t> member_id;
  std::string subject;
  std::string channel;
  std::string recipient;
  std::string created_at;
  std::string state;
  int attempts = 0;
  std::string last_error;
};
// For operators and tests: newest first, one member's or all.
std::vector<MessageRow> list_messages(store::Database& db, std::optional<std::int64_t> member_id = std::nullopt,
                                      int limit = 200);

}  // namespace escale::server
