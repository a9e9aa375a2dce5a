#include "text/csv.hpp"

#include <stdexcept>

namespace escale::csv {

std::string field(std::string_view value, char separator) {
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

void append_row(std::string& out, std::span<const std::string> fields, char separator) {
  bool first = true;
  for (const auto& f : fields) {
    if (!first) out += separator;
    first = false;
    out += field(f, separator);
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
    row.push_back(std::move(cell));
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
