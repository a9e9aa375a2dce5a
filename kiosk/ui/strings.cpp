// The kiosk's string catalogue and the sentences built around names, times
// and durations. "\u202F" is the narrow no-break space French puts before
// « ! ? : ; »; it is written as an escape because it is invisible in an editor.
#include "ui/strings.hpp"

#include <array>
#include <cassert>
#include <cstddef>
#include <utility>

#include "booking/booking.hpp"

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
    Entry{Text::NotHereLine, "Votre adhésion ne comprend pas ce lieu.", "Your membership does not include this place."},
    Entry{Text::NotHereNone, "Demandez à l’accueil où votre adhésion vous permet d’aller.",
          "Ask at the desk where your membership lets you go."},
    Entry{Text::NotHereAsk, "Une erreur\u202F? Demandez à l’accueil.", "A mistake? Ask at the desk."},
    Entry{Text::BackHomeButton, "Retour à l’accueil", "Back to start"},
    Entry{Text::WalkInTitle, "Bienvenue\u202F!", "Welcome!"},
    Entry{Text::WalkInCounted, "Votre passage est compté. Merci.", "Your visit is counted. Thank you."},
    Entry{Text::WalkInHelp, "Besoin d’aide\u202F? Demandez à l’équipe.", "Need help? Ask the team."},
    // member menu
    Entry{Text::BookDeskButton, "Réserver un bureau", "Book a desk"},
    Entry{Text::BookVisioButton, "Réserver la salle visio", "Book the video room"},
    Entry{Text::MyBookingsButton, "Mes réservations", "My bookings"},
    Entry{Text::NoticesReadButton, "J’ai compris", "Understood"},
    Entry{Text::TodayBookingsIntro, "Vos réservations aujourd’hui\u202F:", "Your bookings today:"},
    // booking steps
    Entry{Text::BackButton, "Retour", "Back"},
    Entry{Text::Today, "Aujourd’hui", "Today"},
    Entry{Text::Tomorrow, "Demain", "Tomorrow"},
    Entry{Text::DayClosed, "fermé", "closed"},
    Entry{Text::DayFull, "complet", "full"},
    Entry{Text::WhichDay, "quel\u00A0jour\u202F?", "which day?"},
    Entry{Text::Morning, "Matin", "Morning"},
    Entry{Text::Afternoon, "Après-midi", "Afternoon"},
    Entry{Text::WholeDay, "Journée", "All day"},
    Entry{Text::CellFree, "Libre", "Free"},
    Entry{Text::CellTaken, "Pris", "Taken"},
    Entry{Text::CellMine, "À vous", "Yours"},
    Entry{Text::CellClosed, "Fermé", "Closed"},
    Entry{Text::WhatTime, "à\u00A0quelle\u00A0heure\u202F?", "what time?"},
    Entry{Text::HowLong, "combien\u00A0de\u00A0temps\u202F?", "how long?"},
    Entry{Text::NoTimeLeft, "Plus rien n’est libre ce jour-là. Choisissez un autre jour.",
          "Nothing is free that day. Please choose another day."},
    Entry{Text::BookButton, "Réserver", "Book"},
    Entry{Text::BookedPendingTitle, "C’est noté.", "Noted."},
    Entry{Text::BookedPendingLine, "La réservation est en attente de confirmation.",
          "The booking is waiting for confirmation."},
    Entry{Text::RefusedTitle, "Ce n’est pas possible.", "That is not possible."},
    Entry{Text::TryAnotherTime, "Vous pouvez choisir un autre moment.", "You can choose another time."},
    Entry{Text::ChooseAnotherTime, "Choisir un autre moment", "Choose another time"},
    Entry{Text::QrHint, "Pour l’ajouter à l’agenda de votre téléphone, scannez ce code.",
          "To add it to your phone’s calendar, scan this code."},
    Entry{Text::MyBookingsTitle, "Mes réservations", "My bookings"},
    Entry{Text::NoBookings, "Vous n’avez pas de réservation à venir.", "You have no upcoming booking."},
    Entry{Text::NoBookingsHint, "Pour réserver, touchez un bouton ci-dessous.", "To book, touch a button below."},
    Entry{Text::CancelButton, "Annuler", "Cancel"},
    Entry{Text::YesCancel, "Oui, annuler", "Yes, cancel"},
    Entry{Text::NoKeep, "Non, garder", "No, keep it"},
    Entry{Text::StatusConfirmed, "confirmée", "confirmed"},
    Entry{Text::StatusPending, "en attente de confirmation", "waiting for confirmation"},
    Entry{Text::StatusCheckedIn, "en cours", "in progress"},
    Entry{Text::StatusCancelled, "annulée", "cancelled"},
    Entry{Text::StatusNoShow, "non honorée", "missed"},
    Entry{Text::StatusRefused, "refusée", "refused"},
    // animator mode
    Entry{Text::AnimatorMode, "Mode animation", "Staff mode"},
    Entry{Text::PinAsk, "Tapez votre code.", "Type your code."},
    Entry{Text::NewBookingButton, "Nouvelle réservation", "New booking"},
    Entry{Text::NewBadgeButton, "Nouveau badge", "New badge"},
    Entry{Text::NewMemberButton, "Nouveau membre", "New member"},
    Entry{Text::WalkInRecordButton, "Visiteur de passage", "Walk-in visitor"},
    Entry{Text::LeaveAnimatorButton, "Quitter le mode animation", "Leave staff mode"},
    Entry{Text::NeverSynced, "Pas encore de synchronisation.", "Not synchronised yet."},
    Entry{Text::WhoIsHereTitle, "Qui est là", "Who is here"},
    Entry{Text::NobodyHere, "Personne n’est là pour l’instant.", "Nobody is here right now."},
    Entry{Text::CheckOutButton, "Faire sortir", "Check out"},
    Entry{Text::TodayBookingsTitle, "Réservations du jour", "Today’s bookings"},
    Entry{Text::NoBookingsToday, "Aucune réservation aujourd’hui.", "No bookings today."},
    Entry{Text::MoveButton, "Déplacer", "Move"},
    Entry{Text::PickForBooking, "Nouvelle réservation\u202F: pour qui\u202F?", "New booking: for whom?"},
    Entry{Text::PickForBadge, "Nouveau badge\u202F: pour qui\u202F?", "New badge: for whom?"},
    Entry{Text::PickHint, "Tapez le début du nom.", "Type the start of the name."},
    Entry{Text::PickNoMatch, "Aucun membre trouvé.", "No member found."},
    Entry{Text::SkipBadgeButton, "Sans badge pour l’instant", "No badge for now"},
    Entry{Text::NewMemberTitle, "Nouveau membre", "New member"},
    Entry{Text::SaveButton, "Enregistrer", "Save"},
    Entry{Text::YesButton, "Oui", "Yes"},
    Entry{Text::YesCheckOut, "Oui, faire sortir", "Yes, check out"},
    Entry{Text::NoButton, "Non", "No"},
    Entry{Text::DoneTitle, "C’est fait.", "Done."},
    Entry{Text::BadgeTakenTitle, "Badge déjà utilisé", "Badge already in use"},
    Entry{Text::BadgeTakenAdvice, "Prenez un autre badge.", "Please use another badge."},
    Entry{Text::WalkInRecorded, "Passage d’un visiteur enregistré.", "Walk-in visitor recorded."},
    Entry{Text::BackToAnimatorButton, "Retour au mode animation", "Back to staff mode"},
    Entry{Text::SwitchToVisio, "Plutôt la salle visio", "The video room instead"},
    Entry{Text::SwitchToDesk, "Plutôt un bureau", "A desk instead"},
    Entry{Text::RefusedEventsTitle, "Envois refusés", "Refused changes"},
    Entry{Text::NoRefusedEvents, "Aucun envoi refusé.", "Nothing was refused."},
    Entry{Text::RefusedByServer, "Refusé par le serveur", "Refused by the server"},
    Entry{Text::SetAsideHere, "Mis de côté par la borne", "Set aside by this kiosk"},
    Entry{Text::LetInButton, "Faire entrer", "Let in"},
    Entry{Text::PickForLetIn, "Faire entrer : qui ?", "Let in: who?"},
    Entry{Text::LetInExplain, "Son arrivée sera enregistrée maintenant, sans badge.",
          "Their arrival will be recorded now, without a badge."},
    Entry{Text::YesLetIn, "Oui, faire entrer", "Yes, let in"},
    // first run
    Entry{Text::EnrolTitle, "Inscription de la borne", "Kiosk enrolment"},
    Entry{Text::EnrolHow, "Tapez le code donné par «\u202Fescale-server kiosk add\u202F».",
          "Type the code given by \"escale-server kiosk add\"."},
    Entry{Text::EnrolCodeHint, "10 lettres et chiffres", "10 letters and digits"},
    Entry{Text::EnrolButton, "Inscrire la borne", "Enrol the kiosk"},
    Entry{Text::EnrolInProgress, "Inscription en cours…", "Enrolling…"},
    Entry{Text::EnrolErase, "Effacer", "Delete"},
    Entry{Text::EnrolChangeCode, "Modifier le code", "Change the code"},
    Entry{Text::EnrolRetry, "Réessayer", "Try again"},
    Entry{Text::EnrolNewCode, "Taper un nouveau code", "Type a new code"},
    Entry{Text::EnrolDoneNext, "Les visiteurs peuvent maintenant passer leur badge.",
          "Visitors can now tap their badges."},
    Entry{Text::EnrolStartButton, "Commencer", "Start"},
    Entry{Text::EnrolNotYet, "Cette borne n’est pas encore inscrite. Le passage n’est pas enregistré.",
          "This kiosk is not enrolled yet. The visit is not recorded."},
    Entry{Text::EnrolUnknownCode, "Le serveur ne connaît pas ce code. Vérifiez chaque caractère, puis réessayez.",
          "The server does not know this code. Check each character, then try again."},
    Entry{Text::EnrolExpiredCode,
          "Ce code a expiré. Demandez un nouveau code\u202F: "
          "«\u202Fescale-server\u00A0kiosk\u00A0code\u00A0--id\u00A0N\u202F» "
          "(N est le numéro de la borne).",
          "This code has expired. Ask for a new one: \"escale-server kiosk code --id N\" (N is the kiosk’s number)."},
    Entry{Text::EnrolUsedCode,
          "Ce code a déjà servi. Un code ne sert qu’une fois\u202F: demandez-en un nouveau "
          "(«\u202Fescale-server\u00A0kiosk\u00A0code\u00A0--id\u00A0N\u202F»).",
          "This code has already been used. A code works only once: ask for a new one "
          "(\"escale-server kiosk code --id N\")."},
    Entry{Text::EnrolRejected,
          "Le serveur n’a pas compris la demande. Vérifiez que la borne et le serveur ont la même version.",
          "The server did not understand the request. Check that the kiosk and the server have the same version."},
    Entry{Text::EnrolCodeEmpty, "Tapez d’abord le code.", "Type the code first."},
    // after enrolment, until the first pull
    Entry{Text::EnrolPreparingNext,
          "La borne reçoit maintenant la liste des membres. Les badges passés d’ici là sont notés et compteront.",
          "The kiosk is now receiving the list of members. Badges tapped meanwhile are noted and will count."},
    Entry{Text::PreparingTitle, "La borne se prépare…", "The kiosk is getting ready…"},
    Entry{Text::PreparingTapNoted, "La borne se prépare… votre passage est noté.",
          "The kiosk is getting ready… your visit is noted."},
    Entry{Text::PreparingHow,
          "Elle reçoit la liste des membres. Vous pouvez passer votre badge\u202F: votre passage sera noté et "
          "comptera.",
          "It is receiving the list of members. You can tap your badge: your visit will be noted and will count."},
    Entry{Text::PreparingServerTrouble,
          "La borne n’arrive pas à joindre le serveur pour l’instant. Les passages restent notés et compteront.",
          "The kiosk cannot reach the server for now. Visits stay noted and will count."},
    // « Mon espace » on the member's phone
    Entry{Text::PhoneLinkButton, "Sur mon téléphone", "On my phone"},
    Entry{Text::PhoneLinkTitle, "Mon espace sur votre téléphone", "Your member space on your phone"},
    Entry{Text::PhoneLinkScan,
          "Scannez ce code avec l’appareil photo de votre téléphone\u202F: vos réservations s’ouvrent, sans mot de "
          "passe.",
          "Scan this code with your phone’s camera: your bookings open, without a password."},
    Entry{Text::PhoneLinkOnce, "Ce code sert une seule fois et pendant 10\u00A0minutes.",
          "This code works only once, for 10\u00A0minutes."},
    Entry{Text::PhoneLinkDoneButton, "C’est fait", "All done"},
    Entry{Text::PhoneLinkWaiting, "Un instant…", "One moment…"},
    Entry{Text::PhoneLinkUnreachable, "Le serveur ne répond pas pour l’instant.",
          "The server is not answering right now."},
    Entry{Text::PhoneLinkUnreachableHow,
          "Réessayez dans un moment, ou demandez un lien par e-mail ou SMS depuis la page «\u202FMon espace\u202F» du "
          "tiers-lieu.",
          "Try again in a moment, or ask for a link by e-mail or text message from the place’s \"Mon espace\" page."},
    Entry{Text::PhoneLinkRetry, "Réessayer", "Try again"},
    Entry{Text::PhoneLinkRefused, "Impossible de préparer le lien pour l’instant.",
          "The link cannot be prepared right now."},
    Entry{Text::PhoneLinkAskDesk, "Demandez à l’accueil.", "Please ask at the front desk."},
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

std::string sites_you_may_use(const std::vector<std::string>& names, Language lang) {
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) list += i + 1 == names.size() ? (french(lang) ? " et " : " and ") : ", ";
    list += names[i];
  }
  return french(lang) ? "Vous pouvez badger à\u202F: " + list + "." : "You can badge in at: " + list + ".";
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

std::string capitalised_first(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  } else if (text.starts_with("\xC3\xA0")) {  // à → À
    text[1] = '\x80';
  } else if (text.starts_with("\xC3\xA9")) {  // é → É
    text[1] = '\x89';
  }
  return text;
}

// ---- bookings

namespace {

constexpr std::string_view kNnbsp = "\u202F";

// « bureau 3 » never breaks before its number: the space before a digit
// becomes a no-break space.
std::string keep_number_with_word(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9') {
      out += "\u00A0";
    } else {
      out += s[i];
    }
  }
  return out;
}

// « mardi 3 mars » breaks as « mardi » / « 3 mars », never « mardi 3 » / « mars ».
std::string day_unbroken(std::string day) {
  const std::size_t last = day.rfind(' ');
  if (last != std::string::npos && last > 0) day.replace(last, 1, "\u00A0");
  return day;
}

// A date inside a sentence or on a button.
std::string day_text(const LocalTime& t, Language lang) {
  return day_unbroken(format_day(t, lang));
}

// The resource's name as it reads inside a sentence: « bureau 3 » in French
// (first letter lowered: names are capitalised as titles), "Desk 3" in English.
std::string name_in_sentence(const BookingLine& b, Language lang) {
  std::string name = keep_number_with_word(b.resource_name);
  if (name.empty()) {
    if (french(lang)) return b.kind == ResourceKind::Desk ? "bureau" : "salle visio";
    return b.kind == ResourceKind::Desk ? "desk" : "video room";
  }
  if (!french(lang)) return name;
  if (name[0] >= 'A' && name[0] <= 'Z') {
    name[0] = static_cast<char>(name[0] - 'A' + 'a');
  } else if (name.starts_with("\xC3\x89")) {  // É → é
    name[1] = '\xA9';
  }
  return name;
}

bool starts_with_vowel(std::string_view s) {
  if (s.empty()) return false;
  for (const std::string_view v : {"a", "e", "i", "o", "u", "é", "è", "ê", "â", "î", "ô"}) {
    if (s.starts_with(v)) return true;
  }
  return false;
}

enum class Article { Definite, Of };  // « le bureau 3 » / « du bureau 3 »

// French only: « le bureau 3 », « la salle visio », « l’atelier », « du bureau 3 », « de la salle visio ».
std::string with_article(const BookingLine& b, Article article) {
  const std::string name = name_in_sentence(b, Language::French);
  const bool feminine = b.kind == ResourceKind::VisioRoom;
  if (starts_with_vowel(name)) return (article == Article::Of ? "de l’" : "l’") + name;
  if (feminine) return (article == Article::Of ? "de la " : "la ") + name;
  return (article == Article::Of ? "du " : "le ") + name;
}

std::string capitalised(std::string s) {
  return capitalised_first(std::move(s));
}

// « de 9 h à 12 h 30 » / "from 9 am to 12:30 pm"
std::string from_to(const BookingLine& b, Language lang) {
  if (french(lang)) return "de\u00A0" + format_time(b.start, lang) + " à\u00A0" + format_time(b.end, lang);
  return "from " + format_time(b.start, lang) + " to " + format_time(b.end, lang);
}

// « mardi 3 mars, de 9 h à 12 h 30 »
std::string when(const BookingLine& b, Language lang) {
  return day_text(b.start, lang) + ", " + from_to(b, lang);
}

std::string reason_of(const BookingLine& b, Language lang) {
  return b.refusal ? refusal_reason(*b.refusal, b.kind, lang) : std::string();
}

// Days since 1970-01-01 of a calendar date (Howard Hinnant's days_from_civil):
// « Demain » is the day whose number follows today's.
long days_from_civil(const LocalTime& t) {
  const long m = t.month;
  const long y = t.year - (m <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + t.day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// « 3 essais », « 1 essai » and the like.
std::string count_of(std::int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

std::string time_range(const LocalTime& start, const LocalTime& end, Language lang) {
  // No-break spaces: a range never breaks across lines.
  return format_time(start, lang) + "\u00A0–\u00A0" + format_time(end, lang);
}

std::string booking_today_line(const BookingLine& b, Language lang) {
  const std::string name =
      b.resource_name.empty() ? capitalised(name_in_sentence(b, lang)) : keep_number_with_word(b.resource_name);
  return name + (french(lang) ? std::string(kNnbsp) + ": " : ": ") + time_range(b.start, b.end, lang);
}

std::string booking_day_and_times(const BookingLine& b, Language lang) {
  return capitalised(day_text(b.start, lang)) + ", " + time_range(b.start, b.end, lang);
}

std::string booking_phrase(const BookingLine& b, Language lang) {
  return name_in_sentence(b, lang) + ", " + when(b, lang);
}

std::string booking_summary(const BookingLine& b, Language lang) {
  return capitalised(booking_phrase(b, lang)) + ".";
}

std::string checked_in_on(const BookingLine& b, Language lang) {
  const std::string end = format_time(b.end, lang);
  if (french(lang)) {
    return "Votre réservation est notée\u202F: " + name_in_sentence(b, lang) + " jusqu’à\u00A0" + end + ".";
  }
  return "Your booking is noted: " + name_in_sentence(b, lang) + " until " + end + ".";
}

std::string booking_refused_notice(const BookingLine& b, Language lang) {
  const std::string reason = reason_of(b, lang);
  if (french(lang)) {
    std::string out = "Votre réservation " + with_article(b, Article::Of) + ", " + day_text(b.start, lang) +
                      ", n’a pas pu être confirmée";
    return out + (reason.empty() ? "." : "\u202F: " + reason + ".");
  }
  std::string out =
      "Your booking of " + name_in_sentence(b, lang) + ", " + day_text(b.start, lang) + ", could not be confirmed";
  return out + (reason.empty() ? "." : ": " + reason + ".");
}

std::string book_day_title(ResourceKind kind, Language lang) {
  const Text what = kind == ResourceKind::Desk ? Text::BookDeskButton : Text::BookVisioButton;
  return std::string(tr(what, lang)) + (french(lang) ? "\u202F: " : ": ") + std::string(tr(Text::WhichDay, lang));
}

std::string day_button_label(const DayChoice& d, const LocalTime& now, Language lang) {
  if (d.today || days_from_civil(d.day) == days_from_civil(now)) return std::string(tr(Text::Today, lang));
  if (days_from_civil(d.day) == days_from_civil(now) + 1) return std::string(tr(Text::Tomorrow, lang));
  return day_text(d.day, lang);
}

std::string day_unavailable_label(const DayChoice& d, const LocalTime& now, Language lang) {
  const Text why = d.open ? Text::DayFull : Text::DayClosed;
  return day_button_label(d, now, lang) + (french(lang) ? "\u202F: " : ": ") + std::string(tr(why, lang));
}

std::string desk_grid_title(const LocalTime& day, Language lang) {
  return std::string(tr(Text::BookDeskButton, lang)) + (french(lang) ? "\u202F: " : ": ") + day_text(day, lang);
}

std::string visio_start_title(const LocalTime& day, Language lang) {
  if (french(lang)) return "Salle visio, " + day_text(day, lang) + "\u202F: " + std::string(tr(Text::WhatTime, lang));
  return "Video room, " + day_text(day, lang) + ": " + std::string(tr(Text::WhatTime, lang));
}

std::string visio_duration_title(const LocalTime& start, Language lang) {
  // The day was on the screen before, and the confirmation repeats it.
  if (french(lang))
    return "Salle visio, " + format_time(start, lang) + "\u202F: " + std::string(tr(Text::HowLong, lang));
  return "Video room, " + format_time(start, lang) + ": " + std::string(tr(Text::HowLong, lang));
}

std::string start_time_label(const Choice& c, Language lang) {
  const std::string time = format_time(c.start, lang);
  if (c.free) return time;
  return time + " · " + (french(lang) ? "pris" : "taken");
}

std::string duration_label(const Choice& c, Language lang) {
  const std::string length = format_duration(c.minutes, lang);
  const std::string until = (french(lang) ? "jusqu’à\u00A0" : "until ") + format_time(c.end, lang);
  return length + " · " + until;
}

std::string book_question(const BookingLine& b, Language lang) {
  if (french(lang)) return "Réserver " + with_article(b, Article::Definite) + ", " + when(b, lang) + "\u202F?";
  return "Book " + name_in_sentence(b, lang) + ", " + when(b, lang) + "?";
}

std::string booked_sentence(const BookingLine& b, Language lang) {
  if (french(lang)) return "C’est réservé\u202F: " + booking_phrase(b, lang) + ".";
  return "Booked: " + booking_phrase(b, lang) + ".";
}

std::string booking_impossible(const BookingLine& b, Language lang) {
  const std::string reason = reason_of(b, lang);
  if (french(lang)) {
    return reason.empty() ? "Cette réservation n’est pas possible."
                          : "Cette réservation n’est pas possible\u202F: " + reason + ".";
  }
  return reason.empty() ? "This booking is not possible." : "This booking is not possible: " + reason + ".";
}

std::string booking_status(const BookingLine& b, Language lang) {
  switch (b.status) {
    case BookingStatus::Confirmed:
      return std::string(tr(Text::StatusConfirmed, lang));
    case BookingStatus::Pending:
      return std::string(tr(Text::StatusPending, lang));
    case BookingStatus::CheckedIn:
      return std::string(tr(Text::StatusCheckedIn, lang));
    case BookingStatus::Cancelled:
      return std::string(tr(Text::StatusCancelled, lang));
    case BookingStatus::NoShow:
      return std::string(tr(Text::StatusNoShow, lang));
    case BookingStatus::Refused: {
      const std::string reason = reason_of(b, lang);
      const std::string word(tr(Text::StatusRefused, lang));
      if (reason.empty()) return word;
      return word + (french(lang) ? "\u202F: " : ": ") + reason;
    }
  }
  return {};
}

std::string cancel_question(const BookingLine& b, Language lang) {
  if (french(lang)) {
    return "Annuler la réservation " + with_article(b, Article::Of) + ", " + when(b, lang) + "\u202F?";
  }
  return "Cancel the booking of " + name_in_sentence(b, lang) + ", " + when(b, lang) + "?";
}

std::string cancelled_sentence(const BookingLine& b, Language lang) {
  if (french(lang)) return "C’est annulé\u202F: " + booking_phrase(b, lang) + ".";
  return "Cancelled: " + booking_phrase(b, lang) + ".";
}

// ---- animator mode

std::string pin_hello(std::string_view first_name, Language lang) {
  std::string out = french(lang) ? "Bonjour" : "Hello";
  if (!first_name.empty()) {
    out += ' ';
    out += first_name;
  }
  return out + ".";
}

std::string pin_wrong(int attempts_left, Language lang) {
  std::string out = french(lang) ? "Code incorrect." : "Wrong code.";
  if (attempts_left <= 0) return out;
  if (french(lang)) return out + " Il reste " + count_of(attempts_left, "essai", "essais") + ".";
  return out + " " + count_of(attempts_left, "try", "tries") + " left.";
}

std::string pin_locked(const LocalTime& until, Language lang) {
  const std::string time = format_time(until, lang);
  if (french(lang)) return "Trop d’essais. Réessayez à " + time + ".";
  return "Too many tries. Try again at " + time + ".";
}

std::string who_is_here_button(int present, Language lang) {
  return std::string(tr(Text::WhoIsHereTitle, lang)) + " (" + std::to_string(present) + ")";
}

std::string bookings_today_button(int bookings, Language lang) {
  return std::string(tr(Text::TodayBookingsTitle, lang)) + " (" + std::to_string(bookings) + ")";
}

std::string last_sync_line(const std::optional<LocalTime>& last_sync, Language lang) {
  if (!last_sync) return std::string(tr(Text::NeverSynced, lang));
  if (french(lang)) return "Dernière synchronisation\u202F: " + format_time(*last_sync, lang) + ".";
  return "Last synchronised: " + format_time(*last_sync, lang) + ".";
}

std::string unsynced_line(std::int64_t unsynced, Language lang) {
  if (unsynced <= 0) return {};
  if (french(lang)) return count_of(unsynced, "envoi", "envois") + " en attente.";
  return count_of(unsynced, "change", "changes") + " waiting to be sent.";
}

std::string refused_events_line(int refused, Language lang) {
  if (refused <= 0) return {};
  if (french(lang)) {
    return count_of(refused, "envoi refusé", "envois refusés") + " (voir «\u202F" +
           std::string(tr(Text::RefusedEventsTitle, lang)) + "\u202F»).";
  }
  return count_of(refused, "change", "changes") + " refused (see “" + std::string(tr(Text::RefusedEventsTitle, lang)) +
         "”).";
}

std::string refused_events_button(int refused, Language lang) {
  return std::string(tr(Text::RefusedEventsTitle, lang)) + " (" + std::to_string(refused) + ")";
}

std::string event_type_label(std::string_view type, Language lang) {
  struct Label {
    std::string_view type, fr, en;
  };
  static constexpr Label kLabels[] = {
      {"check_in", "Arrivée", "Arrival"},
      {"check_out", "Départ", "Departure"},
      {"walk_in", "Visiteur de passage", "Walk-in visitor"},
      {"booking_request", "Réservation", "Booking"},
      {"booking_cancel", "Annulation de réservation", "Booking cancelled"},
      {"booking_move", "Réservation déplacée", "Booking moved"},
      {"badge_assign", "Badge attribué", "Badge given"},
      {"member_create", "Nouveau membre", "New member"},
      {"help_request", "Demande d’aide", "Help request"},
      {"participant_status", "Présence notée", "Attendance noted"},
      {"activity_record", "Fiche d’activité", "Activity record"},
  };
  for (const auto& l : kLabels) {
    if (l.type == type) return std::string(french(lang) ? l.fr : l.en);
  }
  return french(lang) ? "Envoi illisible" : "Unreadable change";
}

std::string refused_event_title(const RefusedLine& r, Language lang) {
  std::string out = event_type_label(r.type, lang);
  if (r.at) out += " · " + day_text(*r.at, lang) + ", " + format_time(*r.at, lang);
  return out;
}

std::string refused_events_more(std::size_t shown, int total, Language lang) {
  if (total <= 0 || shown >= static_cast<std::size_t>(total)) return {};
  if (french(lang)) return "Les " + std::to_string(shown) + " plus récents sur " + std::to_string(total) + ".";
  return "The latest " + std::to_string(shown) + " of " + std::to_string(total) + ".";
}

std::string reader_problem(std::string_view detail, Language lang) {
  std::string out = french(lang) ? "Lecteur de badge indisponible" : "Badge reader unavailable";
  if (detail.empty()) return out + ".";
  return out + (french(lang) ? "\u202F: " : ": ") + std::string(detail);
}

std::string present_since(const LocalTime& since, Language lang) {
  return (french(lang) ? "depuis " : "since ") + format_time(since, lang);
}

std::string animator_booking_line(const BookingLine& b, Language lang) {
  const std::string name =
      b.resource_name.empty() ? capitalised(name_in_sentence(b, lang)) : keep_number_with_word(b.resource_name);
  return name + " · " + time_range(b.start, b.end, lang) + " · " + booking_status(b, lang);
}

std::string badge_wait(std::string_view name, Language lang) {
  if (french(lang)) {
    if (name.empty()) return "Passez le nouveau badge sur le lecteur.";
    return "Passez le nouveau badge de " + std::string(name) + " sur le lecteur.";
  }
  if (name.empty()) return "Hold the new badge on the reader.";
  return "Hold the new badge of " + std::string(name) + " on the reader.";
}

std::string field_label(std::string_view key, bool required, Language lang) {
  const bool fr = french(lang);
  std::string out;
  if (key == "first_name") {
    out = fr ? "Prénom" : "First name";
  } else if (key == "last_name") {
    out = fr ? "Nom" : "Last name";
  } else if (key == "home_commune") {
    out = fr ? "Code INSEE de la commune" : "INSEE code of the home commune";
  } else if (key == "email") {
    out = "E-mail";
  } else if (key == "phone") {
    out = fr ? "Téléphone" : "Phone";
  } else {
    out = std::string(key);
  }
  if (!required) out += fr ? " (facultatif)" : " (optional)";
  return out;
}

std::string field_short_label(std::string_view key, Language lang) {
  const bool fr = french(lang);
  if (key == "first_name") return fr ? "Prénom" : "First name";
  if (key == "last_name") return fr ? "Nom" : "Last name";
  if (key == "home_commune") return "Commune";
  if (key == "email") return "E-mail";
  if (key == "phone") return fr ? "Téléphone" : "Phone";
  return std::string(key);
}

std::string checkout_question(std::string_view name, Language lang) {
  if (french(lang)) return "Faire sortir " + std::string(name) + "\u202F?";
  return "Check out " + std::string(name) + "?";
}

std::string let_in_question(std::string_view name, Language lang) {
  if (french(lang)) return "Faire entrer " + std::string(name) + "\u202F?";
  return "Let " + std::string(name) + " in?";
}

std::string animator_cancel_question(std::string_view name, const std::optional<BookingLine>& b, Language lang) {
  if (!b) {
    if (french(lang)) return "Annuler la réservation de " + std::string(name) + "\u202F?";
    return "Cancel the booking of " + std::string(name) + "?";
  }
  if (french(lang)) {
    return "Annuler la réservation de " + std::string(name) + "\u202F: " + booking_phrase(*b, lang) + "\u202F?";
  }
  return "Cancel the booking of " + std::string(name) + ": " + booking_phrase(*b, lang) + "?";
}

std::string done_sentence(const DoneMessage& done, Language lang) {
  const bool fr = french(lang);
  const std::string name = done.name;
  const std::string booking = done.booking ? booking_phrase(*done.booking, lang) : std::string();
  const auto with_booking = [&](std::string head) {
    if (booking.empty()) return head + ".";
    return head + (fr ? "\u202F: " : ": ") + booking + ".";
  };
  // A booking the kiosk's own copy refused (made or moved): say why, not « c’est fait ».
  const bool booking_kind = done.kind == DoneKind::BookingMade || done.kind == DoneKind::BookingMoved;
  if (booking_kind && done.booking && done.booking->status == BookingStatus::Refused) {
    return booking_impossible(*done.booking, lang);
  }
  switch (done.kind) {
    case DoneKind::CheckedOut:
      return fr ? "Départ de " + name + " enregistré." : "Departure of " + name + " recorded.";
    case DoneKind::BadgeAssigned:
      return fr ? "Le badge est enregistré pour " + name + "." : "The badge is registered for " + name + ".";
    case DoneKind::MemberCreated:
      return fr ? "Inscription de " + name + " enregistrée." : "Registration of " + name + " recorded.";
    case DoneKind::MemberCreatedWithBadge:
      return fr ? "Inscription de " + name + " enregistrée, avec son badge."
                : "Registration of " + name + " recorded, with a badge.";
    case DoneKind::WalkInRecorded:
      return std::string(tr(Text::WalkInRecorded, lang));
    case DoneKind::HelpPlaced: {  // `since`: the start; `name`: the mediator (« 14 h 45 avec Nadia »)
      std::string when = done.since ? format_time(*done.since, lang) : std::string();
      if (!name.empty()) when += (when.empty() ? "" : " ") + std::string(fr ? "avec " : "with ") + name;
      return fr ? "Rendez-vous pris maintenant\u202F: " + when + "." : "Appointment made now: " + when + ".";
    }
    case DoneKind::NoFreeHelpSlot:
      return fr ? "Plus aucun créneau libre aujourd’hui. Proposez un autre jour."
                : "No free time left today. Offer another day.";
    case DoneKind::ActivityRecorded:
      return fr ? "Fiche d’activité enregistrée." : "Activity record saved.";
    case DoneKind::BookingCancelled:
      return with_booking(fr ? "Réservation de " + name + " annulée" : "Booking of " + name + " cancelled");
    case DoneKind::BookingMoved:
      return with_booking(fr ? "Réservation de " + name + " déplacée" : "Booking of " + name + " moved");
    case DoneKind::BookingMade:
      return with_booking(fr ? "C’est réservé pour " + name : "Booked for " + name);
    case DoneKind::BadgeTakenByOther:
      return fr ? "Ce badge est déjà celui de " + name + "." : "This badge already belongs to " + name + ".";
    case DoneKind::LetIn: {
      const std::string time = done.since ? format_time(*done.since, lang) : std::string();
      std::string head = fr ? "Arrivée de " + name + " enregistrée" : "Arrival of " + name + " recorded";
      if (!time.empty()) head += (fr ? " à\u00A0" : " at ") + time;
      if (!done.booking) return head + ".";
      return head + (fr ? ", sur sa réservation\u202F: " : ", on their booking: ") + booking + ".";
    }
    case DoneKind::AlreadyIn: {
      const std::string time = done.since ? format_time(*done.since, lang) : std::string();
      if (fr) {
        return name + " est déjà là" + (time.empty() ? "" : " depuis\u00A0" + time) +
               ". Rien de plus n’est enregistré.";
      }
      return name + (time.empty() ? " is already here" : " has been here since " + time) +
             ". Nothing more is recorded.";
    }
  }
  return {};
}

std::string booking_for(std::string_view name, Language lang) {
  if (french(lang)) return "Nouvelle réservation pour " + std::string(name);
  return "New booking for " + std::string(name);
}

std::string move_title(std::string_view name, Language lang) {
  if (french(lang)) return "Déplacer la réservation de " + std::string(name);
  return "Move the booking of " + std::string(name);
}

namespace {
std::string move_step(std::string_view name, const std::string& step, Language lang) {
  return move_title(name, lang) + (french(lang) ? "\u202F: " : ": ") + step;
}
}  // namespace

std::string move_day_title(std::string_view name, Language lang) {
  return move_step(name, std::string(tr(Text::WhichDay, lang)), lang);
}

std::string move_grid_title(std::string_view name, const LocalTime& day, Language lang) {
  return move_step(name, day_text(day, lang), lang);
}

std::string move_visio_start_title(std::string_view name, const LocalTime& day, Language lang) {
  return move_step(name, day_text(day, lang) + ", " + std::string(tr(Text::WhatTime, lang)), lang);
}

std::string move_visio_duration_title(std::string_view name, const LocalTime& start, Language lang) {
  return move_step(name, format_time(start, lang) + ", " + std::string(tr(Text::HowLong, lang)), lang);
}

std::string moving_from_line(const BookingLine& from, Language lang) {
  return (french(lang) ? "Jusqu’ici\u202F: " : "Until now: ") + booking_phrase(from, lang) + ".";
}

std::string move_question(std::string_view name, const BookingLine& to, Language lang) {
  if (french(lang)) {
    return move_title(name, lang) + " vers " + with_article(to, Article::Definite) + ", " + when(to, lang) + "\u202F?";
  }
  return move_title(name, lang) + " to " + booking_phrase(to, lang) + "?";
}

// [SECTION] First run (enrolment)

std::string enrol_server_line(std::string_view url, Language lang) {
  std::string out = french(lang) ? "Adresse du serveur\u202F:" : "Server address:";
  if (!url.empty()) out += " " + std::string(url);
  return out;
}

std::string enrol_code_line(std::string_view normalised_code, Language lang) {
  return (french(lang) ? "Code\u202F: " : "Code: ") + format_enrolment_code(normalised_code);
}

std::string enrol_done(std::string_view kiosk_name, std::string_view site_name, Language lang) {
  std::string out = french(lang) ? "Borne inscrite\u202F: " : "Kiosk enrolled: ";
  out += kiosk_name;
  if (!site_name.empty()) out += ", " + std::string(site_name);
  return out;
}

namespace {

std::string code_problem(const EnrolView& e, Language lang) {
  const bool fr = french(lang);
  const std::string count = std::to_string(e.code.size());
  switch (e.code_problem) {
    case CodeProblem::None:
    case CodeProblem::Empty:
      return std::string(tr(Text::EnrolCodeEmpty, lang));
    case CodeProblem::TooShort:
    case CodeProblem::TooLong:
      if (fr) {
        return "Le code tapé a " + count + (e.code.size() == 1 ? " caractère" : " caractères") +
               ". Il en faut 10, comme K7QF2-M9XDA.";
      }
      return "The code typed has " + count + (e.code.size() == 1 ? " character" : " characters") +
             ". It needs 10, like K7QF2-M9XDA.";
    case CodeProblem::BadCharacter:
      if (fr) {
        return "«\u202F" + e.bad_character + "\u202F» n’existe pas dans les codes. Un code n’a ni I, ni O, ni 0, ni 1.";
      }
      return "\"" + e.bad_character + "\" is never in a code. Codes have no I, O, 0 or 1.";
  }
  return {};
}

}  // namespace

std::string enrol_problem(const EnrolView& e, Language lang) {
  const bool fr = french(lang);
  if (!e.failure || e.status == EnrolStatus::Done) return {};
  switch (*e.failure) {
    case EnrolFailure::BadCode:
      return code_problem(e, lang);
    case EnrolFailure::UnknownCode:
      return std::string(tr(Text::EnrolUnknownCode, lang));
    case EnrolFailure::ExpiredCode:
      return std::string(tr(Text::EnrolExpiredCode, lang));
    case EnrolFailure::UsedCode:
      return std::string(tr(Text::EnrolUsedCode, lang));
    case EnrolFailure::Rejected:
      return std::string(tr(Text::EnrolRejected, lang));
    case EnrolFailure::TooManyAttempts: {
      const std::string wait = format_duration(std::max(1, e.retry_after_min), lang);
      if (fr) return "Trop d’essais. Attendez " + wait + ", puis réessayez.";
      return "Too many tries. Wait " + wait + ", then try again.";
    }
    case EnrolFailure::CertificateRefused: {
      // Retrying will not help: the kiosk's configuration must change.
      std::string out = fr ? "La borne a trouvé le serveur, mais ne reconnaît pas son certificat. Vérifiez "
                             "« ca_file » et l’adresse dans /etc/escale/kiosk.toml."
                           : "The kiosk reached the server but does not recognise its certificate. Check "
                             "\"ca_file\" and the address in /etc/escale/kiosk.toml.";
      if (!e.detail.empty()) out += (fr ? " Détail\u202F: " : " Detail: ") + e.detail;
      return out;
    }
    case EnrolFailure::Unreachable: {
      std::string out = fr ? "Le serveur ne répond pas. Vérifiez le réseau et l’adresse du serveur."
                           : "The server does not answer. Check the network and the server’s address.";
      if (e.status == EnrolStatus::Retrying) {
        // No countdown: it would need a redraw every second.
        out += fr ? " La borne réessaie toute seule." : " The kiosk keeps trying by itself.";
      }
      // What the connection said (a certificate not recognised…), as it said it.
      if (!e.detail.empty()) out += (fr ? " Détail\u202F: " : " Detail: ") + e.detail;
      return out;
    }
  }
  return {};
}

}  // namespace escale::kiosk::ui
