#include "ui/strings_agenda.hpp"

#include <array>

#include "ui/strings.hpp"

namespace escale::kiosk::ui::agenda {
namespace {

struct Entry {
  AgendaText id;
  std::string_view fr;
  std::string_view en;
};

constexpr std::array kCatalogue{
    Entry{AgendaText::Title, "Aide numérique", "Digital help"},
    Entry{AgendaText::NoAppointments, "Pas de rendez-vous d’aide aujourd’hui.", "No help appointments today."},
    Entry{AgendaText::SeenButton, "Présent", "Present"},
    Entry{AgendaText::NoShowButton, "Absent", "Absent"},
    Entry{AgendaText::ExcusedButton, "Excusé", "Excused"},
    Entry{AgendaText::RecordButton, "Fiche", "Record"},
    Entry{AgendaText::RecordDone, "Fiche faite", "Record done"},
    Entry{AgendaText::WalkInButton, "Quelqu’un attend", "Someone is waiting"},
    Entry{AgendaText::Anonymous, "Sans nom", "No name"},
    Entry{AgendaText::WaitingList, "(liste d’attente)", "(waiting list)"},
    Entry{AgendaText::ActivityTitle, "Fiche d’activité", "Activity record"},
    Entry{AgendaText::CommuneLabel, "Commune de résidence (code INSEE)", "Home commune (INSEE code)"},
    Entry{AgendaText::NoteLabel, "Note (facultative)", "Note (optional)"},
    Entry{AgendaText::TapToType, "Touchez pour écrire", "Tap to type"},
    Entry{AgendaText::CloseKeyboard, "OK", "OK"},
};
static_assert(kCatalogue.size() == static_cast<std::size_t>(AgendaText::Count_), "one entry per AgendaText");

bool fr(Language lang) {
  return lang == Language::French;
}

constexpr std::string_view kDot = " \xC2\xB7 ";  // « · »

// « 45 min », « 1 h 30 » / "45 min", "1 hr 30 min": short, for a line of the list.
std::string short_duration(int minutes, Language lang) {
  if (fr(lang)) return format_duration(minutes, lang);
  if (minutes < 0) minutes = 0;
  const int h = minutes / 60;
  const int m = minutes % 60;
  if (h == 0) return std::to_string(m) + " min";
  std::string out = std::to_string(h) + " hr";
  if (m != 0) out += " " + std::to_string(m) + " min";
  return out;
}

// A workshop says it is one: « Atelier « Découvrir la messagerie » » (unless its title already does).
std::string what_of(const AgendaRow& row, Language lang) {
  if (!row.collective) return row.what;
  const std::string_view word = fr(lang) ? "Atelier" : "Workshop";
  if (row.what.starts_with(word) || row.what.starts_with("Atelier")) return row.what;
  return fr(lang) ? "Atelier «\u202F" + row.what + "\u202F»" : "Workshop \"" + row.what + "\"";
}

std::string plural(int n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n > 1 ? many : one);
}

}  // namespace

std::string_view tr(AgendaText id, Language lang) {
  const Entry& e = kCatalogue[static_cast<std::size_t>(id)];
  return fr(lang) ? e.fr : e.en;
}

std::string agenda_button(int appointments_today, Language lang) {
  return std::string(tr(AgendaText::Title, lang)) + " (" + std::to_string(appointments_today) + ")";
}

std::string appointment_heading(const AgendaRow& row, Language lang) {
  std::string out = format_time(row.start, lang);
  if (row.minutes > 0) out += std::string(kDot) + short_duration(row.minutes, lang);
  if (!row.what.empty()) out += std::string(kDot) + what_of(row, lang);
  if (!row.mediator.empty()) out += std::string(kDot) + (fr(lang) ? "avec " : "with ") + row.mediator;
  return out;
}

std::string person_name(const AgendaRow& row, Language lang) {
  std::string out = row.who.empty() ? std::string(tr(AgendaText::Anonymous, lang)) : row.who;
  if (row.waiting) out += " " + std::string(tr(AgendaText::WaitingList, lang));
  return out;
}

std::string topics_line(const AgendaRow& row, Language lang) {
  std::string out;
  for (const auto topic : row.topics) {
    if (!out.empty()) out += kDot;
    out += mediation::help_topic_label(topic, lang);
  }
  return out;
}

std::string workshop_counts(int booked, int seen, int waiting, Language lang) {
  if (booked == 0 && waiting == 0) return fr(lang) ? "Aucun inscrit pour l’instant" : "Nobody booked yet";
  std::string out = fr(lang) ? plural(booked, "inscrit", "inscrits") : plural(booked, "booked", "booked");
  if (seen > 0)
    out += std::string(kDot) + (fr(lang) ? plural(seen, "présent", "présents") : plural(seen, "present", "present"));
  if (waiting > 0) {
    out += std::string(kDot) + std::to_string(waiting) + (fr(lang) ? " en liste d’attente" : " on the waiting list");
  }
  return out;
}

std::string free_slots_hint(int free_now, Language lang) {
  if (free_now <= 0) return fr(lang) ? "Plus de créneau libre aujourd’hui" : "No free time left today";
  if (fr(lang)) {
    return free_now > 1 ? std::to_string(free_now) + " créneaux libres aujourd’hui" : "1 créneau libre aujourd’hui";
  }
  return free_now > 1 ? std::to_string(free_now) + " free times today" : "1 free time today";
}

std::string chip_label(const ChoiceItem& item) {
  return item.selected ? "\xE2\x9C\x93 " + item.label : item.label;  // ✓
}

std::string field_summary(AgendaText label, std::string_view value, Language lang) {
  std::string out(tr(label, lang));
  if (!value.empty()) out += (fr(lang) ? "\u202F: " : ": ") + std::string(value);
  return out;
}

}  // namespace escale::kiosk::ui::agenda
