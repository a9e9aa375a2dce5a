// Animator mode's help agenda: today's appointments, one row per participant,
// and the activity record (CRA) being filled in. KioskApp's steps are in
// app/agenda_mode.cpp; forgotten with the animator (`agenda_ = AgendaMode{}`).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/kiosk_view.hpp"
#include "mediation/activity.hpp"

namespace escale::kiosk {

struct AgendaMode {
  // What the screens show (KioskView::agenda, agenda_free_now, agenda_today, activity).
  std::vector<AgendaRow> rows;  // AnimatorAgenda: today's, by time
  int free_now = 0;             // free slots left today (for « Quelqu’un attend »)
  int today = 0;                // appointments today (the animator home's count)
  ActivityForm activity;        // AnimatorActivity

  // The rows by index: (appointment id, participant id or empty for a workshop line).
  std::vector<std::pair<std::string, std::string>> refs;
  std::optional<mediation::ActivityRecord> draft;  // the record being filled in

  void show_in(KioskView& v) const {
    v.agenda = rows;
    v.agenda_free_now = free_now;
    v.agenda_today = today;
    v.activity = activity;
  }
};

}  // namespace escale::kiosk
