// French public holidays: eight fixed dates and three that follow Easter.
#include "time/public_holidays.hpp"

#include <date/date.h>

#include <algorithm>
#include <array>

namespace escale {
namespace {

date::sys_days to_days(const CivilDate& d) {
  return date::sys_days{date::year{d.year} / d.month / d.day};
}

CivilDate to_civil(date::sys_days days) {
  const date::year_month_day ymd{days};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

struct MonthDay {
  int month;
  int day;
};

// Jour de l'an, fête du Travail, Victoire 1945, fête nationale, Assomption,
// Toussaint, Armistice, Noël.
constexpr std::array<MonthDay, 8> kFixedHolidays{
    {{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}}};

// Easter Monday, Ascension Thursday and Whit Monday, in days after Easter.
constexpr std::array<int, 3> kDaysAfterEaster{1, 39, 50};

}  // namespace

// The anonymous Gregorian algorithm (Meeus/Jones/Butcher), valid for any
// Gregorian year.
CivilDate easter_sunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return {year, month, day};
}

bool is_french_public_holiday(const CivilDate& d) {
  const bool fixed = std::any_of(kFixedHolidays.begin(), kFixedHolidays.end(),
                                 [&](MonthDay h) { return h.month == d.month && h.day == d.day; });
  if (fixed) return true;
  const date::sys_days easter = to_days(easter_sunday(d.year));
  return std::any_of(kDaysAfterEaster.begin(), kDaysAfterEaster.end(),
                     [&](int offset) { return to_civil(easter + date::days{offset}) == d; });
}

}  // namespace escale
