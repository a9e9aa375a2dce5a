// Issue 19: a database as the previous release wrote it (schema 9), with the
// network's settings, sites and their open-data details, upgrades in place:
// the producer the file was named after (the lowest site's `producer_siret`
// extra) becomes the network's producer, each site's published date is kept
// until a cell of its row changes, and nothing else is lost.
#include <catch2/catch.hpp>

#include "server_fixture.hpp"
#include "store/network.hpp"
#include "store/schema.hpp"
#include "store/site_mediation.hpp"
#include "store/sites.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::at;
using escale::tests::TempDir;

void fill_v9(store::Database& db) {
  db.exec(R"sql(
UPDATE network SET name = 'Communauté de communes du Val de Vienne', siren = '200071512',
  territory = 'Val de Vienne', updated_at = '2026-06-01T09:00:00.000Z' WHERE id = 1;
INSERT INTO sites (id, name, address, insee_code, opening_hours, created_at) VALUES
  (1, 'Tiers-lieu d’Aixe', '1 place de l’Église', '87001', 'Mo-Fr 08:30-18:00; PH off', '2025-01-10T09:00:00.000Z'),
  (2, 'Télécentre de Rochechouart', '4 rue du Château', '87126', 'Mo-Sa 09:00-17:00', '2025-03-01T09:00:00.000Z'),
  (3, 'Fablab de Saint-Junien', '', '87154', 'Mo-Fr 10:00-18:00', '2025-04-01T09:00:00.000Z');
INSERT INTO site_mediation (site_id, pivot, postal_code, commune, phone, extra, updated_at) VALUES
  (1, '21870001700013', '87700', 'Aixe-sur-Vienne', '+33555700000',
   '{"territory":"Val de Vienne","producer_siret":"20007151200012","frais_a_charge":"Gratuit"}',
   '2025-01-10T09:00:00.000Z'),
  (2, '21870126500017', '87600', 'Rochechouart', '', '{}', '2025-03-01T09:00:00.000Z'),
  (3, '21870154300017', '87200', 'Saint-Junien', '', '{}', '2025-04-01T09:00:00.000Z');
)sql");
}

std::int64_t count(store::Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  REQUIRE(st.step());
  return st.int64(0);
}

}  // namespace

TEST_CASE("migration: schema 9 upgrades with the network's producer and each site's published date kept",
          "[opendata_export][store][schema]") {
  TempDir dir;
  const auto path = dir.file("v9.db");
  {
    auto db = open_server_db(path, 9);
    REQUIRE(db.user_version() == 9);
    fill_v9(db);
  }
  auto db = open_server_db(path);
  CHECK(db.user_version() == server_schema_version());

  // The network's settings, as they were, and the producer the file was named after.
  const auto n = network_settings(db);
  CHECK(n.name == "Communauté de communes du Val de Vienne");
  CHECK(n.siren == "200071512");
  CHECK(n.territory == "Val de Vienne");
  CHECK(n.producer_id == "20007151200012");
  CHECK(suggested_open_data_name(db, CivilDate{2026, 12, 7}) ==
        "2026-12-07_20007151200012_lieux-de-mediation-numerique_ValDeVienne.csv");

  // The details, as written.
  CHECK(count(db, "SELECT count(*) FROM site_mediation") == 3);
  CHECK(find_site_mediation(db, 1)->extra.at("frais_a_charge") == "Gratuit");
  CHECK(count(db, "SELECT count(*) FROM site_opendata") == 3);

  // The file at a later day: each row keeps the date published before the upgrade, the site without an
  // address is left out and named.
  const auto later = at("2026-12-07T10:00:00Z");
  auto m = mediation_places(db, {}, later);
  REQUIRE(m.places.size() == 2);
  CHECK(m.places[0].date_maj == CivilDate{2025, 1, 10});
  CHECK(m.places[1].date_maj == CivilDate{2025, 3, 1});
  CHECK(m.places[0].frais_a_charge == std::vector<std::string>{"Gratuit"});
  REQUIRE(m.left_out.size() == 1);
  CHECK(m.left_out[0].site_id == 3);
  CHECK(m.left_out[0].problems == std::vector<std::string>{"adresse manquante"});
  // Read again: the same dates (the rows were adopted, not re-dated).
  m = mediation_places(db, {}, at("2027-01-01T10:00:00Z"));
  CHECK(m.places[0].date_maj == CivilDate{2025, 1, 10});

  // The first real change dates the row.
  db.prepare("UPDATE sites SET opening_hours = 'Mo-Fr 09:00-18:00' WHERE id = 2").run();
  m = mediation_places(db, {}, at("2027-02-03T10:00:00Z"));
  CHECK(m.places[0].date_maj == CivilDate{2025, 1, 10});
  CHECK(m.places[1].date_maj == CivilDate{2027, 2, 3});

  // A second start changes nothing.
  db = open_server_db(path);
  CHECK(network_settings(db).producer_id == "20007151200012");
  CHECK(count(db, "SELECT count(*) FROM site_opendata") == 3);
}

TEST_CASE("migration: a producer that is neither a SIRET nor an RNA is not carried over",
          "[opendata_export][store][schema]") {
  TempDir dir;
  const auto path = dir.file("v9.db");
  {
    auto db = open_server_db(path, 9);
    db.exec(R"sql(
INSERT INTO sites (id, name, address, insee_code, opening_hours, created_at) VALUES
  (1, 'Tiers-lieu d’Aixe', '1 place de l’Église', '87001', 'Mo-Fr 08:30-18:00', '2025-01-10T09:00:00.000Z'),
  (2, 'Télécentre de Rochechouart', '4 rue du Château', '87126', 'Mo-Sa 09:00-17:00', '2025-03-01T09:00:00.000Z');
INSERT INTO site_mediation (site_id, pivot, postal_code, commune, phone, extra, updated_at) VALUES
  (1, '21870001700013', '87700', 'Aixe-sur-Vienne', '', '{"producer_siret":"1234567001"}', '2025-01-10T09:00:00.000Z'),
  (2, '21870126500017', '87600', 'Rochechouart', '', '{"producer_siret":"W872003456"}', '2025-03-01T09:00:00.000Z');
)sql");
  }
  auto db = open_server_db(path);
  // The lowest site's value is a RIDET: not a producer; the next site's is not looked at either (the old file
  // read the lowest site only), so the producer is left to the network's settings.
  CHECK(network_settings(db).producer_id.empty());
  CHECK(suggested_open_data_name(db, CivilDate{2026, 12, 7}) == "2026-12-07_lieux-de-mediation-numerique.csv");
}
