// The server's database: its numbered migrations and how to open it.
// One module per aggregate sits beside this file (sites, members, badges,
// credentials, visits, changes); each owns the SQL of its tables.
#pragma once

#include <filesystem>

#include "store/database.hpp"

namespace escale::server {

// Opens (creating when missing) and migrates the server database.
store::Database open_server_db(const std::filesystem::path& path);
// For migration tests: opens and migrates up to `version` only (an older server's database).
store::Database open_server_db(const std::filesystem::path& path, int version);
// The schema version this build of the server writes.
int server_schema_version();

}  // namespace escale::server
