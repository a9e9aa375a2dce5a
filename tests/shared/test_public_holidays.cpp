#include "time/public_holidays.hpp"

#include <catch2/catch.hpp>

#include <date/date.h>

using namespace escale;

namespace {

int holidays_in(int year) {
  int count = 0;
  for (date::sys_days d = date::year{year} / 1 / 1; d <= date::year{year} / 12 / 31; d += date::days{1}) {
    const date::year_month_day ymd{d};
    count += is_french_public_holiday({year, static_cast<int>(static_cast<unsigned>(ymd.month())),
                                       static_cast<int>(static_cast<unsigned>(ymd.day()))});
  }
  return count;
}

}  // namespace

TEST_CASE("Easter Sunday by the Gregorian computus", "[holidays]") {
  CHECK(easter_sunday(2024) == CivilDate{2024, 3, 31});
  CHECK(easter_sunday(2025) == CivilDate{2025, 4, 20});
  CHECK(easter_sunday(2026) == CivilDate{2026, 4, 5});
  CHECK(easter_sunday(2027) == CivilDate{2027, 3, 28});
  CHECK(easter_sunday(2038) == CivilDate{2038, 4, 25});
  CHECK(easter_sunday(2000) == CivilDate{2000, 4, 23});
  CHECK(easter_sunday(2008) == CivilDate{2008, 3, 23});
  CHECK(easter_sunday(2019) == CivilDate{2019, 4, 21});
  CHECK(easter_sunday(1961) == CivilDate{1961, 4, 2});
  // The earliest possible date, 22 March, and the latest, 25 April.
  CHECK(easter_sunday(2285) == CivilDate{2285, 3, 22});
  CHECK(easter_sunday(1943) == CivilDate{1943, 4, 25});
}

TEST_CASE("Easter always falls on a Sunday between 22 March and 25 April", "[holidays]") {
  for (int year = 1900; year <= 2200; ++year) {
    const CivilDate e = easter_sunday(year);
    CAPTURE(year);
    const date::year_month_day ymd{date::year{e.year}, date::month{static_cast<unsigned>(e.month)},
                                   date::day{static_cast<unsigned>(e.day)}};
    REQUIRE(ymd.ok());
    CHECK(date::weekday{date::sys_days{ymd}} == date::Sunday);
    CHECK(((e.month == 3 && e.day >= 22) || (e.month == 4 && e.day <= 25)));
  }
}

TEST_CASE("French public holidays of 2026", "[holidays]") {
  for (const CivilDate d :
       {CivilDate{2026, 1, 1}, CivilDate{2026, 4, 6}, CivilDate{2026, 5, 1}, CivilDate{2026, 5, 8},
        CivilDate{2026, 5, 14}, CivilDate{2026, 5, 25}, CivilDate{2026, 7, 14}, CivilDate{2026, 8, 15},
        CivilDate{2026, 11, 1}, CivilDate{2026, 11, 11}, CivilDate{2026, 12, 25}}) {
    CAPTURE(d.year, d.month, d.day);
    CHECK(is_french_public_holiday(d));
  }
  CHECK(holidays_in(2026) == 11);
}

TEST_CASE("days that are not French public holidays", "[holidays]") {
  for (const CivilDate d : {CivilDate{2026, 4, 5},    // Easter Sunday itself
                            CivilDate{2026, 4, 3},    // Good Friday (Alsace-Moselle only)
                            CivilDate{2026, 5, 24},   // Whit Sunday
                            CivilDate{2026, 12, 26},  // St Stephen (Alsace-Moselle only)
                            CivilDate{2026, 1, 2}, CivilDate{2026, 7, 13}, CivilDate{2026, 4, 7},
                            CivilDate{2026, 5, 13}, CivilDate{2025, 4, 6}}) {
    CAPTURE(d.year, d.month, d.day);
    CHECK_FALSE(is_french_public_holiday(d));
  }
}

TEST_CASE("movable holidays follow Easter", "[holidays]") {
  CHECK(is_french_public_holiday({2024, 4, 1}));   // Easter Monday
  CHECK(is_french_public_holiday({2024, 5, 9}));   // Ascension
  CHECK(is_french_public_holiday({2024, 5, 20}));  // Whit Monday
  CHECK(is_french_public_holiday({2025, 4, 21}));
  CHECK(is_french_public_holiday({2025, 5, 29}));
  CHECK(is_french_public_holiday({2025, 6, 9}));
  CHECK_FALSE(is_french_public_holiday({2025, 5, 9}));
  CHECK(holidays_in(2024) == 11);
  CHECK(holidays_in(2025) == 11);
  // In 2008 Ascension fell on 1 May: two holidays on one day.
  CHECK(is_french_public_holiday({2008, 5, 1}));
  CHECK(holidays_in(2008) == 10);
}
