#include "reports/report_model.hpp"  // first: the header is self-contained

// Values as people read them (French typography), the « < 5 » rule, and CSV
// in both variants, parsed back with shared/text/csv's reader.
#include <catch2/catch.hpp>

#include "text/csv.hpp"

namespace {

using namespace escale;
using namespace escale::server::reports;

const std::string kN = "\u202F";  // narrow no-break space

Value value(std::optional<double> number, Unit unit, std::optional<std::int64_t> people = std::nullopt) {
  Value v;
  v.number = number;
  v.unit = unit;
  v.people = people;
  return v;
}

Table sample_table() {
  Table t;
  t.key = "visits_by_day";
  t.title = "Passages par jour";
  t.first_column = "Jour";
  t.column_keys = {"visits", "rate", "duration"};
  t.columns = {"Passages", "Taux ; « utile »", "Durée"};
  TableRow a;
  a.key = "2026-11-03";
  a.label = "mardi 3 novembre";
  a.cells = {value(1234, Unit::Count, 40), value(45.25, Unit::Percent), value(65.4, Unit::Minutes, 40)};
  TableRow b;
  b.key = "2026-11-04";
  b.label = "mercredi 4 novembre";
  b.cells = {value(3, Unit::Count, 3), value(std::nullopt, Unit::Percent), value(12.5, Unit::Hours)};
  TableRow c;
  c.key = "21425";
  c.label = "Montbard, « centre »";
  c.cells = {value(0, Unit::Count, 0), value(100, Unit::Percent), value(std::nullopt, Unit::Minutes)};
  t.rows = {a, b, c};
  return t;
}

}  // namespace

TEST_CASE("format_value: French typography", "[reports]") {
  CHECK(format_value(value(0, Unit::Count)) == "0");
  CHECK(format_value(value(999, Unit::Count)) == "999");
  CHECK(format_value(value(1234, Unit::Count)) == "1" + kN + "234");
  CHECK(format_value(value(1234567, Unit::People)) == "1" + kN + "234" + kN + "567");
  CHECK(format_value(value(100000, Unit::Count)) == "100" + kN + "000");
  CHECK(format_value(value(45.25, Unit::Percent)) == "45,3" + kN + "%");
  CHECK(format_value(value(50, Unit::Percent)) == "50" + kN + "%");
  CHECK(format_value(value(0.04, Unit::Percent)) == "0" + kN + "%");
  CHECK(format_value(value(99.96, Unit::Percent)) == "100" + kN + "%");
  CHECK(format_value(value(45, Unit::Minutes)) == "45" + kN + "min");
  CHECK(format_value(value(0.2, Unit::Minutes)) == "0" + kN + "min");
  CHECK(format_value(value(59.6, Unit::Minutes)) == "1" + kN + "h");
  CHECK(format_value(value(65, Unit::Minutes)) == "1" + kN + "h" + kN + "05");
  CHECK(format_value(value(150, Unit::Minutes)) == "2" + kN + "h" + kN + "30");
  CHECK(format_value(value(1234.56, Unit::Hours)) == "1" + kN + "234,6" + kN + "h");
  CHECK(format_value(value(12, Unit::Hours)) == "12" + kN + "h");
  CHECK(format_value(value(std::nullopt, Unit::Count)) == "—");
  CHECK(format_value(value(std::nullopt, Unit::Percent)) == "—");
  Value masked = value(3, Unit::Count, 3);
  masked.masked = true;
  masked.number.reset();
  CHECK(format_value(masked) == "<" + kN + "5");
}

TEST_CASE("mask_small_counts: fewer than 5 people, zero included", "[reports]") {
  for (const std::int64_t people : {0, 1, 4}) {
    Value v = value(static_cast<double>(people), Unit::People, people);
    mask_small_counts(v);
    CHECK(v.masked);
    CHECK_FALSE(v.number.has_value());  // the number is gone, not just hidden
  }
  Value five = value(5, Unit::People, 5);
  mask_small_counts(five);
  CHECK_FALSE(five.masked);
  CHECK(five.number == 5.0);
  // An event count about few people is masked even when the count is large.
  Value visits = value(40, Unit::Count, 3);
  mask_small_counts(visits);
  CHECK(visits.masked);
  // Rates of desks and hours have no people: left as they are.
  Value rate = value(12.5, Unit::Percent);
  mask_small_counts(rate);
  CHECK_FALSE(rate.masked);
  CHECK(rate.number == 12.5);

  std::vector<Figure> figures(1);
  figures[0].key = "unique_visitors";
  figures[0].current = value(4, Unit::People, 4);
  figures[0].previous = value(12, Unit::People, 12);
  std::vector<Table> tables{sample_table()};
  mask_small_counts(figures, tables);
  CHECK(figures[0].current.masked);
  CHECK_FALSE(figures[0].previous.masked);
  CHECK_FALSE(tables[0].rows[0].cells[0].masked);  // 40 people
  CHECK(tables[0].rows[1].cells[0].masked);        // 3 people
  CHECK(tables[0].rows[2].cells[0].masked);        // 0 people
  CHECK_FALSE(tables[0].rows[2].cells[1].masked);  // a rate
  CHECK(format_value(tables[0].rows[1].cells[0]) == "<" + kN + "5");
}

TEST_CASE("table_csv: UTF-8 with commas, parsed back", "[reports]") {
  Table t = sample_table();
  mask_small_counts(t.rows[1].cells[0]);
  const std::string text = table_csv(t, false);
  CHECK_FALSE(text.starts_with(csv::kByteOrderMark));
  CHECK(text.find("\r\n") != std::string::npos);
  const auto rows = csv::parse(text, ',');
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == std::vector<std::string>{"Jour", "Passages", "Taux ; « utile »", "Durée"});
  // Date rows carry the ISO date; numbers plain, '.' decimals, no grouping.
  CHECK(rows[1] == std::vector<std::string>{"2026-11-03", "1234", "45.3", "65.4"});
  CHECK(rows[2] == std::vector<std::string>{"2026-11-04", "< 5", "", "12.5"});
  CHECK(rows[3] == std::vector<std::string>{"Montbard, « centre »", "0", "100", ""});
}

TEST_CASE("table_csv: the « tableur » variant (semicolons, BOM, decimal commas)", "[reports]") {
  Table t = sample_table();
  mask_small_counts(t.rows[1].cells[0]);
  const std::string text = table_csv(t, true);
  CHECK(text.starts_with(csv::kByteOrderMark));
  const auto rows = csv::parse(text, ';');
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == std::vector<std::string>{"Jour", "Passages", "Taux ; « utile »", "Durée"});
  CHECK(rows[1] == std::vector<std::string>{"2026-11-03", "1234", "45,3", "65,4"});
  CHECK(rows[2] == std::vector<std::string>{"2026-11-04", "< 5", "", "12,5"});
  CHECK(rows[3] == std::vector<std::string>{"Montbard, « centre »", "0", "100", ""});
  // Every line has the header's number of fields, even a short row.
  t.rows[0].cells.pop_back();
  for (const auto& row : csv::parse(table_csv(t, true), ';')) CHECK(row.size() == 4);
}

// Issue 14: a row named after a site or a workshop starting with = + - @ went
// into the dashboard's CSV as it was. Labels are text (neutralised); values
// are numbers and stay numbers, negative ones included.
TEST_CASE("spreadsheet formulas in CSV: table_csv neutralises labels, never numbers", "[reports]") {
  Table t = sample_table();
  t.rows[2].label = "=HYPERLINK(\"https://evil.example\")";
  t.rows[2].cells = {value(-3, Unit::Count), value(-1.5, Unit::Percent), value(-12.25, Unit::Hours)};
  t.columns[0] = "@Passages";
  for (const bool spreadsheet : {false, true}) {
    CAPTURE(spreadsheet);
    const char separator = spreadsheet ? ';' : ',';
    const std::string s(1, separator);
    const std::string text = table_csv(t, spreadsheet);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("\r\n\"'=HYPERLINK(\"\"https://evil.example\"\")\"" + s + "-3" + s));
    CHECK_THAT(text, Catch::Contains(spreadsheet ? ";-3;-1,5;-12,3\r\n" : ",-3,-1.5,-12.3\r\n"));
    CHECK_THAT(text, Catch::Contains("Jour" + s + "'@Passages" + s));
    const auto rows = csv::parse(text, separator);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0][1] == "@Passages");
    CHECK(rows[3][0] == "=HYPERLINK(\"https://evil.example\")");
    CHECK(rows[3][1] == "-3");
  }
}
