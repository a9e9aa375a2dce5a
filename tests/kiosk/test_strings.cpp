// The string catalogue: every Text has both languages, French typography is
// right (U+202F before « ! ? : ; » and inside « », ’ not '), and the composed
// sentences read as the UX brief shows them.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ui/fonts.hpp"
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
  CHECK(ui::arrival_recorded_at(at(9, 30), Language::English) == "Your arrival is recorded at 9:30\u00A0am.");

  CHECK(ui::arrival_already_recorded("Marie", at(9, 30), Language::French) ==
        "Marie, votre arrivée est déjà enregistrée (9\u202Fh\u202F30).");
  CHECK(ui::arrival_already_recorded("", std::nullopt, Language::French) == "Votre arrivée est déjà enregistrée.");
  CHECK(ui::arrival_already_recorded("Marie", at(9, 30), Language::English) ==
        "Marie, your arrival is already recorded (9:30\u00A0am).");
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

// ---- bookings and animator mode

namespace {

using escale::BookingStatus;
using escale::Refusal;
using escale::ResourceKind;
using escale::kiosk::BookingLine;
using escale::kiosk::Choice;
using escale::kiosk::DayChoice;
using escale::kiosk::DoneKind;
using escale::kiosk::DoneMessage;

LocalTime march(int day, int hour = 0, int minute = 0) {
  LocalTime t;
  t.year = 2026;
  t.month = 3;
  t.day = day;
  t.hour = hour;
  t.minute = minute;
  return t;
}

BookingLine desk3() {
  BookingLine b;
  b.resource_name = "Bureau 3";
  b.kind = ResourceKind::Desk;
  b.start = march(3, 9, 0);
  b.end = march(3, 12, 30);
  return b;
}

BookingLine visio_room() {
  BookingLine b;
  b.resource_name = "Salle visio";
  b.kind = ResourceKind::VisioRoom;
  b.start = march(4, 10, 0);
  b.end = march(4, 11, 0);
  return b;
}

// Compares as a person reads: no-break spaces (U+202F, U+00A0) as spaces.
std::string plain(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i).starts_with("\xE2\x80\xAF")) {
      out += ' ';
      i += 2;
    } else if (s.substr(i).starts_with("\xC2\xA0")) {
      out += ' ';
      i += 1;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

TEST_CASE("booking sentences read as the UX brief shows them", "[strings]") {
  const Language fr = Language::French;
  CHECK(plain(ui::booking_today_line(desk3(), fr)) == "Bureau 3 : 9 h – 12 h 30");
  CHECK(plain(ui::checked_in_on(desk3(), fr)) == "Votre réservation est notée : bureau 3 jusqu’à 12 h 30.");
  CHECK(plain(ui::book_question(desk3(), fr)) == "Réserver le bureau 3, mardi 3 mars, de 9 h à 12 h 30 ?");
  CHECK(plain(ui::book_question(visio_room(), fr)) == "Réserver la salle visio, mercredi 4 mars, de 10 h à 11 h ?");
  CHECK(plain(ui::booked_sentence(desk3(), fr)) == "C’est réservé : bureau 3, mardi 3 mars, de 9 h à 12 h 30.");
  CHECK(plain(ui::booking_summary(desk3(), fr)) == "Bureau 3, mardi 3 mars, de 9 h à 12 h 30.");
  CHECK(plain(ui::cancel_question(desk3(), fr)) ==
        "Annuler la réservation du bureau 3, mardi 3 mars, de 9 h à 12 h 30 ?");
  CHECK(plain(ui::cancel_question(visio_room(), fr)) ==
        "Annuler la réservation de la salle visio, mercredi 4 mars, de 10 h à 11 h ?");
  CHECK(plain(ui::cancelled_sentence(desk3(), fr)) == "C’est annulé : bureau 3, mardi 3 mars, de 9 h à 12 h 30.");
  CHECK(plain(ui::booking_day_and_times(desk3(), fr)) == "Mardi 3 mars, 9 h – 12 h 30");

  BookingLine refused = desk3();
  refused.status = BookingStatus::Refused;
  refused.refusal = Refusal::Overlap;
  CHECK(plain(ui::booking_refused_notice(refused, fr)) ==
        "Votre réservation du bureau 3, mardi 3 mars, n’a pas pu être confirmée : le bureau était déjà pris.");
  CHECK(plain(ui::booking_impossible(refused, fr)) ==
        "Cette réservation n’est pas possible : le bureau était déjà pris.");
  CHECK(plain(ui::booking_status(refused, fr)) == "refusée : le bureau était déjà pris");
  refused.refusal.reset();
  CHECK(plain(ui::booking_refused_notice(refused, fr)) ==
        "Votre réservation du bureau 3, mardi 3 mars, n’a pas pu être confirmée.");

  BookingLine pending = desk3();
  pending.status = BookingStatus::Pending;
  CHECK(ui::booking_status(pending, fr) == "en attente de confirmation");
  CHECK(ui::booking_status(desk3(), fr) == "confirmée");

  // English keeps the resource's name as it is.
  CHECK(plain(ui::book_question(desk3(), Language::English)) ==
        "Book Bureau 3, Tuesday 3 March, from 9 am to 12:30 pm?");
  CHECK(plain(ui::booking_today_line(desk3(), Language::English)) == "Bureau 3: 9 am – 12:30 pm");
}

TEST_CASE("booking steps: days, times, durations", "[strings]") {
  const Language fr = Language::French;
  DayChoice today{march(3), true, true, true};
  DayChoice tomorrow{march(4), true, false, true};
  DayChoice friday{march(6), true, false, false};
  DayChoice sunday{march(8), false, false, false};
  const LocalTime now = march(3, 10, 15);
  CHECK(ui::day_button_label(today, now, fr) == "Aujourd’hui");
  CHECK(ui::day_button_label(tomorrow, now, fr) == "Demain");
  CHECK(plain(ui::day_button_label(friday, now, fr)) == "vendredi 6 mars");
  CHECK(plain(ui::day_unavailable_label(friday, now, fr)) == "vendredi 6 mars : complet");
  CHECK(plain(ui::day_unavailable_label(sunday, now, fr)) == "dimanche 8 mars : fermé");
  CHECK(ui::day_button_label(tomorrow, now, Language::English) == "Tomorrow");
  // Across a month's end.
  CHECK(ui::day_button_label(DayChoice{march(1), true, false, true}, LocalTime{2026, 2, 28, 6, 9, 0, 0, 60}, fr) ==
        "Demain");

  CHECK(plain(ui::book_day_title(ResourceKind::Desk, fr)) == "Réserver un bureau : quel jour ?");
  CHECK(plain(ui::book_day_title(ResourceKind::VisioRoom, fr)) == "Réserver la salle visio : quel jour ?");
  CHECK(plain(ui::desk_grid_title(march(3), fr)) == "Réserver un bureau : mardi 3 mars");
  CHECK(plain(ui::visio_start_title(march(3), fr)) == "Salle visio, mardi 3 mars : à quelle heure ?");
  CHECK(plain(ui::visio_duration_title(march(3, 11, 0), fr)) == "Salle visio, 11 h : combien de temps ?");

  Choice start{march(3, 9, 30), {}, 0, true};
  CHECK(plain(ui::start_time_label(start, fr)) == "9 h 30");
  start.free = false;
  CHECK(plain(ui::start_time_label(start, fr)) == "9 h 30 · pris");
  const Choice hour{march(3, 10, 0), march(3, 11, 0), 60, true};
  CHECK(plain(ui::duration_label(hour, fr)) == "1 h · jusqu’à 11 h");
  const Choice half{march(3, 10, 0), march(3, 10, 30), 30, true};
  CHECK(plain(ui::duration_label(half, fr)) == "30 min · jusqu’à 10 h 30");
  CHECK(ui::duration_label(hour, Language::English) == "1 hour · until 11\u00A0am");
}

TEST_CASE("animator sentences", "[strings]") {
  const Language fr = Language::French;
  CHECK(ui::pin_hello("Agnès", fr) == "Bonjour Agnès.");
  CHECK(ui::pin_wrong(3, fr) == "Code incorrect. Il reste 3 essais.");
  CHECK(ui::pin_wrong(1, fr) == "Code incorrect. Il reste 1 essai.");
  CHECK(ui::pin_wrong(0, fr) == "Code incorrect.");
  CHECK(plain(ui::pin_locked(march(3, 14, 35), fr)) == "Trop d’essais. Réessayez à 14 h 35.");
  CHECK(ui::pin_wrong(1, Language::English) == "Wrong code. 1 try left.");
  CHECK(ui::who_is_here_button(5, fr) == "Qui est là (5)");
  CHECK(ui::bookings_today_button(3, fr) == "Réservations du jour (3)");
  CHECK(plain(ui::last_sync_line(march(3, 14, 32), fr)) == "Dernière synchronisation : 14 h 32.");
  CHECK(ui::last_sync_line(std::nullopt, fr) == "Pas encore de synchronisation.");
  // English says an English time (issue 15), not « 14 h 32 ».
  CHECK(ui::last_sync_line(march(3, 14, 32), Language::English) == "Last synchronised: 2:32\u00A0pm.");
  CHECK(ui::unsynced_line(0, fr).empty());
  CHECK(ui::unsynced_line(1, fr) == "1 envoi en attente.");
  CHECK(ui::unsynced_line(12, fr) == "12 envois en attente.");
  CHECK(plain(ui::refused_events_line(2, fr)) == "2 envois refusés (voir « Envois refusés »).");
  CHECK(ui::refused_events_line(1, Language::English) == "1 change refused (see “Refused changes”).");
  CHECK(ui::refused_events_line(0, fr).empty());
  CHECK(ui::refused_events_button(2, fr) == "Envois refusés (2)");
  CHECK(ui::event_type_label("badge_assign", fr) == "Badge attribué");
  CHECK(ui::event_type_label("member_create", Language::English) == "New member");
  CHECK(ui::event_type_label("teleport", fr) == "Envoi illisible");
  CHECK(plain(ui::refused_event_title({"check_out", march(3, 14, 32), "…", false}, fr)) ==
        "Départ · mardi 3 mars, 14 h 32");
  CHECK(ui::refused_event_title({"?", std::nullopt, "…", true}, fr) == "Envoi illisible");
  CHECK(ui::refused_events_more(30, 150, fr) == "Les 30 plus récents sur 150.");
  CHECK(ui::refused_events_more(3, 3, fr).empty());
  CHECK(plain(ui::present_since(march(3, 9, 30), fr)) == "depuis 9 h 30");
  CHECK(ui::badge_wait("Marie Dupont", fr) == "Passez le nouveau badge de Marie Dupont sur le lecteur.");
  CHECK(ui::field_label("home_commune", true, fr) == "Code INSEE de la commune");
  CHECK(ui::field_label("email", false, fr) == "E-mail (facultatif)");
  CHECK(ui::field_label("phone", false, fr) == "Téléphone (facultatif)");
  CHECK(ui::field_short_label("home_commune", fr) == "Commune");
  CHECK(plain(ui::checkout_question("Marie Dupont", fr)) == "Faire sortir Marie Dupont ?");
  CHECK(plain(ui::animator_cancel_question("Marie Dupont", desk3(), fr)) ==
        "Annuler la réservation de Marie Dupont : bureau 3, mardi 3 mars, de 9 h à 12 h 30 ?");

  DoneMessage done;
  done.name = "Marie Dupont";
  done.kind = DoneKind::CheckedOut;
  CHECK(ui::done_sentence(done, fr) == "Départ de Marie Dupont enregistré.");
  done.kind = DoneKind::MemberCreated;
  CHECK(ui::done_sentence(done, fr) == "Inscription de Marie Dupont enregistrée.");
  done.kind = DoneKind::BadgeTakenByOther;
  done.name = "Jean Martin";
  CHECK(ui::done_sentence(done, fr) == "Ce badge est déjà celui de Jean Martin.");
  done.kind = DoneKind::BookingMade;
  done.name = "Marie Dupont";
  done.booking = desk3();
  CHECK(plain(ui::done_sentence(done, fr)) ==
        "C’est réservé pour Marie Dupont : bureau 3, mardi 3 mars, de 9 h à 12 h 30.");
}

TEST_CASE("composed booking and animator sentences follow French typography", "[strings]") {
  const Language fr = Language::French;
  BookingLine refused = desk3();
  refused.status = BookingStatus::Refused;
  refused.refusal = Refusal::Overlap;
  const LocalTime now = march(3, 10, 15);
  std::vector<std::string> sentences = {
      ui::booking_today_line(desk3(), fr),
      ui::checked_in_on(desk3(), fr),
      ui::booking_refused_notice(refused, fr),
      ui::book_day_title(ResourceKind::Desk, fr),
      ui::day_unavailable_label(DayChoice{march(8), false, false, false}, now, fr),
      ui::desk_grid_title(march(3), fr),
      ui::visio_start_title(march(3), fr),
      ui::visio_duration_title(march(3, 11, 0), fr),
      ui::start_time_label(Choice{march(3, 9, 30), {}, 0, false}, fr),
      ui::duration_label(Choice{march(3, 10, 0), march(3, 11, 0), 60, true}, fr),
      ui::book_question(desk3(), fr),
      ui::booked_sentence(desk3(), fr),
      ui::booking_impossible(refused, fr),
      ui::booking_status(refused, fr),
      ui::cancel_question(visio_room(), fr),
      ui::cancelled_sentence(desk3(), fr),
      ui::pin_wrong(3, fr),
      ui::pin_locked(march(3, 14, 35), fr),
      ui::last_sync_line(march(3, 14, 32), fr),
      ui::let_in_question("Marie Dupont", fr),
      ui::move_title("Zoé Garnier", fr),
      ui::move_day_title("Zoé Garnier", fr),
      ui::move_grid_title("Zoé Garnier", march(3), fr),
      ui::move_visio_start_title("Zoé Garnier", march(3), fr),
      ui::move_visio_duration_title("Zoé Garnier", march(3, 9, 0), fr),
      ui::moving_from_line(desk3(), fr),
      ui::move_question("Zoé Garnier", visio_room(), fr),
      ui::reader_problem("le lecteur ne répond pas", fr),
      ui::checkout_question("Marie Dupont", fr),
      ui::animator_cancel_question("Marie Dupont", desk3(), fr),
      ui::badge_wait("Marie Dupont", fr),
  };
  for (int k = 0; k <= static_cast<int>(DoneKind::AlreadyIn); ++k) {
    DoneMessage done{static_cast<DoneKind>(k), "Marie Dupont", desk3(), march(3, 9, 30)};
    sentences.push_back(ui::done_sentence(done, fr));
  }
  for (const auto& s : sentences) {
    INFO(s);
    CHECK(french_typography_problems(s).empty());
    CHECK_FALSE(s.empty());
  }
}

TEST_CASE("every character of the catalogue is in the kiosk's font glyphs", "[strings]") {
  // A glyph missing from the atlas draws as « ? »: « – » was, once.
  const ImVector<ImWchar> ranges = ui::kiosk_glyph_ranges();
  const auto covered = [&](unsigned int c) {
    for (int i = 0; i + 1 < ranges.Size && ranges[i] != 0; i += 2) {
      if (c >= ranges[i] && c <= ranges[i + 1]) return true;
    }
    return false;
  };
  const auto check_text = [&](std::string_view s) {
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
      INFO(s << " : U+" << std::hex << c);
      CHECK(covered(c));
      i += n;
    }
  };
  for (int i = 0; i < static_cast<int>(ui::Text::Count_); ++i) {
    check_text(ui::tr(static_cast<ui::Text>(i), Language::French));
    check_text(ui::tr(static_cast<ui::Text>(i), Language::English));
  }
  check_text(ui::booking_today_line(desk3(), Language::French));
  check_text(ui::duration_label(Choice{march(3, 10, 0), march(3, 11, 0), 60, true}, Language::French));
  check_text(ui::book_question(desk3(), Language::French));
}
