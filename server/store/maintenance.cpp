// The database as a whole: health check and backup copy.
#include "store/maintenance.hpp"

namespace escale::server {

void check_database_answers(store::Database& db) {
  db.prepare("SELECT 1").step();
}

void copy_database_into(store::Database& db, const std::filesystem::path& target) {
  db.prepare("VACUUM INTO ?").bind(1, target.string()).run();
}

}  // namespace escale::server
