// How many taps it takes to book digital help, counted as a visitor taps:
// the real app (KioskApp on a local store holding the synced agenda) and the
// real screens (headless, 800×480, the official 7" panel), each tap a finger
// on a button found by its words. From the attract screen to the ticket.
//
// Before issue 15: 6 taps without a name or a phone (« Sans donner mon
// nom », then « Pas de rappel »), 24 with « Josiane » and a phone (« Maj »,
// 7 letters, « Suivant », 10 digits, « Valider »). Now the first name and
// the phone are one optional step: 5 taps without them.
#include <catch2/catch.hpp>

#include <cctype>
#include <string>

#include "app/kiosk_app.hpp"
#include "kiosk_fixture.hpp"
#include "screen_checks.hpp"
#include "store/local_store.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

struct Walk {
  testing::TempFolder dir{"escale-help-taps"};
  LocalStore store{dir / "kiosk.db"};
  KioskApp app{store, KioskSettings{}};
  Instant t = from_paris(2026, 3, 9, 10, 0);  // Monday 9 March 2026, 10:00
  testing::ScreenDriver d{800, 480};
  int taps = 0;           // every tap
  int keyboard_taps = 0;  // … of them on the keyboard's keys

  Walk() {
    store.apply(testing::agenda_sync(t));
    app.refresh(t);
    d.draw(app.view(t));
  }

  bool exact_button(std::string_view label) const {
    for (const auto& b : d.frame().buttons) {
      if (b.label == label) return true;
    }
    return false;
  }

  // A finger on the button showing `label` (exact, or containing it); what
  // it did goes to the app, and the screen is drawn again. The shift key
  // changes the keyboard only: no action for the app.
  void tap(std::string_view label, bool app_action = true) {
    INFO("screen " << to_string(app.screen()) << ", tapping « " << label << " »");
    REQUIRE(d.button(label) != nullptr);
    const UiAction a = d.tap(label);
    if (app_action) REQUIRE(a.act != Act::None);
    ++taps;
    t += 1s;
    if (a.act != Act::None) app.on_action(a, t);
    d.draw(app.view(t));
  }

  // Types `word` key by key on the on-screen keyboard: a capital needs the
  // shift key unless the keyboard already shows capitals.
  void type(std::string_view word) {
    for (const char c : word) {
      const std::string key(1, c);
      if (!exact_button(key)) {
        INFO("no key « " << key << " »: shift");
        REQUIRE(exact_button("Maj"));
        tap("Maj", false);
        ++keyboard_taps;
      }
      REQUIRE(exact_button(key));
      tap(key);
      ++keyboard_taps;
    }
  }

  // Attract → « J’ai besoin d’aide numérique » → CAF → the first day → 14 h 45.
  void choose_time() {
    REQUIRE(app.screen() == Screen::Attract);
    tap("J’ai besoin d’aide numérique");
    tap("CAF");
    tap("Mardi 10 mars");
    tap("14 h 45");
  }
};

}  // namespace

TEST_CASE("help without a badge, without a name or a phone: 5 taps", "[help][taps]") {
  Walk w;
  w.choose_time();
  REQUIRE(w.app.screen() == Screen::HelpContact);
  w.tap("Sans nom ni numéro");
  REQUIRE(w.app.screen() == Screen::HelpTicket);
  CHECK(w.app.view(w.t).help.ticket.first_name.empty());
  CHECK(w.taps == 5);  // before: 6
  // « J’ai noté »: one more, to leave (or the ticket goes by itself after 3 minutes).
  w.tap("J’ai noté");
  CHECK(w.app.screen() == Screen::Attract);
}

TEST_CASE("help with a first name and a phone, in one step", "[help][taps]") {
  Walk w;
  w.choose_time();
  REQUIRE(w.app.screen() == Screen::HelpContact);
  w.type("Josiane");
  CHECK(w.app.view(w.t).help.name == "Josiane");
  w.tap("Portable");  // the phone's box: the digits keyboard
  w.type("0612345678");
  CHECK(w.app.view(w.t).help.phone == "0612345678");
  w.tap("Valider");
  REQUIRE(w.app.screen() == Screen::HelpTicket);
  const auto v = w.app.view(w.t);
  CHECK(v.help.ticket.first_name == "Josiane");
  CHECK(v.help.ticket.reminders);
  // Outside the keyboard: help, topic, day, time, the phone's box, « Valider ».
  CHECK(w.taps - w.keyboard_taps == 6);
  // The keys: 7 letters and 10 digits, and « Maj » for the capital J unless
  // the keyboard starts with a capital.
  CHECK((w.keyboard_taps == 17 || w.keyboard_taps == 18));
  CHECK(w.taps <= 24);  // before: 24 (« Suivant » between two screens)
  WARN("taps with a first name and a phone: " << w.taps << " (" << w.keyboard_taps << " on the keyboard)");
}

TEST_CASE("help with a first name only: « Valider » at once", "[help][taps]") {
  Walk w;
  w.choose_time();
  w.type("Josiane");
  w.tap("Valider");
  REQUIRE(w.app.screen() == Screen::HelpTicket);
  CHECK(w.app.view(w.t).help.ticket.first_name == "Josiane");
  CHECK_FALSE(w.app.view(w.t).help.ticket.reminders);
  CHECK(w.taps - w.keyboard_taps == 5);  // before: 6 (« Suivant », « Pas de rappel »)
}

TEST_CASE("a member who badged: 5 taps to the ticket, no name asked", "[help][taps]") {
  Walk w;
  w.app.on_badge(*BadgeUid::parse("04A1B2C3"), w.t);  // Marie: a badge, not a tap
  w.d.draw(w.app.view(w.t));
  REQUIRE(w.app.screen() == Screen::Greeting);
  w.tap("Aide numérique");
  w.tap("CAF");
  w.tap("Mardi 10 mars");
  w.tap("14 h 45");
  REQUIRE(w.app.screen() == Screen::HelpContact);
  CHECK(w.d.button("Prénom") == nullptr);
  w.tap("Pas de rappel");
  REQUIRE(w.app.screen() == Screen::HelpTicket);
  CHECK(w.app.view(w.t).help.ticket.first_name == "Marie");
  CHECK(w.taps == 5);  // before: 5
}
