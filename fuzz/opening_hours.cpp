// Harness: opening hours in the OSM syntax (OpeningHours::parse,
// shared/domain/opening_hours.cpp), typed by animators in the back office and
// read from the sync answer. Accepted hours hold ordered, disjoint ranges
// within the day, and read the same when parsed again.
#include "domain/opening_hours.hpp"
#include "fuzz_support.hpp"

using namespace escale;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string error;
  const auto hours = OpeningHours::parse(escale::fuzz::as_text(data, size), &error);
  if (!hours) {
    FUZZ_CHECK(!error.empty());
    return 0;
  }
  const auto again = OpeningHours::parse(hours->text());
  FUZZ_CHECK(again.has_value());
  for (int day = 1; day <= 7; ++day) {
    for (const bool holiday : {false, true}) {
      const auto& ranges = hours->ranges_for(day, holiday);
      FUZZ_CHECK(ranges == again->ranges_for(day, holiday));
      for (std::size_t i = 0; i < ranges.size(); ++i) {
        FUZZ_CHECK(ranges[i].start_minute >= 0 && ranges[i].start_minute < ranges[i].end_minute &&
                   ranges[i].end_minute <= 24 * 60);
        if (i > 0) FUZZ_CHECK(ranges[i - 1].end_minute <= ranges[i].start_minute);
      }
    }
  }
  // A Monday, a Sunday and 1 May (a public holiday), at a few times.
  for (const int minute : {0, 9 * 60 + 30, 23 * 60 + 59}) {
    for (const auto& [y, m, d] : {std::array{2026, 11, 23}, std::array{2026, 11, 22}, std::array{2026, 5, 1}}) {
      LocalTime t;
      t.year = y;
      t.month = m;
      t.day = d;
      t.hour = minute / 60;
      t.minute = minute % 60;
      (void)hours->is_open(t);
    }
  }
  return 0;
}
