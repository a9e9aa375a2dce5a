// What a report is made of, whatever it is drawn as (HTML, CSV, JSON):
// figures with their previous-period value, and tables of values. A value
// knows its unit and how many distinct people stand behind it, so the
// « < 5 » rule for reporting accounts (privacy.md) applies in one place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace escale::server::reports {

enum class Unit {
  Count,    // events: visits, accompaniments, bookings
  People,   // distinct persons
  Percent,  // 0..100
  Minutes,  // a duration
  Hours,
};

struct Value {
  std::optional<double> number;  // nullopt: not applicable or no data (« — »)
  Unit unit = Unit::Count;
  // Distinct people behind the figure when known; for event counts, at most
  // the count itself. nullopt: not about people (e.g. hours the desks were open).
  std::optional<std::int64_t> people;
  bool masked = false;  // set by mask_small_counts: shown « < 5 », the number is dropped
};

// Which way a figure is better, so that a change is coloured by what it means
// (more no-shows is not good news) rather than by its sign.
enum class Better { Up, Down, Neither };

struct Figure {
  std::string key;    // stable, for JSON and CSV: "visits", "unique_visitors", …
  std::string label;  // French: « Passages »
  Value current;
  Value previous;
  std::string note;  // a short French precision, may be empty (« dont 12 clôturés automatiquement »)
  Better better = Better::Up;
};

struct TableRow {
  std::string key;    // stable: "mo", "2026-11-03", "21425", "papiers_elections_ants"…
  std::string label;  // French
  std::vector<Value> cells;
};

struct Table {
  std::string key;                       // stable: names the CSV file and the JSON member ("themes", "heat_map"…)
  std::string title;                     // French: « Thèmes des accompagnements »
  std::string first_column;              // header of the label column (« Thème »)
  std::vector<std::string> column_keys;  // stable, one per cell
  std::vector<std::string> columns;      // French headers, one per cell
  std::vector<TableRow> rows;
};

// Drops every value about fewer than 5 distinct people (value.people < 5,
// zero included: telling 0 from 1–4 apart would give the small count away).
// Values with no `people` (rates of desks, hours) are left as they are.
void mask_small_counts(std::vector<Figure>& figures, std::vector<Table>& tables);
void mask_small_counts(Value& v);

// « 1 234 », « 45,2 % », « 1 h 05 », « < 5 », « — » (French typography, narrow no-break spaces).
std::string format_value(const Value& v);

// CSV of one table: header row (first_column, columns…), one row per row,
// numbers with a '.' decimal point in the UTF-8 variant; the « tableur »
// variant (semicolons, BOM) writes decimals with a comma. A masked value is
// written « < 5 », a missing one empty.
std::string table_csv(const Table& t, bool spreadsheet);

}  // namespace escale::server::reports
