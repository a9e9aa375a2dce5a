// Dates and times as a person reads them, in French or English.
#include "time/french_format.hpp"

#include <date/date.h>

#include <array>
#include <string_view>

namespace escale {
namespace {

// French typography puts a narrow no-break space (U+202F) around « h » in
// « 14 h 30 », so the time never breaks across lines.
constexpr std::string_view kNarrowNoBreakSpace = "\xE2\x80\xAF";

constexpr std::array<std::string_view, 7> kFrenchWeekdays{"lundi",    "mardi",  "mercredi", "jeudi",
                                                          "vendredi", "samedi", "dimanche"};
constexpr std::array<std::string_view, 7> kEnglishWeekdays{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                           "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 12> kFrenchMonths{"janvier",   "février", "mars",     "avril",
                                                         "mai",       "juin",    "juillet",  "août",
                                                         "septembre", "octobre", "novembre", "décembre"};
constexpr std::array<std::string_view, 12> kEnglishMonths{"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};

// The weekday is recomputed from the date rather than read from t.weekday, so
// a LocalTime filled in by hand is rendered correctly too.
std::size_t weekday_index(const LocalTime& t) {
  const date::year_month_day ymd{date::year{t.year}, date::month{static_cast<unsigned>(t.month)},
                                 date::day{static_cast<unsigned>(t.day)}};
  return date::weekday{date::sys_days{ymd}}.iso_encoding() - 1;
}

std::string two_digits(int value) {
  std::string out = value < 10 ? "0" : "";
  out += std::to_string(value);
  return out;
}

std::string french_time(const LocalTime& t) {
  std::string out = std::to_string(t.hour);
  out += kNarrowNoBreakSpace;
  out += 'h';
  if (t.minute != 0) {
    out += kNarrowNoBreakSpace;
    out += two_digits(t.minute);
  }
  return out;
}

// 12-hour clock: midnight is 12 am, noon is 12 pm.
std::string english_time(const LocalTime& t) {
  const int hour12 = t.hour % 12 == 0 ? 12 : t.hour % 12;
  std::string out = std::to_string(hour12);
  if (t.minute != 0) {
    out += ':';
    out += two_digits(t.minute);
  }
  out += t.hour < 12 ? "\u00A0am" : "\u00A0pm";  // no-break space: « 2 pm » never split over two lines
  return out;
}

}  // namespace

std::string format_day(const LocalTime& t, Language lang) {
  const std::size_t weekday = weekday_index(t);
  const std::size_t month = static_cast<std::size_t>(t.month - 1);
  std::string out;
  if (lang == Language::French) {
    out += kFrenchWeekdays.at(weekday);
    out += ' ';
    out += t.day == 1 ? std::string("1er") : std::to_string(t.day);
    out += ' ';
    out += kFrenchMonths.at(month);
  } else {
    out += kEnglishWeekdays.at(weekday);
    out += ' ';
    out += std::to_string(t.day);
    out += ' ';
    out += kEnglishMonths.at(month);
  }
  return out;
}

std::string format_time(const LocalTime& t, Language lang) {
  return lang == Language::French ? french_time(t) : english_time(t);
}

std::string format_clock(const LocalTime& t) {
  std::string out = two_digits(t.hour);
  out += ':';
  out += two_digits(t.minute);
  return out;
}

}  // namespace escale
