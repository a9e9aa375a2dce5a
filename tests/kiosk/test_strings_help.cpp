// The help screens' strings (ui/strings_help.hpp): every HelpText in French
// and English, French typography (U+202F before « ! ? : ; » and inside « »,
// ’ not '), every character in the kiosk's glyphs, and the composed
// sentences as a visitor reads them: days, times, workshops, the ticket,
// how to cancel, why a request was refused.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "mediation/agenda.hpp"
#include "ui/fonts.hpp"
#include "ui/strings_help.hpp"

namespace {

using escale::Language;
using escale::LocalTime;
using escale::kiosk::HelpDayChoice;
using escale::kiosk::HelpTicket;
using escale::kiosk::HelpTimeChoice;
using escale::kiosk::WorkshopChoice;
using escale::mediation::HelpRefusal;
namespace help = escale::kiosk::ui::help;
using help::HelpText;

constexpr std::string_view kNnbsp = "\xE2\x80\xAF";  // U+202F
constexpr std::string_view kNbsp = "\xC2\xA0";       // U+00A0
constexpr Language kFr = Language::French;
constexpr Language kEn = Language::English;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Typography problems in a French sentence, empty when it is right (the
// checks test_strings.cpp makes on the main catalogue).
std::vector<std::string> french_typography_problems(std::string_view s) {
  std::vector<std::string> problems;
  if (s.find('\'') != std::string_view::npos) problems.push_back("ASCII apostrophe (use ’)");
  if (s.find('"') != std::string_view::npos) problems.push_back("ASCII quote (use « »)");
  if (s.find("  ") != std::string_view::npos) problems.push_back("double space");
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '!' || c == '?' || c == ':' || c == ';') {
      // A clock « 14:30 » is not punctuation: digits on both sides.
      const bool clock = c == ':' && i > 0 && i + 1 < s.size() && is_digit(s[i - 1]) && is_digit(s[i + 1]);
      if (!clock && (i < 3 || s.substr(i - 3, 3) != kNnbsp)) {
        problems.push_back(std::string("no U+202F before '") + c + "'");
      }
      if (!clock && i > 0 && s[i - 1] == ' ') problems.push_back(std::string("plain space before '") + c + "'");
    }
  }
  for (std::size_t pos = s.find("«"); pos != std::string_view::npos; pos = s.find("«", pos + 1)) {
    if (s.substr(pos + 2, 3) != kNnbsp) problems.push_back("no U+202F after «");
  }
  for (std::size_t pos = s.find("»"); pos != std::string_view::npos; pos = s.find("»", pos + 1)) {
    if (pos < 3 || s.substr(pos - 3, 3) != kNnbsp) problems.push_back("no U+202F before »");
  }
  return problems;
}

// Compares as a person reads: no-break spaces (U+202F, U+00A0) as spaces.
std::string plain(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i).starts_with(kNnbsp)) {
      out += ' ';
      i += 2;
    } else if (s.substr(i).starts_with(kNbsp)) {
      out += ' ';
      i += 1;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Unicode code points of `s` (UTF-8).
std::vector<unsigned int> code_points(std::string_view s) {
  std::vector<unsigned int> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    unsigned int c = b;
    std::size_t n = 1;
    if (b >= 0xF0) {
      c = b & 0x07u;
      n = 4;
    } else if (b >= 0xE0) {
      c = b & 0x0Fu;
      n = 3;
    } else if (b >= 0xC0) {
      c = b & 0x1Fu;
      n = 2;
    }
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    out.push_back(c);
    i += n;
  }
  return out;
}

LocalTime march(int day, int hour = 0, int minute = 0) {
  LocalTime t;
  t.year = 2026;
  t.month = 3;
  t.day = day;
  t.hour = hour;
  t.minute = minute;
  t.utc_offset_minutes = 60;
  return t;
}

HelpDayChoice day(int d, int free_slots, bool today = false) {
  HelpDayChoice c;
  c.day = march(d);
  c.free_slots = free_slots;
  c.today = today;
  return c;
}

WorkshopChoice workshop(int seats_left) {
  WorkshopChoice w;
  w.title = "Découvrir la messagerie";
  w.start = march(5, 14, 0);
  w.minutes = 90;
  w.seats_left = seats_left;
  return w;
}

HelpTicket individual() {
  HelpTicket t;
  t.id = "5f1c2e7a-3b9d-4c1e-9a2f-6d8e0b4c7a13";
  t.topic = escale::mediation::HelpTopic::Caf;
  t.start = march(5, 9, 45);
  t.start_at = escale::from_paris(2026, 3, 5, 9, 45);
  t.booked_at = escale::from_paris(2026, 3, 3, 10, 15);
  t.minutes = 45;
  t.mediator = "Nadia";
  t.place = "Tiers-lieu de Saint-Affrique, 12 avenue de Verdun";
  t.first_name = "Josiane";
  t.pending = false;
  return t;
}

HelpTicket group() {
  HelpTicket t = individual();
  t.workshop = true;
  t.title = "Découvrir la messagerie";
  t.start = march(10, 14, 0);
  t.start_at = escale::from_paris(2026, 3, 10, 14, 0);
  t.minutes = 90;
  t.mediator = "Karim";
  t.first_name.clear();
  return t;
}

// Every composed French sentence the help screens show.
std::vector<std::string> composed(Language lang) {
  std::vector<std::string> out{
      help::day_label(day(3, 2, true), lang),
      help::day_label(day(5, 1), lang),
      help::day_label(day(6, 4), lang),
      help::time_title(march(5), lang),
      help::time_label(HelpTimeChoice{march(5, 14, 45), "Nadia"}, lang),
      help::time_label(HelpTimeChoice{march(5, 9, 0), ""}, lang),
      help::workshop_label(workshop(3), lang),
      help::workshop_label(workshop(1), lang),
      help::workshop_label(workshop(0), lang),
      help::cancel_line("05 55 00 00 00", lang),
      help::cancel_line("", lang),
      help::call_line("05 55 00 00 00", lang),
  };
  for (const auto& l : help::ticket_lines(individual(), lang)) out.push_back(l);
  for (const auto& l : help::ticket_lines(group(), lang)) out.push_back(l);
  for (int r = 0; r <= static_cast<int>(HelpRefusal::InvalidRequest); ++r) {
    HelpTicket t = individual();
    t.refusal = static_cast<HelpRefusal>(r);
    out.push_back(help::refusal_line(t, lang));
  }
  HelpTicket no_reason = individual();
  out.push_back(help::refusal_line(no_reason, lang));
  return out;
}

}  // namespace

TEST_CASE("every help text exists in French and English", "[strings_help]") {
  for (int i = 0; i < static_cast<int>(HelpText::Count_); ++i) {
    const auto id = static_cast<HelpText>(i);
    INFO("HelpText #" << i << ": " << help::tr(id, kFr));
    CHECK_FALSE(help::tr(id, kFr).empty());
    CHECK_FALSE(help::tr(id, kEn).empty());
  }
  // The catalogue is looked up by position: a few spot checks that each id
  // gives its own words.
  CHECK(help::tr(HelpText::AskHelpButton, kFr) == "J’ai besoin d’aide numérique");
  CHECK(help::tr(HelpText::Back, kFr) == "Retour");
  CHECK(help::tr(HelpText::Done, kFr) == "Terminé");
  CHECK(help::tr(HelpText::SkipContact, kFr) == "Sans nom ni numéro");
  CHECK(help::tr(HelpText::Noted, kFr) == "J’ai noté");
  CHECK(help::tr(HelpText::NoReminder, kFr) == "Pas de rappel");
  CHECK(help::tr(HelpText::Back, kEn) == "Back");
}

TEST_CASE("the help catalogue follows French typography", "[strings_help]") {
  for (int i = 0; i < static_cast<int>(HelpText::Count_); ++i) {
    const auto id = static_cast<HelpText>(i);
    const std::string_view fr = help::tr(id, kFr);
    INFO("HelpText #" << i << ": " << fr);
    CHECK(french_typography_problems(fr).empty());
    // Buttons and titles start with a capital.
    CHECK_FALSE((fr.front() >= 'a' && fr.front() <= 'z'));
  }
}

TEST_CASE("the help catalogue in English has no French spacing", "[strings_help]") {
  for (int i = 0; i < static_cast<int>(HelpText::Count_); ++i) {
    const std::string_view en = help::tr(static_cast<HelpText>(i), kEn);
    INFO("HelpText #" << i << ": " << en);
    CHECK(en.find(kNnbsp) == std::string_view::npos);
    CHECK(en.find("«") == std::string_view::npos);
  }
  for (const auto& s : composed(kEn)) {
    INFO(s);
    CHECK(s.find(kNnbsp) == std::string_view::npos);
    CHECK_FALSE(s.empty());
  }
}

TEST_CASE("the typography check catches mistakes", "[strings_help]") {
  CHECK_FALSE(french_typography_problems("Votre prénom ?").empty());
  CHECK_FALSE(french_typography_problems("Votre prénom?").empty());
  CHECK_FALSE(french_typography_problems("l'accueil").empty());
  CHECK_FALSE(french_typography_problems("Atelier «Découvrir»").empty());
  CHECK_FALSE(french_typography_problems("Atelier \"Découvrir\"").empty());
  CHECK(french_typography_problems("Votre prénom\u202F?").empty());
  CHECK(french_typography_problems("Atelier «\u202FDécouvrir\u202F»").empty());
}

TEST_CASE("help days: singular and plural, today", "[strings_help]") {
  CHECK(help::day_label(day(3, 2, true), kFr) == "Aujourd’hui · 2 créneaux libres");
  CHECK(help::day_label(day(3, 1, true), kFr) == "Aujourd’hui · 1 créneau libre");
  CHECK(help::day_label(day(5, 1), kFr) == "Jeudi 5 mars · 1 créneau libre");
  CHECK(help::day_label(day(6, 4), kFr) == "Vendredi 6 mars · 4 créneaux libres");
  CHECK(help::day_label(day(3, 2, true), kEn) == "Today · 2 free times");
  CHECK(help::day_label(day(5, 1), kEn) == "Thursday 5 March · 1 free time");
  CHECK(help::day_label(day(6, 4), kEn) == "Friday 6 March · 4 free times");
}

TEST_CASE("help times: the title and the buttons", "[strings_help]") {
  CHECK(plain(help::time_title(march(5), kFr)) == "Jeudi 5 mars : à quelle heure ?");
  CHECK(help::time_title(march(5), kEn) == "Thursday 5 March: what time?");
  CHECK(plain(help::time_label(HelpTimeChoice{march(5, 14, 45), "Nadia"}, kFr)) == "14 h 45 · avec Nadia");
  CHECK(plain(help::time_label(HelpTimeChoice{march(5, 9, 0), ""}, kFr)) == "9 h");
  CHECK(help::time_label(HelpTimeChoice{march(5, 14, 45), "Nadia"}, kEn) == "2:45\u00A0pm · with Nadia");
}

TEST_CASE("help workshops: free seats, one seat, full", "[strings_help]") {
  CHECK(plain(help::workshop_label(workshop(3), kFr)) ==
        "Atelier « Découvrir la messagerie », jeudi 5 mars à 14 h · 3 places libres");
  CHECK(plain(help::workshop_label(workshop(1), kFr)) ==
        "Atelier « Découvrir la messagerie », jeudi 5 mars à 14 h · 1 place libre");
  CHECK(plain(help::workshop_label(workshop(0), kFr)) ==
        "Atelier « Découvrir la messagerie », jeudi 5 mars à 14 h · complet : liste d’attente");
  // The quotes hug the title with U+202F, never a breaking space.
  CHECK(help::workshop_label(workshop(3), kFr).find("«\u202FDécouvrir la messagerie\u202F»") != std::string::npos);
  CHECK(help::workshop_label(workshop(3), kEn) ==
        "Workshop \"Découvrir la messagerie\", Thursday 5 March at 2\u00A0pm · 3 seats left");
  CHECK(help::workshop_label(workshop(1), kEn).ends_with("· 1 seat left"));
  CHECK(help::workshop_label(workshop(0), kEn).ends_with("· full: waiting list"));
}

TEST_CASE("the ticket's lines: when, what, with whom, where, for whom", "[strings_help]") {
  // « mardi 3 mars, 14 h 30 »: the day, a comma, the time.
  std::vector<std::string> lines;
  for (const auto& l : help::ticket_lines(individual(), kFr)) lines.push_back(plain(l));
  CHECK(lines == std::vector<std::string>{"Jeudi 5 mars, 9 h 45", "Sujet : CAF", "Avec Nadia, pendant 45 min",
                                          "Lieu : Tiers-lieu de Saint-Affrique, 12 avenue de Verdun",
                                          "Au nom de Josiane"});
  lines.clear();
  for (const auto& l : help::ticket_lines(group(), kFr)) lines.push_back(plain(l));
  CHECK(lines == std::vector<std::string>{"Mardi 10 mars, 14 h", "Atelier « Découvrir la messagerie »",
                                          "Avec Karim, pendant 1 h 30",
                                          "Lieu : Tiers-lieu de Saint-Affrique, 12 avenue de Verdun"});
  // No mediator known, no place, no topic, anonymous: what is known only.
  HelpTicket bare = individual();
  bare.mediator.clear();
  bare.place.clear();
  bare.first_name.clear();
  bare.topic.reset();
  lines.clear();
  for (const auto& l : help::ticket_lines(bare, kFr)) lines.push_back(plain(l));
  CHECK(lines == std::vector<std::string>{"Jeudi 5 mars, 9 h 45", "Aide numérique", "Pendant 45 min"});
  // Not on site: said instead of the address.
  HelpTicket by_phone = individual();
  by_phone.place_kind = escale::mediation::PlaceKind::ByPhone;
  CHECK(plain(help::ticket_text(by_phone, kFr).where) == "Par téléphone : le conseiller vous appelle");

  CHECK(help::ticket_lines(individual(), kEn) ==
        std::vector<std::string>{"Thursday 5 March, 9:45\u00A0am", "About: CAF (family benefits)",
                                 "With Nadia, for 45 minutes",
                                 "Place: Tiers-lieu de Saint-Affrique, 12 avenue de Verdun", "Name: Josiane"});
  CHECK(help::ticket_lines(group(), kEn).at(1) == "Workshop \"Découvrir la messagerie\"");
}

TEST_CASE("how to cancel, how to call: with and without the site's phone", "[strings_help]") {
  CHECK(plain(help::cancel_line("05 55 00 00 00", kFr)) ==
        "Pour annuler, appelez le 05 55 00 00 00 ou passez à l’accueil.");
  CHECK(help::cancel_line("", kFr) == "Pour annuler, passez à l’accueil.");
  CHECK(plain(help::cancel_line("05 55 00 00 00", kEn)) == "To cancel, call 05 55 00 00 00 or come to the desk.");
  CHECK(help::cancel_line("", kEn) == "To cancel, come to the desk.");
  // The number never breaks across two lines: no-break spaces inside it.
  CHECK(help::cancel_line("05 55 00 00 00", kFr).find("05\u00A055\u00A000\u00A000\u00A000") != std::string::npos);

  CHECK(plain(help::call_line("05 55 00 00 00", kFr)) == "Vous pouvez aussi appeler le 05 55 00 00 00.");
  CHECK(plain(help::call_line("05 55 00 00 00", kEn)) == "You can also call 05 55 00 00 00.");
  CHECK(help::call_line("", kFr).empty());
}

TEST_CASE("why a request was refused, and what to do", "[strings_help]") {
  HelpTicket t = individual();
  t.refusal = HelpRefusal::Taken;
  CHECK(help::refusal_line(t, kFr) ==
        "Ce créneau vient d’être pris. Vous pouvez choisir un autre moment, ou demander à l’accueil.");
  CHECK(help::refusal_line(t, kEn) ==
        "This time has just been taken. You can choose another time, or ask at the desk.");
  t.refusal = HelpRefusal::TooSoon;
  CHECK(plain(help::refusal_line(t, kFr)) ==
        "Ce créneau est trop proche : choisissez-en un plus tard. Vous pouvez choisir un autre moment, ou demander à "
        "l’accueil.");
  t.refusal.reset();
  CHECK(help::refusal_line(t, kFr) == "Vous pouvez choisir un autre moment, ou demander à l’accueil.");
}

TEST_CASE("composed help sentences follow French typography", "[strings_help]") {
  for (const auto& s : composed(kFr)) {
    INFO(s);
    CHECK_FALSE(s.empty());
    CHECK(french_typography_problems(s).empty());
  }
}

TEST_CASE("every character of the help strings is in the kiosk's glyphs", "[strings_help]") {
  // A glyph missing from the atlas draws as « ? » (“ ” are not in it).
  const ImVector<ImWchar> ranges = escale::kiosk::ui::kiosk_glyph_ranges();
  const auto covered = [&](unsigned int c) {
    for (int i = 0; i + 1 < ranges.Size && ranges[i] != 0; i += 2) {
      if (c >= ranges[i] && c <= ranges[i + 1]) return true;
    }
    return false;
  };
  const auto check_text = [&](std::string_view s) {
    for (const unsigned int c : code_points(s)) {
      INFO(s << " : U+" << std::hex << c);
      CHECK(covered(c));
    }
  };
  for (int i = 0; i < static_cast<int>(HelpText::Count_); ++i) {
    check_text(help::tr(static_cast<HelpText>(i), kFr));
    check_text(help::tr(static_cast<HelpText>(i), kEn));
  }
  for (const Language lang : {kFr, kEn}) {
    for (const auto& s : composed(lang)) check_text(s);
    for (const auto topic : escale::mediation::all_help_topics()) {
      check_text(escale::mediation::help_topic_label(topic, lang));
    }
  }
}
