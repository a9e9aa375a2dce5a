#include "reminders/message_job.hpp"

#include <spdlog/spdlog.h>

#include <charconv>

#include "mediation/agenda.hpp"  // format_phone
#include "store/booking_waits.hpp"
#include "store/bookings.hpp"
#include "store/member_bookings.hpp"
#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/messages.hpp"
#include "store/public_help.hpp"
#include "store/retention.hpp"
#include "store/site_mediation.hpp"
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

// « Tiers-lieu de Montbard (03 80 00 00 00) »: the site's name and, when it gave one, its phone, so that a
// member who cannot use the link can call.
std::string site_label(store::Database& db, std::int64_t site_id) {
  const auto site = find_site(db, site_id);
  std::string label = site ? site->name : std::string("Escale");
  if (const auto info = find_site_mediation(db, site_id); info && !info->phone.empty())
    label += " (" + mediation::format_phone(info->phone) + ")";
  return label;
}

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
      return {help_booked_text(site ? site->name : std::string("Escale"), a->start,
                               settings.public_url.get() + "/rdv/" + token),
              {}};
    }
    case MessageKind::BookingConfirmed:
    case MessageKind::BookingReminder: {
      const auto b = find_booking(db, m.subject);
      if (!b || !holds_resource(b->status)) return {std::nullopt, "réservation annulée entre-temps"};
      if (now >= b->start) return {std::nullopt, "réservation commencée"};
      const auto resource = find_resource(db, b->resource_id);
      BookingText t;
      t.site_name = site_label(db, b->site_id);
      t.resource_name = resource ? resource->name : std::string();
      t.start = b->start;
      t.end = b->end;
      t.cancel_url = settings.public_url.get() + "/reservation/" + issue_booking_link(db, b->id, b->start, now);
      t.ics_url = settings.public_url.get() + "/ics/bookings/" + b->id + ".ics";
      t.channel = m.channel;
      t.reminder = m.kind == MessageKind::BookingReminder;
      return {booking_text(t), {}};
    }
    case MessageKind::BookingRefused: {
      // "SERIES|YYYY-MM-DD|refusal"
      const auto first = m.subject.find('|');
      const auto second = m.subject.find('|', first + 1);
      if (first == std::string::npos || second == std::string::npos) return {std::nullopt, "sujet illisible"};
      const auto day = parse_iso_date(m.subject.substr(first + 1, second - first - 1));
      const auto refusal = parse_refusal(m.subject.substr(second + 1));
      std::int64_t id = 0;
      const auto digits = std::string_view(m.subject).substr(0, first);
      const bool number =
          std::from_chars(digits.data(), digits.data() + digits.size(), id).ptr == digits.data() + digits.size();
      const auto series = number ? series_place(db, id) : std::nullopt;
      if (!day || !refusal || !series) return {std::nullopt, "réservation répétée effacée"};
      return {series_refused_text(site_label(db, series->first), *day, refusal_reason(*refusal, series->second),
                                  settings.public_url.get() + "/moi", m.channel),
              {}};
    }
    case MessageKind::WaitOffer: {
      std::int64_t id = 0;
      const bool number = std::from_chars(m.subject.data(), m.subject.data() + m.subject.size(), id).ptr ==
                          m.subject.data() + m.subject.size();
      const auto w = number ? find_wait(db, id) : std::nullopt;
      if (!w || w->state != WaitState::Offered || !w->booking_id || !w->offer_expires_at || now >= *w->offer_expires_at)
        return {std::nullopt, "place plus offerte"};
      const auto b = find_booking(db, *w->booking_id);
      const auto resource = b ? find_resource(db, b->resource_id) : std::nullopt;
      const auto url = settings.public_url.get() + "/place/" + issue_offer_link(db, w->id, *w->offer_expires_at, now);
      return {wait_offer_text(site_label(db, w->site_id), resource ? resource->name : std::string(), w->start, w->end,
                              *w->offer_expires_at, url, m.channel),
              {}};
    }
    case MessageKind::RetentionNotice: {
      // Still away, still told: came back meanwhile (the notice cancelled) or already anonymised, nothing is sent.
      if (!m.member_id) return {std::nullopt, "membre inconnu"};
      const auto member = find_member(db, *m.member_id);
      if (!member) return {std::nullopt, "membre effacé"};
      if (!retention_notice(db, member->id)) return {std::nullopt, "revenu·e entre-temps"};
      const auto when = parse_iso_utc(m.subject);
      if (!when || now >= *when) return {std::nullopt, "trop tard"};
      return {retention_notice_text(site_label(db, member->site_id), retention_settings(db).inactive_months, *when,
                                    settings.public_url.get() + "/moi/connexion", m.channel),
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

std::string gsm_text(std::string text) {
  // GSM 7-bit characters only (é è à ù are; the rest would make it a Unicode SMS of 70 characters a part).
  static constexpr std::pair<std::string_view, std::string_view> kPlain[] = {
      {"\u202F", " "}, {"\u00A0", " "}, {"’", "'"},  {"â", "a"}, {"ê", "e"}, {"î", "i"},
      {"ô", "o"},      {"û", "u"},      {"ç", "c"},  {"ë", "e"}, {"ï", "i"}, {"É", "E"},
      {"·", ""},       {"«", "\""},     {"»", "\""}, {"–", "-"}, {"—", "-"}};
  for (const auto& [from, to] : kPlain) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
  return text;
}

std::string help_booked_text(std::string_view site_name, Instant start, std::string_view url) {
  const auto when = to_paris(start);
  return gsm_text(std::string(site_name) + " : votre rendez-vous d'aide numérique est le " + format_day(when) + " à " +
                  format_time(when) + ". Pour l'annuler ou le changer : " + std::string(url));
}

std::string booking_text(const BookingText& t) {
  const auto a = to_paris(t.start);
  const auto b = to_paris(t.end);
  const std::string when = format_day(a) + ", de " + format_time(a) + " à " + format_time(b);
  const bool sms = t.channel == "sms";
  std::string text = std::string(t.site_name) + (sms ? " : " : "\u202F: ");
  if (t.reminder) {
    text += "rappel, demain " + when + " : " + std::string(t.resource_name) + ". Empêché·e\u202F? Annulez ici, la " +
            "place ira à quelqu’un d’autre\u202F: " + std::string(t.cancel_url);
  } else {
    text += "c’est réservé, " + std::string(t.resource_name) + ", " + when + ".";
    if (!sms) text += " Dans votre agenda\u202F: " + std::string(t.ics_url) + ".";
    text += " Pour annuler\u202F: " + std::string(t.cancel_url);
    if (!sms) text += " — À votre arrivée, passez votre badge à la borne.";
  }
  return sms ? gsm_text(text) : text;
}

std::string wait_offer_text(std::string_view site_name, std::string_view resource_name, Instant start, Instant end,
                            Instant held_until, std::string_view url, std::string_view channel) {
  const auto a = to_paris(start);
  const auto b = to_paris(end);
  std::string text = std::string(site_name) + "\u202F: une place s’est libérée, " + std::string(resource_name) + ", " +
                     format_day(a) + ", de " + format_time(a) + " à " + format_time(b) +
                     ". Elle vous est gardée jusqu’à " + format_time(to_paris(held_until)) +
                     "\u202F: prenez-la ici\u202F: " + std::string(url);
  return channel == "sms" ? gsm_text(text) : text;
}

std::string series_refused_text(std::string_view site_name, const CivilDate& day, std::string_view reason,
                                std::string_view space_url, std::string_view channel) {
  const auto d = to_paris(from_paris(day.year, day.month, day.day, 12, 0));
  std::string text = std::string(site_name) + "\u202F: votre réservation de chaque semaine du " + format_day(d) +
                     " n’a pas pu être faite\u202F: " + std::string(reason) +
                     ". Un autre moment\u202F: " + std::string(space_url);
  return channel == "sms" ? gsm_text(text) : text;
}

std::string retention_notice_text(std::string_view site_name, int inactive_months, Instant when,
                                  std::string_view login_url, std::string_view channel) {
  const auto local = to_paris(when);
  const std::string day = format_day(local) + " " + std::to_string(local.year);
  const std::string away = inactive_months % 12 == 0
                               ? std::to_string(inactive_months / 12) + " an" + (inactive_months >= 24 ? "s" : "")
                               : std::to_string(inactive_months) + " mois";
  if (channel == "sms") {
    return gsm_text(std::string(site_name) + " : sans venue depuis " + away + ", votre adhésion sera anonymisée le " +
                    day + " (nom et coordonnées effacés). Pour la garder : badgez, réservez ou ouvrez Mon espace : " +
                    std::string(login_url));
  }
  return std::string(site_name) + "\u202F: vous n’êtes pas venu·e et ne vous êtes pas connecté·e depuis " + away +
         ". Sans nouvelle de vous, votre adhésion sera anonymisée le " + day +
         "\u202F: votre nom et vos coordonnées seront effacés, seules des statistiques anonymes resteront. Pour la "
         "garder, passez votre badge à la borne, réservez une place ou ouvrez «\u202FMon espace\u202F»\u202F: " +
         std::string(login_url) + " — Vous pouvez aussi demander l’effacement dès maintenant à l’accueil.";
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
