// The message job (issue 18): sends the queued messages to members
// (store/messages.hpp) through the notifier, outside any transaction, and
// records each outcome, as the reminder job does for help appointments. The
// text is written here, at sending time: a login link is made now (its
// 10 minutes start when it leaves), so no link rests in the database.
//
// With no notifier configured, a message that carries a link is not written
// to the log (a link in a log would open someone's space): it is marked
// failed, « aucune commande d’envoi configurée », and the log says so.
#pragma once

#include <string>

#include "config/public_url.hpp"
#include "reminders/notifier.hpp"
#include "reminders/reminder_job.hpp"  // ReminderRun
#include "store/database.hpp"
#include "time/clock.hpp"
#include "time/iso_date.hpp"

namespace escale::server {

struct MessageSettings {
  NotifierConfig notifier;
  PublicUrl public_url;  // "https://escale.example.fr": links in messages
};

// Sends what is due at `now`.
ReminderRun send_due_messages(store::Database& db, const MessageSettings& settings, Instant now);

// The text of a login-link message for a member of `site_name`, by "sms" or "email".
std::string login_link_text(std::string_view site_name, std::string_view url, std::string_view channel);
// The SMS of a help appointment booked on a site's public page (GSM 7-bit characters): its time, and the link
// to cancel or move it.
std::string help_booked_text(std::string_view site_name, Instant start, std::string_view url);

// Texts of the booking messages (an SMS in GSM 7-bit characters, short).
struct BookingText {
  std::string site_name;
  std::string resource_name;
  Instant start{};
  Instant end{};
  std::string cancel_url;
  std::string ics_url;
  std::string channel;  // "sms" or "email"
  bool reminder = false;
};
std::string booking_text(const BookingText& t);
std::string series_refused_text(std::string_view site_name, const CivilDate& day, std::string_view reason,
                                std::string_view space_url, std::string_view channel);
std::string wait_offer_text(std::string_view site_name, std::string_view resource_name, Instant start, Instant end,
                            Instant held_until, std::string_view url, std::string_view channel);
// The notice to a member away for `inactive_months`: their membership will be anonymised at `when` unless they
// come back or log in (`login_url`: where to ask for a login link).
std::string retention_notice_text(std::string_view site_name, int inactive_months, Instant when,
                                  std::string_view login_url, std::string_view channel);
// The text as a GSM 7-bit SMS can carry it (« » ’ narrow spaces and accents outside it made plain).
std::string gsm_text(std::string text);

}  // namespace escale::server
