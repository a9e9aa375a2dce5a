// The help ticket's calendar event, written by hand: a few fixed lines, so
// no libical on the kiosk (the server writes its feeds with it).
#include "app/ticket_ics.hpp"

#include <chrono>
#include <cstdio>

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

// The content line with its CRLF, folded at 75 octets (continuation lines
// start with a space, which counts).
std::string line(std::string_view name, std::string_view value) {
  constexpr std::size_t kMaxOctets = 75;
  std::string whole = std::string(name) + ":" + std::string(value);
  std::string out;
  std::string_view rest = whole;
  std::size_t limit = kMaxOctets;
  while (rest.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(rest[cut]) & 0xC0) == 0x80) --cut;  // a character's start
    if (cut == 0) cut = limit;                                                        // not UTF-8: cut anywhere
    out.append(rest.substr(0, cut));
    out += "\r\n ";
    rest.remove_prefix(cut);
    limit = kMaxOctets - 1;
  }
  out.append(rest);
  out += "\r\n";
  return out;
}

}  // namespace

std::string ics_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;  // RFC 5545 forbids controls in TEXT
        if (c == '\x7f') break;
        out += c;
        break;
    }
  }
  return out;
}

std::string ticket_ics(const TicketEvent& e) {
  std::string out;
  out += line("BEGIN", "VEVENT");
  out += line("UID", ics_text(e.uid));
  out += line("DTSTAMP", utc_stamp(e.stamp));
  out += line("DTSTART", utc_stamp(e.start));
  out += line("DTEND", utc_stamp(e.end));
  out += line("SUMMARY", ics_text(e.summary));
  if (!e.location.empty()) out += line("LOCATION", ics_text(e.location));
  out += line("END", "VEVENT");
  return out;
}

}  // namespace escale::kiosk
