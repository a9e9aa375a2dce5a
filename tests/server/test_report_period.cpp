#include "reports/period.hpp"  // first: the header is self-contained

// Reporting periods: every kind read from text, the previous comparable
// period (year boundaries, leap years), labels, text forms, and every kind of
// bad input with its French message.
#include <catch2/catch.hpp>

namespace {

using namespace escale;
using namespace escale::server::reports;

const CivilDate kToday{2026, 11, 22};

Period parsed(std::string_view period, std::string_view from = "", std::string_view to = "") {
  auto p = parse_period(period, from, to, kToday);
  INFO(period << " " << from << " " << to);
  REQUIRE(p.ok());
  return *p;
}

std::string error_of(std::string_view period, std::string_view from = "", std::string_view to = "") {
  auto p = parse_period(period, from, to, kToday);
  INFO(period << " " << from << " " << to);
  REQUIRE_FALSE(p.ok());
  return p.error();
}

Period make(PeriodKind kind, CivilDate first, CivilDate last) {
  Period p;
  p.kind = kind;
  p.first = first;
  p.last = last;
  return p;
}

}  // namespace

TEST_CASE("period: nothing given is the month of today", "[reports]") {
  CHECK(parsed("") == make(PeriodKind::Month, {2026, 11, 1}, {2026, 11, 30}));
  auto feb = parse_period("", "", "", CivilDate{2028, 2, 10});
  REQUIRE(feb.ok());
  CHECK(feb->last == CivilDate{2028, 2, 29});  // a leap year
}

TEST_CASE("period: months, quarters, years and custom dates", "[reports]") {
  CHECK(parsed("2026-11") == make(PeriodKind::Month, {2026, 11, 1}, {2026, 11, 30}));
  CHECK(parsed("2026-02") == make(PeriodKind::Month, {2026, 2, 1}, {2026, 2, 28}));
  CHECK(parsed("2024-02") == make(PeriodKind::Month, {2024, 2, 1}, {2024, 2, 29}));
  CHECK(parsed("2026-12") == make(PeriodKind::Month, {2026, 12, 1}, {2026, 12, 31}));
  CHECK(parsed("2026-T4") == make(PeriodKind::Quarter, {2026, 10, 1}, {2026, 12, 31}));
  CHECK(parsed("2026-Q1") == make(PeriodKind::Quarter, {2026, 1, 1}, {2026, 3, 31}));
  CHECK(parsed("2026-t2") == make(PeriodKind::Quarter, {2026, 4, 1}, {2026, 6, 30}));
  CHECK(parsed("2026-T3") == make(PeriodKind::Quarter, {2026, 7, 1}, {2026, 9, 30}));
  CHECK(parsed("2026") == make(PeriodKind::Year, {2026, 1, 1}, {2026, 12, 31}));
  CHECK(parsed("", "2026-11-03", "2026-11-17") == make(PeriodKind::Custom, {2026, 11, 3}, {2026, 11, 17}));
  CHECK(parsed("", "2026-11-03", "2026-11-03") == make(PeriodKind::Custom, {2026, 11, 3}, {2026, 11, 3}));
  // to_text's custom form reads back.
  CHECK(parsed("2026-11-03..2026-11-17") == make(PeriodKind::Custom, {2026, 11, 3}, {2026, 11, 17}));
}

TEST_CASE("period: day counts", "[reports]") {
  CHECK(day_count(parsed("2026-11")) == 30);
  CHECK(day_count(parsed("2024-02")) == 29);
  CHECK(day_count(parsed("2026")) == 365);
  CHECK(day_count(parsed("2028")) == 366);
  CHECK(day_count(parsed("2026-T1")) == 90);
  CHECK(day_count(parsed("2028-T1")) == 91);
  CHECK(day_count(parsed("", "2026-12-30", "2027-01-02")) == 4);
  CHECK(day_count(parsed("", "2026-11-03", "2026-11-03")) == 1);
}

TEST_CASE("period: the previous comparable period", "[reports]") {
  SECTION("months, across a year boundary and into a leap February") {
    CHECK(previous_period(parsed("2026-11")) == make(PeriodKind::Month, {2026, 10, 1}, {2026, 10, 31}));
    CHECK(previous_period(parsed("2027-01")) == make(PeriodKind::Month, {2026, 12, 1}, {2026, 12, 31}));
    CHECK(previous_period(parsed("2028-03")) == make(PeriodKind::Month, {2028, 2, 1}, {2028, 2, 29}));
    CHECK(previous_period(parsed("2027-03")) == make(PeriodKind::Month, {2027, 2, 1}, {2027, 2, 28}));
  }
  SECTION("quarters and years") {
    CHECK(previous_period(parsed("2026-T4")) == make(PeriodKind::Quarter, {2026, 7, 1}, {2026, 9, 30}));
    CHECK(previous_period(parsed("2027-T1")) == make(PeriodKind::Quarter, {2026, 10, 1}, {2026, 12, 31}));
    CHECK(previous_period(parsed("2029")) == make(PeriodKind::Year, {2028, 1, 1}, {2028, 12, 31}));
    CHECK(day_count(previous_period(parsed("2029"))) == 366);
  }
  SECTION("custom dates: as many days just before") {
    CHECK(previous_period(parsed("", "2026-11-03", "2026-11-17")) ==
          make(PeriodKind::Custom, {2026, 10, 19}, {2026, 11, 2}));
    // Across New Year.
    CHECK(previous_period(parsed("", "2027-01-01", "2027-01-10")) ==
          make(PeriodKind::Custom, {2026, 12, 22}, {2026, 12, 31}));
    // The whole of February 2028 (29 days): the 29 days before end on 31 January.
    CHECK(previous_period(parsed("", "2028-02-01", "2028-02-29")) ==
          make(PeriodKind::Custom, {2028, 1, 3}, {2028, 1, 31}));
    // Across 29 February.
    CHECK(previous_period(parsed("", "2028-03-01", "2028-03-02")) ==
          make(PeriodKind::Custom, {2028, 2, 28}, {2028, 2, 29}));
    // One day.
    CHECK(previous_period(parsed("", "2026-03-01", "2026-03-01")) ==
          make(PeriodKind::Custom, {2026, 2, 28}, {2026, 2, 28}));
    const Period p = parsed("", "2025-06-10", "2026-08-20");
    CHECK(day_count(previous_period(p)) == day_count(p));
    CHECK(previous_period(p).last == CivilDate{2025, 6, 9});
  }
}

TEST_CASE("period: French labels", "[reports]") {
  CHECK(label(parsed("2026-11")) == "novembre 2026");
  CHECK(label(parsed("2026-08")) == "août 2026");
  CHECK(label(parsed("2026-02")) == "février 2026");
  CHECK(label(parsed("2026-T4")) == "4e trimestre 2026");
  CHECK(label(parsed("2026-T1")) == "1er trimestre 2026");
  CHECK(label(parsed("2026")) == "2026");
  CHECK(label(parsed("", "2026-11-03", "2026-11-17")) == "du 3 au 17 novembre 2026");
  CHECK(label(parsed("", "2026-11-01", "2026-11-17")) == "du 1er au 17 novembre 2026");
  CHECK(label(parsed("", "2026-10-28", "2026-11-03")) == "du 28 octobre au 3 novembre 2026");
  CHECK(label(parsed("", "2026-12-28", "2027-01-03")) == "du 28 décembre 2026 au 3 janvier 2027");
  CHECK(label(parsed("", "2026-11-03", "2026-11-03")) == "le 3 novembre 2026");
}

TEST_CASE("period: text forms read back", "[reports]") {
  for (const char* text : {"2026-11", "2026-T4", "2026", "2026-11-03..2026-11-17", "2024-02"}) {
    const Period p = parsed(text);
    CHECK(to_text(p) == text);
    CHECK(parsed(to_text(p)) == p);
  }
  CHECK(to_text(parsed("2026-Q2")) == "2026-T2");
  CHECK(to_text(parsed("", "2026-01-05", "2026-02-04")) == "2026-01-05..2026-02-04");
  CHECK(file_stem(parsed("2026-11")) == "2026-11");
  CHECK(file_stem(parsed("2026-T4")) == "2026-T4");
  CHECK(file_stem(parsed("2026")) == "2026");
  CHECK(file_stem(parsed("", "2026-11-03", "2026-11-17")) == "2026-11-03_2026-11-17");
}

TEST_CASE("period: bad input says what to write", "[reports]") {
  SECTION("garbage and impossible months or quarters") {
    for (const char* bad : {"2026-13", "2026-00", "2026-T5", "2026-T0", "2026-Q", "26-11", "2026-1", "novembre",
                            "2026-11-", "-2026", "2026-+1", "20261", "2026-XI", "1999", "3000-01", " 2026"}) {
      const std::string e = error_of(bad);
      INFO(bad << " → " << e);
      CHECK(e.find("La période « " + std::string(bad) + " » n’existe pas") == 0);
      CHECK(e.find("2026-T4") != std::string::npos);  // says what to write
      CHECK(e.find("\u202F:") != std::string::npos);  // French typography
    }
  }
  SECTION("impossible dates") {
    CHECK(error_of("", "2026-02-30", "2026-03-01").find("La date de début « 2026-02-30 » n’existe pas") == 0);
    CHECK(error_of("", "2026-02-01", "2026-02-29").find("La date de fin « 2026-02-29 » n’existe pas") == 0);
    CHECK(error_of("", "2026-11-31", "2026-12-01").find("n’existe pas") != std::string::npos);
    CHECK(error_of("", "03/11/2026", "2026-11-17").find("AAAA-MM-JJ") != std::string::npos);
    CHECK(error_of("2026-02-30..2026-03-01").find("2026-02-30") != std::string::npos);
  }
  SECTION("the end before the start") {
    const std::string e = error_of("", "2026-11-17", "2026-11-03");
    CHECK(e.find("est avant la date de début") != std::string::npos);
    CHECK(e.find("inversez-les") != std::string::npos);
  }
  SECTION("too long") {
    CHECK(parse_period("", "2024-01-01", "2026-12-31", kToday).ok());  // 1 096 days
    const std::string e = error_of("", "2024-01-01", "2027-01-05");
    CHECK(e.find("Période trop longue") == 0);
    CHECK(e.find(std::to_string(kMaxPeriodDays)) != std::string::npos);
  }
  SECTION("half a range, or both forms at once") {
    CHECK(error_of("", "2026-11-03", "").find("Il manque une date") == 0);
    CHECK(error_of("", "", "2026-11-17").find("Il manque une date") == 0);
    CHECK(error_of("2026-11", "2026-11-03", "2026-11-17").find("pas les deux") != std::string::npos);
  }
}

TEST_CASE("period: a period in progress is compared with as many days of the previous one", "[reports][period]") {
  const auto november = *parse_period("2026-11", "", "", CivilDate{2026, 11, 22});
  // November up to the 22nd beside 1–22 October.
  auto p = comparable_previous(november, CivilDate{2026, 11, 22});
  CHECK(p.kind == PeriodKind::Custom);
  CHECK(p.first == CivilDate{2026, 10, 1});
  CHECK(p.last == CivilDate{2026, 10, 22});
  CHECK(label(p) == "du 1er au 22 octobre 2026");
  // Over: the whole previous month.
  CHECK(comparable_previous(november, CivilDate{2026, 12, 1}) == previous_period(november));
  CHECK(comparable_previous(november, CivilDate{2026, 10, 31}) == previous_period(november));
  // The last day of a long month beside a shorter one: the whole shorter month, no more.
  const auto march = *parse_period("2027-03", "", "", CivilDate{2027, 3, 31});
  p = comparable_previous(march, CivilDate{2027, 3, 31});
  CHECK(p == previous_period(march));
  CHECK(p.last == CivilDate{2027, 2, 28});
  p = comparable_previous(march, CivilDate{2027, 3, 30});
  CHECK(p.last == CivilDate{2027, 2, 28});
  p = comparable_previous(march, CivilDate{2027, 3, 10});
  CHECK(p.last == CivilDate{2027, 2, 10});
  // A year in progress: 1 January up to the same day count of the year before.
  const auto year = *parse_period("2026", "", "", CivilDate{2026, 11, 22});
  p = comparable_previous(year, CivilDate{2026, 2, 1});
  CHECK(p.first == CivilDate{2025, 1, 1});
  CHECK(p.last == CivilDate{2025, 2, 1});
}
