// What the command line's subcommands share: printing a Result's error for a
// person, and reading and writing times as a person types them.
#pragma once

#include <filesystem>
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
// This machine's host name ("" when unknown).
std::string machine_name();
// "14:30" or "9:00" → minutes after midnight; "24:00" is 1440.
std::optional<int> parse_clock(const std::string& text);

// Run as root (« sudo escale-server kiosk add … ») on a database whose folder
// belongs to the service's user: become that user before SQLite opens it, so
// the files it creates (the database, its -wal and -shm) stay the service's
// and the running server can still write them. A no-op for other users.
Result<bool> become_owner_of_database(const std::filesystem::path& database);

// A consistent copy of a live database (VACUUM INTO), to `to` or, when `to`
// is "-", to standard output (« sudo escale-server backup --to - > file »,
// the shell opening the file as root). Refuses to overwrite a file.
Result<std::uintmax_t> backup_database(const std::filesystem::path& database, const std::filesystem::path& to);

}  // namespace escale::server::cli
