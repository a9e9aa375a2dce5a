// The database as a whole: whether it answers, and a consistent copy of it.
#pragma once

#include <filesystem>

#include "store/database.hpp"

namespace escale::server {

// Runs the smallest query there is; throws store::StoreError when the
// database does not answer (for /healthz).
void check_database_answers(store::Database& db);

// Writes a consistent, compacted copy of the database to `target` (a new
// file) while other connections go on working (VACUUM INTO).
void copy_database_into(store::Database& db, const std::filesystem::path& target);

}  // namespace escale::server
