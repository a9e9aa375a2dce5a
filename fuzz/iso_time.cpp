// Harness: ISO 8601 times and dates (parse_iso_utc, shared/time/clock.cpp;
// parse_iso_date, shared/time/public_holidays.cpp), which every sync message,
// API body and query carries, and what is computed from an accepted time:
// its Paris wall clock, its Paris day. Accepted times and dates print and
// read back to themselves.
#include "fuzz_support.hpp"
#include "time/clock.hpp"
#include "time/public_holidays.hpp"

using namespace escale;

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
  }
  if (const auto d = parse_iso_date(text)) {
    FUZZ_CHECK(d->month >= 1 && d->month <= 12 && d->day >= 1 && d->day <= 31);
    const auto again = parse_iso_date(to_iso_date(*d));
    FUZZ_CHECK(again.has_value() && again->year == d->year && again->month == d->month && again->day == d->day);
  }
  return 0;
}
