// Every kiosk screen fits its panel: drawn headless with long, realistic data
// (long names, the longest French and English sentences) in both languages at
// 800×480 (the official 7" panel) and 1024×600, each saved as a screenshot in
// <build>/screenshots/ui/fit/, and checked for text that a person would not
// see whole without dragging:
//   - a text outside the screen;
//   - a text under a button (a button row drawn over a sentence);
//   - a text cut by the visible rectangle of a scrolling area, or scrolled
//     out of it, unless it belongs to a row of a list (kit::Block::list_item:
//     bookings, people, days to choose: lists are the one thing that scrolls);
//   - a text shortened with « … », or a label wider than its key.
// Also: the text size (body text ≥ 28 px at 800×480, titles larger), « Retour »
// in the same place on every screen that has one, the animator's seven
// actions on screen without dragging, the workshops on the « when » screen
// without dragging, and the size of the keys of every keyboard.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "mediation/activity.hpp"
#include "mediation/agenda.hpp"
#include "screen_checks.hpp"

namespace {

using namespace escale;
using namespace escale::kiosk;
using testing::march3;
using testing::paris;
using testing::ScreenDriver;
using testing::size_name;

// [SECTION] Views with long, realistic data

KioskView base(Screen screen, Language lang) {
  KioskView v;
  v.screen = screen;
  v.language = lang;
  v.site_name = "Tiers-lieu de Saint-Affrique";
  v.now = march3(10, 15);
  v.first_name = "Marie-Hélène";
  v.has_desks = true;
  v.has_visio = true;
  return v;
}

BookingLine booking_line(std::string resource, ResourceKind kind, int day, int h0, int m0, int h1, int m1,
                         BookingStatus status = BookingStatus::Confirmed, std::string who = {}) {
  BookingLine b;
  b.resource_name = std::move(resource);
  b.kind = kind;
  b.start = paris(2026, 3, day, h0, m0);
  b.end = paris(2026, 3, day, h1, m1);
  b.status = status;
  b.who = std::move(who);
  b.cancellable = true;
  b.movable = true;
  return b;
}

mediation::WorkshopLevel beginner() {
  return mediation::WorkshopLevel::Beginner;
}

ChoiceGroup themes_group(std::string key, std::string title, std::span<const mediation::ThemeInfo> list, Language lang,
                         std::string_view selected) {
  ChoiceGroup g;
  g.key = std::move(key);
  g.title = std::move(title);
  g.multi = true;
  for (const auto& t : list) {
    g.items.push_back(ChoiceItem{std::string(t.code), std::string(lang == Language::French ? t.label : t.label_en),
                                 t.code == selected});
  }
  return g;
}

ChoiceGroup choice_group(std::string key, std::string title, std::span<const mediation::Choice> list, Language lang) {
  ChoiceGroup g;
  g.key = std::move(key);
  g.title = std::move(title);
  for (const auto& c : list) {
    g.items.push_back(
        ChoiceItem{std::string(c.code), std::string(lang == Language::French ? c.label : c.label_en), false});
  }
  return g;
}

struct NamedView {
  std::string name;
  KioskView view;
};

// Every screen kind at least once, the busiest way it can be.
std::vector<NamedView> all_screens(Language lang) {
  const bool fr = lang == Language::French;
  std::vector<NamedView> out;
  const auto add = [&](std::string name, KioskView v) { out.push_back({std::move(name), std::move(v)}); };

  {
    KioskView v = base(Screen::Attract, lang);
    v.reader = ReaderHealth::Unavailable;
    add("attract-reader-down", v);
    add("attract", base(Screen::Attract, lang));
  }
  {
    // After a badge, without the member menu: the two sentences of the greeting.
    KioskView v = base(Screen::Greeting, lang);
    v.check_in_time = march3(9, 5);
    add("greeting", v);
    v.member_menu = true;
    add("greeting-menu", v);
    // A kiosk with a server: six buttons (« Sur mon téléphone » among them).
    v.phone_link_offered = true;
    add("greeting-menu-phone", v);
    v.checked_in_on = booking_line("Bureau 3", ResourceKind::Desk, 3, 9, 0, 12, 30, BookingStatus::CheckedIn);
    v.today_bookings = {*v.checked_in_on, booking_line("Salle visio", ResourceKind::VisioRoom, 3, 14, 0, 15, 0)};
    BookingLine refused =
        booking_line("Salle visio", ResourceKind::VisioRoom, 10, 10, 0, 11, 0, BookingStatus::Refused);
    refused.refusal = Refusal::Overlap;
    v.refused = {refused};
    add("greeting-notice", v);  // told first, on its own
    v.refused.clear();
    add("greeting-menu-busy", v);
  }
  {
    KioskView v = base(Screen::AlreadyHere, lang);
    v.check_in_time = march3(9, 5);
    add("already-here", v);
    v.member_menu = true;
    add("already-here-menu", v);
    v.phone_link_offered = true;
    add("already-here-menu-phone", v);
  }
  {
    KioskView v = base(Screen::Goodbye, lang);
    v.visit_minutes = 120;
    add("goodbye", v);
    v.member_menu = true;
    add("goodbye-menu", v);
    v.phone_link_offered = true;
    add("goodbye-menu-phone", v);
  }
  add("unknown-badge", base(Screen::UnknownBadge, lang));
  {
    // A member restricted to other sites: the three longest names of a network.
    KioskView v = base(Screen::NotHere, lang);
    v.allowed_sites = {"Tiers-lieu intercommunal de Saint-Laurent-sur-Gorre", "Télécentre de Rochechouart",
                       "Espace France Services d’Aixe-sur-Vienne"};
    add("not-here", v);
    v.allowed_sites.clear();  // none known here: ask at the desk
    add("not-here-unknown", v);
  }
  add("walk-in", base(Screen::WalkIn, lang));
  {
    KioskView v = base(Screen::BookDay, lang);
    for (int d = 3; d <= 16; ++d) {
      DayChoice c;
      c.day = paris(2026, 3, d);
      const int weekday = (d - 3 + 1) % 7 + 1;
      c.open = weekday <= 5;
      c.today = d == 3;
      c.any_free = c.open && d != 5;
      v.days.push_back(c);
    }
    add("book-day", v);
  }
  {
    KioskView v = base(Screen::BookDeskGrid, lang);
    v.chosen_day = march3();
    v.grid.day = march3();
    v.grid.parts = {std::pair{march3(9, 0), march3(12, 30)}, std::pair{march3(13, 30), march3(18, 0)},
                    std::pair{march3(9, 0), march3(18, 0)}};
    for (int i = 1; i <= 6; ++i) {
      GridRow r;
      r.resource_name = "Bureau " + std::to_string(i);
      r.features = i == 2 ? (fr ? "grand écran et fauteuil réglable" : "large screen and adjustable chair") : "";
      r.cells = {CellState::Free, i % 2 == 0 ? CellState::Taken : CellState::Free, CellState::Taken};
      v.grid.rows.push_back(r);
    }
    add("book-desk-grid", v);
  }
  {
    KioskView v = base(Screen::BookVisioStart, lang);
    v.booking_kind = ResourceKind::VisioRoom;
    v.chosen_day = march3();
    for (int slot = 0; slot < 18; ++slot) {
      Choice c;
      c.start = march3(9 + slot / 2, slot % 2 == 0 ? 0 : 30);
      c.free = slot != 2 && slot != 3;
      v.choices.push_back(c);
    }
    add("book-visio-start", v);
  }
  {
    KioskView v = base(Screen::BookVisioDuration, lang);
    v.booking_kind = ResourceKind::VisioRoom;
    v.choosing_duration = true;
    v.chosen_day = march3();
    for (int minutes = 30; minutes <= 180; minutes += 30) {
      Choice c;
      c.start = march3(11, 0);
      c.end = march3(11 + minutes / 60, minutes % 60);
      c.minutes = minutes;
      c.free = minutes < 150;
      v.choices.push_back(c);
    }
    add("book-visio-duration", v);
  }
  const BookingLine visio = booking_line("Salle visio", ResourceKind::VisioRoom, 10, 14, 30, 16, 30);
  {
    KioskView v = base(Screen::BookConfirm, lang);
    v.booking = visio;
    add("book-confirm", v);
    v.screen = Screen::Booked;
    v.qr_url = "https://escale.cc-exemple.fr/ics/bookings/5f1c2e7a-3b9d-4c1e-9a2f-6d8e0b4c7a13.ics";
    add("booked", v);
    v.booking->status = BookingStatus::Pending;
    add("booked-pending", v);
    v.screen = Screen::CancelConfirm;
    add("cancel-confirm", v);
    v.screen = Screen::Cancelled;
    add("cancelled", v);
  }
  {
    KioskView v = base(Screen::MyBookings, lang);
    BookingLine refused = booking_line("Bureau 2", ResourceKind::Desk, 6, 9, 0, 18, 0, BookingStatus::Refused);
    refused.refusal = Refusal::DailyLimit;
    refused.cancellable = false;
    v.bookings = {booking_line("Bureau 3", ResourceKind::Desk, 3, 9, 0, 12, 30),
                  booking_line("Salle visio", ResourceKind::VisioRoom, 4, 10, 0, 11, 0, BookingStatus::Pending),
                  refused, visio};
    add("my-bookings", v);
  }
  // Help
  const auto help = [&](Screen s) {
    KioskView v = base(s, lang);
    v.first_name.clear();
    v.help.topic = mediation::HelpTopic::Papers;
    v.help.offered = true;
    v.help.contact_phone = "05 55 00 00 00";
    return v;
  };
  add("help-topics", help(Screen::HelpTopics));
  {
    KioskView v = help(Screen::HelpWhen);
    for (int d : {3, 5, 6, 9, 10, 11}) {
      HelpDayChoice c;
      c.day = paris(2026, 3, d);
      c.free_slots = d == 5 ? 1 : 3;
      c.today = d == 3;
      v.help.days.push_back(c);
    }
    v.help.workshops = {WorkshopChoice{"Découvrir la messagerie et envoyer ses premiers e-mails", "",
                                       paris(2026, 3, 5, 14, 0), 90, beginner(), 3},
                        WorkshopChoice{"Prendre rendez-vous chez le médecin sur internet", "",
                                       paris(2026, 3, 10, 10, 0), 120, beginner(), 0}};
    add("help-when", v);
    v.help.offered = false;
    v.help.days.clear();
    v.help.workshops.clear();
    add("help-when-nothing", v);
  }
  {
    KioskView v = help(Screen::HelpTime);
    v.help.chosen_day = paris(2026, 3, 5);
    for (int i = 0; i < 8; ++i) {
      HelpTimeChoice t;
      t.start = paris(2026, 3, 5, 9 + i, i % 2 == 0 ? 0 : 45);
      t.mediator = i < 4 ? "Nadia" : "Jean-Christophe";
      v.help.times.push_back(t);
    }
    add("help-time", v);
  }
  {
    KioskView v = help(Screen::HelpContact);
    add("help-contact-empty", v);  // « Sans nom ni numéro » beside the keys
    v.help.name = "Josiane";
    v.help.focus = 0;
    add("help-name", v);
    v.help.phone = "06 12 34";
    v.help.focus = 1;
    v.help.error = "Il faut 10 chiffres.";
    v.help.error_en = "10 digits, please.";
    add("help-phone-error", v);
    v.help.ask_name = false;
    v.help.error.clear();
    v.help.error_en.clear();
    add("help-phone-member", v);
  }
  {
    KioskView v = help(Screen::HelpTicket);
    auto& t = v.help.ticket;
    t.start = paris(2026, 3, 5, 9, 45);
    t.minutes = 45;
    t.mediator = "Jean-Christophe";
    t.place = "Tiers-lieu de Saint-Affrique, 12 avenue de Verdun";
    t.first_name = "Marie-Hélène";
    t.pending = false;
    t.reminders = true;
    t.id = "5f1c2e7a-3b9d-4c1e-9a2f-6d8e0b4c7a13";
    t.workshop = false;
    t.topic = mediation::HelpTopic::Caf;
    t.start_at = escale::from_paris(2026, 3, 5, 9, 45);
    t.booked_at = escale::from_paris(2026, 3, 3, 10, 15);
    add("help-ticket", v);
    t.workshop = true;
    t.title = "Prendre rendez-vous sur ameli";
    t.waiting = true;
    add("help-ticket-waiting", v);
  }
  // Animator mode
  const auto animator = [&](Screen s) {
    KioskView v = base(s, lang);
    v.first_name = "Agnès";
    v.now = march3(14, 30);
    return v;
  };
  {
    KioskView v = animator(Screen::AnimatorPin);
    v.pin_digits = "12";
    v.pin_wrong = true;
    v.pin_attempts_left = 2;
    add("animator-pin", v);
  }
  {
    KioskView v = animator(Screen::AnimatorHome);
    v.animator.present = 12;
    v.animator.bookings_today = 23;
    v.animator.unsynced = 3;
    v.animator.last_sync = paris(2026, 3, 3, 14, 32);
    v.agenda_today = 5;
    add("animator-home", v);
    v.animator.refused_events = 2;
    add("animator-home-refused", v);
  }
  {
    KioskView v = animator(Screen::AnimatorPresent);
    for (const char* name : {"Marie-Hélène Duprès-Lafontaine", "Jean-Christophe Bonnefoy", "Ahmed Benali",
                             "Josiane Vandenberghe", "Lucienne Martin"}) {
      v.people.push_back(PresentPerson{name, march3(9, 5)});
    }
    add("animator-present", v);
  }
  {
    KioskView v = animator(Screen::AnimatorBookings);
    v.bookings = {
        booking_line("Bureau 3", ResourceKind::Desk, 3, 9, 0, 12, 30, BookingStatus::Confirmed,
                     "Marie-Hélène Duprès-Lafontaine"),
        booking_line("Salle visio", ResourceKind::VisioRoom, 3, 14, 0, 15, 0, BookingStatus::Pending,
                     "Jean-Christophe Bonnefoy"),
        booking_line("Bureau 1", ResourceKind::Desk, 3, 13, 30, 18, 0, BookingStatus::Confirmed, "Ahmed Benali")};
    add("animator-bookings", v);
  }
  {
    KioskView v = animator(Screen::AnimatorPickMember);
    v.picker_query = "Dup";
    v.picker_matches = {"Marie-Hélène Duprès-Lafontaine", "Jean Dupond", "Lucie Dupuis", "Paul Dupont"};
    add("animator-pick-member", v);
  }
  {
    KioskView v = animator(Screen::AnimatorBadgeWait);
    v.subject_name = "Marie-Hélène Duprès-Lafontaine";
    v.pick_purpose = PickPurpose::NewMember;
    add("animator-badge-wait", v);
  }
  {
    KioskView v = animator(Screen::AnimatorNewMember);
    v.form.fields = {FormField{"first_name", "Marie-Hélène", true, false},
                     FormField{"last_name", "Duprès-Lafontaine", true, false},
                     FormField{"home_commune", "12208", true, true}, FormField{"email", "", false, false},
                     FormField{"phone", "", false, true}};
    v.form.focused = 1;
    add("animator-new-member", v);
    v.form.focused = 2;
    add("animator-new-member-digits", v);
  }
  {
    KioskView v = animator(Screen::AnimatorConfirm);
    v.confirm.kind = ConfirmKind::CancelBooking;
    v.confirm.name = "Marie-Hélène Duprès-Lafontaine";
    v.confirm.booking = visio;
    add("animator-confirm", v);
  }
  {
    KioskView v = animator(Screen::AnimatorDone);
    v.done.kind = DoneKind::MemberCreatedWithBadge;
    v.done.name = "Marie-Hélène Duprès-Lafontaine";
    add("animator-done", v);
  }
  {
    KioskView v = animator(Screen::AnimatorAgenda);
    for (int i = 0; i < 5; ++i) {
      AgendaRow r;
      r.what = fr ? "Aide aux démarches en ligne" : "Help with online procedures";
      r.start = march3(9 + i, 30);
      r.minutes = 45;
      r.mediator = "Jean-Christophe";
      r.who = i == 1 ? "Marie-Hélène Duprès-Lafontaine" : "Josiane";
      r.topics = {mediation::HelpTopic::Papers, mediation::HelpTopic::Employment};
      r.past = i < 3;
      v.agenda.push_back(r);
    }
    v.agenda_today = 5;
    v.agenda_free_now = 2;
    add("animator-agenda", v);
  }
  {
    KioskView v = animator(Screen::AnimatorRefused);
    v.animator.refused_events = 2;
    v.refused_events = {
        RefusedLine{"badge_assign", march3(9, 5), "Ce badge appartient déjà à Jean-Christophe Bonnefoy.", false},
        RefusedLine{"booking_create", march3(10, 0), "La salle visio était déjà prise.", false}};
    add("animator-refused", v);
  }
  {
    KioskView v = animator(Screen::AnimatorActivity);
    auto& f = v.activity;
    f.subject = fr ? "Marie-Hélène Duprès-Lafontaine, mardi 3 mars à 10\u202Fh\u202F30"
                   : "Marie-Hélène Duprès-Lafontaine, Tuesday 3 March at 10:30\u00A0am";
    f.groups.push_back(themes_group("themes", fr ? "Thématiques (au moins une)" : "Themes (at least one)",
                                    mediation::general_themes(), lang, "email"));
    f.groups.push_back(choice_group("duration", fr ? "Durée" : "Duration", mediation::duration_band_choices(), lang));
    // La Coop's seven structures, the longest labels of the form (issue 19).
    f.groups.push_back(choice_group("redirection",
                                    fr ? "Orientée vers une autre structure" : "Sent on to another organisation",
                                    mediation::redirection_choices(), lang));
    f.home_commune = "12208";
    add("animator-activity", v);
  }
  {
    KioskView v = base(Screen::Enrol, lang);
    v.enrol.server_url = "https://escale.cc-exemple.fr";
    v.enrol.code = "K7QF2M9XD";
    add("enrol", v);
  }
  {
    // « Mon espace » on the member's phone: a link as long as the server's
    // (« about 120 characters »), then each way it may not come.
    KioskView v = base(Screen::PhoneLink, lang);
    v.phone_link.status = PhoneLinkStatus::Ready;
    v.phone_link.url =
        "https://escale.communaute-de-communes-du-saint-affricain.fr/moi/lien/"
        "eml_q8Zr3kT0mB2xY7wPc5LdVn1sHa9Ue4Gj8rKf6Wt";
    add("phone-link", v);
    v.phone_link.url.clear();
    v.phone_link.status = PhoneLinkStatus::Waiting;
    add("phone-link-waiting", v);
    v.phone_link.status = PhoneLinkStatus::Unreachable;
    add("phone-link-unreachable", v);
    v.phone_link.status = PhoneLinkStatus::Refused;
    add("phone-link-refused", v);
  }
  {
    KioskView v = base(Screen::Preparing, lang);
    v.preparation.active = true;
    v.preparation.tap_noted = true;
    add("preparing", v);
  }
  return out;
}

std::string lang_name(Language lang) {
  return lang == Language::French ? "fr" : "en";
}

// [SECTION] The checks

bool inside(const ui::TextBox& a, const ui::TextBox& b) {
  constexpr float e = 1.0f;
  return a.x >= b.x - e && a.y >= b.y - e && a.x + a.w <= b.x + b.w + e && a.y + a.h <= b.y + b.h + e;
}

// What a person would not see whole on this frame: one line each.
std::vector<std::string> fit_problems(const ui::FrameRecord& f, float w, float h) {
  std::vector<std::string> out;
  const auto box = [](const ui::TextBox& b) {
    std::ostringstream s;
    s << b.x << "," << b.y << " " << b.w << "×" << b.h;
    return s.str();
  };
  const ui::TextBox screen{0, 0, w, h};
  for (std::size_t i = 0; i < f.texts.size() && i < f.text_boxes.size(); ++i) {
    const auto& t = f.text_boxes[i];
    if (!inside(t, screen)) out.push_back("off the screen: « " + f.texts[i] + " » at " + box(t));
    const bool label = std::any_of(f.buttons.begin(), f.buttons.end(), [&](const ui::DrawnButton& b) {
      return b.label == f.texts[i] && b.x == t.x && b.y == t.y && b.w == t.w && b.h == t.h;
    });
    if (label) continue;
    for (const auto& b : f.buttons) {
      if (testing::overlap(t.x, t.y, t.w, t.h, b.x, b.y, b.w, b.h)) {
        out.push_back("under the button « " + b.label + " »: « " + f.texts[i] + " » at " + box(t));
      }
    }
  }
  for (const auto& c : f.clipped) {
    // Wider than its box: cut with « … » (a label too long for its button),
    // in a list or not; dragging would not show the rest.
    if (c.visible.w > 0.0f && c.drawn.w > c.visible.w + 1.0f) {
      out.push_back("cut with « … »: « " + c.text + " », " + box(c.drawn) + " in " + box(c.visible));
      continue;
    }
    if (c.visible.w > 0.0f && inside(c.drawn, c.visible)) continue;
    // Where the text shows (or was drawn, when scrolled out of sight) is a list row.
    const ui::TextBox& at = c.visible.w > 0.0f ? c.visible : c.drawn;
    const bool in_list =
        std::any_of(f.list_items.begin(), f.list_items.end(), [&](const ui::TextBox& l) { return inside(at, l); });
    if (in_list) continue;
    out.push_back((c.visible.w <= 0.0f ? "hidden (scrolled out): « " : "cut: « ") + c.text + " » drawn at " +
                  box(c.drawn) + ", visible " + box(c.visible));
  }
  return out;
}

}  // namespace

TEST_CASE("every screen shows all its text whole, without dragging, in French and English", "[screens][fit]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600});
  ScreenDriver d(w, h);
  std::map<std::string, std::vector<std::string>> failures;
  for (const Language lang : {Language::French, Language::English}) {
    for (const auto& [name, view] : all_screens(lang)) {
      const auto& f = d.draw(view);
      d.shot("fit/" + name + "-" + lang_name(lang) + "-" + size_name(w, h));
      for (auto& p : fit_problems(f, d.width(), d.height())) failures[name + " (" + lang_name(lang) + ")"].push_back(p);
    }
  }
  for (const auto& [screen, problems] : failures) {
    INFO(size_name(w, h) << " " << screen);
    for (const auto& p : problems) {
      INFO(p);
      CHECK(false);
    }
  }
  // A summary, so the report can say which screens did not fit.
  std::string names;
  for (const auto& [screen, problems] : failures) names += screen + " ";
  INFO("screens with text not seen whole at " << size_name(w, h) << ": " << names);
  CHECK(failures.empty());
}

TEST_CASE("text is big enough to read on the 7-inch panel", "[screens][fit]") {
  ScreenDriver d(800, 480);
  CHECK(d.u() >= 28.0f);  // body text: capitals ≈ 0.73 × 28 px = 20 px = 3.6 mm
  ScreenDriver big(1024, 600);
  CHECK(big.u() >= d.u());
  ScreenDriver bigger(1280, 800);
  CHECK(bigger.u() >= big.u());
}

namespace {

struct KeySize {
  float min_w = 1e9f, min_h = 1e9f, max_w = 0.0f, max_h = 0.0f;
  float left = 1e9f, right = 0.0f;
  int count = 0;
};

// The keys of the frame's keyboard: buttons with one letter or digit.
KeySize key_sizes(const ui::FrameRecord& f) {
  KeySize k;
  for (const auto& b : f.buttons) {
    if (b.label.empty() || b.label.size() > 2 || b.label == "qr") continue;
    k.min_w = std::min(k.min_w, b.w);
    k.min_h = std::min(k.min_h, b.h);
    k.max_w = std::max(k.max_w, b.w);
    k.max_h = std::max(k.max_h, b.h);
    k.left = std::min(k.left, b.x);
    k.right = std::max(k.right, b.x + b.w);
    ++k.count;
  }
  return k;
}

const KioskView& screen_named(const std::vector<NamedView>& all, std::string_view name) {
  for (const auto& v : all) {
    if (v.name == name) return v.view;
  }
  FAIL("no screen " << name);
  return all.front().view;
}

}  // namespace

TEST_CASE("keyboard keys: 12 mm for visitors, 9 mm for animators, on the 7-inch panel", "[screens][fit][keyboard]") {
  // 800×480 on the official 7" panel: 5.2 px/mm across, 5.6 px/mm down.
  constexpr float kPxPerMmX = 5.2f;
  constexpr float kPxPerMmY = 5.6f;
  ScreenDriver d(800, 480);
  for (const Language lang : {Language::French, Language::English}) {
    const auto all = all_screens(lang);
    struct Want {
      std::string screen;
      float mm_across;
      float mm_down;
      bool whole_width;
    };
    for (const Want& want :
         {Want{"help-name", 12.0f, 12.0f, true}, Want{"help-phone-error", 12.0f, 12.0f, false},
          Want{"help-phone-member", 12.0f, 12.0f, false}, Want{"animator-pick-member", 9.0f, 9.0f, false},
          Want{"animator-new-member", 9.0f, 9.0f, true}, Want{"animator-new-member-digits", 9.0f, 9.0f, false}}) {
      d.draw(screen_named(all, want.screen));
      const KeySize k = key_sizes(d.frame());
      INFO(want.screen << " " << lang_name(lang) << ": " << k.count << " keys, " << k.min_w << "×" << k.min_h
                       << " px at least = " << k.min_w / kPxPerMmX << " × " << k.min_h / kPxPerMmY << " mm");
      std::printf("keys %-28s %s: %2d keys, at least %.0f × %.0f px = %.1f × %.1f mm\n", want.screen.c_str(),
                  lang_name(lang).c_str(), k.count, k.min_w, k.min_h, k.min_w / kPxPerMmX, k.min_h / kPxPerMmY);
      CHECK(k.count >= 10);
      CHECK(k.min_w / kPxPerMmX >= want.mm_across);
      CHECK(k.min_h / kPxPerMmY >= want.mm_down);
      if (want.whole_width) {
        // A visitor's keyboard gets the whole width of the screen.
        CHECK(k.left <= d.u());
        CHECK(k.right >= d.width() - d.u());
      }
    }
  }
}

TEST_CASE("the first-name keyboard: a capital first, the accents one key away", "[screens][fit][keyboard]") {
  ScreenDriver d(800, 480);
  KioskView v = screen_named(all_screens(Language::French), "help-name");
  v.help.name.clear();
  d.draw(v);
  d.shot("fit/help-name-empty-fr-800x480");
  const auto key = [&](std::string_view label) {
    const auto& b = d.frame().buttons;
    return std::any_of(b.begin(), b.end(), [&](const ui::DrawnButton& x) { return x.label == label; });
  };
  // Nothing typed: capitals, so that « J » then « osiane » reads « Josiane ».
  CHECK(key("J"));
  CHECK_FALSE(key("j"));
  const UiAction first = d.tap("J");
  CHECK(first == UiAction(Act::FormEdit, -1, "J"));
  v.help.name = "J";
  d.draw(v);
  CHECK(key("o"));
  CHECK_FALSE(key("O"));
  // « é à ç » shows the accented letters over the first rows, for one letter.
  REQUIRE(d.button("\xC3\xA9 \xC3\xA0 \xC3\xA7") != nullptr);
  CHECK_FALSE(key("\xC3\xA9"));
  d.tap("\xC3\xA9 \xC3\xA0 \xC3\xA7");
  d.shot("fit/help-name-accents-fr-800x480");
  for (const char* accent : {"\xC3\xA9", "\xC3\xA8", "\xC3\xAA", "\xC3\xA0", "\xC3\xA7", "\xC3\xAF", "\xC5\x93"}) {
    INFO(accent);
    CHECK(key(accent));
  }
  CHECK(d.tap("\xC3\xA9") == UiAction(Act::FormEdit, -1, "J\xC3\xA9"));
}

TEST_CASE("« Retour » is in the same place on every screen that has one", "[screens][fit]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600});
  ScreenDriver d(w, h);
  for (const Language lang : {Language::French, Language::English}) {
    const std::string back = lang == Language::French ? "Retour" : "Back";
    std::optional<ui::DrawnButton> first;
    std::string first_name;
    int screens = 0;
    for (const auto& [name, view] : all_screens(lang)) {
      d.draw(view);
      const auto* b = d.button(back);
      if (b == nullptr || b->label != back) continue;
      ++screens;
      if (!first) {
        first = *b;
        first_name = name;
        continue;
      }
      INFO(size_name(w, h) << " « " << back << " » on " << name << " at " << b->x << "," << b->y << " " << b->w << "×"
                           << b->h << "; on " << first_name << " at " << first->x << "," << first->y << " " << first->w
                           << "×" << first->h);
      CHECK(std::abs(b->x - first->x) <= 1.0f);
      CHECK(std::abs(b->y - first->y) <= 1.0f);
      CHECK(std::abs(b->w - first->w) <= 1.0f);
      CHECK(std::abs(b->h - first->h) <= 1.0f);
    }
    CHECK(screens >= 15);
  }
}

TEST_CASE("the animator's home shows all its actions and the way out without dragging", "[screens][fit]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{1280, 800});
  ScreenDriver d(w, h);
  for (const Language lang : {Language::French, Language::English}) {
    for (const char* name : {"animator-home", "animator-home-refused"}) {
      d.draw(screen_named(all_screens(lang), name));
      INFO(size_name(w, h) << " " << name << " " << lang_name(lang));
      CHECK(d.frame().scroll_areas.empty());
      int whole = 0;
      for (const auto& b : d.frame().buttons) {
        if (b.h >= testing::min_target(d.u()) && b.y + b.h <= d.height()) ++whole;
      }
      // The seven actions of the issue and « Faire entrer », « Nouvelle
      // réservation » having moved into « Réservations du jour »: seven
      // cells and « Quitter »; with refused events, their cell too.
      CHECK(whole == (std::string_view(name) == "animator-home" ? 8 : 9));
      const auto whole_button = [&d](std::string_view label) {
        const auto* b = d.button(label);
        return b != nullptr && b->h >= testing::min_target(d.u()) && b->y + b->h <= d.height();
      };
      for (const char* label : {"Qui est là", "Faire entrer", "Réservations du jour", "Aide numérique", "Nouveau badge",
                                "Nouveau membre", "Visiteur de passage", "Quitter le mode animation"}) {
        if (lang == Language::French) CHECK(whole_button(label));
      }
      if (lang == Language::French && std::string_view(name) != "animator-home") CHECK(whole_button("Envois refusés"));
    }
  }
}

TEST_CASE("the workshops show beside the days, without dragging", "[screens][fit]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600});
  ScreenDriver d(w, h);
  for (const Language lang : {Language::French, Language::English}) {
    d.draw(screen_named(all_screens(lang), "help-when"));
    INFO(size_name(w, h) << " " << lang_name(lang));
    // The first workshop's button is on screen, whole, before any drag.
    const auto* b = d.button(lang == Language::French ? "Découvrir la messagerie" : "Découvrir la messagerie");
    REQUIRE(b != nullptr);
    CHECK(b->h >= testing::min_target(d.u()));
    CHECK(d.frame().contains_text(lang == Language::French ? "atelier" : "workshop"));
  }
}
