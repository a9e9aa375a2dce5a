// Time in Escale: every instant is stored and exchanged in UTC; everything a
// person reads is shown in Europe/Paris. This header holds the instant type,
// its ISO 8601 text form, and the conversion to Paris wall-clock time, with
// daylight-saving days handled by the system tz database (libdate-tz).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace escale {

using Clock = std::chrono::system_clock;
using Instant = std::chrono::time_point<Clock, std::chrono::milliseconds>;

// Current time, truncated to milliseconds.
Instant now();

// "2026-03-29T01:30:00.000Z" (always UTC, always milliseconds).
std::string to_iso_utc(Instant t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.mmm]Z" and "+HH:MM" offsets. nullopt when malformed.
std::optional<Instant> parse_iso_utc(std::string_view text);

// A Paris wall-clock reading of an instant.
struct LocalTime {
  int year = 0;
  int month = 0;    // 1..12
  int day = 0;      // 1..31
  int weekday = 0;  // ISO: 1 = Monday .. 7 = Sunday
  int hour = 0;
  int minute = 0;
  int second = 0;
  int utc_offset_minutes = 0;  // +60 in winter, +120 in summer
};

LocalTime to_paris(Instant t);

// The instant at which Paris clocks read the given wall time. In the spring
// gap (02:00–03:00 on the last Sunday of March) the time is moved forward by
// the gap; in the autumn overlap the earlier (summer time) instant is chosen.
Instant from_paris(int year, int month, int day, int hour, int minute, int second = 0);

// The Paris calendar date of an instant as "YYYY-MM-DD" (used to group visits by day).
std::string paris_date(Instant t);

// Start of the Paris day containing t, and of the next one (a day may last 23 or 25 h).
Instant paris_day_start(Instant t);
Instant paris_next_day_start(Instant t);

}  // namespace escale
