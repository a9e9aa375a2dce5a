// The digital-mediation help screens (« J’ai besoin d’aide numérique »),
// headless: the topics as pictogram buttons, the days and workshops, the
// times, a first name, a phone, the ticket (confirmed with its QR code,
// waiting list, pending, refused). For each: the texts a person reads, what
// each tap returns, nothing cut or overlapping at 800×480, 1024×600,
// 1280×800 and 720×1280, and a screenshot in <build>/screenshots/ui/ named
// after the screen.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "mediation/agenda.hpp"
#include "screen_checks.hpp"

namespace {

using escale::Language;
using escale::kiosk::Act;
using escale::kiosk::HelpDayChoice;
using escale::kiosk::HelpTimeChoice;
using escale::kiosk::KioskView;
using escale::kiosk::Screen;
using escale::kiosk::UiAction;
using escale::kiosk::WorkshopChoice;
using escale::kiosk::testing::check_layout;
using escale::kiosk::testing::is_keyboard_key;
using escale::kiosk::testing::march3;
using escale::kiosk::testing::paris;
using escale::kiosk::testing::ScreenDriver;
using escale::kiosk::testing::size_name;
namespace mediation = escale::mediation;
namespace ui = escale::kiosk::ui;

constexpr const char* kQrUrl = "https://escale.cc-exemple.fr/ics/appointments/5f1c2e7a-3b9d-4c1e-9a2f-6d8e0b4c7a13.ics";

// The keyboard's keys are exempt from the size and gap rules, but not the
// bar's « Valider » (the keyboard list has it for the PIN pad).
bool keyboard_key(const ui::DrawnButton& b) {
  return b.label != "Valider" && is_keyboard_key(b);
}

KioskView help_view(Screen screen, Language lang = Language::French) {
  KioskView v;
  v.screen = screen;
  v.language = lang;
  v.site_name = "Tiers-lieu de Saint-Affrique";
  v.now = march3(10, 15);
  v.help.topic = mediation::HelpTopic::Papers;
  v.help.offered = true;
  v.help.contact_phone = "05 55 00 00 00";  // as format_phone gives it
  return v;
}

HelpDayChoice help_day(int day, int free_slots, bool today = false) {
  HelpDayChoice d;
  d.day = paris(2026, 3, day);
  d.free_slots = free_slots;
  d.today = today;
  return d;
}

WorkshopChoice workshop(std::string title, int day, int hour, int minutes, int seats_left) {
  WorkshopChoice w;
  w.title = std::move(title);
  w.start = paris(2026, 3, day, hour, 0);
  w.minutes = minutes;
  w.level = mediation::WorkshopLevel::Beginner;
  w.seats_left = seats_left;
  return w;
}

// Four days with free times (today, Thursday 5 with a single one…), two
// workshops, the second full.
KioskView when_view(Language lang = Language::French) {
  KioskView v = help_view(Screen::HelpWhen, lang);
  v.help.days = {help_day(3, 2, true), help_day(5, 1), help_day(6, 4), help_day(9, 3)};
  v.help.workshops = {workshop("Découvrir la messagerie", 5, 14, 90, 3),
                      workshop("Prendre rendez-vous sur ameli", 10, 10, 120, 0)};
  return v;
}

KioskView nothing_view(Language lang = Language::French) {
  KioskView v = help_view(Screen::HelpWhen, lang);
  v.help.offered = false;
  return v;
}

KioskView time_view(Language lang = Language::French) {
  KioskView v = help_view(Screen::HelpTime, lang);
  v.help.chosen_day = paris(2026, 3, 5);
  const std::vector<std::pair<int, int>> starts{{9, 0},  {9, 45},  {10, 30}, {11, 15},
                                                {14, 0}, {14, 45}, {15, 30}, {16, 15}};
  for (std::size_t i = 0; i < starts.size(); ++i) {
    HelpTimeChoice t;
    t.start = paris(2026, 3, 5, starts[i].first, starts[i].second);
    t.mediator = i < 4 ? "Nadia" : "Karim";
    v.help.times.push_back(t);
  }
  return v;
}

KioskView name_view(std::string typed, Language lang = Language::French) {
  KioskView v = help_view(Screen::HelpName, lang);
  v.help.typed = std::move(typed);
  return v;
}

KioskView phone_view(std::string typed, bool error, Language lang = Language::French) {
  KioskView v = help_view(Screen::HelpPhone, lang);
  v.help.typed = std::move(typed);
  if (error) {
    v.help.error = "Ce numéro ne semble pas complet\u202F: il faut 10 chiffres, comme 06 12 34 56 78.";
    v.help.error_en = "This number looks incomplete: it needs 10 digits, like 06 12 34 56 78.";
  }
  return v;
}

// Josiane's individual appointment, confirmed, with a reminder and the QR code.
KioskView ticket_view(Language lang = Language::French) {
  KioskView v = help_view(Screen::HelpTicket, lang);
  auto& t = v.help.ticket;
  t.workshop = false;
  t.start = paris(2026, 3, 5, 9, 45);
  t.minutes = 45;
  t.mediator = "Nadia";
  t.place = "Tiers-lieu de Saint-Affrique, 12 avenue de Verdun";
  t.first_name = "Josiane";
  t.pending = false;
  t.reminders = true;
  v.qr_url = kQrUrl;
  return v;
}

KioskView waiting_view(Language lang = Language::French) {
  KioskView v = help_view(Screen::HelpTicket, lang);
  auto& t = v.help.ticket;
  t.workshop = true;
  t.title = "Prendre rendez-vous sur ameli";
  t.start = paris(2026, 3, 10, 10, 0);
  t.minutes = 120;
  t.mediator = "Karim";
  t.place = "Tiers-lieu de Saint-Affrique, 12 avenue de Verdun";
  t.waiting = true;
  t.pending = false;
  v.qr_url = kQrUrl;
  return v;
}

KioskView pending_view() {
  KioskView v = ticket_view();
  v.help.ticket.pending = true;
  v.help.ticket.reminders = false;
  v.help.ticket.first_name.clear();  // anonymous
  v.qr_url.clear();                  // no public address: no code
  return v;
}

KioskView refused_view(Language lang = Language::French) {
  KioskView v = ticket_view(lang);
  v.help.ticket.refusal = mediation::HelpRefusal::Taken;
  return v;
}

struct Size {
  int w;
  int h;
};

// A button labelled `label` whole on screen, after dragging the list under
// `at` up when needed.
bool bring(ScreenDriver& d, std::string_view label, ImVec2 at) {
  return d.drag_until_button(label, at, 1.5f * d.u(), 20);
}

}  // namespace

TEST_CASE("help: the topics as eight large pictogram buttons", "[screens_help]") {
  const auto [w, h] = GENERATE(Size{800, 480}, Size{1024, 600}, Size{1280, 800}, Size{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));
  const auto topics = mediation::all_help_topics();

  for (const Language lang : {Language::French, Language::English}) {
    const bool fr = lang == Language::French;
    d.draw(help_view(Screen::HelpTopics, lang));
    d.shot(std::string("help-topics-") + (fr ? "fr-" : "en-") + size_name(w, h));
    const auto& f = d.frame();
    // Where you are and the question, in the header: the tiles get the room.
    CHECK(f.contains_text(fr ? "Aide numérique : de quoi avez-vous besoin ?" : "Digital help: what do you need?"));
    check_layout(f, d.width(), d.height(), d.u());
    // Eight picture buttons and « Retour »: all on screen at once, no scrolling.
    CHECK(f.buttons.size() == topics.size() + 1);
    for (std::size_t i = 0; i < topics.size(); ++i) {
      const std::string label(mediation::help_topic_label(topics[i], lang));
      INFO(label);
      const auto* b = d.button(label);
      REQUIRE(b != nullptr);
      // Large: room for a picture above the words.
      CHECK(b->h >= 3.5f * d.u());  // 98 px at 800×480: 17.5 mm (issue 15: 28 px text)
      CHECK(b->w >= 5.0f * d.u());
      CHECK(d.tap(label) == UiAction{Act::PickTopic, static_cast<int>(i)});
    }
    CHECK(d.tap(fr ? "Retour" : "Back") == UiAction{Act::Back});
  }
}

TEST_CASE("help: when — the days and the workshops", "[screens_help]") {
  const auto [w, h] = GENERATE(Size{800, 480}, Size{1024, 600}, Size{1280, 800}, Size{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  d.draw(when_view());
  d.shot("help-when-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Quand voulez-vous venir ?"));
  check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);
  CHECK(d.tap("Retour") == UiAction{Act::Back});
  const auto* today = d.button("Aujourd’hui");
  REQUIRE(today != nullptr);
  CHECK(d.frame().contains_text("Aujourd’hui · 2 créneaux"));
  CHECK(d.tap("Aujourd’hui") == UiAction{Act::PickDay, 0});
  const ImVec2 list(today->x + 10.0f, today->y + 1.0f);
  // Everything else further down: the texts, then each button whole.
  const std::string seen = d.texts_while_dragging(list, 1.5f * d.u(), 16);
  CHECK(ScreenDriver::seen(seen, "Un rendez-vous seul à seul avec un conseiller numérique"));
  CHECK(ScreenDriver::seen(seen, "Jeudi 5 mars · 1 créneau"));
  CHECK(ScreenDriver::seen(seen, "Vendredi 6 mars · 4 créneaux"));
  CHECK(ScreenDriver::seen(seen, "Lundi 9 mars · 3 créneaux"));
  CHECK(ScreenDriver::seen(seen, "Ou un atelier en petit groupe"));
  CHECK(ScreenDriver::seen(seen, "Atelier « Découvrir la messagerie »"));
  CHECK(ScreenDriver::seen(seen, "3 places"));
  CHECK(ScreenDriver::seen(seen, "Atelier « Prendre rendez-vous sur ameli »"));
  CHECK(ScreenDriver::seen(seen, "complet : liste d’attente"));
  d.shot("help-when-fr-" + size_name(w, h) + "-scrolled");
  check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);

  // A fresh screen (the list scrolled above stays scrolled): each button,
  // brought into view, taps its day or workshop.
  ScreenDriver fresh(w, h);
  fresh.draw(when_view());
  const std::vector<std::pair<std::string, UiAction>> taps{
      {"Jeudi 5 mars", UiAction{Act::PickDay, 1}},
      {"Vendredi 6 mars", UiAction{Act::PickDay, 2}},
      {"Lundi 9 mars", UiAction{Act::PickDay, 3}},
      {"Découvrir la messagerie", UiAction{Act::PickWorkshop, 0}},
      {"Prendre rendez-vous sur ameli", UiAction{Act::PickWorkshop, 1}},
  };
  for (const auto& [label, action] : taps) {
    INFO(label);
    REQUIRE(bring(fresh, label, list));
    CHECK(fresh.tap(label) == action);
  }
  CHECK(fresh.tap("Retour") == UiAction{Act::Back});

  ScreenDriver en(w, h);
  en.draw(when_view(Language::English));
  en.shot("help-when-en-" + size_name(w, h));
  CHECK(en.frame().contains_text("When would you like to come?"));
  CHECK(en.frame().contains_text("Today · 2 free times"));
  check_layout(en.frame(), en.width(), en.height(), en.u(), {}, false);
  const std::string seen_en = en.texts_while_dragging(list, 1.5f * en.u(), 16);
  CHECK(ScreenDriver::seen(seen_en, "Thursday 5 March · 1 free time"));
  CHECK(ScreenDriver::seen(seen_en, "Découvrir la messagerie"));
  CHECK(ScreenDriver::seen(seen_en, "full: waiting list"));
}

TEST_CASE("help: when — nothing offered", "[screens_help]") {
  const auto [w, h] = GENERATE(Size{800, 480}, Size{1024, 600}, Size{1280, 800}, Size{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  d.draw(nothing_view());
  d.shot("help-when-nothing-fr-" + size_name(w, h));
  const auto& f = d.frame();
  CHECK(f.contains_text("Il n’y a pas de créneau libre ces jours-ci."));
  CHECK(f.contains_text("Demandez à l’accueil : nous trouverons une solution."));
  CHECK(f.contains_text("Vous pouvez aussi appeler le 05 55 00 00 00."));
  CHECK_FALSE(f.contains_text("Quand voulez-vous venir"));  // nothing to choose
  CHECK_FALSE(f.contains_text("Un rendez-vous seul à seul"));
  check_layout(f, d.width(), d.height(), d.u());
  CHECK(f.buttons.size() == 1);
  CHECK(d.tap("Retour") == UiAction{Act::Back});

  // No phone known for the site: no sentence about calling.
  KioskView no_phone = nothing_view();
  no_phone.help.contact_phone.clear();
  d.draw(no_phone);
  CHECK(d.frame().contains_text("Il n’y a pas de créneau libre ces jours-ci."));
  CHECK_FALSE(d.frame().contains_text("appeler"));
  check_layout(d.frame(), d.width(), d.height(), d.u());

  d.draw(nothing_view(Language::English));
  d.shot("help-when-nothing-en-" + size_name(w, h));
  CHECK(d.frame().contains_text("There is no free time in the coming days."));
  CHECK(d.frame().contains_text("You can also call 05 55 00 00 00."));
  check_layout(d.frame(), d.width(), d.height(), d.u());
  CHECK(d.tap("Back") == UiAction{Act::Back});
}

TEST_CASE("help: the times of a day", "[screens_help]") {
  const auto [w, h] = GENERATE(Size{800, 480}, Size{1024, 600}, Size{1280, 800}, Size{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  const KioskView v = time_view();
  d.draw(v);
  d.shot("help-time-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Jeudi 5 mars : à quelle heure ?"));
  check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);
  CHECK(d.tap("Retour") == UiAction{Act::Back});
  const auto* first = d.button("9 h · avec Nadia");
  REQUIRE(first != nullptr);
  const ImVec2 list(first->x + 10.0f, first->y + 1.0f);
  const std::vector<std::string> labels{"9 h · avec Nadia",     "9 h 45 · avec Nadia", "10 h 30 · avec Nadia",
                                        "11 h 15 · avec Nadia", "14 h · avec Karim",   "14 h 45 · avec Karim",
                                        "15 h 30 · avec Karim", "16 h 15 · avec Karim"};
  for (std::size_t i = 0; i < labels.size(); ++i) {
    INFO(labels[i]);
    REQUIRE(bring(d, labels[i], list));
    CHECK(d.tap(labels[i]) == UiAction{Act::PickChoice, static_cast<int>(i)});
  }
  d.shot("help-time-fr-" + size_name(w, h) + "-scrolled");
  check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);

  ScreenDriver en(w, h);  // not scrolled
  en.draw(time_view(Language::English));
  en.shot("help-time-en-" + size_name(w, h));
  CHECK(en.frame().contains_text("Thursday 5 March: what time?"));
  CHECK(en.tap("9 am · with Nadia") == UiAction{Act::PickChoice, 0});
  check_layout(en.frame(), en.width(), en.height(), en.u(), {}, false);
}

TEST_CASE("help: a first name, or none", "[screens_help]") {
  const auto [w, h] = GENERATE(Size{800, 480}, Size{1024, 600}, Size{1280, 800}, Size{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  d.draw(name_view(""));
  d.shot("help-name-empty-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Votre prénom ?"));
  CHECK(d.frame().contains_text("Prénom"));  // the hint in the empty box
  // Nothing typed: no « Suivant » yet, the way without a name is there.
  CHECK(d.button("Suivant") == nullptr);
  check_layout(d.frame(), d.width(), d.height(), d.u(), keyboard_key);
  CHECK(d.tap("Sans donner mon nom") == UiAction{Act::HelpAnonymous});
  CHECK(d.tap("Retour") == UiAction{Act::Back});
  // A name starts with a capital (issue 15).
  CHECK(d.tap("J") == UiAction{Act::FormEdit, -1, "J"});

  d.draw(name_view("Josiane"));
  d.shot("help-name-typed-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Josiane"));
  check_layout(d.frame(), d.width(), d.height(), d.u(), keyboard_key);
  CHECK(d.tap("Suivant") == UiAction{Act::Confirm});
  // Landscape: once something is typed, the way on takes the place of the way without a name.
  if (w > h) {
    CHECK(d.button("Sans donner mon nom") == nullptr);
  } else {
    CHECK(d.tap("Sans donner mon nom") == UiAction{Act::HelpAnonymous});
  }
  CHECK(d.tap("Retour") == UiAction{Act::Back});
  CHECK(d.tap("e") == UiAction{Act::FormEdit, -1, "Josianee"});
  CHECK(d.tap("Effacer") == UiAction{Act::FormEdit, -1, "Josian"});

  d.draw(name_view("Josiane", Language::English));
  d.shot("help-name-typed-en-" + size_name(w, h));
  CHECK(d.frame().contains_text("Your first name?"));
  check_layout(d.frame(), d.width(), d.height(), d.u(), keyboard_key);
  CHECK(d.tap("Next") == UiAction{Act::Confirm});
  if (w < h) CHECK(d.tap("Without my name") == UiAction{Act::HelpAnonymous});
}

TEST_CASE("help: a phone for a reminder, with an error", "[screens_help]") {
  const auto [w, h] = GENERATE(Size{800, 480}, Size{1024, 600}, Size{1280, 800}, Size{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  d.draw(phone_view("", false));
  d.shot("help-phone-empty-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Un SMS de rappel ?"));
  CHECK(d.frame().contains_text("Exemple : 06 12 34 56 78"));  // the hint
  CHECK(d.button("Valider") == nullptr);
  CHECK(d.button("q") == nullptr);  // digits, not letters
  check_layout(d.frame(), d.width(), d.height(), d.u(), keyboard_key);
  CHECK(d.tap("Pas de rappel") == UiAction{Act::HelpSkipPhone});
  CHECK(d.tap("0") == UiAction{Act::FormEdit, -1, "0"});

  d.draw(phone_view("06 12 34", true));
  d.shot("help-phone-error-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("06 12 34"));
  CHECK(d.frame().contains_text("Ce numéro ne semble pas complet : il faut 10 chiffres, comme 06 12 34 56 78."));
  check_layout(d.frame(), d.width(), d.height(), d.u(), keyboard_key);
  CHECK(d.tap("Valider") == UiAction{Act::Confirm});
  if (w < h) CHECK(d.tap("Pas de rappel") == UiAction{Act::HelpSkipPhone});
  CHECK(d.tap("Retour") == UiAction{Act::Back});
  CHECK(d.tap("7") == UiAction{Act::FormEdit, -1, "06 12 347"});
  CHECK(d.tap("Effacer") == UiAction{Act::FormEdit, -1, "06 12 3"});

  d.draw(phone_view("06 12 34", true, Language::English));
  d.shot("help-phone-error-en-" + size_name(w, h));
  CHECK(d.frame().contains_text("A text reminder?"));
  CHECK(d.frame().contains_text("This number looks incomplete: it needs 10 digits, like 06 12 34 56 78."));
  check_layout(d.frame(), d.width(), d.height(), d.u(), keyboard_key);
  CHECK(d.tap("Confirm") == UiAction{Act::Confirm});
  if (w < h) CHECK(d.tap("No reminder") == UiAction{Act::HelpSkipPhone});
}

TEST_CASE("help: the ticket", "[screens_help]") {
  const auto [w, h] = GENERATE(Size{800, 480}, Size{1024, 600}, Size{1280, 800}, Size{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  SECTION("an individual appointment, confirmed, with its QR code") {
    d.draw(ticket_view());
    d.shot("help-ticket-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("C’est noté !"));
    CHECK(f.contains_text("Jeudi 5 mars"));
    CHECK(f.contains_text("9 h 45"));
    CHECK(f.contains_text("Avec Nadia, pendant 45 min"));
    CHECK(f.contains_text("Tiers-lieu de Saint-Affrique, 12 avenue de Verdun"));
    CHECK(f.contains_text("Josiane"));
    CHECK(f.contains_text("SMS de rappel"));
    CHECK(f.contains_text("appelez le 05 55 00 00 00"));
    CHECK(f.contains_text("scannez ce code"));
    CHECK(f.contains_text(std::string("qr:") + kQrUrl));
    CHECK_FALSE(f.contains_text("En attente de confirmation"));
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(f.buttons.size() == 1);
    CHECK(d.tap("Terminé") == UiAction::Home);
  }
  SECTION("a full workshop: the waiting list") {
    d.draw(waiting_view());
    d.shot("help-ticket-waiting-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("Vous êtes sur la liste d’attente."));
    CHECK(f.contains_text("Atelier « Prendre rendez-vous sur ameli »"));
    CHECK(f.contains_text("Mardi 10 mars à 10 h"));
    CHECK(f.contains_text("Avec Karim, pendant 2 h"));
    CHECK(f.contains_text("Si une place se libère"));
    CHECK_FALSE(f.contains_text("SMS de rappel"));
    // No seat yet: no calendar code.
    CHECK_FALSE(f.contains_text("qr:"));
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(d.tap("Terminé") == UiAction::Home);
  }
  SECTION("pending, anonymous, no public address") {
    d.draw(pending_view());
    d.shot("help-ticket-pending-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("C’est noté !"));
    CHECK(f.contains_text("En attente de confirmation."));
    CHECK(f.contains_text("Jeudi 5 mars"));
    CHECK_FALSE(f.contains_text("Josiane"));
    CHECK_FALSE(f.contains_text("qr:"));
    CHECK_FALSE(f.contains_text("scannez"));
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(d.tap("Terminé") == UiAction::Home);
  }
  SECTION("refused: why, and what to do; never a code") {
    d.draw(refused_view());
    d.shot("help-ticket-refused-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("Ce n’est pas possible."));
    CHECK(f.contains_text("Jeudi 5 mars à 9 h 45"));  // which request
    CHECK(f.contains_text("Ce créneau vient d’être pris."));
    CHECK(f.contains_text("Vous pouvez choisir un autre moment, ou demander à l’accueil."));
    CHECK_FALSE(f.contains_text("qr:"));
    CHECK_FALSE(f.contains_text("C’est noté"));
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(d.tap("Terminé") == UiAction::Home);
    // The next sensible step: the help flow again.
    CHECK(d.tap("Choisir un autre moment") == UiAction{Act::AskHelp});
  }
  SECTION("English") {
    d.draw(ticket_view(Language::English));
    d.shot("help-ticket-en-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("You are booked!"));
    CHECK(f.contains_text("Thursday 5 March"));
    CHECK(f.contains_text("Nadia"));
    CHECK(f.contains_text("scan this code"));
    CHECK(f.contains_text(std::string("qr:") + kQrUrl));
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(d.tap("Done") == UiAction::Home);

    d.draw(waiting_view(Language::English));
    d.shot("help-ticket-waiting-en-" + size_name(w, h));
    CHECK(d.frame().contains_text("You are on the waiting list."));
    check_layout(d.frame(), d.width(), d.height(), d.u());

    d.draw(refused_view(Language::English));
    d.shot("help-ticket-refused-en-" + size_name(w, h));
    CHECK(d.frame().contains_text("This time has just been taken."));
    check_layout(d.frame(), d.width(), d.height(), d.u());
  }
}
