// Values as a person reads them (French typography) and as a spreadsheet
// reads them (CSV), and the « < 5 » rule for reporting accounts.
#include "reports/report_model.hpp"

#include <cmath>

#include "text/csv.hpp"
#include "time/public_holidays.hpp"  // parse_iso_date: date rows are written as ISO dates

namespace escale::server::reports {
namespace {

// French typography: a narrow no-break space (U+202F) groups thousands and
// stands before « % » and around « h », so nothing breaks across lines.
constexpr std::string_view kNnbsp = "\u202F";
constexpr std::string_view kMaskedText = "< 5";  // CSV and JSON
constexpr std::int64_t kSmallCount = 5;

// 1234567 → « 1 234 567 » (narrow no-break spaces).
std::string grouped(std::int64_t n) {
  const bool negative = n < 0;
  std::string digits = std::to_string(negative ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += kNnbsp;
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

// One decimal, « ,0 » left out: 45.25 → « 45,3 », 50 → « 50 ». Halves round
// away from zero, the same in every output (printf would round 45.25 down).
std::string one_decimal(double v, std::string_view point, bool group) {
  const auto tenths = static_cast<std::int64_t>(std::llround(v * 10.0));
  const std::int64_t whole = tenths / 10;
  const std::int64_t tenth = tenths % 10 < 0 ? -(tenths % 10) : tenths % 10;
  std::string out = tenths < 0 && whole == 0 ? "-" : "";
  out += group ? grouped(whole) : std::to_string(whole);
  if (tenth != 0) out += std::string(point) + std::to_string(tenth);
  return out;
}

// « 1 h 05 », « 45 min », « 12 h ».
std::string duration_text(double minutes) {
  const auto total = static_cast<std::int64_t>(std::llround(minutes));
  if (total < 60) return std::to_string(total) + std::string(kNnbsp) + "min";
  const std::int64_t h = total / 60;
  const std::int64_t m = total % 60;
  std::string out = grouped(h) + std::string(kNnbsp) + "h";
  if (m != 0) out += std::string(kNnbsp) + (m < 10 ? "0" : "") + std::to_string(m);
  return out;
}

// For CSV: the plain number, no grouping, '.' or ',' as decimal point.
std::string csv_number(const Value& v, bool decimal_comma) {
  const double x = *v.number;
  if (v.unit == Unit::Count || v.unit == Unit::People) return std::to_string(std::llround(x));
  return one_decimal(x, decimal_comma ? "," : ".", false);
}

std::string csv_cell(const Value& v, bool decimal_comma) {
  if (v.masked) return std::string(kMaskedText);
  if (!v.number) return "";
  return csv_number(v, decimal_comma);
}

}  // namespace

void mask_small_counts(Value& v) {
  if (!v.people || *v.people >= kSmallCount) return;
  v.masked = true;
  v.number.reset();
}

void mask_small_counts(std::vector<Figure>& figures, std::vector<Table>& tables) {
  for (auto& f : figures) {
    mask_small_counts(f.current);
    mask_small_counts(f.previous);
  }
  for (auto& t : tables) {
    for (auto& row : t.rows) {
      for (auto& cell : row.cells) mask_small_counts(cell);
    }
  }
}

std::string format_value(const Value& v) {
  if (v.masked) return "<" + std::string(kNnbsp) + "5";
  if (!v.number) return "—";
  const double x = *v.number;
  switch (v.unit) {
    case Unit::Count:
    case Unit::People:
      return grouped(std::llround(x));
    case Unit::Percent:
      return one_decimal(x, ",", true) + std::string(kNnbsp) + "%";
    case Unit::Minutes:
      return duration_text(x);
    case Unit::Hours:
      return one_decimal(x, ",", true) + std::string(kNnbsp) + "h";
  }
  return "—";
}

std::string table_csv(const Table& t, bool spreadsheet) {
  const char separator = spreadsheet ? ';' : ',';
  std::string out = spreadsheet ? std::string(csv::kByteOrderMark) : std::string();
  std::vector<std::string> header;
  header.reserve(t.columns.size() + 1);
  header.push_back(t.first_column);
  header.insert(header.end(), t.columns.begin(), t.columns.end());
  csv::append_row(out, header, separator);
  // Labels are text (a site's or a workshop's name may start with = or +:
  // csv neutralises it); values are numbers, written as they are.
  std::vector<csv::Cell> cells;
  cells.reserve(t.columns.size() + 1);
  for (const auto& row : t.rows) {
    cells.clear();
    // A row of a day is written as its ISO date (a spreadsheet reads it as a date).
    cells.push_back(csv::text(parse_iso_date(row.key) ? row.key : row.label));
    for (const auto& cell : row.cells) cells.push_back(csv::number(csv_cell(cell, spreadsheet)));
    // Every line has as many fields as the header (RFC 4180).
    cells.resize(t.columns.size() + 1);
    csv::append_row(out, cells, separator);
  }
  return out;
}

}  // namespace escale::server::reports
