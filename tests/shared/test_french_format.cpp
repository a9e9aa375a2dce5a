#include "time/french_format.hpp"

#include <catch2/catch.hpp>

using namespace escale;

namespace {

const std::string nnbsp = "\xE2\x80\xAF";  // U+202F NARROW NO-BREAK SPACE

LocalTime date_of(int year, int month, int day) {
  LocalTime t;
  t.year = year;
  t.month = month;
  t.day = day;
  return t;
}

LocalTime time_of(int hour, int minute) {
  LocalTime t = date_of(2026, 11, 21);
  t.hour = hour;
  t.minute = minute;
  return t;
}

}  // namespace

TEST_CASE("format_day in French", "[format]") {
  CHECK(format_day(date_of(2026, 11, 21)) == "samedi 21 novembre");
  CHECK(format_day(date_of(2026, 3, 1)) == "dimanche 1er mars");
  CHECK(format_day(date_of(2026, 3, 10)) == "mardi 10 mars");
  CHECK(format_day(date_of(2026, 8, 15)) == "samedi 15 août");
  CHECK(format_day(date_of(2026, 2, 1)) == "dimanche 1er février");
  CHECK(format_day(date_of(2026, 12, 25)) == "vendredi 25 décembre");
  CHECK(format_day(date_of(2027, 1, 1)) == "vendredi 1er janvier");
  CHECK(format_day(date_of(2026, 11, 2)) == "lundi 2 novembre");
  CHECK(format_day(date_of(2026, 11, 4)) == "mercredi 4 novembre");
  CHECK(format_day(date_of(2026, 11, 5)) == "jeudi 5 novembre");
}

TEST_CASE("format_day in English", "[format]") {
  CHECK(format_day(date_of(2026, 11, 21), Language::English) == "Saturday 21 November");
  CHECK(format_day(date_of(2026, 3, 1), Language::English) == "Sunday 1 March");
  CHECK(format_day(date_of(2026, 8, 15), Language::English) == "Saturday 15 August");
  CHECK(format_day(date_of(2026, 11, 2), Language::English) == "Monday 2 November");
}

TEST_CASE("format_day uses the date, not a stale weekday field", "[format]") {
  LocalTime t = date_of(2026, 11, 21);
  t.weekday = 1;
  CHECK(format_day(t) == "samedi 21 novembre");
  // Paris is already on Sunday when UTC still reads Saturday 23:30.
  const auto late = parse_iso_utc("2026-11-21T23:30:00Z");
  REQUIRE(late);
  CHECK(format_day(to_paris(*late)) == "dimanche 22 novembre");
}

TEST_CASE("format_time in French uses narrow no-break spaces", "[format]") {
  CHECK(format_time(time_of(14, 30)) == "14" + nnbsp + "h" + nnbsp + "30");
  CHECK(format_time(time_of(14, 30)) == "14\u202Fh\u202F30");
  CHECK(format_time(time_of(9, 0)) == "9" + nnbsp + "h");
  CHECK(format_time(time_of(9, 5)) == "9" + nnbsp + "h" + nnbsp + "05");
  CHECK(format_time(time_of(0, 0)) == "0" + nnbsp + "h");
  CHECK(format_time(time_of(23, 59)) == "23" + nnbsp + "h" + nnbsp + "59");
  CHECK(format_time(time_of(12, 0), Language::French) == "12" + nnbsp + "h");
  CHECK(format_time(time_of(14, 30)).find(' ') == std::string::npos);
}

TEST_CASE("format_time in English uses am and pm", "[format]") {
  CHECK(format_time(time_of(14, 30), Language::English) == "2:30\u00A0pm");
  CHECK(format_time(time_of(9, 0), Language::English) == "9\u00A0am");
  CHECK(format_time(time_of(9, 5), Language::English) == "9:05\u00A0am");
  CHECK(format_time(time_of(0, 0), Language::English) == "12\u00A0am");
  CHECK(format_time(time_of(0, 15), Language::English) == "12:15\u00A0am");
  CHECK(format_time(time_of(12, 0), Language::English) == "12\u00A0pm");
  CHECK(format_time(time_of(12, 5), Language::English) == "12:05\u00A0pm");
  CHECK(format_time(time_of(23, 59), Language::English) == "11:59\u00A0pm");
}

TEST_CASE("format_clock always shows two-digit hours and minutes", "[format]") {
  CHECK(format_clock(time_of(14, 30)) == "14:30");
  CHECK(format_clock(time_of(9, 5)) == "09:05");
  CHECK(format_clock(time_of(0, 0)) == "00:00");
  CHECK(format_clock(time_of(23, 59)) == "23:59");
  CHECK(format_clock(time_of(12, 0)) == "12:00");
}
