// The words of the animator's help agenda and activity record screens
// (screens_agenda.cpp), French first and English, with the typography of
// strings.hpp (U+202F before « : ! ? » and inside « », the apostrophe ’).
// The statuses, topics and the record's choices come worded from
// shared/mediation (participant_status_label, help_topic_label) or from the
// app (ChoiceGroup titles and ChoiceItem labels).
#pragma once

#include <string>
#include <string_view>

#include "app/kiosk_app.hpp"

namespace escale::kiosk::ui::agenda {

enum class AgendaText {
  Title,           // « Aide numérique » (the agenda's header)
  NoAppointments,  // « Pas de rendez-vous d’aide aujourd’hui. »
  SeenButton,      // « Présent »
  NoShowButton,    // « Absent »
  ExcusedButton,   // « Excusé »
  RecordButton,    // « Fiche »
  RecordDone,      // « Fiche faite » (plain text, not a button)
  WalkInButton,    // « Quelqu’un attend »
  Anonymous,       // « Sans nom »
  WaitingList,     // « (liste d’attente) »
  ActivityTitle,   // « Fiche d’activité »
  CommuneLabel,    // « Commune de résidence (code INSEE) »
  NoteLabel,       // « Note (facultative) »
  TapToType,       // « Touchez pour écrire » (an empty field)
  CloseKeyboard,   // « OK »: the keyboard closes, the form shows again
  Count_
};
std::string_view tr(AgendaText id, Language lang);

// « Aide numérique (3) »: the animator home's button.
std::string agenda_button(int appointments_today, Language lang);
// « 14 h 45 · 45 min · Aide aux démarches en ligne · avec Nadia »; a
// workshop: « 14 h · 1 h 30 · Atelier « Découvrir la messagerie » · avec Nadia »
std::string appointment_heading(const AgendaRow& row, Language lang);
// « Josiane », « Sans nom », « Marcel (liste d’attente) »
std::string person_name(const AgendaRow& row, Language lang);
// « Papiers, ANTS · CAF » (empty when no topic was given)
std::string topics_line(const AgendaRow& row, Language lang);
// « 4 inscrits · 2 présents · 1 en liste d’attente » (a workshop's line);
// « Aucun inscrit pour l’instant » when nobody is
std::string workshop_counts(int booked, int seen, int waiting, Language lang);
// « 2 créneaux libres aujourd’hui » / « Plus de créneau libre aujourd’hui »
std::string free_slots_hint(int free_now, Language lang);
// A choice chip's recorded label: « ✓ Santé » when selected, « Santé » otherwise.
std::string chip_label(const ChoiceItem& item);
// « Commune de résidence (code INSEE)\u202F: 12208 » (the label alone while empty)
std::string field_summary(AgendaText label, std::string_view value, Language lang);

}  // namespace escale::kiosk::ui::agenda
