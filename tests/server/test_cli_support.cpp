#include "cli/cli_support.hpp"  // first: the header is self-contained

// Times as a person types them on the command line: ISO 8601 UTC, or a Paris
// wall clock read by the one ISO date reader (time/iso_date.hpp, issue 16).
#include <catch2/catch.hpp>

using namespace escale;
using escale::server::cli::parse_cli_time;

TEST_CASE("cli: a time in UTC or on Paris clocks", "[cli]") {
  CHECK(parse_cli_time("2026-11-20T08:30:00Z") == parse_iso_utc("2026-11-20T08:30:00Z"));
  // Winter (UTC+1) and summer (UTC+2) on Paris clocks, with a space or a T.
  CHECK(parse_cli_time("2026-11-20 09:30") == parse_iso_utc("2026-11-20T08:30:00Z"));
  CHECK(parse_cli_time("2026-11-20T09:30") == parse_iso_utc("2026-11-20T08:30:00Z"));
  CHECK(parse_cli_time("2026-07-14 09:30") == parse_iso_utc("2026-07-14T07:30:00Z"));
  CHECK(parse_cli_time("2028-02-29 00:00") == parse_iso_utc("2028-02-28T23:00:00Z"));
}

TEST_CASE("cli: a time that does not exist or is not quite ISO is refused", "[cli]") {
  // The hand-written reader (sscanf) took these three, 2026-02-30 as 2 March.
  for (const char* text : {"2026-02-30 10:00", "2026-1-5 8:30", "2026-11-20 9:30"}) {
    INFO(text);
    CHECK_FALSE(parse_cli_time(text));
  }
  for (const char* text : {"2026-11-20 09:30 et plus", "2026-11-20 24:00", "2026-11-20 09:60", "2026-11-20",
                           "20 novembre 2026 09:30", ""}) {
    INFO(text);
    CHECK_FALSE(parse_cli_time(text));
  }
}
