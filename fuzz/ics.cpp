// Harness: the iCalendar writer's input (make_calendar, server/calendar/
// ics.cpp): the calendar's name and each booking's uid, summary, location and
// description come from people (resource and site names, members' bookings),
// their times from the store. The file must be well-formed whatever the
// text: CRLF lines of at most 75 octets, one VEVENT per entry (no text can
// start a line of its own), and libical must read it back without error,
// with each summary as written (control characters other than TAB and line
// breaks dropped).
#include <libical/ical.h>

#include <cstdlib>
#include <memory>

#include "calendar/ics.hpp"
#include "fuzz_support.hpp"

using namespace escale;
using namespace escale::server;

namespace {

// An instant from 1970 to 2999. The store's times are bookings (a few weeks
// ahead at most) and the server's clock; libical itself writes a UTC time of
// the year 5441 as "00000000T000000".
Instant instant(std::int64_t n) {
  constexpr std::int64_t kLast = 32'503'680'000'000;  // 3000-01-01T00:00:00Z, in ms
  return Instant{std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<std::uint64_t>(n) % kLast))};
}

// What the writer keeps of a TEXT value, as libical reads it back (libical
// also drops spaces and tabs at both ends of a value when it reads one).
std::string expected_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n' || c == '\t' || !(static_cast<unsigned char>(c) < 0x20 || c == '\x7f')) {
      out += c;
    }
  }
  const auto first = out.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of(" \t") - first + 1);
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80                 ? 1
                    : b >= 0xC2 && b <= 0xDF ? 2
                    : b >= 0xE0 && b <= 0xEF ? 3
                    : b >= 0xF0 && b <= 0xF4 ? 4
                                             : 0;
    if (n == 0 || s.size() - i < n) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const escale::fuzz::Fields f(escale::fuzz::as_text(data, size));
  const std::string name(f[0]);
  std::vector<CalendarEntry> entries;
  for (std::size_t i = 1; i < f.size() && entries.size() < 3; i += 8) {
    CalendarEntry e;
    e.uid = std::string(f[i]) + "@escale";  // a booking id and @escale: never empty
    e.summary = std::string(f[i + 1]);
    e.location = std::string(f[i + 2]);
    e.description = std::string(f[i + 3]);
    e.start = instant(f.number(i + 4));
    e.end = instant(f.number(i + 5));
    e.status = static_cast<BookingStatus>(static_cast<std::uint64_t>(f.number(i + 6)) % 6);
    e.last_modified = f[i + 7].empty() ? Instant{} : instant(f.number(i + 7));
    entries.push_back(std::move(e));
  }
  const std::string ics = make_calendar(name, entries, instant(f.number(f.size())));

  // Lines: CRLF only, at most 75 octets each.
  std::size_t begin = 0;
  while (begin < ics.size()) {
    const auto crlf = ics.find("\r\n", begin);
    FUZZ_CHECK(crlf != std::string::npos);
    const std::string_view line(ics.data() + begin, crlf - begin);
    if (line.size() > 75 || line.find_first_of("\r\n") != std::string_view::npos) {
      std::fprintf(stderr, "line: \"%.*s\"\nwritten:\n%s\n", static_cast<int>(line.size()), line.data(), ics.c_str());
    }
    FUZZ_CHECK(line.size() <= 75);
    FUZZ_CHECK(line.find_first_of("\r\n") == std::string_view::npos);
    begin = crlf + 2;
  }

  std::unique_ptr<icalcomponent, ComponentFree> cal(icalparser_parse_string(ics.c_str()));
  FUZZ_CHECK(cal != nullptr);
  FUZZ_CHECK(icalcomponent_isa(cal.get()) == ICAL_VCALENDAR_COMPONENT);
  FUZZ_CHECK(icalcomponent_count_components(cal.get(), ICAL_VEVENT_COMPONENT) == static_cast<int>(entries.size()));
  if (icalcomponent_count_errors(cal.get()) != 0) {
    const std::unique_ptr<char, decltype(&std::free)> read(icalcomponent_as_ical_string_r(cal.get()), &std::free);
    std::fprintf(stderr, "written:\n%s\nread back:\n%s\n", ics.c_str(), read.get());
  }
  FUZZ_CHECK(icalcomponent_count_errors(cal.get()) == 0);
  std::size_t k = 0;
  for (icalcomponent* ev = icalcomponent_get_first_component(cal.get(), ICAL_VEVENT_COMPONENT); ev != nullptr;
       ev = icalcomponent_get_next_component(cal.get(), ICAL_VEVENT_COMPONENT), ++k) {
    if (!valid_utf8(entries[k].summary)) continue;
    const char* summary = icalcomponent_get_summary(ev);  // none when it was empty once cleaned
    const std::string read_back = summary == nullptr ? "" : summary;
    if (expected_text(entries[k].summary) != read_back)
      std::fprintf(stderr, "summary read back as \"%s\"\n", read_back.c_str());
    FUZZ_CHECK(expected_text(entries[k].summary) == read_back);
  }
  return 0;
}
