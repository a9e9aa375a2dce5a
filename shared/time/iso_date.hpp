// Calendar dates and wall-clock minutes in ISO 8601, as the API's queries,
// the back office's forms, the store's columns and the command line give
// them: one strict reader built on date::parse (libhowardhinnant-date), which
// took the place of three hand-written ones (issue 16). Strict: the exact
// shape (a four-digit year, two-digit fields), a real day (2026-02-30 is
// not), hours 00–23 and minutes 00–59, and nothing before or after.
// (Instants, "…T08:30:00.000Z", are parse_iso_utc's: time/clock.hpp.)
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace escale {

struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;  // year, month, day: calendar order
};

// "2026-11-22"; and back (nullopt unless the text is YYYY-MM-DD and names a real day).
std::string to_iso_date(const CivilDate& d);
std::optional<CivilDate> parse_iso_date(std::string_view text);

// A wall-clock reading to the minute, in no time zone of its own.
struct CivilMinute {
  CivilDate date;
  int hour = 0;    // 0..23
  int minute = 0;  // 0..59
  friend bool operator==(const CivilMinute&, const CivilMinute&) = default;
};

// "2026-11-20 09:30" or "2026-11-20T09:30" (what a person types on the
// command line); nullopt for anything else.
std::optional<CivilMinute> parse_iso_date_minute(std::string_view text);

}  // namespace escale
