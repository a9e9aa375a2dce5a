// iCalendar (RFC 5545) files for bookings, written with libical: one
// booking's .ics (what the kiosk's QR code links to), a member's feed and a
// resource's feed (subscribed to by a phone's calendar app).
//
// Times are written as Europe/Paris local times (DTSTART;TZID=Europe/Paris)
// with the Europe/Paris VTIMEZONE component (CET/CEST rules) included, so
// every calendar app shows the right wall-clock time across DST changes.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "booking/booking.hpp"
#include "time/clock.hpp"

namespace escale::server {

struct CalendarEntry {
  std::string uid;  // stable: "<booking id>@escale"
  Instant start{};
  Instant end{};
  std::string summary;                              // « Bureau 3 — Tiers-lieu de Rieupeyroux »
  std::string location;                             // the site's name and address
  std::string description;                          // plain French, e.g. how to cancel
  BookingStatus status = BookingStatus::Confirmed;  // cancelled/no_show/refused → STATUS:CANCELLED
  Instant last_modified{};
};

// A whole VCALENDAR (PRODID, VERSION:2.0, CALSCALE:GREGORIAN, METHOD:PUBLISH,
// X-WR-CALNAME, the VTIMEZONE, one VEVENT per entry), CRLF line endings and
// lines folded at 75 octets as RFC 5545 requires. `stamp` is DTSTAMP.
std::string make_calendar(std::string_view calendar_name, std::span<const CalendarEntry> entries, Instant stamp);

}  // namespace escale::server
