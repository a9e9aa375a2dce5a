// The string catalogue: every Text has both languages, French typography is
// right (U+202F before « ! ? : ; » and inside « », ’ not '), and the composed
// sentences read as the UX brief shows them.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ui/strings.hpp"

namespace {

using escale::Language;
using escale::LocalTime;
namespace ui = escale::kiosk::ui;

constexpr std::string_view kNnbsp = "\xE2\x80\xAF";  // U+202F

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Typography problems in a French sentence, empty when it is right.
std::vector<std::string> french_typography_problems(std::string_view s) {
  std::vector<std::string> problems;
  if (s.find('\'') != std::string_view::npos) problems.push_back("ASCII apostrophe (use ’)");
  if (s.find("  ") != std::string_view::npos) problems.push_back("double space");
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '!' || c == '?' || c == ':' || c == ';') {
      // A clock « 14:30 » is not punctuation: digits on both sides.
      const bool clock = c == ':' && i > 0 && i + 1 < s.size() && is_digit(s[i - 1]) && is_digit(s[i + 1]);
      if (!clock && (i < 3 || s.substr(i - 3, 3) != kNnbsp)) {
        problems.push_back(std::string("no U+202F before '") + c + "'");
      }
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

LocalTime at(int hour, int minute) {
  LocalTime t;
  t.year = 2026;
  t.month = 11;
  t.day = 21;
  t.weekday = 6;
  t.hour = hour;
  t.minute = minute;
  return t;
}

}  // namespace

TEST_CASE("every catalogue entry exists in French and English", "[strings]") {
  for (int i = 0; i < static_cast<int>(ui::Text::Count_); ++i) {
    const auto id = static_cast<ui::Text>(i);
    INFO("Text #" << i);
    CHECK_FALSE(ui::tr(id, Language::French).empty());
    CHECK_FALSE(ui::tr(id, Language::English).empty());
  }
}

TEST_CASE("French catalogue follows French typography", "[strings]") {
  for (int i = 0; i < static_cast<int>(ui::Text::Count_); ++i) {
    const std::string_view fr = ui::tr(static_cast<ui::Text>(i), Language::French);
    INFO("Text #" << i << ": " << fr);
    CHECK(french_typography_problems(fr).empty());
  }
}

TEST_CASE("English catalogue has no French spacing", "[strings]") {
  for (int i = 0; i < static_cast<int>(ui::Text::Count_); ++i) {
    const std::string_view en = ui::tr(static_cast<ui::Text>(i), Language::English);
    INFO("Text #" << i << ": " << en);
    CHECK(en.find(kNnbsp) == std::string_view::npos);
  }
}

TEST_CASE("the typography check itself catches mistakes", "[strings]") {
  CHECK_FALSE(french_typography_problems("Bonjour !").empty());
  CHECK_FALSE(french_typography_problems("Bonjour!").empty());
  CHECK_FALSE(french_typography_problems("n'est pas").empty());
  CHECK(french_typography_problems("Bonjour\u202F!").empty());
  CHECK(french_typography_problems("à 14:30").empty());
}

TEST_CASE("greetings carry the name and French spacing", "[strings]") {
  CHECK(ui::hello("Marie", Language::French) == "Bonjour Marie\u202F!");
  CHECK(ui::hello("Marie", Language::English) == "Hello Marie!");
  CHECK(ui::hello("", Language::French) == "Bonjour\u202F!");
  CHECK(ui::goodbye("Marie", Language::French) == "Au revoir Marie\u202F!");
  CHECK(ui::goodbye("Marie", Language::English) == "Goodbye Marie!");
}

TEST_CASE("arrival sentences give the time as a person reads it", "[strings]") {
  CHECK(ui::arrival_recorded_at(at(9, 30), Language::French) == "Votre arrivée est enregistrée à 9\u202Fh\u202F30.");
  CHECK(ui::arrival_recorded_at(at(14, 0), Language::French) == "Votre arrivée est enregistrée à 14\u202Fh.");
  CHECK(ui::arrival_recorded_at(at(9, 30), Language::English) == "Your arrival is recorded at 9:30 am.");

  CHECK(ui::arrival_already_recorded("Marie", at(9, 30), Language::French) ==
        "Marie, votre arrivée est déjà enregistrée (9\u202Fh\u202F30).");
  CHECK(ui::arrival_already_recorded("", std::nullopt, Language::French) == "Votre arrivée est déjà enregistrée.");
  CHECK(ui::arrival_already_recorded("Marie", at(9, 30), Language::English) ==
        "Marie, your arrival is already recorded (9:30 am).");
}

TEST_CASE("visit durations: « 2 h 15 », « 45 min »", "[strings]") {
  CHECK(ui::format_duration(135, Language::French) == "2\u202Fh\u202F15");
  CHECK(ui::format_duration(125, Language::French) == "2\u202Fh\u202F05");
  CHECK(ui::format_duration(60, Language::French) == "1\u202Fh");
  CHECK(ui::format_duration(45, Language::French) == "45\u202Fmin");
  CHECK(ui::format_duration(135, Language::English) == "2 hours 15 minutes");
  CHECK(ui::format_duration(61, Language::English) == "1 hour 1 minute");
  CHECK(ui::format_duration(45, Language::English) == "45 minutes");

  CHECK(ui::visit_lasted(135, Language::French) == "Votre visite a duré 2\u202Fh\u202F15.");
  CHECK(ui::visit_lasted(0, Language::French) == "Votre visite a duré moins d’une minute.");
  CHECK(ui::visit_lasted(45, Language::English) == "Your visit lasted 45 minutes.");
}

TEST_CASE("composed French sentences follow French typography", "[strings]") {
  const std::vector<std::string> sentences = {
      ui::hello("Marie", Language::French),
      ui::goodbye("Marie", Language::French),
      ui::arrival_recorded_at(at(9, 30), Language::French),
      ui::arrival_already_recorded("Marie", at(9, 30), Language::French),
      ui::visit_lasted(135, Language::French),
      ui::visit_lasted(0, Language::French),
  };
  for (const auto& s : sentences) {
    INFO(s);
    CHECK(french_typography_problems(s).empty());
  }
}
