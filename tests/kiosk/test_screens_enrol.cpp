// The first-run screen drawn from views: its texts in both languages, the
// keypad and the buttons it reports, and a layout check on the common panels
// (landscape and portrait). Screenshots in <build>/screenshots/ui/.
#include <catch2/catch.hpp>

#include "screen_checks.hpp"
#include "ui/strings.hpp"

using namespace escale;
using namespace escale::kiosk;
using testing::ScreenDriver;

namespace {

KioskView enrol_view(EnrolStatus status, Language lang = Language::French) {
  KioskView v;
  v.screen = Screen::Enrol;
  v.language = lang;
  v.now = testing::march3(9, 30);
  v.enrol.server_url = "https://escale.cc-exemple.fr";
  v.enrol.code = "K7QF2M9XD";
  v.enrol.status = status;
  if (status == EnrolStatus::Failed) v.enrol.failure = EnrolFailure::ExpiredCode;
  if (status == EnrolStatus::Retrying) {
    v.enrol.failure = EnrolFailure::Unreachable;
    v.enrol.detail = "connect: Connection refused";
  }
  if (status == EnrolStatus::Done) {
    v.enrol.kiosk_name = "entrée";
    v.enrol.site_name = "Tiers-lieu de Vouziers";
  }
  return v;
}

// The keypad's keys and the caret-less code box may sit close together.
bool keypad_key(const ui::DrawnButton& b) {
  return b.label.size() == 1 || b.label == "Effacer" || b.label == "Delete";
}

}  // namespace

TEST_CASE("first-run screen: the keypad types only what a code can hold", "[screens][first-run]") {
  ScreenDriver d(800, 480);
  const auto& f = d.draw(enrol_view(EnrolStatus::Typing));
  CHECK(f.contains_text("Tapez le code donné par"));
  CHECK(f.contains_text("https://escale.cc-exemple.fr"));
  CHECK(f.contains_text("K7QF2-M9XD"));
  for (const char* absent : {"I", "O", "0", "1"}) {
    CHECK(
        std::none_of(f.buttons.begin(), f.buttons.end(), [&](const ui::DrawnButton& b) { return b.label == absent; }));
  }
  CHECK(std::count_if(f.buttons.begin(), f.buttons.end(),
                      [](const ui::DrawnButton& b) { return b.label.size() == 1; }) == 32);
  CHECK(d.tap("A") == UiAction(Act::EnrolEdit, -1, "K7QF2M9XDA"));
  CHECK(d.tap("Effacer") == UiAction(Act::EnrolEdit, -1, "K7QF2M9X"));
  CHECK(d.tap("Inscrire la borne") == UiAction(Act::EnrolSubmit));
  CHECK(d.tap("English") == UiAction::ToggleLanguage);
  // Nothing typed: no « Inscrire la borne » yet.
  KioskView empty = enrol_view(EnrolStatus::Typing);
  empty.enrol.code.clear();
  d.draw(empty);
  CHECK(d.button("Inscrire la borne") == nullptr);
  CHECK(d.frame().contains_text("10 lettres et chiffres"));
}

TEST_CASE("first-run screen: each state at each size", "[screens][first-run][layout]") {
  const std::vector<std::pair<int, int>> sizes{{800, 480}, {1024, 600}, {1280, 800}, {720, 1280}};
  for (const auto& [w, h] : sizes) {
    for (const auto status : {EnrolStatus::Typing, EnrolStatus::Exchanging, EnrolStatus::Retrying, EnrolStatus::Failed,
                              EnrolStatus::Done}) {
      for (const auto lang : {Language::French, Language::English}) {
        INFO(testing::size_name(w, h) << " status " << static_cast<int>(status) << " lang " << static_cast<int>(lang));
        ScreenDriver d(w, h);
        const auto& f = d.draw(enrol_view(status, lang));
        testing::check_layout(f, d.width(), d.height(), d.u(), keypad_key);
        if (status == EnrolStatus::Done) {
          CHECK(f.contains_text(lang == Language::French ? "Borne inscrite : entrée, Tiers-lieu de Vouziers"
                                                         : "Kiosk enrolled: entrée, Tiers-lieu de Vouziers"));
        }
        if (status == EnrolStatus::Failed) {
          CHECK(d.button(lang == Language::French ? "Taper un nouveau code" : "Type a new code"));
        }
        if (lang == Language::French && (w == 800 || w == 720)) {
          const char* names[] = {"typing", "exchanging", "retrying", "failed", "done"};
          d.shot("enrol-" + std::string(names[static_cast<int>(status)]) + "-" + testing::size_name(w, h));
        }
      }
    }
  }
}

TEST_CASE("préparation screen: each state at each size, the walk-in button, no « Passez votre badge »",
          "[screens][first-run][preparation][layout]") {
  const std::vector<std::pair<int, int>> sizes{{800, 480}, {1024, 600}, {1280, 800}, {720, 1280}};
  for (const auto& [w, h] : sizes) {
    for (int state = 0; state < 3; ++state) {  // waiting; a badge just noted; the server out of reach
      for (const auto lang : {Language::French, Language::English}) {
        INFO(testing::size_name(w, h) << " state " << state << " lang " << static_cast<int>(lang));
        KioskView v;
        v.screen = Screen::Preparing;
        v.language = lang;
        v.now = testing::march3(9, 30);
        v.site_name = "Tiers-lieu de Vouziers";
        v.preparation.active = true;
        v.preparation.tap_noted = state >= 1;
        v.preparation.server_trouble = state == 2;
        ScreenDriver d(w, h);
        const auto& f = d.draw(v);
        testing::check_layout(f, d.width(), d.height(), d.u());
        const bool fr = lang == Language::French;
        CHECK(f.contains_text(state >= 1 ? (fr ? "La borne se prépare… votre passage est noté."
                                               : "The kiosk is getting ready… your visit is noted.")
                                         : (fr ? "La borne se prépare…" : "The kiosk is getting ready…")));
        CHECK(f.contains_text(fr ? "Vous pouvez passer votre badge" : "You can tap your badge") == (state == 0));
        CHECK(f.contains_text(fr ? "n’arrive pas à joindre le serveur" : "cannot reach the server") == (state == 2));
        CHECK_FALSE(f.contains_text(fr ? "Passez votre badge" : "Tap your badge"));
        CHECK(d.tap(fr ? "Je suis de passage" : "I’m just visiting") == UiAction::WalkIn);
        CHECK(d.tap(fr ? "English" : "Français") == UiAction::ToggleLanguage);
        if (fr && (w == 800 || w == 720)) {
          const char* names[] = {"waiting", "noted", "offline"};
          d.shot("preparing-" + std::string(names[state]) + "-" + testing::size_name(w, h));
        }
      }
    }
  }
}
