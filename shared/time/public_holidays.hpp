// French public holidays (jours fériés, metropolitan France), computed:
// fixed dates plus Easter Monday, Ascension and Whit Monday.
#pragma once

#include "time/iso_date.hpp"  // CivilDate, to_iso_date, parse_iso_date

namespace escale {

CivilDate easter_sunday(int year);  // Gregorian computus
bool is_french_public_holiday(const CivilDate& d);

}  // namespace escale
