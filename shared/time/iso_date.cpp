// ISO 8601 dates and minutes read strictly with date::parse. See iso_date.hpp.
#include "time/iso_date.hpp"

#include <date/date.h>

#include <cstdio>
#include <locale>
#include <sstream>

namespace escale {
namespace {

// Whether `text` has a digit wherever `shape` has '9', and `shape`'s own
// character elsewhere. date::parse alone would take "26-1-5" or "+2026-01-05"
// (its fields have a maximum width, not a fixed one).
bool has_shape(std::string_view text, std::string_view shape) {
  if (text.size() != shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (shape[i] == '9' ? !digit : text[i] != shape[i]) return false;
  }
  return true;
}

// date::parse over the whole of `text` with `format`: nullopt when a field is
// out of range, the date does not exist, or anything is left over.
template <typename T>
std::optional<T> parse_all(std::string_view text, const char* format) {
  // One stream per thread, reused: building a stream (and its locale) costs
  // more than the parse.
  thread_local std::istringstream in = [] {
    std::istringstream s;
    s.imbue(std::locale::classic());
    return s;
  }();
  in.clear();
  in.str(std::string(text));
  T value{};
  in >> date::parse(format, value);
  if (in.fail() || in.peek() != std::istringstream::traits_type::eof()) return std::nullopt;
  return value;
}

CivilDate to_civil(const date::year_month_day& ymd) {
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace

std::string to_iso_date(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::optional<CivilDate> parse_iso_date(std::string_view text) {
  if (!has_shape(text, "9999-99-99")) return std::nullopt;
  const auto ymd = parse_all<date::year_month_day>(text, "%Y-%m-%d");
  if (!ymd) return std::nullopt;
  return to_civil(*ymd);
}

std::optional<CivilMinute> parse_iso_date_minute(std::string_view text) {
  const bool with_t = has_shape(text, "9999-99-99T99:99");
  if (!with_t && !has_shape(text, "9999-99-99 99:99")) return std::nullopt;
  const auto t = parse_all<date::local_time<std::chrono::minutes>>(text, with_t ? "%Y-%m-%dT%H:%M" : "%Y-%m-%d %H:%M");
  if (!t) return std::nullopt;
  const auto day = date::floor<date::days>(*t);
  const date::hh_mm_ss<std::chrono::minutes> clock{*t - day};
  return CivilMinute{to_civil(date::year_month_day{day}), static_cast<int>(clock.hours().count()),
                     static_cast<int>(clock.minutes().count())};
}

}  // namespace escale
