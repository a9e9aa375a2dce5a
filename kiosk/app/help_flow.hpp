// The digital-mediation help flow (« J’ai besoin d’aide numérique »): what
// one visitor asked for help with, when, their first name and phone for a
// reminder, and the ticket. KioskApp's steps of this flow are in
// app/help_flow.cpp; it starts afresh (`help_ = HelpFlow{}`) at « Aide
// numérique » and is forgotten with the person.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/kiosk_view.hpp"
#include "mediation/agenda.hpp"
#include "sync/protocol.hpp"

namespace escale::kiosk {

struct HelpFlow {
  HelpView view;  // what the help screens show (KioskView::help)

  // The site's help agenda and the coming days' appointments, as read when
  // the topic was chosen: the days, times and workshops offered come from them.
  sync::HelpAgenda agenda;
  std::vector<sync::AppointmentRecord> appointments;
  std::vector<CivilDate> days;                 // HelpWhen days, by index
  std::vector<mediation::HelpSlot> day_slots;  // HelpTime, by index
  std::vector<std::string> workshop_ids;       // HelpWhen workshops, by index
  std::optional<mediation::HelpSlot> slot;     // the individual slot chosen
  std::optional<std::string> workshop;         // the workshop chosen
  std::string first_name;                      // as sent (empty: anonymous, or a member)
  std::optional<std::string> phone;            // E.164, for the reminder
  std::optional<std::string> appointment_id;   // HelpTicket: refreshed after a sync
  std::string participant_id;
  Instant booked_at{};
  std::optional<TicketToPrint> ticket_to_print;  // taken by the runtime (KioskApp::take_ticket_to_print)
};

}  // namespace escale::kiosk
