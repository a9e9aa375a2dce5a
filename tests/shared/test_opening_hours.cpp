#include "domain/opening_hours.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace escale;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kExample = "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off";

OpeningHours parsed(const char* text) {
  std::string error;
  const auto hours = OpeningHours::parse(text, &error);
  INFO(text << " → " << error);
  REQUIRE(hours.has_value());
  return *hours;
}

std::string error_for(const char* text) {
  std::string error;
  const auto hours = OpeningHours::parse(text, &error);
  INFO(text);
  REQUIRE_FALSE(hours.has_value());
  REQUIRE_FALSE(error.empty());
  return error;
}

// A Paris wall-clock reading, as to_paris would give it.
LocalTime at(int year, int month, int day, int hour, int minute) {
  return to_paris(from_paris(year, month, day, hour, minute));
}

// Tuesday 10 March, Saturday 14 March, Sunday 15 March 2026 (no holiday that week).
LocalTime tuesday(int hour, int minute) {
  return at(2026, 3, 10, hour, minute);
}
LocalTime wednesday(int hour, int minute) {
  return at(2026, 3, 11, hour, minute);
}
LocalTime saturday(int hour, int minute) {
  return at(2026, 3, 14, hour, minute);
}
LocalTime sunday(int hour, int minute) {
  return at(2026, 3, 15, hour, minute);
}

}  // namespace

TEST_CASE("the documented example", "[opening_hours]") {
  const OpeningHours hours = parsed(kExample);
  CHECK(hours.text() == kExample);

  CHECK(hours.is_open(tuesday(10, 0)));
  CHECK_FALSE(hours.is_open(tuesday(12, 45)));
  CHECK(hours.is_open(tuesday(8, 30)));
  CHECK_FALSE(hours.is_open(tuesday(8, 29)));
  CHECK(hours.is_open(tuesday(12, 29)));
  CHECK_FALSE(hours.is_open(tuesday(12, 30)));  // the end is exclusive
  CHECK(hours.is_open(tuesday(13, 30)));
  CHECK(hours.is_open(tuesday(17, 59)));
  CHECK_FALSE(hours.is_open(tuesday(18, 0)));
  CHECK_FALSE(hours.is_open(tuesday(0, 0)));

  CHECK(hours.is_open(saturday(11, 59)));
  CHECK_FALSE(hours.is_open(saturday(12, 0)));
  CHECK_FALSE(hours.is_open(saturday(8, 59)));
  CHECK_FALSE(hours.is_open(saturday(14, 0)));

  for (int hour = 0; hour < 24; ++hour) CHECK_FALSE(hours.is_open(sunday(hour, 30)));

  SECTION("public holidays are closed") {
    CHECK_FALSE(hours.is_open(at(2026, 7, 14, 10, 0)));  // a Tuesday
    CHECK_FALSE(hours.is_open(at(2026, 4, 6, 10, 0)));   // Easter Monday
    CHECK_FALSE(hours.is_open(at(2026, 5, 14, 10, 0)));  // Ascension, a Thursday
    CHECK(hours.is_open(at(2026, 4, 7, 10, 0)));         // the Tuesday after Easter Monday
    CHECK(hours.is_open(at(2026, 7, 15, 10, 0)));
  }

  SECTION("is_open on an instant reads Paris time") {
    CHECK(hours.is_open(*parse_iso_utc("2026-03-10T09:00:00Z")));        // 10:00 in Paris
    CHECK_FALSE(hours.is_open(*parse_iso_utc("2026-03-10T17:00:00Z")));  // 18:00 in Paris
    CHECK(hours.is_open(*parse_iso_utc("2026-06-09T15:59:00Z")));        // 17:59 in summer
    CHECK_FALSE(hours.is_open(*parse_iso_utc("2026-06-09T16:00:00Z")));
  }

  SECTION("ranges_for") {
    const std::vector<TimeRange> weekday{{8 * 60 + 30, 12 * 60 + 30}, {13 * 60 + 30, 18 * 60}};
    for (int day = 1; day <= 5; ++day) CHECK(hours.ranges_for(day, false) == weekday);
    CHECK(hours.ranges_for(6, false) == std::vector<TimeRange>{{9 * 60, 12 * 60}});
    CHECK(hours.ranges_for(7, false).empty());
    for (int day = 1; day <= 7; ++day) CHECK(hours.ranges_for(day, true).empty());
    CHECK_THROWS_AS(hours.ranges_for(0, false), std::out_of_range);
    CHECK_THROWS_AS(hours.ranges_for(8, true), std::out_of_range);
  }
}

TEST_CASE("is_open ignores a stale weekday field", "[opening_hours]") {
  const OpeningHours hours = parsed(kExample);
  LocalTime t = tuesday(10, 0);
  t.weekday = 7;
  CHECK(hours.is_open(t));
}

TEST_CASE("a later rule overrides the days it names", "[opening_hours]") {
  const OpeningHours hours = parsed("Mo-Sa 09:00-18:00; We off");
  CHECK(hours.is_open(tuesday(10, 0)));
  CHECK_FALSE(hours.is_open(wednesday(10, 0)));
  CHECK(hours.is_open(saturday(17, 0)));
  CHECK_FALSE(hours.is_open(sunday(10, 0)));

  const OpeningHours shorter = parsed("Mo-Fr 09:00-18:00; We 14:00-16:00");
  CHECK_FALSE(shorter.is_open(wednesday(10, 0)));
  CHECK(shorter.is_open(wednesday(15, 0)));
  CHECK(shorter.ranges_for(3, false) == std::vector<TimeRange>{{14 * 60, 16 * 60}});

  const OpeningHours reopened = parsed("Mo-Fr off; Tu 10:00-11:00");
  CHECK(reopened.is_open(tuesday(10, 30)));
  CHECK_FALSE(reopened.is_open(wednesday(10, 30)));
}

TEST_CASE("public holiday rules", "[opening_hours]") {
  SECTION("without a PH rule a holiday follows its weekday") {
    const OpeningHours hours = parsed("Mo-Fr 09:00-18:00");
    CHECK(hours.is_open(at(2026, 7, 14, 10, 0)));
    CHECK(hours.ranges_for(2, true) == hours.ranges_for(2, false));
  }
  SECTION("PH with hours") {
    const OpeningHours hours = parsed("Mo-Fr 09:00-18:00; PH 10:00-12:00");
    CHECK(hours.is_open(at(2026, 7, 14, 11, 0)));
    CHECK_FALSE(hours.is_open(at(2026, 7, 14, 13, 0)));
    CHECK(hours.is_open(at(2026, 11, 1, 10, 30)));  // a Sunday holiday opens too
    CHECK(hours.is_open(at(2026, 7, 15, 13, 0)));
  }
  SECTION("PH off wins wherever it is written") {
    const OpeningHours hours = parsed("PH off; Mo-Fr 09:00-18:00");
    CHECK_FALSE(hours.is_open(at(2026, 7, 14, 10, 0)));
    CHECK(hours.is_open(at(2026, 7, 15, 10, 0)));
  }
  SECTION("PH in a list of days") {
    const OpeningHours hours = parsed("Mo-Fr,PH 09:00-12:00");
    CHECK(hours.is_open(at(2026, 11, 1, 10, 0)));  // Sunday 1 November
    CHECK_FALSE(hours.is_open(sunday(10, 0)));
    CHECK(hours.is_open(tuesday(10, 0)));
  }
}

TEST_CASE("24/7, off and rules without days", "[opening_hours]") {
  const OpeningHours always = parsed("24/7");
  CHECK(always.is_open(sunday(0, 0)));
  CHECK(always.is_open(sunday(23, 59)));
  CHECK(always.is_open(at(2026, 12, 25, 3, 0)));
  for (int day = 1; day <= 7; ++day) {
    CHECK(always.ranges_for(day, false) == std::vector<TimeRange>{{0, 24 * 60}});
  }

  const OpeningHours always_but_holidays = parsed(" 24/7 ; PH off");
  CHECK(always_but_holidays.is_open(sunday(3, 0)));
  CHECK_FALSE(always_but_holidays.is_open(at(2026, 12, 25, 12, 0)));

  const OpeningHours every_day = parsed("10:00-18:00");
  CHECK(every_day.is_open(sunday(10, 0)));
  CHECK(every_day.is_open(saturday(17, 59)));
  CHECK_FALSE(every_day.is_open(tuesday(9, 59)));

  const OpeningHours never = parsed("off");
  CHECK_FALSE(never.is_open(tuesday(10, 0)));
  const OpeningHours closed = parsed("Mo-Su closed");
  CHECK_FALSE(closed.is_open(tuesday(10, 0)));
}

TEST_CASE("day selectors", "[opening_hours]") {
  SECTION("a range wrapping over the week end") {
    const OpeningHours hours = parsed("Su-Tu 10:00-12:00");
    CHECK(hours.is_open(sunday(11, 0)));
    CHECK(hours.is_open(at(2026, 3, 9, 11, 0)));  // Monday
    CHECK(hours.is_open(tuesday(11, 0)));
    CHECK_FALSE(hours.is_open(wednesday(11, 0)));
    CHECK_FALSE(hours.is_open(saturday(11, 0)));
  }
  SECTION("lists and ranges mixed") {
    const OpeningHours hours = parsed("Mo-Tu,Th,Sa-Su 10:00-12:00");
    for (int day : {1, 2, 4, 6, 7}) CHECK_FALSE(hours.ranges_for(day, false).empty());
    for (int day : {3, 5}) CHECK(hours.ranges_for(day, false).empty());
  }
  SECTION("a single-day range") {
    const OpeningHours hours = parsed("We-We 10:00-12:00");
    CHECK_FALSE(hours.ranges_for(3, false).empty());
    CHECK(hours.ranges_for(4, false).empty());
  }
}

TEST_CASE("time ranges", "[opening_hours]") {
  SECTION("until midnight") {
    const OpeningHours hours = parsed("Mo-Su 18:00-24:00");
    CHECK(hours.is_open(tuesday(23, 59)));
    CHECK_FALSE(hours.is_open(tuesday(0, 0)));
    CHECK(parsed("Mo 00:00-24:00").ranges_for(1, false) == std::vector<TimeRange>{{0, 1440}});
  }
  SECTION("touching ranges, given out of order, are kept sorted") {
    const OpeningHours hours = parsed("Mo 12:00-14:00,08:00-12:00");
    CHECK(hours.ranges_for(1, false) == std::vector<TimeRange>{{8 * 60, 12 * 60}, {12 * 60, 14 * 60}});
  }
  SECTION("one-digit hours") {
    CHECK(parsed("Mo 8:30-9:45").ranges_for(1, false) == std::vector<TimeRange>{{510, 585}});
  }
}

TEST_CASE("extra spaces and stray semicolons are accepted", "[opening_hours]") {
  const OpeningHours compact = parsed(kExample);
  const OpeningHours spaced = parsed("  Mo - Fr   08:30 - 12:30 ,  13:30-18:00 ;Sa 09:00-12:00;;  PH  off ; ");
  for (int day = 1; day <= 7; ++day) {
    CHECK(spaced.ranges_for(day, false) == compact.ranges_for(day, false));
    CHECK(spaced.ranges_for(day, true) == compact.ranges_for(day, true));
  }
  CHECK(parsed("Mo , We 10:00-11:00").ranges_for(3, false).size() == 1);
  CHECK(parsed("\tMo-Fr 08:00-12:00\n").ranges_for(5, false).size() == 1);
}

TEST_CASE("malformed opening hours are rejected with a French message", "[opening_hours]") {
  SECTION("unknown days are quoted") {
    const std::string error = error_for("Mo-Fx 08:00-12:00");
    CHECK_THAT(error, Contains("«\u202FMo-Fx\u202F»"));
    CHECK_THAT(error, Contains("Mo, Tu, We, Th, Fr, Sa, Su ou PH"));
    CHECK_THAT(error_for("Lu-Ve 08:00-12:00"), Contains("Lu-Ve"));
    CHECK_THAT(error_for("mo-fr 08:00-12:00"), Contains("mo-fr"));
    CHECK_THAT(error_for("Mon-Fri 08:00-12:00"), Contains("Mon-Fri"));
    CHECK_THAT(error_for("Jan 08:00-12:00"), Contains("Jan"));
    CHECK_THAT(error_for("Mo,,Tu 08:00-12:00"), Contains("Mo,,Tu"));
    CHECK_THAT(error_for("Mo- 08:00-12:00"), Contains("jours attendus"));
  }
  SECTION("PH cannot bound a range of days") {
    CHECK_THAT(error_for("Mo-PH 08:00-12:00"), Contains("Mo-PH"));
    CHECK_THAT(error_for("PH-Fr 08:00-12:00"), Contains("PH (jours fériés)"));
  }
  SECTION("missing hours") {
    CHECK_THAT(error_for("Mo-Fr"), Contains("«\u202FMo-Fr\u202F»"));
    CHECK_THAT(error_for("Mo-Fr"), Contains("incomplets"));
    CHECK_THAT(error_for("Mo-Fr 08:00-12:00; PH"), Contains("PH"));
  }
  SECTION("impossible times") {
    CHECK_THAT(error_for("Mo-Fr 08:00-25:00"), Contains("«\u202F08:00-25:00\u202F»"));
    CHECK_THAT(error_for("Mo-Fr 25:00-26:00"), Contains("Heure impossible"));
    CHECK_THAT(error_for("Mo-Fr 08:60-12:00"), Contains("08:60-12:00"));
    CHECK_THAT(error_for("Mo-Fr 08:00-24:30"), Contains("Heure impossible"));
    CHECK_THAT(error_for("Mo-Fr 24:00-24:00"), Contains("l’envers"));
  }
  SECTION("reversed or empty ranges") {
    CHECK_THAT(error_for("Mo-Fr 12:00-08:00"), Contains("«\u202F12:00-08:00\u202F»"));
    CHECK_THAT(error_for("Mo-Fr 12:00-08:00"), Contains("l’heure de début doit précéder"));
    CHECK_THAT(error_for("Mo-Fr 08:00-08:00"), Contains("l’envers"));
    CHECK_THAT(error_for("Fr 22:00-02:00"), Contains("22:00-02:00"));
  }
  SECTION("overlapping ranges within a rule") {
    const std::string error = error_for("Mo-Fr 08:00-12:00,11:00-14:00");
    CHECK_THAT(error, Contains("chevauchent"));
    CHECK_THAT(error, Contains("08:00-12:00"));
    CHECK_THAT(error, Contains("11:00-14:00"));
    CHECK_THAT(error_for("Mo 09:00-17:00,10:00-11:00"), Contains("chevauchent"));
    CHECK_THAT(error_for("Mo 10:00-11:00,08:00-18:00"), Contains("chevauchent"));
  }
  SECTION("badly written times are quoted") {
    CHECK_THAT(error_for("Mo-Fr 8h30-12h"), Contains("«\u202F8h30-12h\u202F»"));
    CHECK_THAT(error_for("Mo-Fr 8h30-12h"), Contains("HH:MM-HH:MM"));
    CHECK_THAT(error_for("Mo-Fr 08:00"), Contains("08:00"));
    CHECK_THAT(error_for("Mo-Fr 08:00-"), Contains("08:00-"));
    CHECK_THAT(error_for("Mo-Fr 0800-1200"), Contains("0800-1200"));
    CHECK_THAT(error_for("Mo-Fr 08:0-12:00"), Contains("08:0-12:00"));
    CHECK_THAT(error_for("Mo-Fr 08:000-12:00"), Contains("HH:MM"));
    CHECK_THAT(error_for("Mo-Fr 123:00-124:00"), Contains("HH:MM"));
    CHECK_THAT(error_for("Mo-Fr 08:00-12:00,"), Contains("HH:MM"));
    CHECK_THAT(error_for("Mo 24/7"), Contains("24/7"));
    CHECK_THAT(error_for("@@@"), Contains("@@@"));
  }
  SECTION("words other than off or closed") {
    CHECK_THAT(error_for("Mo-Fr fermé"), Contains("fermé"));
    CHECK_THAT(error_for("Mo-Fr 08:00-12:00; Sa ouvert"), Contains("ouvert"));
    CHECK_THAT(error_for("Mo-Fr Off"), Contains("Off"));
  }
  SECTION("text left over after the hours") {
    const std::string error = error_for("Mo-Fr 08:00-12:00 14:00-18:00");
    CHECK_THAT(error, Contains("«\u202F14:00-18:00\u202F»"));
    CHECK_THAT(error, Contains("virgule"));
    CHECK_THAT(error_for("Mo-Fr 08:00-12:00 off"), Contains("off"));
    CHECK_THAT(error_for("24/7 Mo"), Contains("24/7"));
    CHECK_THAT(error_for("off off"), Contains("en trop"));
  }
  SECTION("empty text") {
    for (const char* text : {"", "   ", ";", " ; ; "}) {
      CHECK_THAT(error_for(text), Contains("vides"));
    }
  }
  SECTION("one bad rule rejects the whole text") {
    CHECK_THAT(error_for("Mo-Fr 08:30-12:30; Sa 09:00-12:00; Su 10:00-09:00"), Contains("10:00-09:00"));
  }
}

TEST_CASE("the error output is optional", "[opening_hours]") {
  CHECK_FALSE(OpeningHours::parse("Mo-Fx 08:00-12:00").has_value());
  CHECK(OpeningHours::parse(kExample).has_value());
  std::string untouched = "before";
  CHECK(OpeningHours::parse(kExample, &untouched).has_value());
  CHECK(untouched == "before");
}
