#include "reminders/message_job.hpp"

#include <spdlog/spdlog.h>

#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/messages.hpp"
#include "store/public_help.hpp"
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
                              settings.public_url.get() + "/moi/lien/" + link->token, m.channel),
              {}};
    }
    case MessageKind::HelpBooked: {
      // A help appointment booked on the public page: its time and a fresh link to cancel or move it.
      const auto a = appointment_of_participant(db, m.subject);
      const mediation::Participant* p = nullptr;
      if (a) {
        for (const auto& x : a->participants)
          if (x.id == m.subject) p = &x;
      }
      if (p == nullptr) return {std::nullopt, "rendez-vous effacé"};
      if (a->cancelled || !mediation::holds_seat(p->status)) return {std::nullopt, "rendez-vous annulé entre-temps"};
      if (now >= a->start) return {std::nullopt, "rendez-vous commencé"};
      const auto token = issue_participant_link(db, m.subject, a->start, now);
      const auto site = find_site(db, a->site_id);
      return {
          help_booked_text(site ? site->name : std::string("Escale"), a->start, settings.public_url.get() + "/rdv/" + token),
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

std::string help_booked_text(std::string_view site_name, Instant start, std::string_view url) {
  const auto when = to_paris(start);
  std::string text = std::string(site_name) + " : votre rendez-vous d'aide numérique est le " + format_day(when) +
                     " à " + format_time(when) + ". Pour l'annuler ou le changer : " + std::string(url);
  // GSM 7-bit characters only (é è à ù are; the rest would make it a Unicode SMS of 70 characters a part).
  static constexpr std::pair<std::string_view, std::string_view> kPlain[] = {
      {"\u202F", " "}, {"\u00A0", " "}, {"’", "'"}, {"â", "a"}, {"ê", "e"}, {"î", "i"},
      {"ô", "o"},      {"û", "u"},      {"ç", "c"}, {"ë", "e"}, {"ï", "i"}, {"É", "E"}};
  for (const auto& [from, to] : kPlain) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
  return text;
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
