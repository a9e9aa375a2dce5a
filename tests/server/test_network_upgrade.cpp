// Issue 17: the server's database upgrades in place to the network's schema
// (migration 8) with no data loss. A database as the previous version wrote
// it (schema 7), with members, badges, visits, bookings, appointments,
// activity records and web accounts on two sites, is upgraded; every row of
// every table and every dashboard figure are the same after, and what
// migration 8 adds is right.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "reports/dashboard.hpp"
#include "reports/period.hpp"
#include "server_fixture.hpp"
#include "store/network.hpp"
#include "sync/ingest.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::at;
using escale::tests::TempDir;

// What schema 7 held, written as the previous version wrote it.
void fill_v7(store::Database& db) {
  db.exec(R"sql(
INSERT INTO sites (id, name, address, insee_code, opening_hours, created_at) VALUES
  (1, 'Tiers-lieu d’Aixe', '1 place de l’Église', '87001', 'Mo-Fr 08:30-18:00; PH off', '2025-01-10T09:00:00.000Z'),
  (2, 'Télécentre de Rochechouart', '4 rue du Château', '87126', 'Mo-Sa 09:00-17:00', '2025-03-01T09:00:00.000Z');
INSERT INTO site_mediation (site_id, pivot, postal_code, commune, phone, extra, updated_at) VALUES
  (1, '21870001700019', '87700', 'Aixe-sur-Vienne', '+33555700000',
   '{"territory":"Val de Vienne","producer_siret":"20007151200017"}', '2025-01-10T09:00:00.000Z'),
  (2, '21870126500011', '87600', 'Rochechouart', '', 'not json', '2025-03-01T09:00:00.000Z');
INSERT INTO members (id, site_id, first_name, last_name, email, phone, home_commune, age_bracket, roles, active,
                     created_at, pin_hash, member_ref, erased_at) VALUES
  (1, 1, 'Marie', 'Dupont', 'marie@example.org', '0612345678', '87001', 'from35to60', 'member,animator', 1,
   '2025-01-10T10:00:00.000Z', '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA', NULL, NULL),
  (2, 2, 'Paul', 'Martin', NULL, NULL, '87126', 'over70', 'member', 1, '2025-03-02T10:00:00.000Z', NULL,
   '0b0f4e4e-2b8c-4d4e-9f5a-6a7b8c9d0e1f', NULL),
  (3, 2, 'Marie', 'Durand', NULL, NULL, NULL, 'unknown', 'member,mediator', 1, '2025-03-03T10:00:00.000Z', NULL, NULL,
   NULL),
  (4, 1, '', '', NULL, NULL, '87001', 'from18to35', 'member', 0, '2025-02-01T10:00:00.000Z', NULL, NULL,
   '2026-06-01T10:00:00.000Z');
INSERT INTO badges (uid, member_id, created_at, revoked_at) VALUES
  ('04A1B2C3', 1, '2025-01-10T10:00:00.000Z', NULL),
  ('04A1B2C4', 2, '2025-03-02T10:00:00.000Z', NULL),
  ('04A1B2C5', 4, '2025-02-01T10:00:00.000Z', '2026-06-01T10:00:00.000Z');
INSERT INTO kiosks (id, site_id, name, token_hash, created_at, revoked_at, last_sync_at) VALUES
  (1, 1, 'entrée', 'hash-a', '2025-01-10T09:00:00.000Z', NULL, '2026-11-30T17:00:00.000Z'),
  (2, 2, 'entrée', 'hash-b', '2025-03-01T09:00:00.000Z', NULL, '2026-11-30T17:00:00.000Z');
INSERT INTO resources (id, site_id, kind, name, capacity, features, active, name_en, features_en) VALUES
  (1, 1, 'desk', 'Bureau 1', 1, 'écran', 1, 'Desk 1', 'screen'),
  (2, 2, 'visio_room', 'Salle visio', 6, '', 1, '', '');
INSERT INTO booking_rules (site_id, kind, advance_days, max_duration_min, max_per_day, max_per_week, grace_min,
                           check_in_early_min) VALUES (1, 'desk', 14, 1440, 1, 3, 20, 60);
INSERT INTO bookings (id, site_id, resource_id, member_id, start_at, end_at, local_date, status, refusal, kiosk_id,
                      created_at, updated_at, checked_in_at) VALUES
  ('1c6f1e62-0c7c-4c55-8f0e-2f8b3c1d9a01', 1, 1, 1, '2026-11-03T08:00:00.000Z', '2026-11-03T11:00:00.000Z',
   '2026-11-03', 'checked_in', NULL, 1, '2026-11-01T10:00:00.000Z', '2026-11-03T08:05:00.000Z',
   '2026-11-03T08:05:00.000Z'),
  ('1c6f1e62-0c7c-4c55-8f0e-2f8b3c1d9a02', 2, 2, 2, '2026-11-05T13:00:00.000Z', '2026-11-05T14:00:00.000Z',
   '2026-11-05', 'no_show', NULL, NULL, '2026-11-01T10:00:00.000Z', '2026-11-05T13:20:00.000Z', NULL),
  ('1c6f1e62-0c7c-4c55-8f0e-2f8b3c1d9a03', 1, 1, 3, '2026-11-10T08:00:00.000Z', '2026-11-10T09:00:00.000Z',
   '2026-11-10', 'refused', 'overlap', 2, '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z', NULL);
INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in) VALUES
  ('v1', 1, 1, 1, '04A1B2C3', '2026-11-03T08:04:00.000Z', '2026-11-03T11:30:00.000Z', '2026-11-03', 0),
  ('v2', 1, 1, 1, '04A1B2C3', '2026-11-04T08:00:00.000Z', NULL, '2026-11-04', 0),
  ('v3', 2, 2, 2, '04A1B2C4', '2026-11-04T09:00:00.000Z', '2026-11-04T12:00:00.000Z', '2026-11-04', 0),
  ('v4', 2, NULL, 2, NULL, '2026-11-04T10:00:00.000Z', NULL, '2026-11-04', 1),
  ('v5', 1, 3, 1, NULL, '2026-11-12T13:00:00.000Z', '2026-11-12T16:00:00.000Z', '2026-11-12', 0),
  ('v6', 1, 4, 1, NULL, '2026-05-12T13:00:00.000Z', '2026-05-12T15:00:00.000Z', '2026-05-12', 0),
  ('v7', 2, 1, 2, '04A1B2C3', '2026-10-20T08:00:00.000Z', '2026-10-20T09:00:00.000Z', '2026-10-20', 0);
INSERT INTO appointment_types (id, site_id, name, duration_min, collective, capacity, level, place, min_delay_min,
                               max_delay_days, active, name_en) VALUES
  (1, 1, 'Aide numérique', 45, 0, 1, '', 'on_site', 0, 30, 1, 'Digital help');
INSERT INTO appointments (id, site_id, type_id, mediator_id, start_at, end_at, local_date, collective, capacity,
                          title, level, place, cancelled, refusal, kiosk_id, created_at, updated_at, title_en) VALUES
  ('2d7e2f73-1d8d-4d66-9f1f-3f9c4d2eab01', 1, 1, 3, '2026-11-06T13:00:00.000Z', '2026-11-06T13:45:00.000Z',
   '2026-11-06', 0, 1, '', '', 'on_site', 0, NULL, 1, '2026-11-02T10:00:00.000Z', '2026-11-06T14:00:00.000Z', '');
INSERT INTO participants (id, appointment_id, member_id, first_name, phone, email, reminders, topics, status, waiting,
                          added_at, updated_at, erased_at) VALUES
  ('3e8f3084-2e9e-4e77-8f2f-4fad5e3fbc01', '2d7e2f73-1d8d-4d66-9f1f-3f9c4d2eab01', NULL, 'Josiane', '+33612345678',
   NULL, 1, 'caf|papers', 'seen', 0, '2026-11-02T10:00:00.000Z', '2026-11-06T14:00:00.000Z', NULL);
INSERT INTO activities (id, site_id, mediator_id, appointment_id, participant_id, collective, local_date,
                        duration_min, place, themes, age_bracket, home_insee, anonymous, participants, recorded_at,
                        updated_at) VALUES
  ('4f904195-3faf-4f88-8a3a-5abe6f40cd01', 1, 3, '2d7e2f73-1d8d-4d66-9f1f-3f9c4d2eab01',
   '3e8f3084-2e9e-4e77-8f2f-4fad5e3fbc01', 0, '2026-11-06', 45, 'lieu_activite', 'logement|caf', 'soixante_dix_plus',
   '87001', 0, 1, '2026-11-06T14:00:00.000Z', '2026-11-06T14:00:00.000Z');
INSERT INTO web_users (id, login, display_name, role, site_id, password_hash, created_at, disabled_at) VALUES
  (1, 'admin', 'Administratrice', 'admin', NULL, '$argon2id$x', '2025-01-10T09:00:00.000Z', NULL),
  (2, 'animation-rochechouart', 'Animateur', 'animator', 2, '$argon2id$y', '2025-03-01T09:00:00.000Z', NULL),
  (3, 'rapports', 'Intercommunalité', 'reporting', NULL, '$argon2id$z', '2025-03-01T09:00:00.000Z', NULL);
INSERT INTO audit_log (at, site_id, actor_member_id, kiosk_id, action, subject, detail, web_user_id) VALUES
  ('2026-11-03T08:05:00.000Z', 1, 1, 1, 'visit.check_in', 'visit:v1', '{}', NULL);
INSERT INTO changes (site_id, entity, entity_key, changed_at) VALUES
  (1, 'site', '1', '2025-01-10T09:00:00.000Z'), (2, 'site', '2', '2025-03-01T09:00:00.000Z'),
  (1, 'member', '1', '2025-01-10T10:00:00.000Z'), (2, 'member', '2', '2025-03-02T10:00:00.000Z'),
  (2, 'member', '3', '2025-03-03T10:00:00.000Z'), (1, 'badge', '04A1B2C3', '2025-01-10T10:00:00.000Z'),
  (2, 'badge', '04A1B2C4', '2025-03-02T10:00:00.000Z');
)sql");
}

// Every row of every table `tables` names, as text (quote() of each column
// schema 7 had), sorted: what a comparison before and after needs.
using Snapshot = std::map<std::string, std::vector<std::string>>;

Snapshot snapshot(store::Database& db, const std::map<std::string, std::vector<std::string>>& columns) {
  Snapshot out;
  for (const auto& [table, cols] : columns) {
    std::string select = "SELECT ";
    for (std::size_t i = 0; i < cols.size(); ++i) select += (i ? " || '|' || quote(" : "quote(") + cols[i] + ")";
    select += " FROM " + table;
    if (table == "changes") select += " WHERE site_id <> 0";  // migration 8 adds the network's rows
    auto st = db.prepare(select);
    auto& rows = out[table];
    while (st.step()) rows.push_back(st.text(0));
    std::sort(rows.begin(), rows.end());
  }
  return out;
}

std::map<std::string, std::vector<std::string>> table_columns(store::Database& db) {
  std::map<std::string, std::vector<std::string>> out;
  std::vector<std::string> tables;
  {
    auto st =
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    while (st.step()) tables.push_back(st.text(0));
  }
  for (const auto& t : tables) {
    auto st = db.prepare("SELECT name FROM pragma_table_info(?)");
    st.bind(1, t);
    while (st.step()) out[t].push_back(st.text(0));
  }
  return out;
}

// The dashboard of each site and of all sites for November 2026 and 2026, as JSON.
std::vector<std::string> dashboards(store::Database& db) {
  std::vector<std::string> out;
  const Instant now = at("2026-12-01T12:00:00.000Z");
  for (const char* period : {"2026-11", "2026"}) {
    for (const std::optional<std::int64_t> site :
         {std::optional<std::int64_t>(), std::optional<std::int64_t>(1), std::optional<std::int64_t>(2)}) {
      const auto p = reports::parse_period(period, "", "", CivilDate{2026, 12, 1});
      REQUIRE(p);
      auto d = reports::compute_dashboard(db, reports::DashboardQuery{site, *p, now});
      REQUIRE(d);
      out.push_back(reports::dashboard_json(*d));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("migration 8: a two-site database upgrades with every row and every dashboard figure kept",
          "[network][store][schema]") {
  TempDir dir;
  const auto path = dir.file("v7.db");
  std::map<std::string, std::vector<std::string>> columns;
  Snapshot before;
  std::vector<std::string> figures_before;
  {
    auto db = open_server_db(path, 7);
    REQUIRE(db.user_version() == 7);
    fill_v7(db);
    columns = table_columns(db);
    // Today's dashboard also reads columns later migrations add (issue 19: the activity records'
    // partners and cheques, the visits' anonymous key): given to the v7 database for the figures,
    // empty as those migrations leave them, left out of the rows compared, and taken away before the
    // upgrade adds them.
    db.exec(
        "ALTER TABLE activities ADD COLUMN partners TEXT NOT NULL DEFAULT '';"
        "ALTER TABLE activities ADD COLUMN cheques INTEGER NOT NULL DEFAULT 0;"
        "ALTER TABLE visits ADD COLUMN visitor_key INTEGER;");
    figures_before = dashboards(db);  // computes the rollups too: they are part of the rows compared
    before = snapshot(db, columns);
    db.exec(
        "ALTER TABLE activities DROP COLUMN partners; ALTER TABLE activities DROP COLUMN cheques;"
        "ALTER TABLE visits DROP COLUMN visitor_key;");
  }
  REQUIRE(columns.size() > 25);
  CHECK(before.at("members").size() == 4);
  CHECK(before.at("visits").size() == 7);
  CHECK_FALSE(before.at("stats_days").empty());

  auto db = open_server_db(path);
  CHECK(db.user_version() == server_schema_version());
  CHECK(server_schema_version() >= 8);  // and every later migration keeps the rows too
  const Snapshot after = snapshot(db, columns);
  for (const auto& [table, rows] : before) {
    INFO("table " << table);
    CHECK(after.at(table) == rows);
  }
  CHECK(dashboards(db) == figures_before);

  // What migration 8 adds. The network, from the first site's open-data
  // extras: its territory and its producer's SIREN; the name is to be given.
  const auto network = network_settings(db);
  CHECK(network.name.empty());
  CHECK(network.siren == "200071512");
  CHECK(network.territory == "Val de Vienne");
  // Everyone may use every site; roles stay where they were (home sites).
  CHECK_FALSE(member_allowed_sites(db, 1));
  CHECK(animator_standing(db, 1, 1) == AnimatorStanding::Animator);
  CHECK(animator_standing(db, 1, 2) == AnimatorStanding::OtherSite);
  CHECK(member_roles_at(db, 3, 2) == std::vector<Role>{Role::Member, Role::Mediator});
  // The rules keep their limits, counted per site.
  const auto rules = site_rules(db, 1);
  CHECK(rules.desk.advance_days == 14);
  CHECK(rules.desk.max_per_week == 3);
  CHECK_FALSE(rules.desk.limits_network);
  // Every active member, badge and site is in the network's feed once, so an
  // upgraded kiosk of Rochechouart, pulling from 0, receives Marie of Aixe.
  auto count = [&](const std::string& sql) {
    auto st = db.prepare(sql);
    st.step();
    return st.int64(0);
  };
  CHECK(count("SELECT count(*) FROM changes WHERE site_id = 0 AND entity = 'member'") == 3);
  CHECK(count("SELECT count(*) FROM changes WHERE site_id = 0 AND entity = 'badge'") == 2);
  CHECK(count("SELECT count(*) FROM changes WHERE site_id = 0 AND entity = 'site'") == 2);
  KioskIdentity rochechouart;
  rochechouart.id = 2;
  rochechouart.site_id = 2;
  rochechouart.name = "entrée";
  const auto pulled = handle_sync(db, rochechouart, sync::SyncRequest{}, at("2026-12-01T12:00:00.000Z"));
  const auto marie =
      std::find_if(pulled.members.begin(), pulled.members.end(), [](const auto& m) { return m.id == 1; });
  REQUIRE(marie != pulled.members.end());
  CHECK(marie->active);
  CHECK(marie->last_name == "D.");  // another Marie (Durand) in the network
  CHECK_FALSE(marie->pin_hash);     // an animator of Aixe only
  CHECK(pulled.network_sites.size() == 2);
}
