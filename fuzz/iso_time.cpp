// Harness: ISO 8601 times and dates: parse_iso_utc (shared/time/clock.cpp),
// which every sync message, API body and query carries; parse_iso_date and
// parse_iso_date_minute (shared/time/iso_date.cpp, on date::parse), which the
// API's queries, the forms, the store's columns and the command line read;
// and what is computed from an accepted time: its Paris wall clock, its
// Paris day. Accepted times and dates print and read back to themselves, and
// the readers agree on which days exist.
#include <cstdio>
#include <string>

#include "fuzz_support.hpp"
#include "time/clock.hpp"
#include "time/iso_date.hpp"

using namespace escale;

namespace {

std::string two_digits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = escale::fuzz::as_text(data, size);
  if (const auto t = parse_iso_utc(text)) {
    const std::string iso = to_iso_utc(*t);
    const auto again = parse_iso_utc(iso);
    if (!again || *again != *t) std::fprintf(stderr, "printed as %s\n", iso.c_str());
    FUZZ_CHECK(again.has_value() && *again == *t);
    const LocalTime l = to_paris(*t);
    FUZZ_CHECK(l.month >= 1 && l.month <= 12 && l.day >= 1 && l.day <= 31 && l.weekday >= 1 && l.weekday <= 7);
    FUZZ_CHECK(l.hour >= 0 && l.hour < 24 && l.minute >= 0 && l.minute < 60);
    if (l.year >= 1980) FUZZ_CHECK(l.utc_offset_minutes == 60 || l.utc_offset_minutes == 120);
    const Instant start = paris_day_start(*t);
    FUZZ_CHECK(start <= *t && *t < paris_next_day_start(*t));
    (void)paris_date(*t);
    // The date a time starts with is one the date reader takes.
    FUZZ_CHECK(parse_iso_date(text.substr(0, 10)).has_value());
  }
  if (const auto d = parse_iso_date(text)) {
    FUZZ_CHECK(d->year >= 0 && d->year <= 9999);
    FUZZ_CHECK(d->month >= 1 && d->month <= 12 && d->day >= 1 && d->day <= 31);
    FUZZ_CHECK(to_iso_date(*d) == text);  // the only spelling of that day
    // The time reader takes that day too.
    FUZZ_CHECK(parse_iso_utc(std::string(text) + "T00:00:00Z").has_value());
  }
  if (const auto m = parse_iso_date_minute(text)) {
    FUZZ_CHECK(m->hour >= 0 && m->hour < 24 && m->minute >= 0 && m->minute < 60);
    FUZZ_CHECK(parse_iso_date(text.substr(0, 10)) == m->date);
    const std::string clock = two_digits(m->hour) + ":" + two_digits(m->minute);
    FUZZ_CHECK(text.substr(11) == clock);
    FUZZ_CHECK(parse_iso_utc(to_iso_date(m->date) + "T" + clock + ":00Z").has_value());
  }
  return 0;
}
