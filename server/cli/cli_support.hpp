// What the command line's subcommands share: printing a Result's error for a
// person, and reading and writing times as a person types them.
#pragma once

#include <iostream>
#include <optional>
#include <string>

#include "result.hpp"
#include "time/clock.hpp"

namespace escale::server::cli {

// Prints a result's error for a person and returns the exit code.
template <typename T>
int report(const Result<T>& r) {
  if (!r) {
    std::cerr << "escale-server: " << r.error() << "\n";
    return 1;
  }
  return 0;
}

// A time for the command line: ISO 8601 UTC ("2026-11-20T08:30:00Z") or a
// Paris wall-clock time "2026-11-20 09:30" / "2026-11-20T09:30".
std::optional<Instant> parse_cli_time(const std::string& text);
// "2026-11-20 09:30", Paris wall clock.
std::string paris_text(Instant t);
// "14:30" or "9:00" → minutes after midnight; "24:00" is 1440.
std::optional<int> parse_clock(const std::string& text);

}  // namespace escale::server::cli
