// Issue 15, headless: « Faire entrer » (the home's button, the search titled
// for it, the question, what was done or « déjà là ») and moving a booking:
// every screen of the move says « Déplacer la réservation de Zoé Garnier »
// and shows the « Mode animation » tag, in French and in English. Nothing
// cut or overlapping at 800×480 and 720×1280; screenshots in
// <build>/screenshots/ui/.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "screen_checks.hpp"

namespace {

using escale::BookingStatus;
using escale::Language;
using escale::ResourceKind;
using escale::kiosk::Act;
using escale::kiosk::BookingLine;
using escale::kiosk::CellState;
using escale::kiosk::Choice;
using escale::kiosk::ConfirmKind;
using escale::kiosk::DayChoice;
using escale::kiosk::DoneKind;
using escale::kiosk::GridRow;
using escale::kiosk::KioskView;
using escale::kiosk::PickPurpose;
using escale::kiosk::Screen;
using escale::kiosk::UiAction;
using escale::kiosk::testing::check_layout;
using escale::kiosk::testing::is_keyboard_key;
using escale::kiosk::testing::march3;
using escale::kiosk::testing::paris;
using escale::kiosk::testing::ScreenDriver;
using escale::kiosk::testing::size_name;

KioskView animator_view(Screen screen, Language lang) {
  KioskView v;
  v.screen = screen;
  v.language = lang;
  v.site_name = "Tiers-lieu de Saint-Affrique";
  v.now = march3(10, 15);
  v.first_name = "Agnès";
  v.has_desks = true;
  v.has_visio = true;
  return v;
}

BookingLine zoe_desk() {
  BookingLine b;
  b.who = "Zoé Garnier";
  b.resource_name = "Bureau 1";
  b.kind = ResourceKind::Desk;
  b.start = march3(14, 0);
  b.end = march3(16, 0);
  b.status = BookingStatus::Confirmed;
  b.cancellable = true;
  b.movable = true;
  return b;
}

// A view of the move of Zoé's booking at `screen`.
KioskView moving(Screen screen, Language lang) {
  KioskView v = animator_view(screen, lang);
  v.subject_name = "Zoé Garnier";
  v.moving = zoe_desk();
  return v;
}

const char* move_title(Language lang) {
  return lang == Language::French ? "Déplacer la réservation de Zoé Garnier" : "Move the booking of Zoé Garnier";
}
const char* marker(Language lang) {
  return lang == Language::French ? "Mode animation" : "Staff mode";
}
const char* lang_name(Language lang) {
  return lang == Language::French ? "fr" : "en";
}

}  // namespace

TEST_CASE("« Faire entrer »: the home's button, the search, the question, what was done", "[screens][let_in]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  KioskView home = animator_view(Screen::AnimatorHome, Language::French);
  d.draw(home);
  const auto* first = d.button("Qui est là");
  REQUIRE(first != nullptr);
  const ImVec2 list(first->x + first->w / 2.0f, first->y + first->h / 2.0f);
  REQUIRE(d.drag_until_button("Faire entrer", list, 2.0f * d.u()));
  CHECK(d.tap("Faire entrer") == UiAction{Act::LetIn});

  KioskView pick = animator_view(Screen::AnimatorPickMember, Language::French);
  pick.pick_purpose = PickPurpose::LetIn;
  pick.picker_query = "gar";
  pick.picker_matches = {"Zoé Garnier", "Paul Garnier"};
  d.draw(pick);
  d.shot("animator-let-in-pick-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Faire entrer : qui ?"));
  CHECK(d.frame().contains_text("Mode animation"));
  CHECK(d.tap("Zoé Garnier") == UiAction{Act::PickMember, 0});
  check_layout(d.frame(), d.width(), d.height(), d.u(), is_keyboard_key);

  for (const Language lang : {Language::French, Language::English}) {
    const bool fr = lang == Language::French;
    KioskView ask = animator_view(Screen::AnimatorConfirm, lang);
    ask.confirm.kind = ConfirmKind::LetIn;
    ask.confirm.name = "Zoé Garnier";
    d.draw(ask);
    d.shot(std::string("animator-let-in-confirm-") + lang_name(lang) + "-" + size_name(w, h));
    CHECK(d.frame().contains_text(fr ? "Faire entrer Zoé Garnier ?" : "Let Zoé Garnier in?"));
    CHECK(d.frame().contains_text(fr ? "Son arrivée sera enregistrée maintenant, sans badge."
                                     : "Their arrival will be recorded now, without a badge."));
    CHECK(d.frame().contains_text(marker(lang)));
    CHECK(d.tap(fr ? "Oui, faire entrer" : "Yes, let in") == UiAction{Act::Confirm});
    CHECK(d.tap(fr ? "Non" : "No") == UiAction{Act::Back});
    check_layout(d.frame(), d.width(), d.height(), d.u());

    KioskView done = animator_view(Screen::AnimatorDone, lang);
    done.done.kind = DoneKind::LetIn;
    done.done.name = "Zoé Garnier";
    done.done.since = march3(10, 15);
    d.draw(done);
    d.shot(std::string("animator-let-in-done-") + lang_name(lang) + "-" + size_name(w, h));
    CHECK(d.frame().contains_text(fr ? "Arrivée de Zoé Garnier enregistrée à 10 h 15."
                                     : "Arrival of Zoé Garnier recorded at 10:15\u00A0am."));
    check_layout(d.frame(), d.width(), d.height(), d.u());

    done.done.kind = DoneKind::AlreadyIn;
    done.done.since = march3(9, 30);
    d.draw(done);
    d.shot(std::string("animator-let-in-already-") + lang_name(lang) + "-" + size_name(w, h));
    CHECK(d.frame().contains_text(fr ? "C’est déjà noté !" : "Already done!"));
    CHECK(d.frame().contains_text(fr ? "Zoé Garnier est déjà là depuis 9 h 30. Rien de plus n’est enregistré."
                                     : "Zoé Garnier has been here since 9:30\u00A0am. Nothing more is recorded."));
    CHECK(d.frame().contains_text(marker(lang)));
    check_layout(d.frame(), d.width(), d.height(), d.u());
  }
}

TEST_CASE("moving a booking: every screen says whose, with the animator tag", "[screens][move]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));
  for (const Language lang : {Language::French, Language::English}) {
    const bool fr = lang == Language::French;
    const std::string suffix = std::string(lang_name(lang)) + "-" + size_name(w, h);
    INFO(suffix);

    // Which day: the title, where the booking is now, no switch of kind.
    KioskView days = moving(Screen::BookDay, lang);
    for (int day = 3; day <= 9; ++day) {
      DayChoice c;
      c.day = paris(2026, 3, day);
      c.open = day != 7 && day != 8;
      c.today = day == 3;
      c.any_free = c.open;
      days.days.push_back(c);
    }
    d.draw(days);
    d.shot("move-day-" + suffix);
    CHECK(d.frame().contains_text(std::string(move_title(lang)) + (fr ? " : quel jour ?" : ": which day?")));
    CHECK(d.frame().contains_text(fr ? "Jusqu’ici : bureau 1, mardi 3 mars, de 14 h à 16 h."
                                     : "Until now: Bureau 1, Tuesday 3 March, from 2\u00A0pm to 4\u00A0pm."));
    CHECK(d.frame().contains_text(marker(lang)));
    CHECK(d.button(fr ? "Plutôt la salle visio" : "The video room instead") == nullptr);
    check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);

    // The desk grid.
    KioskView grid = moving(Screen::BookDeskGrid, lang);
    grid.chosen_day = march3();
    grid.grid.day = march3();
    grid.grid.parts = {std::pair{march3(9, 0), march3(12, 30)}, std::pair{march3(13, 30), march3(18, 0)},
                       std::pair{march3(9, 0), march3(18, 0)}};
    for (const char* name : {"Bureau 1", "Bureau 2", "Bureau 3"}) {
      GridRow r;
      r.resource_name = name;
      r.cells = {CellState::Free, CellState::Free, CellState::Taken};
      grid.grid.rows.push_back(r);
    }
    d.draw(grid);
    d.shot("move-grid-" + suffix);
    CHECK(d.frame().contains_text(std::string(move_title(lang)) + (fr ? " : mardi 3 mars" : ": Tuesday 3 March")));
    CHECK(d.frame().contains_text(marker(lang)));
    check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);

    // The visio room: start, then length.
    KioskView starts = moving(Screen::BookVisioStart, lang);
    starts.booking_kind = ResourceKind::VisioRoom;
    starts.chosen_day = march3();
    for (int slot = 0; slot < 8; ++slot) {
      Choice c;
      c.start = march3(9 + slot / 2, slot % 2 == 0 ? 0 : 30);
      starts.choices.push_back(c);
    }
    d.draw(starts);
    d.shot("move-visio-start-" + suffix);
    CHECK(d.frame().contains_text(std::string(move_title(lang)) +
                                  (fr ? " : mardi 3 mars, à quelle heure ?" : ": Tuesday 3 March, what time?")));
    CHECK(d.frame().contains_text(marker(lang)));
    check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);

    KioskView lengths = moving(Screen::BookVisioDuration, lang);
    lengths.booking_kind = ResourceKind::VisioRoom;
    lengths.choosing_duration = true;
    for (int minutes = 30; minutes <= 120; minutes += 30) {
      Choice c;
      c.start = march3(11, 0);
      c.end = march3(11 + minutes / 60, minutes % 60);
      c.minutes = minutes;
      lengths.choices.push_back(c);
    }
    d.draw(lengths);
    d.shot("move-visio-length-" + suffix);
    CHECK(d.frame().contains_text(std::string(move_title(lang)) +
                                  (fr ? " : 11 h, combien de temps ?" : ": 11\u00A0am, how long?")));
    check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);

    // The question: from where to where, and « Déplacer ».
    KioskView ask = moving(Screen::BookConfirm, lang);
    BookingLine to = zoe_desk();
    to.resource_name = "Bureau 3";
    to.start = paris(2026, 3, 4, 14, 0);
    to.end = paris(2026, 3, 4, 16, 0);
    ask.booking = to;
    d.draw(ask);
    d.shot("move-confirm-" + suffix);
    CHECK(d.frame().contains_text(
        fr ? "Déplacer la réservation de Zoé Garnier vers le bureau 3, mercredi 4 mars, de "
             "14 h à 16 h ?"
           : "Move the booking of Zoé Garnier to Bureau 3, Wednesday 4 March, from 2\u00A0pm to "
             "4\u00A0pm?"));
    CHECK(d.frame().contains_text(fr ? "Jusqu’ici : bureau 1, mardi 3 mars, de 14 h à 16 h."
                                     : "Until now: Bureau 1, Tuesday 3 March, from 2\u00A0pm to 4\u00A0pm."));
    CHECK(d.frame().contains_text(marker(lang)));
    CHECK(d.tap(fr ? "Déplacer" : "Move") == UiAction{Act::Confirm});
    CHECK(d.tap(fr ? "Retour" : "Back") == UiAction{Act::Back});
    check_layout(d.frame(), d.width(), d.height(), d.u());
  }
}
