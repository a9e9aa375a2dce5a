// CSV writing as French open data expects it (open-data.md): UTF-8, a
// separator (comma; semicolon for the spreadsheet variant), double quotes
// around any field holding the separator, a quote, CR or LF (quotes doubled),
// CRLF line ends (RFC 4180), the same number of fields on every line.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace escale::csv {

inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// One field, quoted when needed.
std::string field(std::string_view value, char separator = ',');
// One line (fields quoted as needed, separated, ending in CRLF).
void append_row(std::string& out, std::span<const std::string> fields, char separator = ',');
// Parses CSV text back into rows (for tests and imports): RFC 4180 quoting,
// CRLF or LF line ends, a leading byte-order mark skipped. Throws
// std::runtime_error with the line number on malformed input (an unclosed quote).
std::vector<std::vector<std::string>> parse(std::string_view text, char separator = ',');

}  // namespace escale::csv
