#include "store/sites.hpp"  // first: the header is self-contained

// Sites and resources in the server database, and the schema they live in.
#include <catch2/catch.hpp>

#include "server_fixture.hpp"
#include "store/changes.hpp"
#include "store/schema.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::ServerDb;
using escale::tests::TempDir;

Site montbard() {
  return Site{0, "Tiers-lieu de Montbard", "2 rue de la Gare, 21500 Montbard", "21425", tests::kHours};
}

}  // namespace

TEST_CASE("schema: a new server database is migrated to the current version", "[store][schema]") {
  TempDir dir;
  {
    auto db = open_server_db(dir.file("s.db"));
    CHECK(db.user_version() == server_schema_version());
    CHECK(server_schema_version() >= 1);
  }
  // Opening again changes nothing and keeps the data.
  {
    auto db = open_server_db(dir.file("s.db"));
    REQUIRE(add_site(db, montbard()).ok());
  }
  auto db = open_server_db(dir.file("s.db"));
  CHECK(db.user_version() == server_schema_version());
  CHECK(list_sites(db).size() == 1);
}

TEST_CASE("schema: a database from a newer server is refused", "[store][schema]") {
  TempDir dir;
  {
    auto db = open_server_db(dir.file("s.db"));
    db.exec("PRAGMA user_version=" + std::to_string(server_schema_version() + 1));
  }
  CHECK_THROWS_WITH(open_server_db(dir.file("s.db")), Catch::Contains("install the newer Escale version"));
}

TEST_CASE("sites: add, find and list", "[store][sites]") {
  ServerDb s;
  CHECK(list_sites(s.db).empty());
  const auto added = add_site(s.db, montbard());
  REQUIRE(added.ok());
  CHECK(added->id > 0);
  const auto found = find_site(s.db, added->id);
  REQUIRE(found.has_value());
  CHECK(found->name == "Tiers-lieu de Montbard");
  CHECK(found->address == "2 rue de la Gare, 21500 Montbard");
  CHECK(found->insee_code == "21425");
  CHECK(found->opening_hours == tests::kHours);
  CHECK_FALSE(find_site(s.db, added->id + 1).has_value());
  CHECK_FALSE(find_site(s.db, 0).has_value());

  Site corsica{0, "Espace France Services d’Ajaccio", "", "2A004", "Mo-Sa 09:00-17:00"};
  const auto second = add_site(s.db, corsica);
  REQUIRE(second.ok());
  const auto all = list_sites(s.db);
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == added->id);
  CHECK(all[1].name == "Espace France Services d’Ajaccio");
  CHECK(all[1].address.empty());
}

TEST_CASE("sites: a new site is in the change log for its kiosks", "[store][sites]") {
  ServerDb s;
  const auto site = add_site(s.db, montbard());
  REQUIRE(site.ok());
  const auto batch = changes_after(s.db, site->id, 0);
  REQUIRE(batch.entities.size() == 1);
  CHECK(batch.entities[0].entity == Entity::Site);
  CHECK(batch.entities[0].key == std::to_string(site->id));
}

TEST_CASE("sites: invalid sites are refused and nothing is stored", "[store][sites]") {
  ServerDb s;
  SECTION("empty or blank name") {
    for (const char* name : {"", "   ", "\t\n"}) {
      Site bad = montbard();
      bad.name = name;
      const auto r = add_site(s.db, bad);
      REQUIRE_FALSE(r.ok());
      CHECK_THAT(r.error(), Catch::Contains("nom du lieu"));
    }
  }
  SECTION("bad INSEE code") {
    for (const char* code : {"", "2142", "214250", "2142A", "2C004", "ABCDE", "21 25"}) {
      INFO(code);
      Site bad = montbard();
      bad.insee_code = code;
      const auto r = add_site(s.db, bad);
      REQUIRE_FALSE(r.ok());
      CHECK_THAT(r.error(), Catch::Contains("INSEE"));
    }
  }
  SECTION("bad opening hours") {
    for (const char* hours : {"", "whenever", "Mo-Fr 25:00-26:00", "Mo-Fr 18:00-"}) {
      INFO(hours);
      Site bad = montbard();
      bad.opening_hours = hours;
      const auto r = add_site(s.db, bad);
      REQUIRE_FALSE(r.ok());
      CHECK_THAT(r.error(), Catch::Contains("Horaires"));
    }
  }
  CHECK(list_sites(s.db).empty());
  CHECK(s.scalar("SELECT COUNT(*) FROM changes") == 0);
}

TEST_CASE("sites: names with quotes and markup are stored verbatim", "[store][sites]") {
  ServerDb s;
  Site odd = montbard();
  odd.name = "Robert'); DROP TABLE sites;--";
  odd.address = "<script>alert(1)</script>";
  const auto added = add_site(s.db, odd);
  REQUIRE(added.ok());
  const auto found = find_site(s.db, added->id);
  REQUIRE(found.has_value());
  CHECK(found->name == odd.name);
  CHECK(found->address == odd.address);
  CHECK(list_sites(s.db).size() == 1);
}

TEST_CASE("resources: add and list desks and visio rooms", "[store][sites]") {
  ServerDb s;
  const auto site = s.site();
  const auto other = s.site("Semur", "21603");
  REQUIRE(add_resource(s.db, Resource{0, site, ResourceKind::VisioRoom, "Salle visio", 4, "caméra"}).ok());
  const auto desk = add_resource(s.db, Resource{0, site, ResourceKind::Desk, "Bureau 1", 1, ""});
  REQUIRE(desk.ok());
  CHECK(desk->id > 0);
  REQUIRE(add_resource(s.db, Resource{0, other, ResourceKind::Desk, "Bureau 1", 1, ""}).ok());

  const auto list = list_resources(s.db, site);
  REQUIRE(list.size() == 2);
  CHECK(list[0].kind == ResourceKind::Desk);  // desks first
  CHECK(list[0].name == "Bureau 1");
  CHECK(list[1].kind == ResourceKind::VisioRoom);
  CHECK(list[1].capacity == 4);
  CHECK(list[1].features == "caméra");
  CHECK(list_resources(s.db, other).size() == 1);
  CHECK(list_resources(s.db, 999).empty());
}

TEST_CASE("resources: invalid resources are refused", "[store][sites]") {
  ServerDb s;
  const auto site = s.site();
  REQUIRE(add_resource(s.db, Resource{0, site, ResourceKind::Desk, "Bureau 1", 1, ""}).ok());
  auto r = add_resource(s.db, Resource{0, site, ResourceKind::Desk, "", 1, ""});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("nom de la ressource"));
  r = add_resource(s.db, Resource{0, site, ResourceKind::Desk, "Bureau 2", 0, ""});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("capacité"));
  r = add_resource(s.db, Resource{0, site + 10, ResourceKind::Desk, "Bureau 2", 1, ""});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("n’existe pas"));
  r = add_resource(s.db, Resource{0, site, ResourceKind::VisioRoom, "Bureau 1", 2, ""});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("Bureau 1"));
  CHECK(list_resources(s.db, site).size() == 1);
  // The refused duplicate left no transaction open: writes go on.
  REQUIRE(add_resource(s.db, Resource{0, site, ResourceKind::Desk, "Bureau 2", 1, ""}).ok());
}
