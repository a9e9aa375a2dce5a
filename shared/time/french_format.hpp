// French (and English) renderings of dates and times for what a person reads:
// « samedi 21 novembre », « 14 h 30 ». Typography per kiosk-ux.md.
#pragma once

#include <string>

#include "time/clock.hpp"

namespace escale {

enum class Language { French, English };

// « samedi 21 novembre » / "Saturday 21 November"
std::string format_day(const LocalTime& t, Language lang = Language::French);
// « 14 h 30 », « 9 h » (no minutes when zero) / "2:30 pm"
std::string format_time(const LocalTime& t, Language lang = Language::French);
// « 14:30 » (clock display, always two-digit minutes)
std::string format_clock(const LocalTime& t);

}  // namespace escale
