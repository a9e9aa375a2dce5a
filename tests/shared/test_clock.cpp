#include "time/clock.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace escale;
using namespace std::chrono_literals;

namespace {

Instant iso(const char* text) {
  const auto t = parse_iso_utc(text);
  REQUIRE(t.has_value());
  return *t;
}

std::chrono::hours day_length(int year, int month, int day) {
  const Instant noon = from_paris(year, month, day, 12, 0);
  return std::chrono::duration_cast<std::chrono::hours>(paris_next_day_start(noon) - paris_day_start(noon));
}

}  // namespace

TEST_CASE("to_iso_utc writes UTC with milliseconds", "[clock]") {
  CHECK(to_iso_utc(Instant{}) == "1970-01-01T00:00:00.000Z");
  CHECK(to_iso_utc(Instant{1774747800000ms}) == "2026-03-29T01:30:00.000Z");
  CHECK(to_iso_utc(Instant{1774747800007ms}) == "2026-03-29T01:30:00.007Z");
  CHECK(to_iso_utc(Instant{-1ms}) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("parse_iso_utc reads Z, offsets and fractions", "[clock]") {
  const Instant expected{1774747800000ms};
  CHECK(iso("2026-03-29T01:30:00.000Z") == expected);
  CHECK(iso("2026-03-29T01:30:00Z") == expected);
  CHECK(iso("2026-03-29T03:30:00+02:00") == expected);
  CHECK(iso("2026-03-28T20:00:00-05:30") == expected);
  CHECK(iso("2026-03-29T01:30:00+00:00") == expected);
  CHECK(iso("2026-03-29T01:30:00.5Z") == expected + 500ms);
  CHECK(iso("2026-03-29T01:30:00.12Z") == expected + 120ms);
  CHECK(iso("2026-03-29T01:30:00.123456789Z") == expected + 123ms);
  CHECK(iso("2026-03-29T01:30:00.999999999Z") == expected + 999ms);
  CHECK(iso("2024-02-29T00:00:00Z") == iso("2024-02-28T00:00:00Z") + 24h);
}

TEST_CASE("parse_iso_utc and to_iso_utc round-trip", "[clock]") {
  for (const char* text : {"2026-03-29T01:30:00.000Z", "1999-12-31T23:59:59.999Z", "2000-02-29T12:00:00.001Z",
                           "2038-01-19T03:14:08.000Z", "1970-01-01T00:00:00.000Z", "1965-07-04T10:20:30.400Z"}) {
    CAPTURE(text);
    CHECK(to_iso_utc(iso(text)) == text);
  }
  for (std::int64_t ms : {0LL, 1LL, 1774747800123LL, -86400001LL, 4102444799999LL}) {
    const Instant t{std::chrono::milliseconds{ms}};
    CHECK(parse_iso_utc(to_iso_utc(t)) == t);
  }
}

TEST_CASE("parse_iso_utc rejects malformed or impossible timestamps", "[clock]") {
  for (const char* text : {
           "",
           "garbage",
           "2026-03-29",
           "2026-03-29T01:30",
           "2026-03-29T01:30:00",   // no zone
           "2026-03-29T01:30:00z",  // lower-case z
           "2026-03-29 01:30:00Z",  // space instead of T
           "2026-03-29t01:30:00Z",
           "2026-3-29T01:30:00Z",
           "26-03-29T01:30:00Z",
           "2026-03-29T1:30:00Z",
           "2026-13-01T00:00:00Z",  // month 13
           "2026-00-10T00:00:00Z",
           "2026-02-30T00:00:00Z",  // 30 February
           "2026-02-29T00:00:00Z",  // 2026 is not a leap year
           "2026-04-31T00:00:00Z",
           "2026-03-00T00:00:00Z",
           "2026-03-29T24:00:00Z",  // hour 24
           "2026-03-29T23:60:00Z",
           "2026-03-29T23:59:60Z",             // leap second
           "2026-03-29T01:30:00.Z",            // empty fraction
           "2026-03-29T01:30:00.1234567890Z",  // 10 digits
           "2026-03-29T01:30:00,5Z",
           "2026-03-29T01:30:00+2:00",
           "2026-03-29T01:30:00+0200",
           "2026-03-29T01:30:00+02",
           "2026-03-29T01:30:00+24:00",
           "2026-03-29T01:30:00+02:60",
           "2026-03-29T01:30:00Z ",  // trailing space
           " 2026-03-29T01:30:00Z",
           "2026-03-29T01:30:00ZZ",
           "2026-03-29T01:30:00.000Zjunk",
           "+2026-03-29T01:30:00Z",
           "2026-03-29T01:3a:00Z",
       }) {
    CAPTURE(text);
    CHECK_FALSE(parse_iso_utc(text).has_value());
  }
}

// Found by fuzz/iso_time: "0000-01-01T00:00:00+23:59" was accepted as an
// instant of the year -1, which to_iso_utc writes "-0001-12-31T00:01:00.000Z"
// and parse_iso_utc cannot read back (a stored event's time then compared
// unequal to itself). The instant in UTC must fall in the years 0000–9999.
TEST_CASE("ISO times: an offset taking the time out of the years 0000-9999 is refused", "[clock]") {
  CHECK_FALSE(parse_iso_utc("0000-01-01T00:00:00+23:59"));
  CHECK_FALSE(parse_iso_utc("0000-01-01T00:00:00.000+00:01"));
  CHECK_FALSE(parse_iso_utc("9999-12-31T23:59:59.999-00:01"));
  CHECK_FALSE(parse_iso_utc("9999-12-31T23:30:00-23:59"));
  const auto first = parse_iso_utc("0000-01-01T00:00:00Z");
  const auto last = parse_iso_utc("9999-12-31T23:59:59.999Z");
  REQUIRE(first);
  REQUIRE(last);
  CHECK(parse_iso_utc(to_iso_utc(*first)) == first);
  CHECK(parse_iso_utc(to_iso_utc(*last)) == last);
  CHECK(parse_iso_utc("0000-01-01T00:30:00+00:30") == first);
}

TEST_CASE("now is truncated to milliseconds and close to the system clock", "[clock]") {
  const auto before = std::chrono::floor<std::chrono::milliseconds>(Clock::now());
  const Instant t = now();
  const auto after = Clock::now();
  CHECK(t >= before);
  CHECK(t <= after);
  CHECK(parse_iso_utc(to_iso_utc(t)) == t);
}

TEST_CASE("to_paris gives winter and summer offsets", "[clock][paris]") {
  const LocalTime winter = to_paris(iso("2026-01-15T11:45:30Z"));
  CHECK(winter.year == 2026);
  CHECK(winter.month == 1);
  CHECK(winter.day == 15);
  CHECK(winter.weekday == 4);  // Thursday
  CHECK(winter.hour == 12);
  CHECK(winter.minute == 45);
  CHECK(winter.second == 30);
  CHECK(winter.utc_offset_minutes == 60);

  const LocalTime summer = to_paris(iso("2026-07-14T08:00:00Z"));
  CHECK(summer.hour == 10);
  CHECK(summer.weekday == 2);  // Tuesday
  CHECK(summer.utc_offset_minutes == 120);
}

TEST_CASE("spring forward on Sunday 29 March 2026", "[clock][paris][dst]") {
  const LocalTime before = to_paris(iso("2026-03-29T00:59:59Z"));
  CHECK(before.hour == 1);
  CHECK(before.minute == 59);
  CHECK(before.utc_offset_minutes == 60);

  const LocalTime after = to_paris(iso("2026-03-29T01:00:00Z"));
  CHECK(after.hour == 3);
  CHECK(after.minute == 0);
  CHECK(after.utc_offset_minutes == 120);
  CHECK(after.weekday == 7);

  CHECK(from_paris(2026, 3, 29, 1, 59) == iso("2026-03-29T00:59:00Z"));
  CHECK(from_paris(2026, 3, 29, 3, 0) == iso("2026-03-29T01:00:00Z"));

  SECTION("a reading in the gap is moved forward by the gap") {
    const Instant in_gap = from_paris(2026, 3, 29, 2, 30);
    CHECK(in_gap == iso("2026-03-29T01:30:00Z"));
    const LocalTime shown = to_paris(in_gap);
    CHECK(shown.hour == 3);
    CHECK(shown.minute == 30);
    CHECK(shown.utc_offset_minutes == 120);
    CHECK(from_paris(2026, 3, 29, 2, 0) == iso("2026-03-29T01:00:00Z"));
    CHECK(from_paris(2026, 3, 29, 2, 59, 59) == iso("2026-03-29T01:59:59Z"));
  }

  SECTION("the day lasts 23 hours") {
    CHECK(day_length(2026, 3, 29) == 23h);
    CHECK(day_length(2026, 3, 28) == 24h);
    CHECK(day_length(2026, 3, 30) == 24h);
    const Instant t = iso("2026-03-29T12:00:00Z");
    CHECK(paris_day_start(t) == iso("2026-03-28T23:00:00Z"));
    CHECK(paris_next_day_start(t) == iso("2026-03-29T22:00:00Z"));
  }
}

TEST_CASE("fall back on Sunday 25 October 2026", "[clock][paris][dst]") {
  const LocalTime summer = to_paris(iso("2026-10-25T00:59:59Z"));
  CHECK(summer.hour == 2);
  CHECK(summer.minute == 59);
  CHECK(summer.utc_offset_minutes == 120);

  const LocalTime winter = to_paris(iso("2026-10-25T01:00:00Z"));
  CHECK(winter.hour == 2);
  CHECK(winter.minute == 0);
  CHECK(winter.utc_offset_minutes == 60);

  SECTION("a reading in the overlap gives the earlier, summer-time instant") {
    CHECK(from_paris(2026, 10, 25, 2, 30) == iso("2026-10-25T00:30:00Z"));
    CHECK(from_paris(2026, 10, 25, 2, 0) == iso("2026-10-25T00:00:00Z"));
    CHECK(from_paris(2026, 10, 25, 1, 59) == iso("2026-10-24T23:59:00Z"));
    CHECK(from_paris(2026, 10, 25, 3, 0) == iso("2026-10-25T02:00:00Z"));
  }

  SECTION("the day lasts 25 hours") {
    CHECK(day_length(2026, 10, 25) == 25h);
    CHECK(day_length(2026, 10, 24) == 24h);
    CHECK(day_length(2026, 10, 26) == 24h);
    const Instant t = iso("2026-10-25T15:00:00Z");
    CHECK(paris_day_start(t) == iso("2026-10-24T22:00:00Z"));
    CHECK(paris_next_day_start(t) == iso("2026-10-25T23:00:00Z"));
  }
}

TEST_CASE("to_paris and from_paris round-trip around both transitions", "[clock][paris][dst]") {
  for (const char* start : {"2026-03-28T12:00:00Z", "2026-10-24T12:00:00Z"}) {
    for (Instant t = iso(start); t < iso(start) + 48h; t += 7min + 13s) {
      const LocalTime p = to_paris(t);
      const Instant back = from_paris(p.year, p.month, p.day, p.hour, p.minute, p.second);
      // The second pass through 02:00–03:00 in October reads like the first,
      // and from_paris picks the first.
      const bool second_pass = p.month == 10 && p.day == 25 && p.hour == 2 && p.utc_offset_minutes == 60;
      CAPTURE(to_iso_utc(t));
      CHECK(back == (second_pass ? t - 1h : t));
    }
  }
}

TEST_CASE("paris_date near midnight UTC", "[clock][paris]") {
  CHECK(paris_date(iso("2026-01-15T22:59:59.999Z")) == "2026-01-15");
  CHECK(paris_date(iso("2026-01-15T23:00:00Z")) == "2026-01-16");
  CHECK(paris_date(iso("2026-01-15T23:30:00Z")) == "2026-01-16");
  CHECK(paris_date(iso("2026-07-15T21:59:59.999Z")) == "2026-07-15");
  CHECK(paris_date(iso("2026-07-15T22:00:00Z")) == "2026-07-16");
  CHECK(paris_date(iso("2026-12-31T23:00:00Z")) == "2027-01-01");
  CHECK(paris_date(iso("2026-12-31T22:59:00Z")) == "2026-12-31");
}

TEST_CASE("paris day boundaries on an ordinary day", "[clock][paris]") {
  const Instant t = iso("2026-07-15T12:00:00Z");
  CHECK(paris_day_start(t) == iso("2026-07-14T22:00:00Z"));
  CHECK(paris_next_day_start(t) == iso("2026-07-15T22:00:00Z"));
  // The first instant of a day belongs to it; the last one of the previous day does not.
  CHECK(paris_day_start(iso("2026-07-14T22:00:00Z")) == iso("2026-07-14T22:00:00Z"));
  CHECK(paris_day_start(iso("2026-07-14T21:59:59.999Z")) == iso("2026-07-13T22:00:00Z"));
  CHECK(paris_next_day_start(iso("2026-12-31T12:00:00Z")) == iso("2026-12-31T23:00:00Z"));
}

TEST_CASE("from_paris carries days and months over", "[clock][paris]") {
  CHECK(from_paris(2026, 12, 32, 0, 0) == from_paris(2027, 1, 1, 0, 0));
  CHECK(from_paris(2026, 13, 1, 0, 0) == from_paris(2027, 1, 1, 0, 0));
  CHECK(from_paris(2026, 2, 29, 0, 0) == from_paris(2026, 3, 1, 0, 0));
  CHECK(from_paris(2026, 3, 1, 9, 30, 15) == iso("2026-03-01T08:30:15Z"));
}
