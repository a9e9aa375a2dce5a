// Harness: the reporting period of the dashboard's and reports' URLs
// (parse_period, server/reports/period.cpp: period=, from=, to= — fields on
// 0x1F). An accepted period is well ordered, at most kMaxPeriodDays long,
// prints to a text that reads back to itself, and has a previous period.
#include "fuzz_support.hpp"
#include "reports/period.hpp"

using namespace escale;
using namespace escale::server::reports;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const escale::fuzz::Fields f(escale::fuzz::as_text(data, size));
  const CivilDate today{2026, 11, 22};
  const auto period = parse_period(f[0], f[1], f[2], today);
  if (!period) {
    FUZZ_CHECK(!period.error().empty());
    return 0;
  }
  FUZZ_CHECK(!(period->last < period->first));
  FUZZ_CHECK(day_count(*period) >= 1 && day_count(*period) <= kMaxPeriodDays);
  const std::string text = to_text(*period);
  const bool dates = period->kind == PeriodKind::Custom;
  const auto dots = text.find("..");
  const auto again =
      dates ? parse_period("", text.substr(0, dots), text.substr(dots + 2), today) : parse_period(text, "", "", today);
  if (!again) std::fprintf(stderr, "%s: %s\n", text.c_str(), again.error().c_str());
  FUZZ_CHECK(again.ok() && *again == *period);
  const Period previous = previous_period(*period);
  FUZZ_CHECK(previous.last < period->first);
  (void)comparable_previous(*period, today);
  (void)label(*period);
  (void)file_stem(*period);
  return 0;
}
