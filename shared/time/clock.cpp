// Instants, their ISO 8601 text form, and Europe/Paris wall-clock time.
#include "time/clock.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cstdint>

namespace escale {
namespace {

using date::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// Looking a zone up reads the tz database; do it once per process.
const date::time_zone& paris_zone() {
  static const date::time_zone* const zone = date::locate_zone("Europe/Paris");
  return *zone;
}

void append_padded(std::string& out, std::int64_t value, int width) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (value < 0) out += '-';
  for (int i = static_cast<int>(digits.size()); i < width; ++i) out += '0';
  out += digits;
}

// Days since the epoch of a civil date; months and days out of range carry
// over (month 13 is January of the next year, day 32 of March is 1 April), so
// callers can step a day or a month by plain arithmetic.
date::sys_days normalized_days(int year, int month, int day) {
  const date::year_month first_month = date::year{year} / date::January + date::months{month - 1};
  return date::sys_days{first_month / date::day{1}} + days{day - 1};
}

// A strict reader for the fixed-width fields of an ISO 8601 timestamp.
class IsoReader {
 public:
  explicit IsoReader(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ == text_.size(); }
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  bool expect(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }

  // Exactly `count` decimal digits.
  std::optional<int> digits(int count) {
    int value = 0;
    for (int i = 0; i < count; ++i) {
      if (pos_ >= text_.size() || !is_digit(text_[pos_])) return std::nullopt;
      value = value * 10 + (text_[pos_++] - '0');
    }
    return value;
  }

  // 1 to 9 digits of a fraction of a second, truncated to milliseconds.
  std::optional<int> fraction_ms() {
    int value = 0;
    int count = 0;
    while (pos_ < text_.size() && is_digit(text_[pos_])) {
      if (count < 3) value = value * 10 + (text_[pos_] - '0');
      ++count;
      ++pos_;
    }
    if (count < 1 || count > 9) return std::nullopt;
    for (int i = count; i < 3; ++i) value *= 10;
    return value;
  }

 private:
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// The "Z" or "±HH:MM" suffix as an offset east of UTC.
std::optional<minutes> read_offset(IsoReader& in) {
  if (in.expect('Z')) return minutes{0};
  int sign = 0;
  if (in.expect('+')) {
    sign = 1;
  } else if (in.expect('-')) {
    sign = -1;
  } else {
    return std::nullopt;
  }
  const auto h = in.digits(2);
  if (!h || !in.expect(':')) return std::nullopt;
  const auto m = in.digits(2);
  if (!m || *h > 23 || *m > 59) return std::nullopt;
  return minutes{sign * (*h * 60 + *m)};
}

}  // namespace

Instant now() {
  return std::chrono::floor<milliseconds>(Clock::now());
}

std::string to_iso_utc(Instant t) {
  const auto day = date::floor<days>(t);
  const date::year_month_day ymd{date::sys_days{day}};
  const date::hh_mm_ss<milliseconds> tod{t - day};
  std::string out;
  out.reserve(24);
  append_padded(out, static_cast<int>(ymd.year()), 4);
  out += '-';
  append_padded(out, static_cast<unsigned>(ymd.month()), 2);
  out += '-';
  append_padded(out, static_cast<unsigned>(ymd.day()), 2);
  out += 'T';
  append_padded(out, tod.hours().count(), 2);
  out += ':';
  append_padded(out, tod.minutes().count(), 2);
  out += ':';
  append_padded(out, tod.seconds().count(), 2);
  out += '.';
  append_padded(out, tod.subseconds().count(), 3);
  out += 'Z';
  return out;
}

std::optional<Instant> parse_iso_utc(std::string_view text) {
  IsoReader in(text);
  const auto year = in.digits(4);
  if (!year || !in.expect('-')) return std::nullopt;
  const auto month = in.digits(2);
  if (!month || !in.expect('-')) return std::nullopt;
  const auto day = in.digits(2);
  if (!day || !in.expect('T')) return std::nullopt;
  const auto hour = in.digits(2);
  if (!hour || !in.expect(':')) return std::nullopt;
  const auto minute = in.digits(2);
  if (!minute || !in.expect(':')) return std::nullopt;
  const auto second = in.digits(2);
  if (!second) return std::nullopt;
  int ms = 0;
  if (in.expect('.')) {
    const auto fraction = in.fraction_ms();
    if (!fraction) return std::nullopt;
    ms = *fraction;
  }
  const auto offset = read_offset(in);
  if (!offset || !in.at_end()) return std::nullopt;

  const date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)},
                                 date::day{static_cast<unsigned>(*day)}};
  // Leap seconds (":60") are not representable in system_clock; reject them.
  if (!ymd.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;

  const Instant local_reading{date::sys_days{ymd}.time_since_epoch() + hours{*hour} + minutes{*minute} +
                              seconds{*second} + milliseconds{ms}};
  // In UTC too the year must have four digits, or to_iso_utc could not write
  // it back ("0000-01-01T00:00:00+23:59" is in the year -1).
  static const Instant first{date::sys_days{date::year{0} / 1 / 1}.time_since_epoch()};
  static const Instant after_last{date::sys_days{date::year{10000} / 1 / 1}.time_since_epoch()};
  const Instant utc = local_reading - *offset;
  if (utc < first || utc >= after_last) return std::nullopt;
  return utc;
}

LocalTime to_paris(Instant t) {
  const auto info = paris_zone().get_info(std::chrono::floor<seconds>(t));
  const auto local = std::chrono::floor<seconds>(t) + info.offset;
  const auto day = date::floor<days>(local);
  const date::year_month_day ymd{date::sys_days{day}};
  const date::hh_mm_ss<seconds> tod{local - day};

  LocalTime out;
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  out.weekday = static_cast<int>(date::weekday{date::sys_days{ymd}}.iso_encoding());
  out.hour = static_cast<int>(tod.hours().count());
  out.minute = static_cast<int>(tod.minutes().count());
  out.second = static_cast<int>(tod.seconds().count());
  out.utc_offset_minutes = static_cast<int>(std::chrono::duration_cast<minutes>(info.offset).count());
  return out;
}

Instant from_paris(int year, int month, int day, int hour, int minute, int second) {
  const date::local_seconds wall{normalized_days(year, month, day).time_since_epoch() + hours{hour} + minutes{minute} +
                                 seconds{second}};
  const date::local_info info = paris_zone().get_info(wall);
  // `first` is the offset in force just before the transition, whatever the
  // result: for a unique reading it is the only one; in the spring gap,
  // subtracting the winter offset lands the gap's length later (02:30 → 03:30
  // CEST); in the autumn overlap it is summer time, the earlier instant.
  const seconds offset = info.first.offset;
  return Instant{wall.time_since_epoch() - offset};
}

std::string paris_date(Instant t) {
  const LocalTime local = to_paris(t);
  std::string out;
  out.reserve(10);
  append_padded(out, local.year, 4);
  out += '-';
  append_padded(out, local.month, 2);
  out += '-';
  append_padded(out, local.day, 2);
  return out;
}

// Paris changes clocks at 02:00/03:00, never at midnight, so local midnight
// always exists exactly once.
Instant paris_day_start(Instant t) {
  const LocalTime local = to_paris(t);
  return from_paris(local.year, local.month, local.day, 0, 0);
}

Instant paris_next_day_start(Instant t) {
  const LocalTime local = to_paris(t);
  return from_paris(local.year, local.month, local.day + 1, 0, 0);
}

}  // namespace escale
