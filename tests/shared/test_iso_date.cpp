#include "time/iso_date.hpp"  // first: the header is self-contained

// The one ISO 8601 date reader (date::parse), strict (issue 16).
#include <catch2/catch.hpp>

#include <string>

using namespace escale;

TEST_CASE("iso_date: YYYY-MM-DD naming a real day", "[time][iso_date]") {
  CHECK(parse_iso_date("2026-11-20") == CivilDate{2026, 11, 20});
  CHECK(parse_iso_date("2028-02-29") == CivilDate{2028, 2, 29});
  CHECK(parse_iso_date("2000-02-29") == CivilDate{2000, 2, 29});
  CHECK(parse_iso_date("0000-01-01") == CivilDate{0, 1, 1});
  CHECK(parse_iso_date("9999-12-31") == CivilDate{9999, 12, 31});
  for (const CivilDate d : {CivilDate{2026, 1, 5}, CivilDate{2026, 12, 31}, CivilDate{1970, 1, 1}}) {
    CHECK(parse_iso_date(to_iso_date(d)) == d);
  }
  CHECK(to_iso_date({2026, 1, 5}) == "2026-01-05");
}

TEST_CASE("iso_date: days that do not exist, fields out of range", "[time][iso_date]") {
  for (const char* text : {"2026-02-30", "2027-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
                           "2026-01-00", "2026-01-32", "2026-99-99"}) {
    INFO(text);
    CHECK_FALSE(parse_iso_date(text));
  }
}

TEST_CASE("iso_date: the exact shape, nothing before or after", "[time][iso_date]") {
  for (const char* text :
       {"", "2026-1-5", "26-01-05", "+2026-01-05", "-2026-01-05", "2026-01-05x", "2026-01-05 ", " 2026-01-05",
        "2026-01-05T00:00", "2026/01/05", "2026-01-5 ", "20260105", "2026-01-0a", "２０２６-01-05", "2026 -01-05"}) {
    INFO(text);
    CHECK_FALSE(parse_iso_date(text));
  }
  CHECK_FALSE(parse_iso_date(std::string("2026-01-05\0", 11)));
}

TEST_CASE("iso_date: a date and a minute, with a space or a T", "[time][iso_date]") {
  CHECK(parse_iso_date_minute("2026-11-20 09:30") == CivilMinute{{2026, 11, 20}, 9, 30});
  CHECK(parse_iso_date_minute("2026-11-20T09:30") == CivilMinute{{2026, 11, 20}, 9, 30});
  CHECK(parse_iso_date_minute("2026-11-20 00:00") == CivilMinute{{2026, 11, 20}, 0, 0});
  CHECK(parse_iso_date_minute("2028-02-29 23:59") == CivilMinute{{2028, 2, 29}, 23, 59});
  for (const char* text :
       {"2026-02-30 10:00", "2026-11-20 24:00", "2026-11-20 23:60", "2026-11-20 9:30", "2026-11-20  09:30",
        "2026-11-20x09:30", "2026-11-20 09:30Z", "2026-11-20 09:30:00", "2026-11-20", "2026-1-5 08:30",
        "2026-11-20 09:3", " 2026-11-20 09:30", "2026-11-20T09:30 "}) {
    INFO(text);
    CHECK_FALSE(parse_iso_date_minute(text));
  }
}
