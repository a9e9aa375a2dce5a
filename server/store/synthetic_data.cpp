// Synthetic rows for the demo and the benchmarks: SQL only (see the header).
#include "store/synthetic_data.hpp"

namespace escale::server::synthetic {

std::int64_t insert_site(store::Database& db, const std::string& name, const std::string& address,
                         std::string_view insee_code, const std::string& opening_hours, const std::string& created_at) {
  db.prepare("INSERT INTO sites (name, address, insee_code, opening_hours, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind_all(name, address, insee_code, opening_hours, created_at)
      .run();
  return db.last_insert_rowid();
}

std::int64_t insert_desk(store::Database& db, std::int64_t site_id, const std::string& name) {
  db.prepare("INSERT INTO resources (site_id, kind, name, capacity, features) VALUES (?, 'desk', ?, 1, '')")
      .bind_all(site_id, name)
      .run();
  return db.last_insert_rowid();
}

std::int64_t insert_visio_room(store::Database& db, std::int64_t site_id, const std::string& name) {
  db.prepare("INSERT INTO resources (site_id, kind, name, capacity, features) VALUES (?, 'visio_room', ?, 6, 'caméra')")
      .bind_all(site_id, name)
      .run();
  return db.last_insert_rowid();
}

std::int64_t insert_member(store::Database& db, std::int64_t site_id, const std::string& first_name,
                           const std::string& last_name, const std::optional<std::string>& home_commune,
                           std::string_view age_bracket, const std::string& roles, const std::string& created_at) {
  db.cached(
        "INSERT INTO members (site_id, first_name, last_name, email, phone, home_commune, age_bracket, roles, "
        "created_at) VALUES (?, ?, ?, NULL, NULL, ?, ?, ?, ?)")
      .bind_all(site_id, first_name, last_name, home_commune, age_bracket, roles, created_at)
      .run();
  return db.last_insert_rowid();
}

void insert_badge_unless_taken(store::Database& db, const std::string& uid, std::int64_t member_id,
                               const std::string& created_at) {
  db.cached("INSERT OR IGNORE INTO badges (uid, member_id, created_at) VALUES (?, ?, ?)")
      .bind_all(uid, member_id, created_at)
      .run();
}

std::int64_t insert_entrance_kiosk(store::Database& db, std::int64_t site_id, const std::string& token_hash,
                                   const std::string& created_at, const std::string& last_sync_at) {
  db.prepare("INSERT INTO kiosks (site_id, name, token_hash, created_at, last_sync_at) VALUES (?, 'entrée', ?, ?, ?)")
      .bind_all(site_id, token_hash, created_at, last_sync_at)
      .run();
  return db.last_insert_rowid();
}

void insert_revoked_kiosk(store::Database& db, std::int64_t site_id, const std::string& token_hash,
                          const std::string& created_at, const std::string& revoked_at,
                          const std::string& last_sync_at) {
  db.prepare(
        "INSERT INTO kiosks (site_id, name, token_hash, created_at, revoked_at, last_sync_at) "
        "VALUES (?, 'ancienne borne', ?, ?, ?, ?)")
      .bind_all(site_id, token_hash, created_at, revoked_at, last_sync_at)
      .run();
}

std::int64_t insert_online_help_type(store::Database& db, std::int64_t site_id) {
  db.prepare(
        "INSERT INTO appointment_types (site_id, name, duration_min, collective, capacity, level, place) "
        "VALUES (?, 'Aide aux démarches en ligne', 45, 0, 1, '', 'on_site')")
      .bind(1, site_id)
      .run();
  return db.last_insert_rowid();
}

std::int64_t insert_email_workshop_type(store::Database& db, std::int64_t site_id) {
  db.prepare(
        "INSERT INTO appointment_types (site_id, name, duration_min, collective, capacity, level, place) "
        "VALUES (?, 'Atelier : découvrir la messagerie', 90, 1, 8, 'beginner', 'on_site')")
      .bind(1, site_id)
      .run();
  return db.last_insert_rowid();
}

std::int64_t page_cache_size(store::Database& db) {
  auto st = db.prepare("PRAGMA cache_size");
  return st.step() ? st.int64(0) : -2000;  // SQLite's default
}

void set_page_cache_size(store::Database& db, std::int64_t size) {
  db.exec("PRAGMA cache_size = " + std::to_string(size));  // an integer, not input
}

bool has_sites(store::Database& db) {
  auto st = db.prepare("SELECT COUNT(*) FROM sites");
  st.step();
  return st.int64(0) > 0;
}

}  // namespace escale::server::synthetic
