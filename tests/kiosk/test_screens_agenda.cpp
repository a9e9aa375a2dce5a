// The animator's help agenda and activity record screens, headless: the
// home's « Aide numérique (N) » button, today's agenda (four appointments
// and a workshop of three, one on its waiting list; statuses mixed, past and
// to come), the empty agenda, the activity record (29 themes and the other
// groups as chips, the two typed fields, the error, the keyboard open for
// the note and for the commune). For each: the texts an animator reads, the
// action every button returns (with its index), nothing cut or overlapping
// at 800×480, 1024×600, 1280×800 and 720×1280, in French and English, and
// a screenshot in <build>/screenshots/ui/.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "mediation/activity.hpp"
#include "mediation/agenda.hpp"
#include "mediation/partners.hpp"
#include "screen_checks.hpp"

namespace {

using escale::Language;
using escale::kiosk::Act;
using escale::kiosk::AgendaRow;
using escale::kiosk::ChoiceGroup;
using escale::kiosk::ChoiceItem;
using escale::kiosk::DoneKind;
using escale::kiosk::KioskView;
using escale::kiosk::Screen;
using escale::kiosk::UiAction;
using escale::kiosk::testing::check_layout;
using escale::kiosk::testing::is_keyboard_key;
using escale::kiosk::testing::march3;
using escale::kiosk::testing::ScreenDriver;
using escale::kiosk::testing::size_name;
namespace mediation = escale::mediation;
namespace ui = escale::kiosk::ui;
using mediation::HelpTopic;
using mediation::ParticipantStatus;

std::string lang_name(Language lang) {
  return lang == Language::French ? "fr" : "en";
}

KioskView animator_view(Screen screen, Language lang) {
  KioskView v;
  v.screen = screen;
  v.language = lang;
  v.site_name = "Tiers-lieu de Saint-Affrique";
  v.now = march3(14, 30);
  v.first_name = "Agnès";
  return v;
}

AgendaRow row(int h, int m, int minutes, std::string what, std::string mediator, std::string who,
              std::vector<HelpTopic> topics, ParticipantStatus status) {
  AgendaRow r;
  r.what = std::move(what);
  r.start = march3(h, m);
  r.minutes = minutes;
  r.mediator = std::move(mediator);
  r.who = std::move(who);
  r.topics = std::move(topics);
  r.status = status;
  r.past = h * 60 + m <= 14 * 60 + 30;
  return r;
}

// Tuesday 3 March at 14 h 30, as the app lists it (by time, one row per
// participant; a workshop's first row carries its heading):
//   0  9 h 30  Josiane          seen, record done
//   1 10 h 30  Marie Dupont     seen, record to do        → « Fiche »
//   2 11 h 15  (no name)        no-show
//   3 14 h     workshop: Bernard   seen                   → the workshop's « Fiche »
//   4          Lucienne            unknown (past: « À renseigner »)
//   5          Marcel, waiting     unknown
//   6 14 h 45  Ahmed Benali     unknown (to come)
//   7 16 h     Jeanne           excused
KioskView agenda_view(Language lang) {
  KioskView v = animator_view(Screen::AnimatorAgenda, lang);
  const std::string help = "Aide aux démarches en ligne";
  v.agenda.push_back(
      row(9, 30, 45, help, "Nadia", "Josiane", {HelpTopic::Papers, HelpTopic::Caf}, ParticipantStatus::Seen));
  v.agenda.back().recorded = true;
  v.agenda.push_back(row(10, 30, 45, help, "Nadia", "Marie Dupont", {HelpTopic::Taxes}, ParticipantStatus::Seen));
  v.agenda.push_back(row(11, 15, 45, help, "Karim", "", {HelpTopic::Device}, ParticipantStatus::NoShow));
  for (const auto& [who, status, waiting] : {std::tuple{"Bernard", ParticipantStatus::Seen, false},
                                             std::tuple{"Lucienne", ParticipantStatus::Unknown, false},
                                             std::tuple{"Marcel", ParticipantStatus::Unknown, true}}) {
    AgendaRow r = row(14, 0, 90, "Découvrir la messagerie", "Nadia", who, {HelpTopic::Email}, status);
    r.collective = true;
    r.waiting = waiting;
    r.first_of_appointment = v.agenda.back().collective == false;
    v.agenda.push_back(r);
  }
  v.agenda.push_back(row(14, 45, 45, help, "Nadia", "Ahmed Benali", {HelpTopic::Employment, HelpTopic::Email},
                         ParticipantStatus::Unknown));
  v.agenda.push_back(row(16, 0, 45, help, "Karim", "Jeanne", {HelpTopic::Health}, ParticipantStatus::Excused));
  v.agenda_today = 5;
  v.agenda_free_now = 2;
  return v;
}

// The activity record's groups, as the app builds them from the national
// model (mediation/activity.hpp): labels in `lang`, some pre-ticked.
ChoiceGroup group(std::string key, std::string title, bool multi, std::span<const mediation::Choice> choices,
                  Language lang, std::vector<std::string_view> selected) {
  ChoiceGroup g;
  g.key = std::move(key);
  g.title = std::move(title);
  g.multi = multi;
  for (const auto& c : choices) {
    ChoiceItem item{std::string(c.code), std::string(lang == Language::French ? c.label : c.label_en), false};
    item.selected = std::find(selected.begin(), selected.end(), c.code) != selected.end();
    g.items.push_back(item);
  }
  return g;
}

ChoiceGroup themes(std::string key, std::string title, std::span<const mediation::ThemeInfo> list, Language lang,
                   std::vector<std::string_view> selected) {
  ChoiceGroup g;
  g.key = std::move(key);
  g.title = std::move(title);
  g.multi = true;
  for (const auto& t : list) {
    ChoiceItem item{std::string(t.code), std::string(lang == Language::French ? t.label : t.label_en), false};
    item.selected = std::find(selected.begin(), selected.end(), t.code) != selected.end();
    g.items.push_back(item);
  }
  return g;
}

KioskView activity_view(Language lang, int focused = -1) {
  const bool fr = lang == Language::French;
  KioskView v = animator_view(Screen::AnimatorActivity, lang);
  auto& f = v.activity;
  f.subject = fr ? "Marie Dupont, mardi 3 mars à 10\u202Fh\u202F30" : "Marie Dupont, Tuesday 3 March at 10:30\u00A0am";
  f.groups.push_back(themes("themes", fr ? "Thématiques (au moins une)" : "Themes (at least one)",
                            mediation::general_themes(), lang, {"email", "aide_aux_demarches_administratives"}));
  f.groups.push_back(themes("admin_themes", fr ? "Démarches administratives" : "Official procedures",
                            mediation::administrative_themes(), lang, {"argent_impots"}));
  // France Services (issue 19): the partners, then the APTIC cheques, as agenda_mode.cpp builds them.
  ChoiceGroup partners;
  partners.key = "partners";
  partners.title = fr ? "Partenaire concerné" : "Partner concerned";
  partners.multi = true;
  for (const auto& p : mediation::partners())
    partners.items.push_back({std::string(p.code), std::string(fr ? p.label : p.label_en), p.code == "dgfip"});
  f.groups.push_back(partners);
  ChoiceGroup cheques;
  cheques.key = "cheques";
  cheques.title = fr ? "Chèques APTIC reçus" : "APTIC cheques received";
  cheques.required = true;
  for (int n = 0; n <= 5; ++n) cheques.items.push_back({std::to_string(n), std::to_string(n), n == 1});
  f.groups.push_back(cheques);
  f.groups.push_back(
      group("duration", fr ? "Durée" : "Duration", false, mediation::duration_band_choices(), lang, {"30_60"}));
  f.groups.push_back(group("place", fr ? "Lieu" : "Place", false, mediation::place_choices(), lang, {"lieu_activite"}));
  f.groups.push_back(group("equipment", fr ? "Matériel utilisé" : "Equipment used", true,
                           mediation::equipment_choices(), lang, {"ordinateur"}));
  f.groups.push_back(group("autonomy", fr ? "Autonomie" : "Autonomy", false, mediation::autonomy_choices(), lang, {}));
  f.groups.push_back(group("redirection", fr ? "Orientée vers une autre structure" : "Sent on to another organisation",
                           false, mediation::redirection_choices(), lang, {"aide_aux_demarches_administratives"}));
  f.groups.push_back(group("age", fr ? "Tranche d’âge" : "Age bracket", false, mediation::age_bracket_choices(), lang,
                           {"non_communique"}));
  f.groups.push_back(
      group("status", fr ? "Situation" : "Situation", false, mediation::social_status_choices(), lang, {"retraite"}));
  f.groups.push_back(
      group("gender", fr ? "Genre" : "Gender", false, mediation::gender_choices(), lang, {"non_communique"}));
  f.home_commune = "12208";
  f.focused = focused;
  return v;
}

// Where a finger drags the list: the middle of the screen's scroll area.
ImVec2 list_point(const ScreenDriver& d) {
  const auto& areas = d.frame().scroll_areas;
  if (areas.empty()) return ImVec2(d.width() / 2.0f, d.height() / 2.0f);
  const auto& a = areas.front();
  return ImVec2(a.x + a.w / 4.0f, a.y + a.h / 2.0f);
}

struct Tapped {
  std::string label;
  Act act;
  int arg;
  auto operator<=>(const Tapped&) const = default;
};

// Drags the list from top to bottom, tapping every whole
// button met on the way that `keep` accepts; what each returned. Also the
// texts seen.
std::set<Tapped> tap_everything(ScreenDriver& d, const KioskView& v,
                                const std::function<bool(const std::string&)>& keep, std::string* seen = nullptr) {
  std::set<Tapped> out;
  d.draw(v);
  const ImVec2 at = list_point(d);
  // Each button shows whole in at least one frame: steps shorter than the
  // list's height less a button's.
  const float list_h = d.frame().scroll_areas.empty() ? 0.0f : d.frame().scroll_areas.front().h;
  const float step = std::max(2.0f * d.u(), list_h - 4.5f * d.u());
  std::string before;
  std::map<std::string, float> positions;  // a text's y in the last frame
  float offset = 0.0f;                     // how far the content has scrolled
  std::set<std::pair<std::string, long>> done;
  for (int i = 0; i < 200; ++i) {
    d.draw(v);
    // The end of the list: a drag moves nothing any more.
    std::string now;
    for (std::size_t t = 0; t < d.frame().texts.size(); ++t) {
      now += d.frame().texts[t] + "@" + std::to_string(d.frame().text_boxes[t].y) + "\n";
    }
    if (now == before) break;
    before = now;
    check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);
    if (seen != nullptr) {
      for (const auto& t : d.frame().texts) *seen += t + "\n";
    }
    // The content's offset: how far a text seen before moved.
    if (!positions.empty()) {
      for (std::size_t t = 0; t < d.frame().texts.size(); ++t) {
        const auto it = positions.find(d.frame().texts[t]);
        if (it != positions.end()) {
          offset += it->second - d.frame().text_boxes[t].y;
          break;
        }
      }
    }
    positions.clear();
    for (std::size_t t = 0; t < d.frame().texts.size(); ++t) positions[d.frame().texts[t]] = d.frame().text_boxes[t].y;
    std::vector<escale::kiosk::ui::DrawnButton> buttons;
    for (const auto& b : d.frame().buttons) {
      // Whole, and not tapped yet in an earlier frame.
      if (b.h >= escale::kiosk::testing::min_target(d.u()) && keep(b.label) &&
          done.insert({b.label, std::lround(b.y + offset)}).second) {
        buttons.push_back(b);
      }
    }
    for (const auto& b : buttons) {
      const UiAction a = d.tap_at(ImVec2(b.x + b.w / 2.0f, b.y + b.h / 2.0f));
      out.insert(Tapped{b.label, a.act, a.arg});
    }
    d.drag(at, ImVec2(at.x, at.y - step));
  }
  return out;
}

bool outside(const std::string& label, const std::vector<std::string>& bar) {
  return std::find(bar.begin(), bar.end(), label) == bar.end();
}

}  // namespace

TEST_CASE("animator home: the help agenda's button", "[screens_agenda]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{1280, 800}, std::pair{720, 1280});
  INFO(size_name(w, h));
  for (const Language lang : {Language::French, Language::English}) {
    ScreenDriver d(w, h);
    KioskView v = animator_view(Screen::AnimatorHome, lang);
    v.animator.present = 5;
    v.animator.bookings_today = 3;
    v.agenda_today = 4;
    v.animator.last_sync = escale::LocalTime{2026, 3, 10, 2, 14, 32, 0, 60};
    d.draw(v);
    d.shot("agenda-home-" + lang_name(lang) + "-" + size_name(w, h));
    const std::string label = lang == Language::French ? "Aide numérique (4)" : "Digital help (4)";
    REQUIRE(d.button(label) != nullptr);
    CHECK(d.tap(label) == UiAction{Act::ShowAgenda});
    // Beside the other lists of the day: whole on the first screen.
    CHECK(d.button(label)->h >= escale::kiosk::testing::min_target(d.u()));
    check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);
  }
}

TEST_CASE("animator agenda: today's appointments", "[screens_agenda]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{1280, 800}, std::pair{720, 1280});
  INFO(size_name(w, h));
  ScreenDriver d(w, h);

  const KioskView v = agenda_view(Language::French);
  d.draw(v);
  d.shot("agenda-fr-" + size_name(w, h));
  const auto& f = d.frame();
  CHECK(f.contains_text("Aide numérique"));
  CHECK(f.contains_text("Mode animation"));
  CHECK(f.contains_text("9 h 30 · 45 min · Aide aux démarches en ligne · avec Nadia"));
  CHECK(f.contains_text("Josiane"));
  CHECK(f.contains_text("Papiers, ANTS · CAF"));
  CHECK(f.contains_text("2 créneaux libres"));
  check_layout(f, d.width(), d.height(), d.u(), {}, false);
  CHECK(d.tap("Retour") == UiAction{Act::Back});
  CHECK(d.tap("Quelqu’un attend") == UiAction{Act::AgendaWalkIn});
  // « Fiche faite » is said, not offered.
  CHECK(d.button("Fiche faite") == nullptr);

  // Every button of the list, met by dragging it to the end: the right act
  // for the right row.
  std::string seen;
  const std::vector<std::string> bar{"Retour", "Quelqu’un attend"};
  const auto tapped = tap_everything(
      d, v, [&](const std::string& l) { return outside(l, bar); }, &seen);
  const std::set<Tapped> want{
      {"Fiche", Act::OpenActivity, 1},                                                                   // Marie Dupont
      {"Fiche", Act::OpenActivity, 3},                                                                   // the workshop
      {"Présent", Act::MarkSeen, 4},   {"Absent", Act::MarkNoShow, 4}, {"Excusé", Act::MarkExcused, 4},  // Lucienne
      {"Présent", Act::MarkSeen, 5},   {"Absent", Act::MarkNoShow, 5}, {"Excusé", Act::MarkExcused, 5},  // Marcel
      {"Présent", Act::MarkSeen, 6},   {"Absent", Act::MarkNoShow, 6}, {"Excusé", Act::MarkExcused, 6},  // Ahmed
  };
  CHECK(tapped == want);
  for (const std::string_view text : {
           "10 h 30 · 45 min · Aide aux démarches en ligne · avec Nadia",
           "11 h 15 · 45 min · Aide aux démarches en ligne · avec Karim",
           "14 h · 1 h 30 · Atelier « Découvrir la messagerie » · avec Nadia",
           "14 h 45 · 45 min · Aide aux démarches en ligne · avec Nadia",
           "16 h · 45 min · Aide aux démarches en ligne · avec Karim",
           "Fiche faite",
           "Marie Dupont",
           "Sans nom",
           "Absence non excusée",
           "Téléphone ou ordinateur",
           "2 inscrits · 1 présent · 1 en liste d’attente",
           "Bernard",
           "Lucienne",
           "À renseigner",
           "Marcel (liste d’attente)",
           "À venir",
           "Emploi, France Travail · E-mail",
           "Annulé (excusé)",
       }) {
    INFO(text);
    CHECK(ScreenDriver::seen(seen, text));
  }
  // At the end of the list.
  d.draw(v);
  d.shot("agenda-end-fr-" + size_name(w, h));
  check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);

  // English.
  ScreenDriver en(w, h);
  const KioskView ve = agenda_view(Language::English);
  en.draw(ve);
  en.shot("agenda-en-" + size_name(w, h));
  CHECK(en.frame().contains_text("Digital help"));
  CHECK(en.frame().contains_text("Staff mode"));
  CHECK(en.frame().contains_text("9:30\u00A0am · 45 min · Aide aux démarches en ligne · with Nadia"));
  CHECK(en.frame().contains_text("2 free times"));
  CHECK(en.tap("Someone is waiting") == UiAction{Act::AgendaWalkIn});
  CHECK(en.tap("Back") == UiAction{Act::Back});
  check_layout(en.frame(), en.width(), en.height(), en.u(), {}, false);
  if (w != 800) return;  // the same code with other words: one size is enough for the sweep
  std::string seen_en;
  const std::vector<std::string> bar_en{"Back", "Someone is waiting"};
  const auto tapped_en = tap_everything(
      en, ve, [&](const std::string& l) { return outside(l, bar_en); }, &seen_en);
  CHECK(tapped_en.count(Tapped{"Present", Act::MarkSeen, 6}) == 1);
  CHECK(tapped_en.count(Tapped{"Excused", Act::MarkExcused, 4}) == 1);
  CHECK(tapped_en.count(Tapped{"Record", Act::OpenActivity, 3}) == 1);
  CHECK(tapped_en.size() == want.size());
  CHECK(ScreenDriver::seen(seen_en, "Record done"));
  CHECK(ScreenDriver::seen(seen_en, "Marcel (waiting list)"));
  CHECK(ScreenDriver::seen(seen_en, "To be recorded"));
  CHECK(ScreenDriver::seen(seen_en, "2 booked · 1 present · 1 on the waiting list"));
  CHECK(ScreenDriver::seen(seen_en, "2\u00A0pm · 1 hr 30 min · Workshop \"Découvrir la messagerie\" · with Nadia"));
}

TEST_CASE("animator agenda: empty, full, a workshop nobody joined", "[screens_agenda]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{720, 1280});
  INFO(size_name(w, h));
  ScreenDriver d(w, h);

  KioskView v = animator_view(Screen::AnimatorAgenda, Language::French);
  v.agenda_free_now = 0;
  d.draw(v);
  d.shot("agenda-empty-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Pas de rendez-vous d’aide aujourd’hui."));
  CHECK(d.frame().contains_text("Plus de créneau libre"));
  CHECK(d.tap("Quelqu’un attend") == UiAction{Act::AgendaWalkIn});
  check_layout(d.frame(), d.width(), d.height(), d.u());

  // A workshop nobody joined: one row with nobody in it; no « Fiche » yet.
  AgendaRow empty = row(17, 0, 90, "Ranger ses photos", "Nadia", "", {}, ParticipantStatus::Seen);
  empty.collective = true;
  v.agenda = {empty};
  v.agenda_free_now = 1;
  d.draw(v);
  d.shot("agenda-empty-workshop-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("17 h · 1 h 30 · Atelier « Ranger ses photos » · avec Nadia"));
  CHECK(d.frame().contains_text("Aucun inscrit pour l’instant"));
  CHECK(d.frame().contains_text("1 créneau libre"));
  CHECK_FALSE(d.frame().contains_text("Sans nom"));
  CHECK(d.button("Fiche") == nullptr);
  check_layout(d.frame(), d.width(), d.height(), d.u());

  // Its record done.
  v.agenda.front().recorded = true;
  d.draw(v);
  CHECK(d.frame().contains_text("Fiche faite"));
}

TEST_CASE("animator activity record: the form", "[screens_agenda]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{1280, 800}, std::pair{720, 1280});
  INFO(size_name(w, h));
  for (const Language lang : {Language::French, Language::English}) {
    const bool fr = lang == Language::French;
    INFO(lang_name(lang));
    ScreenDriver d(w, h);
    const KioskView v = activity_view(lang);
    d.draw(v);
    d.shot("activity-" + lang_name(lang) + "-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text(fr ? "Fiche d’activité" : "Activity record"));
    CHECK(f.contains_text(fr ? "Mode animation" : "Staff mode"));
    CHECK(f.contains_text(v.activity.subject));
    CHECK(f.contains_text(fr ? "Thématiques (au moins une)" : "Themes (at least one)"));
    check_layout(f, d.width(), d.height(), d.u(), {}, false);
    CHECK(d.tap(fr ? "Diagnostic numérique" : "Digital skills assessment") == UiAction{Act::ToggleChoice, 0});
    CHECK(d.tap(fr ? "Enregistrer" : "Save") == UiAction{Act::FormSubmit});
    CHECK(d.tap(fr ? "Retour" : "Back") == UiAction{Act::Back});

    // Every chip, met by dragging the form to its end: group × 1000 + item,
    // the selected ones marked « ✓ »; then the two fields. Each sweep takes
    // seconds: at 800×480 in both languages and in portrait in French; at
    // the other sizes, one long drag to the end.
    const std::string note = fr ? "Note (facultative)" : "Note (optional)";
    if (w != 800 && !(w == 720 && fr)) {
      d.drag(list_point(d), ImVec2(list_point(d).x, -50.0f * d.height()));
      d.draw(v);
      d.shot("activity-end-" + lang_name(lang) + "-" + size_name(w, h));
      CHECK(d.frame().contains_text(std::string(mediation::sensitive_note_warning(lang))));
      check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);
      CHECK(d.tap(note) == UiAction{Act::FormFocus, 1});
      continue;
    }
    std::string seen;
    const std::vector<std::string> bar{fr ? "Retour" : "Back", fr ? "Enregistrer" : "Save"};
    const auto tapped = tap_everything(
        d, v, [&](const std::string& l) { return outside(l, bar); }, &seen);
    std::set<Tapped> want;
    for (std::size_t g = 0; g < v.activity.groups.size(); ++g) {
      const auto& items = v.activity.groups[g].items;
      for (std::size_t i = 0; i < items.size(); ++i) {
        want.insert(Tapped{(items[i].selected ? "\u2713 " : "") + items[i].label, Act::ToggleChoice,
                           static_cast<int>(g * 1000 + i)});
      }
    }
    const std::string commune =
        fr ? "Commune de résidence (code INSEE)\u202F: 12208" : "Home commune (INSEE code): 12208";
    want.insert(Tapped{commune, Act::FormFocus, 0});
    want.insert(Tapped{note, Act::FormFocus, 1});
    CHECK(want.size() == 19 + 11 + 10 + 6 + 4 + 4 + 5 + 3 + 7 + 8 + 5 + 3 + 2);  // … partners, cheques …
    CHECK(tapped == want);
    CHECK(ScreenDriver::seen(seen, std::string(mediation::sensitive_note_warning(lang))));
    CHECK(ScreenDriver::seen(seen, fr ? "Tranche d’âge" : "Age bracket"));
    // Dragged to the end: the fields and the warning.
    d.draw(v);
    d.shot("activity-end-" + lang_name(lang) + "-" + size_name(w, h));
    CHECK(d.frame().contains_text(std::string(mediation::sensitive_note_warning(lang))));
    check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);
    CHECK(d.tap(note) == UiAction{Act::FormFocus, 1});
  }
}

TEST_CASE("animator activity record: the error", "[screens_agenda]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{1280, 800}, std::pair{720, 1280});
  INFO(size_name(w, h));
  ScreenDriver d(w, h);

  // The error stays at the top whatever the scroll.
  KioskView v = activity_view(Language::French);
  for (auto& g : v.activity.groups) {
    if (g.key == "themes" || g.key == "admin_themes") {
      for (auto& item : g.items) item.selected = false;
    }
  }
  v.activity.error = "Choisissez au moins une thématique.";
  v.activity.error_en = "Choose at least one theme.";
  d.draw(v);
  const ImVec2 at = list_point(d);
  d.drag(at, ImVec2(at.x, at.y - 30.0f * d.u()));
  d.draw(v);
  d.shot("activity-error-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Choisissez au moins une thématique."));
  check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);
  v.language = Language::English;
  d.draw(v);
  CHECK(d.frame().contains_text("Choose at least one theme."));
}

TEST_CASE("animator activity record: the keyboard", "[screens_agenda]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{1280, 800}, std::pair{720, 1280});
  INFO(size_name(w, h));
  ScreenDriver d(w, h);

  // The note: the letters keyboard, « OK » back to the form.
  KioskView note = activity_view(Language::French, 1);
  note.activity.note = "Revenir jeudi pour la carte grise";
  d.draw(note);
  d.shot("activity-note-keyboard-fr-" + size_name(w, h));
  CHECK(d.frame().contains_text("Note (facultative)"));
  CHECK(d.frame().contains_text("Revenir jeudi pour la carte grise"));
  check_layout(d.frame(), d.width(), d.height(), d.u(), is_keyboard_key, false);
  CHECK(d.tap("s") == UiAction{Act::FormEdit, 1, "Revenir jeudi pour la carte grises"});
  CHECK(d.tap("Effacer") == UiAction{Act::FormEdit, 1, "Revenir jeudi pour la carte gris"});
  CHECK(d.tap("OK") == UiAction{Act::FormFocus, -1});
  CHECK(d.tap("Enregistrer") == UiAction{Act::FormSubmit});
  if (w < h) {
    // Portrait: the form stays above the keyboard, « Retour » in the bar.
    CHECK(d.tap("Retour") == UiAction{Act::Back});
    CHECK(d.frame().contains_text("Marie Dupont, mardi 3 mars à 10 h 30"));
  }

  // The commune: digits.
  KioskView commune = activity_view(Language::English, 0);
  commune.activity.home_commune = "122";
  d.draw(commune);
  d.shot("activity-commune-keyboard-en-" + size_name(w, h));
  CHECK(d.frame().contains_text("Home commune (INSEE code)"));
  CHECK(d.button("q") == nullptr);
  CHECK(d.tap("0") == UiAction{Act::FormEdit, 0, "1220"});
  CHECK(d.tap("OK") == UiAction{Act::FormFocus, -1});
  CHECK(d.tap("Save") == UiAction{Act::FormSubmit});
  check_layout(d.frame(), d.width(), d.height(), d.u(), is_keyboard_key, false);

  // Keyboard closed, a long note: cut with « … » in its field, whole for scripts.
  ScreenDriver closed(w, h);
  KioskView written = activity_view(Language::French);
  written.activity.note =
      "Revenir jeudi avec le courrier de la préfecture pour finir la demande de carte grise en ligne";
  closed.draw(written);
  closed.drag(list_point(closed), ImVec2(list_point(closed).x, -50.0f * closed.height()));
  closed.draw(written);
  closed.shot("activity-long-note-fr-" + size_name(w, h));
  CHECK(closed.tap("Note (facultative)\u202F: " + written.activity.note) == UiAction{Act::FormFocus, 1});
  check_layout(closed.frame(), closed.width(), closed.height(), closed.u(), {}, false);
}

TEST_CASE("animator agenda: what was done", "[screens_agenda]") {
  ScreenDriver d(800, 480);
  for (const auto& [kind, name, sentence] : {
           std::tuple{DoneKind::HelpPlaced, "Nadia", "Rendez-vous pris maintenant : 14 h 45 avec Nadia."},
           std::tuple{DoneKind::NoFreeHelpSlot, "", "Plus aucun créneau libre aujourd’hui. Proposez un autre jour."},
           std::tuple{DoneKind::ActivityRecorded, "", "Fiche d’activité enregistrée."},
       }) {
    KioskView v = animator_view(Screen::AnimatorDone, Language::French);
    v.done.kind = kind;
    v.done.name = name;
    if (kind == DoneKind::HelpPlaced) v.done.since = escale::LocalTime{2026, 3, 10, 2, 14, 45, 0, 60};
    d.draw(v);
    INFO(sentence);
    CHECK(d.frame().contains_text(sentence));
    check_layout(d.frame(), d.width(), d.height(), d.u());
    if (kind == DoneKind::HelpPlaced) d.shot("agenda-help-placed-fr-800x480");
  }
}

TEST_CASE("animator activity record: the partners and the APTIC cheques", "[screens_agenda]") {
  const auto [w, h] = GENERATE(std::pair{800, 480}, std::pair{1024, 600}, std::pair{1280, 800}, std::pair{720, 1280});
  INFO(size_name(w, h));
  for (const Language lang : {Language::French, Language::English}) {
    const bool fr = lang == Language::French;
    INFO(lang_name(lang));
    ScreenDriver d(w, h);
    // The form from its partners' group on (issue 19): the groups before it taken away.
    KioskView v = activity_view(lang);
    auto& groups = v.activity.groups;
    groups.erase(groups.begin(),
                 std::find_if(groups.begin(), groups.end(), [](const ChoiceGroup& g) { return g.key == "partners"; }));
    REQUIRE(groups.size() > 2);
    d.draw(v);
    d.shot("activity-partners-" + lang_name(lang) + "-" + size_name(w, h));
    const auto& f = d.frame();
    CHECK(f.contains_text(fr ? "Partenaire concerné" : "Partner concerned"));
    check_layout(f, d.width(), d.height(), d.u(), {}, false);
    CHECK(d.tap(fr ? "\u2713 DGFiP (impôts)" : "\u2713 DGFiP (taxes)") == UiAction{Act::ToggleChoice, 3});
    CHECK(d.tap(fr ? "France Titres (ANTS)" : "France Titres (ANTS)") == UiAction{Act::ToggleChoice, 0});
    // Dragged down to the cheques: « 1 » ticked, 0 to 5 offered.
    const std::string cheques = fr ? "Chèques APTIC reçus" : "APTIC cheques received";
    for (int i = 0; i < 12 && !d.frame().contains_text(cheques); ++i) {
      d.drag(list_point(d), ImVec2(list_point(d).x, list_point(d).y - 2.0f * d.u()));
      d.draw(v);
    }
    CHECK(d.frame().contains_text(cheques));
    d.drag(list_point(d), ImVec2(list_point(d).x, list_point(d).y - 3.0f * d.u()));  // its chips in view
    d.draw(v);
    d.shot("activity-cheques-" + lang_name(lang) + "-" + size_name(w, h));
    check_layout(d.frame(), d.width(), d.height(), d.u(), {}, false);
  }
}
