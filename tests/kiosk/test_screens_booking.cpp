// The member screens with bookings, headless: the greeting with the member
// menu, choosing a day, a desk, a visio time and length, confirming, booked
// (with the calendar QR code), my bookings and cancelling. For each: the
// texts a person reads, what each tap returns, nothing cut or overlapping
// at 800×480 and 720×1280 (and 1024×600 / 1280×800 for the busiest), and
// a screenshot in <build>/screenshots/ui/ named after the screen.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "screen_checks.hpp"

namespace {

using escale::BookingStatus;
using escale::Language;
using escale::Refusal;
using escale::ResourceKind;
using escale::kiosk::Act;
using escale::kiosk::BookingLine;
using escale::kiosk::CellState;
using escale::kiosk::Choice;
using escale::kiosk::DayChoice;
using escale::kiosk::GridRow;
using escale::kiosk::KioskView;
using escale::kiosk::Screen;
using escale::kiosk::UiAction;
using escale::kiosk::testing::check_layout;
using escale::kiosk::testing::march3;
using escale::kiosk::testing::paris;
using escale::kiosk::testing::ScreenDriver;
using escale::kiosk::testing::size_name;

BookingLine desk3(BookingStatus status = BookingStatus::Confirmed) {
  BookingLine b;
  b.resource_name = "Bureau 3";
  b.kind = ResourceKind::Desk;
  b.start = march3(9, 0);
  b.end = march3(12, 30);
  b.status = status;
  b.cancellable = true;
  return b;
}

BookingLine visio(int day, int h0, int m0, int h1, int m1, BookingStatus status = BookingStatus::Confirmed) {
  BookingLine b;
  b.resource_name = "Salle visio";
  b.kind = ResourceKind::VisioRoom;
  b.start = paris(2026, 3, day, h0, m0);
  b.end = paris(2026, 3, day, h1, m1);
  b.status = status;
  b.cancellable = true;
  return b;
}

KioskView member_view(Screen screen, Language lang = Language::French) {
  KioskView v;
  v.screen = screen;
  v.language = lang;
  v.site_name = "Tiers-lieu de Saint-Affrique";
  v.now = march3(10, 15);
  v.first_name = "Marie";
  v.has_desks = true;
  v.has_visio = true;
  return v;
}

// The greeting of a member with a busy day: checked in on a booking, two
// bookings today, one refused by the server.
KioskView busy_greeting(Language lang = Language::French) {
  KioskView v = member_view(Screen::Greeting, lang);
  v.member_menu = true;
  v.check_in_time = march3(9, 5);
  v.today_bookings = {desk3(BookingStatus::CheckedIn), visio(3, 14, 0, 15, 0)};
  v.checked_in_on = desk3(BookingStatus::CheckedIn);
  BookingLine refused = visio(10, 10, 0, 11, 0, BookingStatus::Refused);
  refused.refusal = Refusal::Overlap;
  v.refused = {refused};
  return v;
}

KioskView days_view(ResourceKind kind = ResourceKind::Desk) {
  KioskView v = member_view(Screen::BookDay);
  v.booking_kind = kind;
  for (int d = 3; d <= 16; ++d) {
    DayChoice c;
    c.day = paris(2026, 3, d);
    const int weekday = (d - 3 + 1) % 7 + 1;  // 3 March 2026 is a Tuesday (2)
    c.open = weekday <= 5;
    c.today = d == 3;
    c.any_free = c.open && d != 5;  // Thursday 5 is full
    v.days.push_back(c);
  }
  return v;
}

KioskView grid_view() {
  KioskView v = member_view(Screen::BookDeskGrid);
  v.chosen_day = march3();
  v.grid.day = march3();
  v.grid.parts = {std::pair{march3(9, 0), march3(12, 30)}, std::pair{march3(13, 30), march3(18, 0)},
                  std::pair{march3(9, 0), march3(18, 0)}};
  const auto row = [](std::string name, std::string features, CellState a, CellState b, CellState c) {
    GridRow r;
    r.resource_name = std::move(name);
    r.features = std::move(features);
    r.cells = {a, b, c};
    return r;
  };
  v.grid.rows = {row("Bureau 1", "", CellState::Free, CellState::Taken, CellState::Taken),
                 row("Bureau 2", "grand écran", CellState::Free, CellState::Free, CellState::Free),
                 row("Bureau 3", "", CellState::Mine, CellState::Free, CellState::Taken),
                 row("Bureau 4", "", CellState::Taken, CellState::Taken, CellState::Taken),
                 row("Bureau 5", "près de la fenêtre", CellState::Free, CellState::Closed, CellState::Closed)};
  return v;
}

KioskView starts_view() {
  KioskView v = member_view(Screen::BookVisioStart);
  v.booking_kind = ResourceKind::VisioRoom;
  v.chosen_day = march3();
  for (int slot = 0; slot < 18; ++slot) {
    Choice c;
    c.start = march3(9 + slot / 2, slot % 2 == 0 ? 0 : 30);
    c.free = slot != 2 && slot != 3 && slot != 9;  // 10 h, 10 h 30 and 13 h 30 are taken
    v.choices.push_back(c);
  }
  return v;
}

KioskView durations_view() {
  KioskView v = member_view(Screen::BookVisioDuration);
  v.booking_kind = ResourceKind::VisioRoom;
  v.choosing_duration = true;
  v.chosen_day = march3();
  for (int minutes = 30; minutes <= 120; minutes += 30) {
    Choice c;
    c.start = march3(11, 0);
    c.end = march3(11 + minutes / 60, minutes % 60);
    c.minutes = minutes;
    c.free = minutes < 120;
    v.choices.push_back(c);
  }
  return v;
}

KioskView with_booking(Screen screen, BookingLine b) {
  KioskView v = member_view(screen);
  v.booking = std::move(b);
  return v;
}

KioskView my_bookings_view() {
  KioskView v = member_view(Screen::MyBookings);
  BookingLine refused = desk3(BookingStatus::Refused);
  refused.start = paris(2026, 3, 6, 9, 0);
  refused.end = paris(2026, 3, 6, 18, 0);
  refused.refusal = Refusal::DailyLimit;
  refused.cancellable = false;
  refused.resource_name = "Bureau 2";
  v.bookings = {desk3(), visio(4, 10, 0, 11, 0, BookingStatus::Pending), refused, visio(12, 14, 30, 16, 30)};
  return v;
}

}  // namespace

TEST_CASE("member menu: today's bookings, notices and the menu", "[screens]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{1280, 800}, std::pair{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  SECTION("a refused booking is told first, whole, then the menu") {
    const KioskView v = busy_greeting();
    d.draw(v);
    d.shot("greeting-notice-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("Bonjour Marie !"));
    CHECK(f.contains_text("Votre arrivée est enregistrée à 9 h 05."));
    CHECK(
        f.contains_text("Votre réservation de la salle visio, mardi 10 mars, n’a pas pu être confirmée : "
                        "la salle visio était déjà prise."));
    CHECK(f.scroll_areas.empty());
    CHECK(d.button("Réserver un bureau") == nullptr);
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(d.tap("J’ai compris") == UiAction{Act::NoticesRead});
  }
  SECTION("a busy greeting: everything is reachable, the menu always on screen") {
    KioskView v = busy_greeting();
    v.refused.clear();  // told: « J’ai compris »
    d.draw(v);
    d.shot("greeting-menu-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("Bonjour Marie !"));
    CHECK(f.contains_text("Votre arrivée est enregistrée à 9 h 05."));
    CHECK(f.contains_text("Votre réservation est notée : bureau 3 jusqu’à 12 h 30."));
    check_layout(f, d.width(), d.height(), d.u());
    // The rest may be below: dragging the middle brings it up, and a drag
    // taps nothing.
    const auto* book = d.button("Réserver un bureau");
    REQUIRE(book != nullptr);
    // The greeting's sentences are never scrolled (issue 15); the lists under them are.
    const auto& areas = d.frame().scroll_areas;
    const ImVec2 middle = areas.empty()
                              ? ImVec2(d.width() / 2.0f, book->y - 2.5f * d.u())
                              : ImVec2(areas.back().x + areas.back().w / 3.0f, areas.back().y + areas.back().h / 2.0f);
    const std::string seen = d.texts_while_dragging(middle, 1.5f * d.u());
    CHECK(ScreenDriver::seen(seen, "Vos réservations aujourd’hui :"));
    CHECK(ScreenDriver::seen(seen, "Bureau 3 : 9 h – 12 h 30"));
    CHECK(ScreenDriver::seen(seen, "Salle visio : 14 h – 15 h"));
    CHECK(ScreenDriver::seen(seen, "Pensez à repasser votre badge en partant."));
    check_layout(d.frame(), d.width(), d.height(), d.u());
    d.shot("greeting-menu-fr-" + size_name(w, h) + "-scrolled");

    CHECK(d.tap("Réserver un bureau") == UiAction{Act::BookDesk});
    CHECK(d.tap("Réserver la salle visio") == UiAction{Act::BookVisio});
    CHECK(d.tap("Mes réservations") == UiAction{Act::MyBookings});
    CHECK(d.tap("Aide numérique") == UiAction{Act::AskHelp});
    CHECK(d.tap("Terminé") == UiAction::Home);
  }
  SECTION("a plain greeting fits without scrolling") {
    KioskView v = member_view(Screen::Greeting);
    v.member_menu = true;
    v.check_in_time = march3(9, 5);
    d.draw(v);
    d.shot("greeting-menu-plain-fr-" + size_name(w, h));
    CHECK(d.frame().contains_text("Bonjour Marie !"));
    CHECK(d.frame().contains_text("Pensez à repasser votre badge en partant."));
    CHECK(d.frame().buttons.size() == 5);
    check_layout(d.frame(), d.width(), d.height(), d.u());
  }
  SECTION("no visio room: four buttons, « Terminé » still last") {
    KioskView v = member_view(Screen::AlreadyHere);
    v.member_menu = true;
    v.has_visio = false;
    v.check_in_time = march3(9, 5);
    v.today_bookings = {desk3(BookingStatus::CheckedIn)};
    d.draw(v);
    d.shot("already-here-menu-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("Marie, votre arrivée est déjà enregistrée (9 h 05)."));
    CHECK_FALSE(f.contains_text("Vous n’avez rien d’autre à faire."));
    CHECK(f.buttons.size() == 4);
    CHECK(d.button("Réserver la salle visio") == nullptr);
    const auto* done = d.button("Terminé");
    const auto* mine = d.button("Mes réservations");
    REQUIRE(done != nullptr);
    REQUIRE(mine != nullptr);
    CHECK(done->y >= mine->y);
    check_layout(f, d.width(), d.height(), d.u());
  }
  SECTION("goodbye with the menu") {
    KioskView v = member_view(Screen::Goodbye);
    v.member_menu = true;
    v.visit_minutes = 135;
    d.draw(v);
    d.shot("goodbye-menu-fr-" + size_name(w, h));
    CHECK(d.frame().contains_text("Au revoir Marie !"));
    CHECK(d.frame().contains_text("Votre visite a duré 2 h 15."));
    CHECK(d.tap("Terminé") == UiAction::Home);
    check_layout(d.frame(), d.width(), d.height(), d.u());
  }
  SECTION("English") {
    KioskView v = busy_greeting(Language::English);
    d.draw(v);
    CHECK(d.frame().contains_text("could not be confirmed"));
    CHECK(d.tap("Understood") == UiAction{Act::NoticesRead});
    v.refused.clear();
    d.draw(v);
    d.shot("greeting-menu-en-" + size_name(w, h));
    CHECK(d.frame().contains_text("Hello Marie!"));
    CHECK(d.frame().contains_text("Your booking is noted: Bureau 3 until 12:30\u00A0pm."));
    CHECK(d.button("Book a desk") != nullptr);
    CHECK(d.button("Book the video room") != nullptr);
    CHECK(d.button("My bookings") != nullptr);
    CHECK(d.button("Done") != nullptr);
    check_layout(d.frame(), d.width(), d.height(), d.u());
  }
}

TEST_CASE("choosing a day", "[screens]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));
  const KioskView v = days_view();
  d.draw(v);
  d.shot("book-day-fr-" + size_name(w, h));
  const auto& f = d.frame();
  CHECK(f.contains_text("Réserver un bureau : quel jour ?"));
  CHECK(f.contains_text("Aujourd’hui"));
  CHECK(f.contains_text("Demain"));
  CHECK(f.contains_text("jeudi 5 mars : complet"));
  CHECK(d.button("jeudi 5 mars") == nullptr);  // full: not tappable
  check_layout(f, d.width(), d.height(), d.u(), {}, false);
  CHECK(d.tap("Aujourd’hui") == UiAction{Act::PickDay, 0});
  CHECK(d.tap("Demain") == UiAction{Act::PickDay, 1});
  CHECK(d.tap("Retour") == UiAction{Act::Back});

  // The weekend further down: closed, not tappable.
  const auto* today = d.button("Aujourd’hui");
  REQUIRE(today != nullptr);
  const ImVec2 list(today->x + 10.0f, today->y + 2.0f * d.u());
  CHECK(ScreenDriver::seen(d.texts_while_dragging(list, 2.0f * d.u(), 4), "samedi 7 mars : fermé"));
  CHECK(d.button("samedi 7 mars") == nullptr);
  REQUIRE(d.drag_until_button("lundi 9 mars", list, 2.0f * d.u()));
  CHECK(d.tap("lundi 9 mars") == UiAction{Act::PickDay, 6});
  d.shot("book-day-fr-" + size_name(w, h) + "-scrolled");
  check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);

  KioskView visio = days_view(ResourceKind::VisioRoom);
  visio.language = Language::English;
  d.draw(visio);
  d.shot("book-day-en-" + size_name(w, h));
  CHECK(d.frame().contains_text("Book the video room: which day?"));
  CHECK(d.frame().contains_text("Today"));
  CHECK(d.frame().contains_text("Tomorrow"));
}

TEST_CASE("the desk grid: desks by morning, afternoon, whole day", "[screens]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));
  d.draw(grid_view());
  d.shot("book-desk-grid-fr-" + size_name(w, h));
  const auto& f = d.frame();
  CHECK(f.contains_text("Réserver un bureau : mardi 3 mars"));
  CHECK(f.contains_text("Matin"));
  CHECK(f.contains_text("9 h – 12 h 30"));
  CHECK(f.contains_text("Après-midi"));
  CHECK(f.contains_text("13 h 30 – 18 h"));
  CHECK(f.contains_text("Journée"));
  CHECK(f.contains_text("9 h – 18 h"));
  CHECK(f.contains_text("Bureau 1"));
  CHECK(f.contains_text("Pris"));
  // The headings sit above their column's cells.
  check_layout(f, d.width(), d.height(), d.u(), {}, false);

  // Bureau 1, morning; Bureau 2, afternoon (Bureau 1's afternoon is taken: not a button).
  CHECK(d.tap("Libre", 0) == UiAction{Act::PickCell, 0});
  CHECK(d.tap("Retour") == UiAction{Act::Back});
  const auto* first = d.button("Libre", 0);
  REQUIRE(first != nullptr);
  // Drag the rows up: the last desks come into view, nothing is booked by the drag.
  const ImVec2 rows(first->x + first->w / 2.0f, first->y + first->h / 2.0f);
  const std::string seen = d.texts_while_dragging(rows, 2.0f * d.u(), 20);
  CHECK(ScreenDriver::seen(seen, "Bureau 4"));
  CHECK(d.frame().contains_text("Bureau 5"));
  CHECK(d.frame().contains_text("près de la fenêtre"));
  CHECK(d.frame().contains_text("Fermé"));
  d.shot("book-desk-grid-fr-" + size_name(w, h) + "-scrolled");
  check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);
  // Bureau 5's morning is the last free cell.
  const auto& buttons = d.frame().buttons;
  std::size_t free_cells = 0;
  for (const auto& b : buttons) free_cells += b.label == "Libre" ? 1 : 0;
  CHECK(d.tap("Libre", free_cells - 1) == UiAction{Act::PickCell, 12});
}

TEST_CASE("the desk grid taps every free cell with its row and column", "[screens]") {
  ScreenDriver d(720, 1280);
  d.draw(grid_view());
  // In portrait the first desks fit: their free cells in reading order.
  const std::vector<int> free_cells{0, 3, 4, 5, 7};
  for (std::size_t i = 0; i < free_cells.size(); ++i) {
    INFO("free cell #" << i);
    CHECK(d.tap("Libre", i) == UiAction{Act::PickCell, free_cells[i]});
  }
  CHECK(d.frame().contains_text("À vous"));
}

TEST_CASE("visio: start time and length", "[screens]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  d.draw(starts_view());
  d.shot("book-visio-start-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Salle visio, mardi 3 mars : à quelle heure ?"));
  CHECK(d.frame().contains_text("10 h · pris"));
  CHECK(d.button("10 h · pris") == nullptr);
  check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);
  CHECK(d.tap("9 h") == UiAction{Act::PickChoice, 0});
  CHECK(d.tap("9 h 30") == UiAction{Act::PickChoice, 1});
  CHECK(d.tap("Retour") == UiAction{Act::Back});

  d.draw(durations_view());
  d.shot("book-visio-duration-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Salle visio, 11 h : combien de temps ?"));
  CHECK(d.frame().contains_text("30 min · jusqu’à 11 h 30"));
  CHECK(d.frame().contains_text("1 h · jusqu’à 12 h"));
  CHECK(d.frame().contains_text("2 h · jusqu’à 13 h · pris"));
  check_layout(d.frame(), d.width(), d.height(), d.u());
  CHECK(d.tap("1 h · jusqu’à 12 h") == UiAction{Act::PickChoice, 1});
  CHECK(d.tap("1 h 30 · jusqu’à") == UiAction{Act::PickChoice, 2});
  CHECK(d.button("2 h · jusqu’à 13 h") == nullptr);

  KioskView en = durations_view();
  en.language = Language::English;
  d.draw(en);
  d.shot("book-visio-duration-en-" + size_name(w, h));
  CHECK(d.frame().contains_text("1 hour · until 12\u00A0pm"));
}

TEST_CASE("confirm, booked, pending, refused", "[screens]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  d.draw(with_booking(Screen::BookConfirm, desk3()));
  d.shot("book-confirm-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Réserver le bureau 3, mardi 3 mars, de 9 h à 12 h 30 ?"));
  check_layout(d.frame(), d.width(), d.height(), d.u());
  CHECK(d.tap("Réserver") == UiAction{Act::Confirm});
  CHECK(d.tap("Retour") == UiAction{Act::Back});

  d.draw(with_booking(Screen::BookConfirm, visio(4, 10, 0, 11, 30)));
  CHECK(d.frame().contains_text("Réserver la salle visio, mercredi 4 mars, de 10 h à 11 h 30 ?"));

  KioskView booked = with_booking(Screen::Booked, desk3());
  booked.qr_url = "https://escale.example.fr/b/5f1c2e7a-3b9d-4c1e-9a2f-6d8e0b4c7a13.ics";
  d.draw(booked);
  d.shot("booked-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("C’est réservé : bureau 3, mardi 3 mars, de 9 h à 12 h 30."));
  CHECK(d.frame().contains_text("Pour l’ajouter à l’agenda de votre téléphone, scannez ce code."));
  CHECK(d.frame().contains_text("qr:" + booked.qr_url));
  check_layout(d.frame(), d.width(), d.height(), d.u());
  CHECK(d.tap("Mes réservations") == UiAction{Act::MyBookings});
  CHECK(d.tap("Terminé") == UiAction::Home);

  KioskView pending = with_booking(Screen::Booked, desk3(BookingStatus::Pending));
  d.draw(pending);
  d.shot("booked-pending-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("C’est noté."));
  CHECK(d.frame().contains_text("La réservation est en attente de confirmation."));
  CHECK(d.frame().contains_text("Bureau 3, mardi 3 mars, de 9 h à 12 h 30."));
  CHECK_FALSE(d.frame().contains_text("qr:"));
  check_layout(d.frame(), d.width(), d.height(), d.u());

  BookingLine refused = desk3(BookingStatus::Refused);
  refused.refusal = Refusal::Overlap;
  KioskView no = with_booking(Screen::Booked, refused);
  no.qr_url = booked.qr_url;  // never a code for a refused booking
  d.draw(no);
  d.shot("booked-refused-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Ce n’est pas possible."));
  CHECK(d.frame().contains_text("Cette réservation n’est pas possible : le bureau était déjà pris."));
  CHECK(d.frame().contains_text("Vous pouvez choisir un autre moment."));
  CHECK_FALSE(d.frame().contains_text("qr:"));
  check_layout(d.frame(), d.width(), d.height(), d.u());
  CHECK(d.tap("Choisir un autre moment") == UiAction{Act::BookDesk});
  CHECK(d.tap("Terminé") == UiAction::Home);

  KioskView en = booked;
  en.language = Language::English;
  d.draw(en);
  d.shot("booked-en-" + size_name(w, h));
  CHECK(d.frame().contains_text("Booked: Bureau 3, Tuesday 3 March, from 9\u00A0am to 12:30\u00A0pm."));
  CHECK(d.frame().contains_text("To add it to your phone’s calendar, scan this code."));
}

TEST_CASE("my bookings, cancelling", "[screens]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  d.draw(my_bookings_view());
  d.shot("my-bookings-fr-" + size_name(w, h));
  const auto& f = d.frame();
  CHECK(f.contains_text("Mes réservations"));
  CHECK(f.contains_text("Bureau 3"));
  CHECK(f.contains_text("Mardi 3 mars, 9 h – 12 h 30"));
  CHECK(f.contains_text("Confirmée"));
  check_layout(f, d.width(), d.height(), d.u(), {}, false);
  CHECK(d.tap("Annuler", 0) == UiAction{Act::CancelBooking, 0});
  CHECK(d.tap("Annuler", 1) == UiAction{Act::CancelBooking, 1});
  CHECK(d.tap("Retour") == UiAction{Act::Back});
  const auto* first = d.button("Annuler", 0);
  REQUIRE(first != nullptr);
  const std::string seen = d.texts_while_dragging(ImVec2(d.width() / 3.0f, first->y + first->h), 2.0f * d.u());
  CHECK(ScreenDriver::seen(seen, "En attente de confirmation"));
  CHECK(ScreenDriver::seen(seen, "Refusée : vous avez déjà une réservation ce jour-là"));
  CHECK(ScreenDriver::seen(seen, "Jeudi 12 mars, 14 h 30 – 16 h 30"));
  d.shot("my-bookings-fr-" + size_name(w, h) + "-scrolled");
  check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);

  KioskView empty = member_view(Screen::MyBookings);
  d.draw(empty);
  d.shot("my-bookings-empty-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Vous n’avez pas de réservation à venir."));
  check_layout(d.frame(), d.width(), d.height(), d.u());
  CHECK(d.tap("Réserver un bureau") == UiAction{Act::BookDesk});
  CHECK(d.tap("Réserver la salle visio") == UiAction{Act::BookVisio});
  CHECK(d.tap("Retour") == UiAction{Act::Back});

  d.draw(with_booking(Screen::CancelConfirm, desk3()));
  d.shot("cancel-confirm-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Annuler la réservation du bureau 3, mardi 3 mars, de 9 h à 12 h 30 ?"));
  check_layout(d.frame(), d.width(), d.height(), d.u());
  CHECK(d.tap("Oui, annuler") == UiAction{Act::Confirm});
  CHECK(d.tap("Non, garder") == UiAction{Act::Back});

  d.draw(with_booking(Screen::Cancelled, desk3()));
  d.shot("cancelled-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("C’est annulé : bureau 3, mardi 3 mars, de 9 h à 12 h 30."));
  check_layout(d.frame(), d.width(), d.height(), d.u());
  CHECK(d.tap("Mes réservations") == UiAction{Act::MyBookings});
  CHECK(d.tap("Terminé") == UiAction::Home);
}
