// Harness: CSV (shared/text/csv.cpp). The input is read as CSV text with
// either separator (imports; a malformed file is a std::runtime_error naming
// its line, nothing else). Its fields, split on 0x1F and rows on 0x1E, are
// also written and read back, which must be exact.
#include <stdexcept>

#include "fuzz_support.hpp"
#include "text/csv.hpp"

using namespace escale;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const char separator = data[0] % 2 == 0 ? ',' : ';';
  const auto text = escale::fuzz::as_text(data + 1, size - 1);
  try {
    const auto rows = csv::parse(text, separator);
    // What was read writes back and reads the same (rows of at least one field).
    std::string written(csv::kByteOrderMark);
    for (const auto& row : rows) {
      FUZZ_CHECK(!row.empty());
      csv::append_row(written, row, separator);
    }
    FUZZ_CHECK(csv::parse(written, separator) == rows);
  } catch (const std::runtime_error& e) {
    FUZZ_CHECK(std::string_view(e.what()).rfind("CSV line ", 0) == 0);
  }

  // Write → read is exact: rows split on 0x1E, fields on 0x1F. The file starts
  // with the byte-order mark, as the « tableur » files do (the reader drops
  // one leading mark, which without it would be the first field's).
  std::vector<std::vector<std::string>> rows;
  std::string_view rest = text;
  while (true) {
    const auto end = rest.find('\x1e');
    std::vector<std::string> row;
    const escale::fuzz::Fields fields(rest.substr(0, end));
    for (std::size_t i = 0; i < fields.size(); ++i) row.emplace_back(fields[i]);
    rows.push_back(std::move(row));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  std::string file(csv::kByteOrderMark);
  for (const auto& row : rows) csv::append_row(file, row, separator);
  FUZZ_CHECK(csv::parse(file, separator) == rows);
  return 0;
}
