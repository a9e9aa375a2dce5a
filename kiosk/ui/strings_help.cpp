#include "ui/strings_help.hpp"

#include <array>
#include <chrono>

#include "app/ticket_ics.hpp"
#include "ui/strings.hpp"

namespace escale::kiosk::ui::help {
namespace {

struct Entry {
  HelpText id;
  std::string_view fr;
  std::string_view en;
};

constexpr std::array kCatalogue{
    Entry{HelpText::AskHelpButton, "J’ai besoin d’aide numérique", "I need help with digital things"},
    Entry{HelpText::AskHelpMemberButton, "Aide numérique", "Digital help"},
    Entry{HelpText::HeaderTitle, "Aide numérique", "Digital help"},
    Entry{HelpText::TopicsHeader, "Aide numérique\u202F: de quoi avez-vous besoin\u202F?",
          "Digital help: what do you need?"},
    Entry{HelpText::WhatAbout, "De quoi avez-vous besoin\u202F?", "What do you need help with?"},
    Entry{HelpText::WhenTitle, "Quand voulez-vous venir\u202F?", "When would you like to come?"},
    Entry{HelpText::IndividualIntro, "Un rendez-vous seul à seul avec un conseiller numérique\u202F:",
          "A one-to-one appointment with a digital adviser:"},
    Entry{HelpText::WorkshopsIntro, "Ou un atelier en petit groupe\u202F:", "Or a small group workshop:"},
    Entry{HelpText::NothingTitle, "Il n’y a pas de créneau libre ces jours-ci.",
          "There is no free time in the coming days."},
    Entry{HelpText::NothingFree, "Demandez à l’accueil\u202F: nous trouverons une solution.",
          "Please ask at the desk: we will find a way."},
    Entry{HelpText::ContactHeader, "Aide numérique\u202F: votre prénom et votre portable\u202F?",
          "Digital help: your first name and mobile number?"},
    Entry{HelpText::ContactLine, "C’est facultatif. Le numéro sert seulement au SMS de rappel.",
          "You may leave them out. The number is only for a text reminder."},
    Entry{HelpText::NameCaption, "Prénom", "First name"},
    Entry{HelpText::NameBoxHint, "Facultatif", "Optional"},
    Entry{HelpText::SkipContact, "Sans nom ni numéro", "No name, no number"},
    Entry{HelpText::PhoneHeader, "Aide numérique\u202F: un SMS de rappel\u202F?", "Digital help: a text reminder?"},
    Entry{HelpText::PhoneLine,
          "Tapez votre numéro de portable. Vous recevrez un SMS 2 jours avant, puis 2 heures avant. "
          "Votre numéro ne sert qu’à cela.",
          "Type your mobile number. You will get a text 2 days before, then 2 hours before. "
          "Your number is used for nothing else."},
    Entry{HelpText::PhoneCaption, "Portable (SMS de rappel)", "Mobile (text reminder)"},
    // « Exemple » so that the grey hint is not taken for a number already typed.
    Entry{HelpText::PhoneBoxHint, "Exemple\u202F: 06 12 34 56 78", "For example 06 12 34 56 78"},
    Entry{HelpText::NoReminder, "Pas de rappel", "No reminder"},
    Entry{HelpText::Validate, "Valider", "Confirm"},
    Entry{HelpText::TicketTitle, "C’est noté\u202F!", "You are booked!"},
    Entry{HelpText::WaitingTitle, "Vous êtes sur la liste d’attente.", "You are on the waiting list."},
    Entry{HelpText::RefusedTitle, "Ce n’est pas possible.", "This is not possible."},
    Entry{HelpText::Pending, "En attente de confirmation.", "Waiting for confirmation."},
    Entry{HelpText::ReminderLine, "Vous recevrez un SMS de rappel.", "You will get a text reminder."},
    Entry{HelpText::WaitingLine, "Si une place se libère, elle sera pour vous. Avant de venir, demandez à l’accueil.",
          "If a seat frees up, it will be yours. Please ask at the desk before you come."},
    Entry{HelpText::QrHint, "Pour votre agenda, scannez ce code.", "For your calendar, scan this code."},
    Entry{HelpText::AnotherTime, "Choisir un autre moment", "Choose another time"},
    Entry{HelpText::Done, "Terminé", "Done"},
    Entry{HelpText::Noted, "J’ai noté", "Got it"},
    Entry{HelpText::ReceiptTitle, "Aide numérique", "Digital help"},
    Entry{HelpText::Back, "Retour", "Back"},
};
static_assert(kCatalogue.size() == static_cast<std::size_t>(HelpText::Count_), "one entry per HelpText");

// tr() indexes the catalogue by id: the entries must stay in the enum's order.
constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kCatalogue.size(); ++i) {
    if (static_cast<std::size_t>(kCatalogue[i].id) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "kCatalogue entries in HelpText order");

bool fr(Language lang) {
  return lang == Language::French;
}

std::string capital(std::string s) {
  return capitalised_first(std::move(s));
}

// « 05 55 00 00 00 » that never breaks across two lines.
std::string unbreakable(std::string_view phone) {
  std::string out;
  for (const char c : phone) {
    if (c == ' ')
      out += "\u00A0";
    else
      out += c;
  }
  return out;
}

std::string quoted(const std::string& title, Language lang) {
  // English quotes are straight: “ ” are not in the kiosk's glyphs.
  return fr(lang) ? "«\u202F" + title + "\u202F»" : "\"" + title + "\"";
}

}  // namespace

std::string_view tr(HelpText id, Language lang) {
  const Entry& e = kCatalogue[static_cast<std::size_t>(id)];
  return fr(lang) ? e.fr : e.en;
}

std::string day_label(const HelpDayChoice& d, Language lang) {
  std::string day = d.today ? std::string(fr(lang) ? "Aujourd’hui" : "Today") : capital(format_day(d.day, lang));
  const std::string n = std::to_string(d.free_slots);
  if (fr(lang)) return day + " · " + n + (d.free_slots > 1 ? " créneaux libres" : " créneau libre");
  return day + " · " + n + (d.free_slots > 1 ? " free times" : " free time");
}

std::string time_title(const LocalTime& day, Language lang) {
  return capital(format_day(day, lang)) + (fr(lang) ? "\u202F: à quelle heure\u202F?" : ": what time?");
}

std::string time_label(const HelpTimeChoice& t, Language lang) {
  std::string s = format_time(t.start, lang);
  if (!t.mediator.empty()) s += (fr(lang) ? " · avec " : " · with ") + t.mediator;
  return s;
}

std::string workshop_label(const WorkshopChoice& w, Language lang) {
  std::string s;
  if (fr(lang)) {
    s = "Atelier " + quoted(w.title, lang) + ", " + format_day(w.start, lang) + " à " + format_time(w.start, lang);
    if (w.seats_left > 0)
      s += " · " + std::to_string(w.seats_left) + (w.seats_left > 1 ? " places libres" : " place libre");
    else
      s += " · complet\u202F: liste d’attente";
  } else {
    s = "Workshop " + quoted(w.title, lang) + ", " + format_day(w.start, lang) + " at " + format_time(w.start, lang);
    if (w.seats_left > 0)
      s += " · " + std::to_string(w.seats_left) + (w.seats_left > 1 ? " seats left" : " seat left");
    else
      s += " · full: waiting list";
  }
  return s;
}

TicketText ticket_text(const HelpTicket& t, Language lang) {
  TicketText out;
  out.when = capital(format_day(t.start, lang)) + ", " + format_time(t.start, lang);
  if (t.workshop) {
    out.what = (fr(lang) ? "Atelier " : "Workshop ") + quoted(t.title, lang);
  } else if (t.topic) {
    out.what = (fr(lang) ? "Sujet\u202F: " : "About: ") + std::string(mediation::help_topic_label(*t.topic, lang));
  } else {
    out.what = std::string(tr(HelpText::HeaderTitle, lang));
  }
  const std::string duration = format_duration(t.minutes, lang);
  if (t.mediator.empty()) {
    out.with = (fr(lang) ? "Pendant " : "For ") + duration;
  } else {
    out.with = (fr(lang) ? "Avec " : "With ") + t.mediator + (fr(lang) ? ", pendant " : ", for ") + duration;
  }
  switch (t.place_kind) {
    case mediation::PlaceKind::ByPhone:
      out.where = fr(lang) ? "Par téléphone\u202F: le conseiller vous appelle" : "By phone: the adviser calls you";
      break;
    case mediation::PlaceKind::AtHome:
      out.where = fr(lang) ? "Chez vous" : "At your home";
      break;
    case mediation::PlaceKind::Remote:
      out.where = fr(lang) ? "À distance" : "Remotely";
      break;
    case mediation::PlaceKind::OnSite:
    case mediation::PlaceKind::Other:
      if (!t.place.empty()) out.where = (fr(lang) ? "Lieu\u202F: " : "Place: ") + t.place;
      break;
  }
  if (!t.first_name.empty()) out.who = (fr(lang) ? "Au nom de " : "Name: ") + t.first_name;
  return out;
}

std::vector<std::string> ticket_lines(const HelpTicket& t, Language lang) {
  const TicketText text = ticket_text(t, lang);
  std::vector<std::string> lines;
  for (const std::string* part : {&text.when, &text.what, &text.with, &text.where, &text.who}) {
    if (!part->empty()) lines.push_back(*part);
  }
  return lines;
}

namespace {

// No-break spaces (kept on screen so that a number never breaks) as plain
// spaces: a calendar or a receipt wraps on its own.
std::string plain_spaces(std::string s) {
  for (const std::string_view nb : {std::string_view("\u202F"), std::string_view("\u00A0")}) {
    for (auto at = s.find(nb); at != std::string::npos; at = s.find(nb, at + 1)) s.replace(at, nb.size(), " ");
  }
  return s;
}

}  // namespace

std::string ticket_ics(const HelpTicket& t, Language lang) {
  TicketEvent e;
  e.uid = t.id + "@escale";
  e.start = t.start_at;
  e.end = t.start_at + std::chrono::minutes(t.minutes);
  e.stamp = t.booked_at;
  if (t.workshop) {
    e.summary = (fr(lang) ? "Atelier " : "Workshop ") + quoted(t.title, lang);
  } else {
    e.summary = std::string(tr(HelpText::HeaderTitle, lang));
    if (t.topic) e.summary += (fr(lang) ? "\u202F: " : ": ") + std::string(mediation::help_topic_label(*t.topic, lang));
  }
  if (!t.mediator.empty()) e.summary += (fr(lang) ? ", avec " : ", with ") + t.mediator;
  const TicketText text = ticket_text(t, lang);
  e.location = t.place_kind == mediation::PlaceKind::OnSite || t.place_kind == mediation::PlaceKind::Other ? t.place
                                                                                                           : text.where;
  // No DESCRIPTION (how to cancel is on the ticket): a version 12 code, not
  // 14, is 3 px a module in the ticket's corner at 800×480, not 2.
  e.summary = plain_spaces(e.summary);
  e.location = plain_spaces(e.location);
  return kiosk::ticket_ics(e);
}

printer::Receipt ticket_receipt(const HelpTicket& t, std::string_view contact_phone, Language lang) {
  printer::Receipt r;
  r.title = std::string(tr(HelpText::ReceiptTitle, lang));
  const TicketText text = ticket_text(t, lang);
  r.headline = text.when;
  if (t.waiting) r.lines.emplace_back(tr(HelpText::WaitingTitle, lang));
  for (const std::string* part : {&text.what, &text.with, &text.where, &text.who}) {
    if (!part->empty()) r.lines.push_back(*part);
  }
  if (t.pending) r.lines.emplace_back(tr(HelpText::Pending, lang));
  if (t.waiting) r.lines.emplace_back(tr(HelpText::WaitingLine, lang));
  if (t.reminders && !t.waiting) r.lines.emplace_back(tr(HelpText::ReminderLine, lang));
  // No-break spaces stay: the printer keeps « 05 55 00 00 00 » on one line.
  r.lines.push_back(cancel_line(contact_phone, lang));
  if (!t.waiting && !t.refusal) {
    r.qr = ticket_ics(t, lang);
    r.qr_caption = std::string(tr(HelpText::QrHint, lang));
  }
  return r;
}

std::string cancel_line(std::string_view contact_phone, Language lang) {
  if (contact_phone.empty()) {
    return fr(lang) ? "Pour annuler, passez à l’accueil." : "To cancel, come to the desk.";
  }
  const std::string phone = unbreakable(contact_phone);
  return fr(lang) ? "Pour annuler, appelez le " + phone + " ou passez à l’accueil."
                  : "To cancel, call " + phone + " or come to the desk.";
}

std::string call_line(std::string_view contact_phone, Language lang) {
  if (contact_phone.empty()) return {};
  const std::string phone = unbreakable(contact_phone);
  return fr(lang) ? "Vous pouvez aussi appeler le " + phone + "." : "You can also call " + phone + ".";
}

std::string refusal_line(const HelpTicket& t, Language lang) {
  std::string reason = t.refusal ? mediation::help_refusal_reason(*t.refusal, lang) : std::string();
  if (!reason.empty()) reason += " ";
  return reason + (fr(lang) ? "Vous pouvez choisir un autre moment, ou demander à l’accueil."
                            : "You can choose another time, or ask at the desk.");
}

std::string printer_problem_line(std::string_view problem, Language lang) {
  if (problem.empty()) return {};
  return std::string(fr(lang) ? "Imprimante à tickets\u202F: " : "Receipt printer: ") + std::string(problem) + ".";
}

}  // namespace escale::kiosk::ui::help
