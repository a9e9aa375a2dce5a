// French public holidays (jours fériés, metropolitan France), computed:
// fixed dates plus Easter Monday, Ascension and Whit Monday.
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

// "2026-11-22"; and back (nullopt unless YYYY-MM-DD names a real day).
std::string to_iso_date(const CivilDate& d);
std::optional<CivilDate> parse_iso_date(std::string_view text);

CivilDate easter_sunday(int year);  // Gregorian computus
bool is_french_public_holiday(const CivilDate& d);

}  // namespace escale
