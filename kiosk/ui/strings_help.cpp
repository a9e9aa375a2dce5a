#include "ui/strings_help.hpp"

#include <array>

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
    Entry{HelpText::NameTitle, "Votre prénom\u202F?", "Your first name?"},
    Entry{HelpText::NameHint, "Pour que le conseiller sache qui il attend. Vous pouvez aussi ne pas le donner.",
          "So the adviser knows who to expect. You may also leave it out."},
    Entry{HelpText::NameBoxHint, "Prénom", "First name"},
    Entry{HelpText::Anonymous, "Sans donner mon nom", "Without my name"},
    Entry{HelpText::Next, "Suivant", "Next"},
    Entry{HelpText::PhoneTitle, "Un SMS de rappel\u202F?", "A text reminder?"},
    Entry{HelpText::PhoneLine,
          "Tapez votre numéro de portable. Vous recevrez un SMS 2 jours avant, puis 2 heures avant. "
          "Votre numéro ne sert qu’à cela.",
          "Type your mobile number. You will get a text 2 days before, then 2 hours before. "
          "Your number is used for nothing else."},
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

std::vector<std::string> ticket_lines(const HelpTicket& t, Language lang) {
  std::vector<std::string> lines;
  lines.push_back(capital(format_day(t.start, lang)) + (fr(lang) ? " à " : " at ") + format_time(t.start, lang));
  if (t.workshop) lines.push_back((fr(lang) ? "Atelier " : "Workshop ") + quoted(t.title, lang));
  const std::string duration = format_duration(t.minutes, lang);
  if (t.mediator.empty()) {
    lines.push_back((fr(lang) ? "Pendant " : "For ") + duration);
  } else {
    lines.push_back((fr(lang) ? "Avec " : "With ") + t.mediator + (fr(lang) ? ", pendant " : ", for ") + duration);
  }
  if (!t.place.empty()) lines.push_back((fr(lang) ? "Lieu\u202F: " : "Place: ") + t.place);
  if (!t.first_name.empty()) lines.push_back((fr(lang) ? "Au nom de " : "Name: ") + t.first_name);
  return lines;
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

}  // namespace escale::kiosk::ui::help
