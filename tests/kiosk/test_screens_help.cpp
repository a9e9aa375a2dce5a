// The digital-mediation help screens (« J’ai besoin d’aide numérique »),
// headless: the topics as pictogram buttons, the days and workshops, the
// times, the first name and the phone in one optional step, the ticket
// (confirmed with its topic and the QR code of its calendar event, waiting
// list, pending, refused). For each: the texts a person reads, what
// each tap returns, nothing cut or overlapping at 800×480, 1024×600,
// 1280×800 and 720×1280, and a screenshot in <build>/screenshots/ui/ named
// after the screen.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "mediation/agenda.hpp"
#include "screen_checks.hpp"
#include "ui/strings_help.hpp"

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

// The first name and the phone: `focus` 0 the name's box, 1 the phone's.
KioskView contact_view(std::string name, std::string phone, int focus, Language lang = Language::French) {
  KioskView v = help_view(Screen::HelpContact, lang);
  v.help.name = std::move(name);
  v.help.phone = std::move(phone);
  v.help.focus = focus;
  return v;
}

// Josiane's individual appointment, confirmed, with a reminder and the QR code.
KioskView ticket_view(Language lang = Language::French) {
  KioskView v = help_view(Screen::HelpTicket, lang);
  auto& t = v.help.ticket;
  t.id = "5f1c2e7a-3b9d-4c1e-9a2f-6d8e0b4c7a13";
  t.workshop = false;
  t.topic = mediation::HelpTopic::Caf;
  t.start = paris(2026, 3, 5, 9, 45);
  t.start_at = escale::from_paris(2026, 3, 5, 9, 45);
  t.booked_at = escale::from_paris(2026, 3, 3, 10, 15);
  t.minutes = 45;
  t.mediator = "Nadia";
  t.place = "Tiers-lieu de Saint-Affrique, 12 avenue de Verdun";
  t.first_name = "Josiane";
  t.pending = false;
  t.reminders = true;
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
  return v;
}

KioskView pending_view() {
  KioskView v = ticket_view();
  v.help.ticket.pending = true;
  v.help.ticket.reminders = false;
  v.help.ticket.first_name.clear();  // anonymous
  v.help.ticket.topic.reset();       // (a topic is always chosen at the kiosk; an old request may lack one)
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
      // Large: at least a target's 15 mm (85 px at 800×480, three rows under
      // the header), room for the picture beside or above the words.
      CHECK(b->h >= escale::kiosk::testing::min_target(d.u()) - 0.5f);
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
  // Landscape (issue 15): the workshops beside the days, in their own
  // column, each column dragged on its own; portrait: one list.
  const bool columns = w > h;
  const auto* first_workshop = d.button("Découvrir la messagerie");
  if (columns) {
    REQUIRE(first_workshop != nullptr);  // in sight at once, without dragging
    CHECK(first_workshop->x > today->x + today->w);
  }
  const ImVec2 workshop_list = columns ? ImVec2(first_workshop->x + 10.0f, first_workshop->y + 1.0f) : list;
  // Everything else further down: the texts, then each button whole.
  std::string seen = d.texts_while_dragging(list, 1.5f * d.u(), 16);
  if (columns) seen += "\n" + d.texts_while_dragging(workshop_list, 1.5f * d.u(), 16);
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
    REQUIRE(bring(fresh, label, action.act == Act::PickWorkshop ? workshop_list : list));
    CHECK(fresh.tap(label) == action);
  }
  CHECK(fresh.tap("Retour") == UiAction{Act::Back});

  ScreenDriver en(w, h);
  en.draw(when_view(Language::English));
  en.shot("help-when-en-" + size_name(w, h));
  CHECK(en.frame().contains_text("When would you like to come?"));
  CHECK(en.frame().contains_text("Today · 2 free times"));
  check_layout(en.frame(), en.width(), en.height(), en.u(), {}, false);
  std::string seen_en = en.texts_while_dragging(list, 1.5f * en.u(), 16);
  if (columns) seen_en += "\n" + en.texts_while_dragging(workshop_list, 1.5f * en.u(), 16);
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
  CHECK(en.tap("9\u00A0am · with Nadia") == UiAction{Act::PickChoice, 0});
  check_layout(en.frame(), en.width(), en.height(), en.u(), {}, false);
}

TEST_CASE("help: the first name and the phone, one optional step", "[screens_help]") {
  const auto [w, h] = GENERATE(Size{800, 480}, Size{1024, 600}, Size{1280, 800}, Size{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  d.draw(contact_view("", "", 0));
  d.shot("help-contact-empty-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Aide numérique : votre prénom et votre portable ?"));
  CHECK(d.frame().contains_text("Prénom : Facultatif"));
  CHECK(d.frame().contains_text("Portable (SMS de rappel) : Exemple : 06 12 34 56 78"));
  // Nothing typed: no « Valider » yet; one tap goes on without either.
  CHECK(d.button("Valider") == nullptr);
  check_layout(d.frame(), d.width(), d.height(), d.u(), keyboard_key);
  CHECK(d.tap("Sans nom ni numéro") == UiAction{Act::HelpSkipContact});
  CHECK(d.tap("Retour") == UiAction{Act::Back});
  CHECK(d.tap("Portable") == UiAction{Act::FormFocus, 1});
  CHECK(d.tap("Prénom") == UiAction{Act::FormFocus, 0});
  // Letters for the first name (no key « 0 »: the phone's box shows « 06… »).
  const auto keys = d.frame().buttons;
  CHECK(std::none_of(keys.begin(), keys.end(), [](const ui::DrawnButton& b) { return b.label == "0"; }));
  CHECK(d.button("Q") != nullptr);  // a name starts with a capital (issue 15)
  CHECK(d.tap("J") == UiAction{Act::FormEdit, -1, "J"});

  d.draw(contact_view("Josiane", "", 0));
  d.shot("help-contact-name-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Prénom : Josiane"));
  check_layout(d.frame(), d.width(), d.height(), d.u(), keyboard_key);
  CHECK(d.tap("Valider") == UiAction{Act::Confirm});
  // Landscape: once something is typed, the way on takes the place of the way without.
  if (w > h) {
    CHECK(d.button("Sans nom ni numéro") == nullptr);
  } else {
    CHECK(d.tap("Sans nom ni numéro") == UiAction{Act::HelpSkipContact});
  }
  CHECK(d.tap("e") == UiAction{Act::FormEdit, -1, "Josianee"});
  CHECK(d.tap("Effacer") == UiAction{Act::FormEdit, -1, "Josian"});

  // The phone's box chosen: digits; an incomplete number says so in the box.
  KioskView error = contact_view("Josiane", "06 12 34", 1);
  error.help.error = "Il faut 10 chiffres.";
  error.help.error_en = "10 digits, please.";
  d.draw(error);
  d.shot("help-contact-phone-error-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Il faut 10 chiffres. : 06 12 34"));
  CHECK(d.frame().contains_text("Prénom : Josiane"));
  CHECK(d.button("q") == nullptr);  // digits, not letters
  check_layout(d.frame(), d.width(), d.height(), d.u(), keyboard_key);
  CHECK(d.tap("Valider") == UiAction{Act::Confirm});
  CHECK(d.tap("7") == UiAction{Act::FormEdit, -1, "06 12 347"});
  CHECK(d.tap("Effacer") == UiAction{Act::FormEdit, -1, "06 12 3"});
  CHECK(d.tap("Prénom") == UiAction{Act::FormFocus, 0});

  d.draw(contact_view("Josiane", "06 12 34 56 78", 1, Language::English));
  d.shot("help-contact-phone-en-" + size_name(w, h));
  CHECK(d.frame().contains_text("Digital help: your first name and mobile number?"));
  CHECK(d.frame().contains_text("First name : Josiane"));
  check_layout(d.frame(), d.width(), d.height(), d.u(), keyboard_key);
  CHECK(d.tap("Confirm") == UiAction{Act::Confirm});
  if (w < h) CHECK(d.tap("No name, no number") == UiAction{Act::HelpSkipContact});

  // A member who badged: the phone only.
  KioskView member = contact_view("", "", 1);
  member.help.ask_name = false;
  d.draw(member);
  d.shot("help-contact-member-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Aide numérique : un SMS de rappel ?"));
  CHECK(d.button("Prénom") == nullptr);
  check_layout(d.frame(), d.width(), d.height(), d.u(), keyboard_key);
  CHECK(d.tap("Pas de rappel") == UiAction{Act::HelpSkipContact});
  CHECK(d.tap("0") == UiAction{Act::FormEdit, -1, "0"});
}

TEST_CASE("help: the ticket", "[screens_help]") {
  const auto [w, h] = GENERATE(Size{800, 480}, Size{1024, 600}, Size{1280, 800}, Size{720, 1280});
  ScreenDriver d(w, h);
  INFO(size_name(w, h));

  SECTION("an individual appointment, confirmed, with its QR code") {
    d.draw(ticket_view());
    d.shot("help-ticket-fr-" + size_name(w, h));
    const auto& f = d.frame();
    // What, when, with whom, where; the code of the event itself.
    CHECK(f.contains_text("C’est noté !"));
    CHECK(f.contains_text("Jeudi 5 mars, 9 h 45"));
    CHECK(f.contains_text("Sujet : CAF"));
    CHECK(f.contains_text("Avec Nadia, pendant 45 min"));
    CHECK(f.contains_text("Lieu : Tiers-lieu de Saint-Affrique, 12 avenue de Verdun"));
    CHECK(f.contains_text("Au nom de Josiane"));
    CHECK(f.contains_text("SMS de rappel"));
    CHECK(f.contains_text("appelez le 05 55 00 00 00"));
    CHECK(f.contains_text("scannez ce code"));
    CHECK(f.contains_text("qr:" + ui::help::ticket_ics(ticket_view().help.ticket, Language::French)));
    CHECK(f.contains_text("qr:BEGIN:VEVENT"));
    if (w == 800) {
      // 3 px a module at 800×480 (version 12: 65 modules and the quiet zone), not 2.
      for (std::size_t i = 0; i < f.texts.size(); ++i) {
        if (f.texts[i].starts_with("qr:")) CHECK(f.text_boxes[i].w == 3.0f * 73.0f);
      }
    }
    CHECK_FALSE(f.contains_text("En attente de confirmation"));
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(f.buttons.size() == 1);
    CHECK(d.tap("J’ai noté") == UiAction::Home);
  }
  SECTION("a full workshop: the waiting list") {
    d.draw(waiting_view());
    d.shot("help-ticket-waiting-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("Vous êtes sur la liste d’attente."));
    CHECK(f.contains_text("Atelier « Prendre rendez-vous sur ameli »"));
    CHECK(f.contains_text("Mardi 10 mars, 10 h"));
    CHECK(f.contains_text("Avec Karim, pendant 2 h"));
    CHECK(f.contains_text("Si une place se libère"));
    CHECK_FALSE(f.contains_text("SMS de rappel"));
    // No seat yet: no calendar code.
    CHECK_FALSE(f.contains_text("qr:"));
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(d.tap("J’ai noté") == UiAction::Home);
  }
  SECTION("pending, anonymous, no topic") {
    d.draw(pending_view());
    d.shot("help-ticket-pending-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("C’est noté !"));
    CHECK(f.contains_text("En attente de confirmation."));
    CHECK(f.contains_text("Jeudi 5 mars"));
    CHECK(f.contains_text("Aide numérique"));  // what, without a topic
    CHECK_FALSE(f.contains_text("Josiane"));
    // The event goes in the code even before the server confirms: it works offline.
    CHECK(f.contains_text("qr:BEGIN:VEVENT"));
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(d.tap("J’ai noté") == UiAction::Home);
  }
  SECTION("refused: why, and what to do; never a code") {
    d.draw(refused_view());
    d.shot("help-ticket-refused-fr-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text("Ce n’est pas possible."));
    CHECK(f.contains_text("Jeudi 5 mars, 9 h 45"));  // which request
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
    CHECK(f.contains_text("About: CAF"));
    CHECK(f.contains_text("Nadia"));
    CHECK(f.contains_text("scan this code"));
    CHECK(f.contains_text("qr:BEGIN:VEVENT"));
    CHECK(f.contains_text("SUMMARY:Digital help: CAF (family benefits)\\, with Nadia"));
    check_layout(f, d.width(), d.height(), d.u());
    CHECK(d.tap("Got it") == UiAction::Home);

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

TEST_CASE("help: a printer problem shows to animators only", "[screens_help][printer]") {
  ScreenDriver d(800, 480);
  KioskView v = help_view(Screen::AnimatorHome);
  v.first_name = "Agnès";
  v.animator.last_sync = escale::LocalTime{2026, 3, 10, 2, 10, 14, 0, 60};
  v.animator.printer_problem = "cannot open /dev/usb/lp0: No such file or directory";
  d.draw(v);
  d.shot("help-printer-problem-animator-fr-800x480");
  // In the home's status lines (under the menu when they do not fit beside « Quitter »).
  const auto* first = d.button("Qui est là");
  REQUIRE(first != nullptr);
  const std::string seen = d.texts_while_dragging(ImVec2(first->x + 10.0f, first->y + first->h), 1.5f * d.u(), 16);
  CHECK(ScreenDriver::seen(seen, "Imprimante à tickets : cannot open /dev/usb/lp0: No such file or directory."));
  // The visitor's ticket never mentions it.
  KioskView ticket = ticket_view();
  ticket.animator.printer_problem = v.animator.printer_problem;
  d.draw(ticket);
  CHECK_FALSE(d.frame().contains_text("mprimante"));
  CHECK_FALSE(d.frame().contains_text("lp0"));
}
