// The help ticket as an iCalendar event (RFC 5545) small enough for a QR
// code: a phone's camera app reads the text itself and offers to add the
// event to the calendar, with no network and no account (the kiosk may be
// offline, the visitor anonymous, the request not yet on the server).
//
// The VEVENT component alone, as camera apps expect it (ZXing's « calendar
// event » contents; a VCALENDAR around it would only make the code denser):
// UID, DTSTAMP, DTSTART and DTEND in UTC (no VTIMEZONE to carry: the phone
// shows them in its own zone), SUMMARY, LOCATION; CRLF line endings, TEXT
// escaped, lines folded at 75 octets, never inside a UTF-8 sequence. About
// 260 bytes: a version 12 QR code (65 modules).
#pragma once

#include <string>
#include <string_view>

#include "time/clock.hpp"

namespace escale::kiosk {

struct TicketEvent {
  std::string uid;  // "<appointment UUID>@escale"
  Instant start{};
  Instant end{};
  Instant stamp{};       // DTSTAMP: when the request was made (fixed: the code stays still on screen)
  std::string summary;   // « Aide numérique (CAF) avec Nadia »
  std::string location;  // the site's name and address; empty: none
};

std::string ticket_ics(const TicketEvent& e);

}  // namespace escale::kiosk
