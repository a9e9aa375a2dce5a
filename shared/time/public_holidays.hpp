// French public holidays (jours fériés, metropolitan France), computed:
// fixed dates plus Easter Monday, Ascension and Whit Monday.
#pragma once

namespace escale {

struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

CivilDate easter_sunday(int year);  // Gregorian computus
bool is_french_public_holiday(const CivilDate& d);

}  // namespace escale
