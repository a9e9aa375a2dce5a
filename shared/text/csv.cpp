// CSV fields, the formula rule and the reader. See csv.hpp.
#include "text/csv.hpp"

#include <stdexcept>

namespace escale::csv {
namespace {

// What makes a spreadsheet read a cell as a formula (OWASP « CSV injection »):
// = + - @ first, or a TAB or CR before them (some spreadsheets skip those).
constexpr std::string_view kFormulaStart = "=+-@\t\r";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Quotes, then a formula character: the values that take (writing) or lose
// (reading) one leading quote.
bool quotes_then_formula(std::string_view value, std::size_t min_quotes) {
  std::size_t quotes = 0;
  while (quotes < value.size() && value[quotes] == '\'') ++quotes;
  return quotes >= min_quotes && quotes < value.size() && kFormulaStart.find(value[quotes]) != std::string_view::npos;
}

std::string with_quotes(std::string_view value, char separator) {
  const bool needs_quotes = value.find_first_of(std::string{separator} + "\"\r\n") != std::string_view::npos;
  if (!needs_quotes) return std::string{value};
  std::string out;
  out.reserve(value.size() + 2);
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

bool looks_like_number(std::string_view value) {
  std::size_t i = 0;
  if (i < value.size() && (value[i] == '+' || value[i] == '-')) ++i;
  const std::size_t digits = i;
  while (i < value.size() && is_digit(value[i])) ++i;
  if (i == digits) return false;
  if (i == value.size()) return true;
  if (value[i] != '.' && value[i] != ',') return false;
  const std::size_t decimals = ++i;
  while (i < value.size() && is_digit(value[i])) ++i;
  return i > decimals && i == value.size();
}

std::string neutralised(std::string_view value) {
  if (!quotes_then_formula(value, 0)) return std::string{value};
  return "'" + std::string{value};
}

std::string restored(std::string_view value) {
  if (!quotes_then_formula(value, 1)) return std::string{value};
  return std::string{value.substr(1)};
}

std::string field(std::string_view value, char separator) {
  return with_quotes(neutralised(value), separator);
}

std::string field(const Cell& cell, char separator) {
  if (cell.number && looks_like_number(cell.value)) return with_quotes(cell.value, separator);
  return field(cell.value, separator);
}

void append_row(std::string& out, std::span<const std::string> fields, char separator) {
  bool first = true;
  for (const auto& f : fields) {
    if (!first) out += separator;
    first = false;
    out += field(f, separator);
  }
  out += "\r\n";
}

void append_row(std::string& out, std::span<const Cell> cells, char separator) {
  bool first = true;
  for (const auto& c : cells) {
    if (!first) out += separator;
    first = false;
    out += field(c, separator);
  }
  out += "\r\n";
}

std::vector<std::vector<std::string>> parse(std::string_view text, char separator) {
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  bool cell_started = false;
  int line = 1;
  std::size_t i = 0;
  auto end_cell = [&] {
    row.push_back(restored(cell));
    cell.clear();
    cell_started = false;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        ++i;
        continue;
      }
      if (c == '\n') ++line;
      cell += c;
      ++i;
      continue;
    }
    if (c == '"' && !cell_started) {
      quoted = true;
      cell_started = true;
      ++i;
      continue;
    }
    if (c == separator) {
      end_cell();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      end_cell();
      rows.push_back(std::move(row));
      row.clear();
      i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
      ++line;
      continue;
    }
    cell += c;
    cell_started = true;
    ++i;
  }
  if (quoted) throw std::runtime_error("CSV line " + std::to_string(line) + ": a quoted field is not closed");
  if (cell_started || !row.empty()) {
    end_cell();
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace escale::csv
