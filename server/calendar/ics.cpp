// iCalendar files written with libical 3.0.
//
// What libical does for us: CRLF line endings and escaping of TEXT values
// (backslash, ';', ',' and newlines). What it does not, and is done here:
// dropping control characters RFC 5545 forbids in TEXT, X-WR-CALNAME, and
// folding. libical 3.0 writes X- property values with ',' and ';' unescaped
// (and escapes a backslash we would add), which is not valid TEXT, so that
// one line is escaped here and inserted into libical's output. libical folds
// a line together with its CRLF and, when the 75th octet of a piece is that
// LF, cuts between CR and LF (a bare CR, then a continuation line holding a
// bare LF; found by fuzz/ics): its output is unfolded and every line folded
// here, at 75 octets, never inside a UTF-8 sequence.
//
// The Europe/Paris VTIMEZONE is written by hand rather than taken from
// libical's zoneinfo lookup, whose result depends on the machine's files.
#include "calendar/ics.hpp"

#include <libical/ical.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <new>
#include <stdexcept>

#include "text/ics_text.hpp"

namespace escale::server {
namespace {

constexpr const char* kParisTzid = "Europe/Paris";

// RAII owners for libical handles.
struct ComponentDeleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
struct PropertyDeleter {
  void operator()(icalproperty* p) const { icalproperty_free(p); }
};
struct MallocDeleter {
  void operator()(char* s) const { std::free(s); }  // strings returned by libical's *_r functions
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentDeleter>;
using PropertyPtr = std::unique_ptr<icalproperty, PropertyDeleter>;
using CString = std::unique_ptr<char, MallocDeleter>;

ComponentPtr owned(icalcomponent* c) {
  if (c == nullptr) throw std::bad_alloc();
  return ComponentPtr(c);
}

PropertyPtr owned(icalproperty* p) {
  if (p == nullptr) throw std::bad_alloc();
  return PropertyPtr(p);
}

// The component takes ownership of the property / subcomponent.
void add(icalcomponent* parent, PropertyPtr property) {
  icalcomponent_add_property(parent, property.release());
}

void add(icalcomponent* parent, ComponentPtr child) {
  icalcomponent_add_component(parent, child.release());
}

// Nothing but spaces and tabs.
bool blank(std::string_view text) {
  return text.find_first_not_of(" \t") == std::string_view::npos;
}

// An X- property whose value libical may write verbatim (no character that
// TEXT escapes).
PropertyPtr x_property(const char* name, const char* value) {
  PropertyPtr p = owned(icalproperty_new_x(value));
  icalproperty_set_x_name(p.get(), name);
  return p;
}

// Every content line of `text` (libical's output) folded by ics_folded_line():
// its own folds ("\r\n " — no content line starts with a space) removed first.
std::string refolded(std::string_view text) {
  std::string unfolded;
  unfolded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 3) == "\r\n ") {
      i += 2;
      continue;
    }
    unfolded += text[i];
  }
  std::string out;
  out.reserve(text.size() + text.size() / 64);
  std::string_view rest = unfolded;
  while (!rest.empty()) {
    const std::size_t end = rest.find("\r\n");
    out += ics_folded_line(rest.substr(0, end));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 2);
  }
  return out;
}

// A wall-clock reading with no zone attached ("floating"); the TZID
// parameter added by the caller says which zone it is read in.
icaltimetype local_time(int year, int month, int day, int hour, int minute, int second) {
  icaltimetype t = icaltime_null_time();
  t.year = year;
  t.month = month;
  t.day = day;
  t.hour = hour;
  t.minute = minute;
  t.second = second;
  t.is_date = 0;
  t.zone = nullptr;
  return t;
}

// An instant as Paris wall-clock time. In the autumn overlap (02:00–03:00 on
// the last Sunday of October) RFC 5545 reads the time as its first
// occurrence; bookings never start in the middle of that night.
icaltimetype paris_time(Instant instant) {
  const LocalTime l = to_paris(instant);
  return local_time(l.year, l.month, l.day, l.hour, l.minute, l.second);
}

// An instant in UTC (written with a trailing "Z"), whole seconds.
icaltimetype utc_time(Instant instant) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(instant);
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> tod{secs - day};
  icaltimetype t = local_time(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                              static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(tod.hours().count()),
                              static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()));
  t.zone = icaltimezone_get_utc_timezone();
  return t;
}

PropertyPtr with_paris_tzid(PropertyPtr p) {
  icalproperty_add_parameter(p.get(), icalparameter_new_tzid(kParisTzid));
  return p;
}

// One onset rule of the VTIMEZONE (STANDARD or DAYLIGHT): first onset in
// 1970 (local time before the change), offsets in seconds east of UTC.
ComponentPtr tz_rule(ComponentPtr rule, icaltimetype first_onset, int offset_from, int offset_to, const char* name,
                     const char* rrule) {
  add(rule.get(), owned(icalproperty_new_dtstart(first_onset)));
  add(rule.get(), owned(icalproperty_new_tzoffsetfrom(offset_from)));
  add(rule.get(), owned(icalproperty_new_tzoffsetto(offset_to)));
  add(rule.get(), owned(icalproperty_new_tzname(name)));
  const icalrecurrencetype recurrence = icalrecurrencetype_from_string(rrule);
  if (recurrence.freq == ICAL_NO_RECURRENCE) throw std::logic_error("ics: bad RRULE");
  add(rule.get(), owned(icalproperty_new_rrule(recurrence)));
  return rule;
}

// Europe/Paris since 1996 (EU rules): summer time from the last Sunday of
// March 02:00 CET to the last Sunday of October 03:00 CEST. 1970-03-29 and
// 1970-10-25 were the last Sundays of those months.
ComponentPtr paris_vtimezone() {
  ComponentPtr tz = owned(icalcomponent_new_vtimezone());
  add(tz.get(), owned(icalproperty_new_tzid(kParisTzid)));
  add(tz.get(), tz_rule(owned(icalcomponent_new_xdaylight()), local_time(1970, 3, 29, 2, 0, 0), 3600, 7200, "CEST",
                        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
  add(tz.get(), tz_rule(owned(icalcomponent_new_xstandard()), local_time(1970, 10, 25, 3, 0, 0), 7200, 3600, "CET",
                        "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
  return tz;
}

icalproperty_status ical_status(BookingStatus s) {
  switch (s) {
    case BookingStatus::Pending:
      return ICAL_STATUS_TENTATIVE;
    case BookingStatus::Confirmed:
    case BookingStatus::CheckedIn:
      return ICAL_STATUS_CONFIRMED;
    case BookingStatus::Cancelled:
    case BookingStatus::NoShow:
    case BookingStatus::Refused:
      return ICAL_STATUS_CANCELLED;
  }
  return ICAL_STATUS_CONFIRMED;
}

ComponentPtr vevent(const CalendarEntry& e, Instant stamp) {
  ComponentPtr ev = owned(icalcomponent_new_vevent());
  add(ev.get(), owned(icalproperty_new_uid(ics_clean_text(e.uid).c_str())));
  add(ev.get(), owned(icalproperty_new_dtstamp(utc_time(stamp))));
  add(ev.get(), with_paris_tzid(owned(icalproperty_new_dtstart(paris_time(e.start)))));
  add(ev.get(), with_paris_tzid(owned(icalproperty_new_dtend(paris_time(e.end)))));
  // A text that is blank once cleaned is left out: libical (and so the
  // calendar apps built on it) drops spaces and tabs around a value and then
  // refuses to read a property with no value.
  const std::string summary = ics_clean_text(e.summary), location = ics_clean_text(e.location),
                    description = ics_clean_text(e.description);
  if (!blank(summary)) add(ev.get(), owned(icalproperty_new_summary(summary.c_str())));
  if (!blank(location)) add(ev.get(), owned(icalproperty_new_location(location.c_str())));
  if (!blank(description)) add(ev.get(), owned(icalproperty_new_description(description.c_str())));
  add(ev.get(), owned(icalproperty_new_status(ical_status(e.status))));
  // An unset time (the epoch) means "unknown": no LAST-MODIFIED then.
  if (e.last_modified != Instant{}) add(ev.get(), owned(icalproperty_new_lastmodified(utc_time(e.last_modified))));
  return ev;
}

}  // namespace

std::string make_calendar(std::string_view calendar_name, std::span<const CalendarEntry> entries, Instant stamp) {
  ComponentPtr cal = owned(icalcomponent_new_vcalendar());
  add(cal.get(), owned(icalproperty_new_prodid("-//Escale//Escale 0.1//FR")));
  add(cal.get(), owned(icalproperty_new_version("2.0")));
  add(cal.get(), owned(icalproperty_new_calscale("GREGORIAN")));
  add(cal.get(), owned(icalproperty_new_method(ICAL_METHOD_PUBLISH)));
  // X-WR-CALNAME goes here, see below.
  add(cal.get(), x_property("X-WR-TIMEZONE", kParisTzid));
  add(cal.get(), paris_vtimezone());
  for (const CalendarEntry& e : entries) add(cal.get(), vevent(e, stamp));

  const CString text(icalcomponent_as_ical_string_r(cal.get()));
  if (!text) throw std::bad_alloc();
  std::string out = refolded(text.get());

  // The calendar's own properties come first, so the first METHOD line is
  // ours (text from entries is escaped: it cannot start a line).
  constexpr std::string_view kMethodLine = "METHOD:PUBLISH\r\n";
  const std::size_t method = out.find(kMethodLine);
  if (method == std::string::npos) throw std::logic_error("ics: no METHOD line in libical's output");
  const std::string name = ics_escape_text(calendar_name);
  if (!blank(name)) out.insert(method + kMethodLine.size(), ics_folded_line("X-WR-CALNAME:" + name));
  return out;
}

}  // namespace escale::server
