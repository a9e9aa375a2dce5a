// Every sentence the kiosk shows, in French first and in English.
//
// French follows kiosk-ux.md: plain words, « vous », one idea per sentence,
// a narrow no-break space (U+202F) before « ! ? : ; » and inside « », the
// apostrophe ’. Sentences that carry a name, a time or a duration are built
// by the helpers below so the typography stays right around them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "time/clock.hpp"
#include "time/french_format.hpp"

namespace escale::kiosk::ui {

// Fixed texts. Keep Count_ last: tests walk the whole catalogue.
enum class Text {
  DefaultSiteName,    // « Escale », when the site has no name yet
  TapYourBadge,       // the attract screen's call to action
  TapYourBadgeHint,   // how to do it
  NoBadge,            // the question next to « Je suis de passage »
  WalkInButton,       // « Je suis de passage »
  LanguageToggle,     // the name of the *other* language, in that language
  ReaderUnavailable,  // the reader is down: what the visitor can do
  GreetingNext,       // after a check-in: what to do when leaving
  DoneButton,         // « Terminé »
  AlreadyHereTitle,   // a second tap right after check-in
  AlreadyHereNothingToDo,
  GoodbyeRecorded,  // the check-out is recorded
  GoodbyeThanks,    // « Merci et à bientôt. »
  UnknownBadgeTitle,
  UnknownBadgeLine,  // « Ce badge n’est pas encore enregistré. »
  UnknownBadgeAsk,   // what to do about it
  BackHomeButton,    // « Retour à l’accueil »
  WalkInTitle,       // « Bienvenue ! »
  WalkInCounted,
  WalkInHelp,
  Count_
};

std::string_view tr(Text id, Language lang);

// « Bonjour Marie ! » / "Hello Marie!" (no name: « Bonjour ! »)
std::string hello(std::string_view first_name, Language lang);
// « Au revoir Marie ! » / "Goodbye Marie!"
std::string goodbye(std::string_view first_name, Language lang);
// « Votre arrivée est enregistrée à 9 h 30. »
std::string arrival_recorded_at(const LocalTime& at, Language lang);
// « Marie, votre arrivée est déjà enregistrée (9 h 30). » (no gendered
// agreement on the person; name and time are optional)
std::string arrival_already_recorded(std::string_view first_name, const std::optional<LocalTime>& at, Language lang);
// « 2 h 15 », « 1 h », « 45 min » / "2 hours 15 minutes", "45 minutes"
std::string format_duration(int minutes, Language lang);
// « Votre visite a duré 2 h 15. » (under a minute: « moins d’une minute »)
std::string visit_lasted(int minutes, Language lang);

}  // namespace escale::kiosk::ui
