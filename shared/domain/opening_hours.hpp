// Opening hours in the OpenStreetMap `opening_hours` syntax, the convention of
// French open data (e.g. "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off").
//
// Supported subset: rules separated by ';'; each rule is an optional selector
// (weekdays "Mo", "Mo-Fr", "Mo,We,Fr", lists of ranges, and "PH" for public
// holidays) followed by comma-separated time ranges "HH:MM-HH:MM" or "off" /
// "closed"; "24/7" alone. As in OSM, a later rule replaces what earlier rules
// said about the days it names. Anything else is rejected with a message.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "time/clock.hpp"

namespace escale {

struct TimeRange {
  int start_minute = 0;  // minutes since local midnight, inclusive
  int end_minute = 0;    // exclusive; may be 24*60
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

class OpeningHours {
 public:
  // Parses `text`; on failure returns nullopt and sets `error` to a French
  // message saying what to fix (when error is not null).
  static std::optional<OpeningHours> parse(std::string_view text, std::string* error = nullptr);

  // Ranges for an ISO weekday (1 = Monday .. 7 = Sunday); public holidays use
  // the PH rule when there is one.
  const std::vector<TimeRange>& ranges_for(int iso_weekday, bool public_holiday) const;

  // Is the site open at this Paris wall-clock reading? (Public holidays computed.)
  bool is_open(const LocalTime& t) const;
  bool is_open(Instant t) const { return is_open(to_paris(t)); }

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::array<std::vector<TimeRange>, 7> weekdays_{};
  std::optional<std::vector<TimeRange>> public_holidays_;
};

}  // namespace escale
