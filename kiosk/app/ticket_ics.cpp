// The help ticket's calendar event, written by hand: a few fixed lines, so
// no libical on the kiosk (the server writes its feeds with it).
#include "app/ticket_ics.hpp"

#include <chrono>
#include <cstdio>

#include "text/ics_text.hpp"

namespace escale::kiosk {
namespace {

// 20260310T134500Z
std::string utc_stamp(Instant t) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(t);
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> tod{secs - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()));
  return buf;
}

// The content line with its CRLF, folded at 75 octets.
std::string line(std::string_view name, std::string_view value) {
  return ics_folded_line(std::string(name) + ":" + std::string(value));
}

}  // namespace

std::string ticket_ics(const TicketEvent& e) {
  std::string out;
  out += line("BEGIN", "VEVENT");
  out += line("UID", ics_escape_text(e.uid));
  out += line("DTSTAMP", utc_stamp(e.stamp));
  out += line("DTSTART", utc_stamp(e.start));
  out += line("DTEND", utc_stamp(e.end));
  out += line("SUMMARY", ics_escape_text(e.summary));
  if (!e.location.empty()) out += line("LOCATION", ics_escape_text(e.location));
  out += line("END", "VEVENT");
  return out;
}

}  // namespace escale::kiosk
