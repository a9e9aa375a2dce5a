// The help screens' sentences (« J’ai besoin d’aide numérique »), French
// first and English, with the typography of strings.hpp (U+202F before
// « : ! ? » and inside « », the apostrophe ’). Plain words, one idea per
// sentence (FALC). Phone numbers never break across lines (U+00A0).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/kiosk_app.hpp"
#include "printer/escpos.hpp"

namespace escale::kiosk::ui::help {

enum class HelpText {
  AskHelpButton,        // « J’ai besoin d’aide numérique » (attract)
  AskHelpMemberButton,  // « Aide numérique » (member menu)
  HeaderTitle,          // « Aide numérique »
  TopicsHeader,         // « Aide numérique : de quoi avez-vous besoin ? » (the topics screen's header)
  WhatAbout,            // « De quoi avez-vous besoin ? »
  WhenTitle,            // « Quand voulez-vous venir ? »
  IndividualIntro,      // « Un rendez-vous seul à seul avec un conseiller numérique : »
  WorkshopsIntro,       // « Ou un atelier en petit groupe : »
  NothingTitle,         // « Il n’y a pas de créneau libre ces jours-ci. » (nothing offered)
  NothingFree,          // « Demandez à l’accueil : nous trouverons une solution. »
  ContactHeader,        // « Aide numérique : votre prénom et votre portable ? » (one optional step)
  ContactLine,          // that both are optional, and what the number is for
  NameCaption,          // « Prénom » (the first box)
  NameBoxHint,          // « facultatif » (in the empty first box)
  SkipContact,          // « Sans nom ni numéro »: the ticket at once
  PhoneHeader,          // « Aide numérique : un SMS de rappel ? » (a member: the phone only)
  PhoneLine,            // what the number is for, and only that
  PhoneCaption,         // « Portable (SMS de rappel) » (the second box)
  PhoneBoxHint,         // « Exemple : 06 12 34 56 78 »
  NoReminder,           // « Pas de rappel » (a member's way without a phone)
  Validate,             // « Valider »
  TicketTitle,          // « C’est noté ! »
  WaitingTitle,         // « Vous êtes sur la liste d’attente. »
  RefusedTitle,         // « Ce n’est pas possible. »
  Pending,              // « En attente de confirmation. » (until the server places it)
  ReminderLine,         // « Vous recevrez un SMS de rappel. » (when: the phone screen said it)
  WaitingLine,          // « Si une place se libère, elle sera pour vous. … »
  QrHint,               // « Pour votre agenda, scannez ce code. »
  AnotherTime,          // « Choisir un autre moment » (refused ticket)
  Done,                 // « Terminé » (a refused request)
  Noted,                // « J’ai noté » (the ticket stays until then)
  ReceiptTitle,         // « Aide numérique » (the printed ticket's title)
  Back,                 // « Retour »
  Count_
};
std::string_view tr(HelpText id, Language lang);

// « Mardi 24 novembre · 4 créneaux libres » (« Aujourd’hui · 1 créneau libre »)
std::string day_label(const HelpDayChoice& d, Language lang);
// « Mardi 24 novembre : à quelle heure ? »
std::string time_title(const LocalTime& day, Language lang);
// « 14 h 45 · avec Nadia »
std::string time_label(const HelpTimeChoice& t, Language lang);
// « Atelier « Découvrir la messagerie », jeudi 26 novembre à 14 h · 2 places libres »
// / « … · complet : liste d’attente »
std::string workshop_label(const WorkshopChoice& w, Language lang);
// The ticket's parts: when (« Jeudi 5 mars, 9 h 45 »), what (« Sujet : CAF »,
// « Atelier « … » »; « Aide numérique » without a topic), with whom and how
// long (« Avec Nadia, pendant 45 min »), where (« Lieu : … »; empty when
// unknown), for whom (« Au nom de Josiane »; empty when anonymous).
struct TicketText {
  std::string when;
  std::string what;
  std::string with;
  std::string where;
  std::string who;
};
TicketText ticket_text(const HelpTicket& t, Language lang);
// The same, the parts that are not empty, in that order (the first is shown large).
std::vector<std::string> ticket_lines(const HelpTicket& t, Language lang);
// The ticket as a calendar event (app/ticket_ics.hpp), for its QR code: what
// and with whom as the title, and the place.
std::string ticket_ics(const HelpTicket& t, Language lang);
// The ticket on paper: the same words, the QR code of ticket_ics (none on a
// waiting list or for a refused request).
printer::Receipt ticket_receipt(const HelpTicket& t, std::string_view contact_phone, Language lang);
// « Pour annuler, appelez le 05 55 00 00 00 ou passez à l’accueil. » (no phone: the desk only)
std::string cancel_line(std::string_view contact_phone, Language lang);
// « Vous pouvez aussi appeler le 05 55 00 00 00. » (empty without a phone)
std::string call_line(std::string_view contact_phone, Language lang);
// « Ce créneau vient d’être pris. Vous pouvez choisir un autre moment, ou demander à l’accueil. »
std::string refusal_line(const HelpTicket& t, Language lang);

// Animator mode's status line: « Imprimante à tickets : cannot open /dev/usb/lp0: … » (empty when fine).
std::string printer_problem_line(std::string_view problem, Language lang);

}  // namespace escale::kiosk::ui::help
