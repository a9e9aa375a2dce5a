#include "reminders/message_job.hpp"

#include <spdlog/spdlog.h>

#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/messages.hpp"
#include "store/sites.hpp"
#include "text/log_text.hpp"

namespace escale::server {
namespace {

// The text of a message, made now; nullopt when it can no longer be sent
// (the member was erased meanwhile, or has made too many links lately).
struct Composed {
  std::optional<std::string> text;
  std::string why_not;
};

Composed compose(store::Database& db, const QueuedMessage& m, const MessageSettings& settings, Instant now) {
  switch (m.kind) {
    case MessageKind::LoginLink: {
      if (!m.member_id) return {std::nullopt, "membre inconnu"};
      const auto member = find_member(db, *m.member_id);
      if (!member) return {std::nullopt, "membre effacé"};
      const auto channel = m.channel == "sms" ? LinkChannel::Sms : LinkChannel::Email;
      const auto link = issue_login_link(db, member->id, channel, now);
      if (!link) return {std::nullopt, link.error()};
      const auto site = find_site(db, member->site_id);
      return {login_link_text(site ? site->name : std::string("Escale"),
                              settings.public_url + "/moi/lien/" + link->token, m.channel),
              {}};
    }
  }
  return {std::nullopt, "sorte de message inconnue"};
}

}  // namespace

std::string login_link_text(std::string_view site_name, std::string_view url, std::string_view channel) {
  // An SMS in GSM 7-bit characters (no « », ’ or narrow space: each would make
  // it a Unicode SMS of 70 characters a part) and short: two parts with the link.
  if (channel == "sms")
    return std::string(site_name) + " : votre lien Mon espace (10 min, une seule fois) : " + std::string(url);
  return std::string(site_name) +
         "\u202F: pour ouvrir «\u202FMon espace\u202F», touchez ce lien (il marche une fois, pendant 10 "
         "minutes)\u202F: " +
         std::string(url) + " — Vous n’avez rien demandé\u202F? Ignorez ce message.";
}

ReminderRun send_due_messages(store::Database& db, const MessageSettings& settings, Instant now) {
  ReminderRun run;
  for (const auto& due : due_messages(db, now)) {
    const auto kind = to_string(due.kind);
    if (settings.notifier.command.empty()) {
      spdlog::warn("message {} ({}) for member {} not sent: no notifier configured ([reminders] notifier)", due.id,
                   kind, due.member_id.value_or(0));
      mark_message_failed(db, due.id, "aucune commande d’envoi configurée", now, false);
      ++run.failed;
      continue;
    }
    const auto composed = compose(db, due, settings, now);
    if (!composed.text) {
      spdlog::info("message {} ({}) for member {} dropped: {}", due.id, kind, due.member_id.value_or(0),
                   log_text(composed.why_not, 200));
      mark_message_failed(db, due.id, composed.why_not, now, false);
      ++run.failed;
      continue;
    }
    const NotifyOutcome outcome = run_notifier(settings.notifier, due.channel, due.recipient, *composed.text);
    if (outcome.sent) {
      mark_message_sent(db, due.id, now);
      ++run.sent;
    } else {
      spdlog::warn("message {} ({}) for member {} by {} failed (attempt {}): {}", due.id, kind,
                   due.member_id.value_or(0), due.channel, due.attempts + 1, log_text(outcome.detail, 400));
      mark_message_failed(db, due.id, outcome.detail, now);
      ++run.failed;
    }
  }
  return run;
}

}  // namespace escale::server
