// Synthetic rows for `escale-server demo` and the benchmarks (server/demo):
// millions of visits, bookings and help records written straight into the
// tables, on purpose without the change log, the audit log or the per-row
// checks of the domain functions (nothing here is on a request path). Each
// function takes the row's values in the order of its columns, all bound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"

namespace escale::server::synthetic {

// (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in)
template <typename... Values>
void insert_visit(store::Database& db, const Values&... values) {
  static_assert(sizeof...(Values) == 9);
  db.cached(
        "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(values...)
      .run();
}

// (id, site_id, resource_id, member_id, start_at, end_at, local_date, status, refusal, kiosk_id, created_at,
//  updated_at, checked_in_at)
template <typename... Values>
void insert_booking(store::Database& db, const Values&... values) {
  static_assert(sizeof...(Values) == 13);
  db.cached(
        "INSERT INTO bookings (id, site_id, resource_id, member_id, start_at, end_at, local_date, status, refusal, "
        "kiosk_id, created_at, updated_at, checked_in_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(values...)
      .run();
}

// (id, site_id, type_id, mediator_id, start_at, end_at, local_date, collective, capacity, title, level, place,
//  cancelled, created_at, updated_at); no refusal, no kiosk.
template <typename... Values>
void insert_appointment(store::Database& db, const Values&... values) {
  static_assert(sizeof...(Values) == 15);
  db.cached(
        "INSERT INTO appointments (id, site_id, type_id, mediator_id, start_at, end_at, local_date, collective, "
        "capacity, title, level, place, cancelled, refusal, kiosk_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)")
      .bind_all(values...)
      .run();
}

// (id, appointment_id, member_id, first_name, phone, reminders, status, added_at, updated_at); no email, no
// topics, not waiting.
template <typename... Values>
void insert_participant(store::Database& db, const Values&... values) {
  static_assert(sizeof...(Values) == 9);
  db.cached(
        "INSERT INTO participants (id, appointment_id, member_id, first_name, phone, email, reminders, topics, "
        "status, waiting, added_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, '', ?, 0, ?, ?)")
      .bind_all(values...)
      .run();
}

// (id, site_id, mediator_id, appointment_id, participant_id, collective, local_date, duration_min, equipment,
//  themes, autonomy, age_bracket, social_status, gender, home_insee, anonymous, participants, workshop_title,
//  level, recorded_at, updated_at); at the activity's site, no redirection, no note.
template <typename... Values>
void insert_activity(store::Database& db, const Values&... values) {
  static_assert(sizeof...(Values) == 21);
  db.cached(
        "INSERT INTO activities (id, site_id, mediator_id, appointment_id, participant_id, collective, local_date, "
        "duration_min, place, place_insee, equipment, themes, autonomy, redirection, age_bracket, social_status, "
        "gender, home_insee, anonymous, participants, workshop_title, level, note, recorded_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'lieu_activite', NULL, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)")
      .bind_all(values...)
      .run();
}

// A site (name, address, insee_code, opening_hours, created_at); returns its id.
std::int64_t insert_site(store::Database& db, const std::string& name, const std::string& address,
                         std::string_view insee_code, const std::string& opening_hours, const std::string& created_at);
// A desk of capacity 1 without features; returns its id.
std::int64_t insert_desk(store::Database& db, std::int64_t site_id, const std::string& name);
// A visio room for 6 with a camera; returns its id.
std::int64_t insert_visio_room(store::Database& db, std::int64_t site_id, const std::string& name);
// A member without email or phone; returns their id.
std::int64_t insert_member(store::Database& db, std::int64_t site_id, const std::string& first_name,
                           const std::string& last_name, const std::optional<std::string>& home_commune,
                           std::string_view age_bracket, const std::string& roles, const std::string& created_at);
// A badge, unless its UID is already someone's.
void insert_badge_unless_taken(store::Database& db, const std::string& uid, std::int64_t member_id,
                               const std::string& created_at);
// The kiosk « entrée »; returns its id.
std::int64_t insert_entrance_kiosk(store::Database& db, std::int64_t site_id, const std::string& token_hash,
                                   const std::string& created_at, const std::string& last_sync_at);
// A kiosk « ancienne borne », revoked long ago.
void insert_revoked_kiosk(store::Database& db, std::int64_t site_id, const std::string& token_hash,
                          const std::string& created_at, const std::string& revoked_at,
                          const std::string& last_sync_at);
// The two appointment types a demo site offers; return their ids.
std::int64_t insert_online_help_type(store::Database& db, std::int64_t site_id);
std::int64_t insert_email_workshop_type(store::Database& db, std::int64_t site_id);

// The connection's page cache (PRAGMA cache_size: pages when positive, KiB when negative).
std::int64_t page_cache_size(store::Database& db);
void set_page_cache_size(store::Database& db, std::int64_t size);

// Whether the database holds any site (the demo goes into a new database only).
bool has_sites(store::Database& db);

}  // namespace escale::server::synthetic
