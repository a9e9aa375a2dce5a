// The kiosk's string catalogue and the sentences built around names, times
// and durations. "\u202F" is the narrow no-break space French puts before
// « ! ? : ; »; it is written as an escape because it is invisible in an editor.
#include "ui/strings.hpp"

#include <array>
#include <cassert>
#include <cstddef>

namespace escale::kiosk::ui {
namespace {

struct Entry {
  Text id;
  std::string_view french;
  std::string_view english;
};

// In the order of the enum (checked at compile time below).
constexpr std::array kCatalogue{
    Entry{Text::DefaultSiteName, "Escale", "Escale"},
    Entry{Text::TapYourBadge, "Passez votre badge", "Tap your badge"},
    Entry{Text::TapYourBadgeHint, "Posez-le sur le lecteur.", "Hold it on the reader."},
    Entry{Text::NoBadge, "Pas de badge\u202F?", "No badge?"},
    Entry{Text::WalkInButton, "Je suis de passage", "I’m just visiting"},
    Entry{Text::LanguageToggle, "English", "Français"},
    Entry{Text::ReaderUnavailable,
          "Lecteur de badge indisponible. Vous pouvez utiliser l’écran, ou prévenir l’accueil.",
          "The badge reader is not working. You can use the screen, or tell the front desk."},
    Entry{Text::GreetingNext, "Pensez à repasser votre badge en partant.",
          "Please tap your badge again when you leave."},
    Entry{Text::DoneButton, "Terminé", "Done"},
    Entry{Text::AlreadyHereTitle, "C’est déjà noté\u202F!", "Already done!"},
    Entry{Text::AlreadyHereNothingToDo, "Vous n’avez rien d’autre à faire.", "There is nothing else to do."},
    Entry{Text::GoodbyeRecorded, "Votre départ est enregistré.", "Your departure is recorded."},
    Entry{Text::GoodbyeThanks, "Merci et à bientôt.", "Thank you, see you soon."},
    Entry{Text::UnknownBadgeTitle, "Bonjour\u202F!", "Hello!"},
    Entry{Text::UnknownBadgeLine, "Ce badge n’est pas encore enregistré.", "This badge is not registered yet."},
    Entry{Text::UnknownBadgeAsk, "Demandez à l’accueil\u202F: on l’enregistre en une minute.",
          "Ask at the front desk: it takes one minute to register it."},
    Entry{Text::BackHomeButton, "Retour à l’accueil", "Back to start"},
    Entry{Text::WalkInTitle, "Bienvenue\u202F!", "Welcome!"},
    Entry{Text::WalkInCounted, "Votre passage est compté. Merci.", "Your visit is counted. Thank you."},
    Entry{Text::WalkInHelp, "Besoin d’aide\u202F? Demandez à l’équipe.", "Need help? Ask the team."},
};

constexpr bool catalogue_in_enum_order() {
  if (kCatalogue.size() != static_cast<std::size_t>(Text::Count_)) return false;
  for (std::size_t i = 0; i < kCatalogue.size(); ++i) {
    if (static_cast<std::size_t>(kCatalogue[i].id) != i) return false;
  }
  return true;
}
static_assert(catalogue_in_enum_order(), "kCatalogue must list every Text once, in enum order");

bool french(Language lang) {
  return lang == Language::French;
}

}  // namespace

std::string_view tr(Text id, Language lang) {
  const auto index = static_cast<std::size_t>(id);
  assert(index < kCatalogue.size());
  const Entry& e = kCatalogue.at(index);
  return french(lang) ? e.french : e.english;
}

std::string hello(std::string_view first_name, Language lang) {
  std::string out = french(lang) ? "Bonjour" : "Hello";
  if (!first_name.empty()) {
    out += ' ';
    out += first_name;
  }
  out += french(lang) ? "\u202F!" : "!";
  return out;
}

std::string goodbye(std::string_view first_name, Language lang) {
  std::string out = french(lang) ? "Au revoir" : "Goodbye";
  if (!first_name.empty()) {
    out += ' ';
    out += first_name;
  }
  out += french(lang) ? "\u202F!" : "!";
  return out;
}

std::string arrival_recorded_at(const LocalTime& at, Language lang) {
  const std::string time = format_time(at, lang);
  return french(lang) ? "Votre arrivée est enregistrée à " + time + "." : "Your arrival is recorded at " + time + ".";
}

std::string arrival_already_recorded(std::string_view first_name, const std::optional<LocalTime>& at, Language lang) {
  std::string out;
  if (!first_name.empty()) {
    out += first_name;
    out += ", ";
    out += french(lang) ? "votre arrivée est déjà enregistrée" : "your arrival is already recorded";
  } else {
    out += french(lang) ? "Votre arrivée est déjà enregistrée" : "Your arrival is already recorded";
  }
  if (at) out += " (" + format_time(*at, lang) + ")";
  out += '.';
  return out;
}

std::string format_duration(int minutes, Language lang) {
  if (minutes < 0) minutes = 0;
  const int h = minutes / 60;
  const int m = minutes % 60;
  if (french(lang)) {
    // « 2 h 15 », « 2 h 05 », « 1 h », « 45 min », like format_time.
    if (h == 0) return std::to_string(m) + "\u202Fmin";
    std::string out = std::to_string(h) + "\u202Fh";
    if (m != 0) out += (m < 10 ? "\u202F0" : "\u202F") + std::to_string(m);
    return out;
  }
  const auto unit = [](int n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
  };
  if (h == 0) return unit(m, "minute", "minutes");
  std::string out = unit(h, "hour", "hours");
  if (m != 0) out += " " + unit(m, "minute", "minutes");
  return out;
}

std::string visit_lasted(int minutes, Language lang) {
  if (minutes < 1) {
    return french(lang) ? "Votre visite a duré moins d’une minute." : "Your visit lasted less than a minute.";
  }
  const std::string d = format_duration(minutes, lang);
  return french(lang) ? "Votre visite a duré " + d + "." : "Your visit lasted " + d + ".";
}

}  // namespace escale::kiosk::ui
