// CSV writing as French open data expects it (open-data.md): UTF-8, a
// separator (comma; semicolon for the spreadsheet variant), double quotes
// around any field holding the separator, a quote, CR or LF (quotes doubled),
// CRLF line ends (RFC 4180), the same number of fields on every line.
//
// Formulas: a spreadsheet runs a cell starting with = + - @ (or a TAB or CR
// before one) as a formula, so a member named « =HYPERLINK(…) » would become
// a link in the file an intercommunality opens (CSV injection, OWASP). Every
// text cell starting with one of those characters is written with a single
// quote in front, which spreadsheets take as « this is text ». Numbers are
// typed cells (`number`) and are written as they are when they look like a
// number, so « -3 » and « -1,5 » stay numbers; anything else in a number cell
// is treated as text. The rule is reversible: a text that already starts with
// quotes followed by one of those characters gets one more quote, and `parse`
// takes exactly one away, so reading an Escale file gives back what was written.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace escale::csv {

inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// One cell of a row: text (anything a person typed or chose: names, titles,
// labels) unless marked as a number.
struct Cell {
  std::string value;
  bool number = false;
};
inline Cell text(std::string value) {
  return Cell{std::move(value), false};
}
// A number as written in the file ("12", "-3", "-1,5", "45.2"), or a value
// made of a sign and digits a spreadsheet reads as a number (an E.164 phone
// number such as +33555123456).
inline Cell number(std::string value) {
  return Cell{std::move(value), true};
}

// Does a spreadsheet take this as a plain number (optional sign, digits, at
// most one decimal point or comma followed by digits)? Such a value can never
// be a formula.
bool looks_like_number(std::string_view value);
// A text as written, before quoting: one more leading ' when it starts with
// quotes and then = + - @ TAB or CR; otherwise unchanged.
std::string neutralised(std::string_view value);
// The reverse: one leading ' taken away when quotes and then = + - @ TAB or
// CR start the value; otherwise unchanged.
std::string restored(std::string_view value);

// One text field, neutralised and quoted when needed.
std::string field(std::string_view value, char separator = ',');
// One cell, neutralised unless it is a number that looks like one, quoted when needed.
std::string field(const Cell& cell, char separator = ',');
// One line (fields quoted as needed, separated, ending in CRLF); plain
// strings are text cells.
void append_row(std::string& out, std::span<const std::string> fields, char separator = ',');
void append_row(std::string& out, std::span<const Cell> cells, char separator = ',');
// Parses CSV text back into rows (for tests and imports): RFC 4180 quoting,
// CRLF or LF line ends, a leading byte-order mark skipped, each value
// `restored`. Throws std::runtime_error with the line number on malformed
// input (an unclosed quote).
std::vector<std::vector<std::string>> parse(std::string_view text, char separator = ',');

}  // namespace escale::csv
