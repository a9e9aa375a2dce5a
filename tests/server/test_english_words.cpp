#include "store/schema.hpp"  // first: the header is self-contained

// Issue 15: words staff type in French (a resource's name and equipment, an
// appointment type's name, a workshop's title) may be given in English too:
// migration 6 adds the columns (empty for existing rows), the stores keep
// them, the back office and the API take them, and the sync feed carries
// them to kiosks (absent when none was given, so older kiosks are unmoved).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "agenda_fixture.hpp"
#include "server_fixture.hpp"
#include "store/agenda.hpp"
#include "store/sites.hpp"
#include "sync/ingest.hpp"
#include "sync/protocol.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::AgendaDb;
using escale::tests::ServerDb;
using escale::tests::TempDir;

const sync::ResourceRecord* find_resource(const std::vector<sync::ResourceRecord>& list, std::int64_t id) {
  for (const auto& r : list) {
    if (r.resource.id == id) return &r;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("migration 6: a v5 database keeps its resources, workshops and types, with no English yet",
          "[store][schema][english]") {
  TempDir dir;
  const auto path = dir.file("v5.db");
  {
    auto db = open_server_db(path, 5);
    REQUIRE(db.user_version() == 5);
    db.exec(
        "INSERT INTO sites (id, name, address, insee_code, opening_hours, created_at) "
        "VALUES (1, 'Montbard', '2 rue de la Gare', '21425', 'Mo-Fr 09:00-18:00', '2026-01-01T00:00:00.000Z');"
        "INSERT INTO members (id, site_id, first_name, last_name, roles, created_at) "
        "VALUES (4, 1, 'Nadia', 'Benali', 'member,mediator', '2026-01-01T00:00:00.000Z');"
        "INSERT INTO resources (id, site_id, kind, name, capacity, features) "
        "VALUES (3, 1, 'desk', 'Bureau 3', 1, 'grand écran');"
        "INSERT INTO appointment_types (id, site_id, name, duration_min, collective, capacity) "
        "VALUES (2, 1, 'Atelier messagerie', 90, 1, 8);"
        "INSERT INTO appointments (id, site_id, type_id, mediator_id, start_at, end_at, local_date, collective, "
        "capacity, title, created_at, updated_at) VALUES ('7d4c5a53-1b2e-4c3d-8e9f-0a1b2c3d4e5f', 1, 2, 4, "
        "'2026-03-10T13:00:00.000Z', '2026-03-10T14:30:00.000Z', '2026-03-10', 1, 8, 'Découvrir la messagerie', "
        "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');");
  }
  auto db = open_server_db(path);
  CHECK(db.user_version() == server_schema_version());
  CHECK(server_schema_version() >= 6);
  const auto rec = find_resource_record(db, 3);
  REQUIRE(rec.has_value());
  CHECK(rec->resource.name == "Bureau 3");
  CHECK(rec->resource.features == "grand écran");
  CHECK(rec->resource.name_en.empty());
  CHECK(rec->resource.features_en.empty());
  const auto types = help_agenda(db, 1).types;
  REQUIRE(types.size() == 1);
  CHECK(types[0].name == "Atelier messagerie");
  CHECK(types[0].name_en.empty());
  const auto a = appointment_record(db, "7d4c5a53-1b2e-4c3d-8e9f-0a1b2c3d4e5f");
  REQUIRE(a.has_value());
  CHECK(a->appointment.title == "Découvrir la messagerie");
  CHECK(a->appointment.title_en.empty());
  // The English words can be given from now on.
  REQUIRE(set_resource_english(db, 3, "Desk 3", "large screen").ok());
  CHECK(find_resource_record(db, 3)->resource.name_en == "Desk 3");
}

TEST_CASE("a resource's English words: kept, checked, and sent to kiosks", "[store][english]") {
  ServerDb s;
  const auto site = s.site("Montbard", "21425");
  auto kiosk = s.kiosk(site).kiosk;
  Resource desk{0, site, ResourceKind::Desk, "Bureau 1", 1, "grand écran", "Desk 1", "large screen"};
  const auto added = add_resource(s.db, desk);
  REQUIRE(added.ok());
  const auto plain = add_resource(s.db, Resource{0, site, ResourceKind::VisioRoom, "Salle visio", 6, ""});
  REQUIRE(plain.ok());

  sync::SyncRequest pull;
  auto first = handle_sync(s.db, kiosk, pull);
  const auto* sent = find_resource(first.resources, added->id);
  REQUIRE(sent != nullptr);
  CHECK(sent->resource.name_en == "Desk 1");
  CHECK(sent->resource.features_en == "large screen");
  // On the wire: present when given, absent otherwise (an older kiosk ignores both).
  const auto wire = nlohmann::json::parse(sync::encode(first));
  bool saw_plain = false;
  for (const auto& r : wire["resources"]) {
    if (r["id"] == added->id) CHECK(r["name_en"] == "Desk 1");
    if (r["id"] == plain->id) {
      saw_plain = true;
      CHECK_FALSE(r.contains("name_en"));
      CHECK_FALSE(r.contains("features_en"));
    }
  }
  CHECK(saw_plain);
  const auto decoded = sync::decode_response(sync::encode(first));
  REQUIRE(decoded.ok());
  CHECK(find_resource(decoded->resources, added->id)->resource.name_en == "Desk 1");
  CHECK(find_resource(decoded->resources, plain->id)->resource.name_en.empty());

  // Given later: the kiosks learn it at their next exchange.
  REQUIRE(set_resource_english(s.db, plain->id, "Video room", "").ok());
  pull.cursor = first.cursor;
  const auto next = handle_sync(s.db, kiosk, pull);
  REQUIRE(next.resources.size() == 1);
  CHECK(next.resources[0].resource.name_en == "Video room");

  // Too long, or an unknown resource: a clear refusal, nothing changed.
  const auto too_long = set_resource_english(s.db, plain->id, std::string(101, 'a'), "");
  REQUIRE_FALSE(too_long.ok());
  CHECK_THAT(too_long.error(), Catch::Contains("Le nom en anglais est trop long"));
  CHECK(find_resource_record(s.db, plain->id)->resource.name_en == "Video room");
  const auto unknown = set_resource_english(s.db, 999, "Desk", "");
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.error(), Catch::Contains("n’existe pas"));
  Resource long_one{0, site, ResourceKind::Desk, "Bureau 9", 1, "", std::string(101, 'x'), ""};
  CHECK_FALSE(add_resource(s.db, long_one).ok());
}

TEST_CASE("a workshop's title in English: given, or the type's, and sent to kiosks", "[agenda][english]") {
  AgendaDb f;
  // A type with its English name; a workshop without a title takes both.
  mediation::AppointmentType t;
  t.site_id = f.site_id;
  t.name = "Atelier photos";
  t.name_en = "Photo workshop";
  t.duration = std::chrono::minutes(60);
  t.collective = true;
  t.capacity = 6;
  const auto type = add_appointment_type(f.db, t, Actor{});
  REQUIRE(type.ok());
  CHECK(help_agenda(f.db, f.site_id).types.back().name_en == "Photo workshop");

  WorkshopRequest w;
  w.appointment_id = make_uuid_v4();
  w.type_id = *type;
  w.mediator_id = f.nadia;
  w.start = tests::paris_time(2027, 3, 2, 14);
  REQUIRE(schedule_workshop(f.db, w, Actor{}, f.now).ok());
  auto a = appointment_record(f.db, w.appointment_id);
  REQUIRE(a.has_value());
  CHECK(a->appointment.title == "Atelier photos");
  CHECK(a->appointment.title_en == "Photo workshop");

  // Its own title: its own English (none given: none, not the type's).
  WorkshopRequest own = w;
  own.appointment_id = make_uuid_v4();
  own.start = tests::paris_time(2027, 3, 4, 10);
  own.title = "Ranger ses photos";
  own.title_en = "Sorting your photos";
  REQUIRE(schedule_workshop(f.db, own, Actor{}, f.now).ok());
  CHECK(appointment_record(f.db, own.appointment_id)->appointment.title_en == "Sorting your photos");
  WorkshopRequest french_only = own;
  french_only.appointment_id = make_uuid_v4();
  french_only.start = tests::paris_time(2027, 3, 11, 10);
  french_only.title_en.clear();
  REQUIRE(schedule_workshop(f.db, french_only, Actor{}, f.now).ok());
  CHECK(appointment_record(f.db, french_only.appointment_id)->appointment.title_en.empty());

  // The kiosk gets the English title and name; absent when none.
  auto kiosk = f.kiosk(f.site_id).kiosk;
  const auto r = handle_sync(f.db, kiosk, sync::SyncRequest{});
  const auto wire = nlohmann::json::parse(sync::encode(r));
  int with_english = 0, without = 0;
  for (const auto& j : wire["appointments"]) {
    if (j["id"] == french_only.appointment_id) {
      CHECK_FALSE(j.contains("title_en"));
      ++without;
    } else if (j.contains("title_en")) {
      ++with_english;
    }
  }
  CHECK(with_english == 2);
  CHECK(without == 1);
  const auto decoded = sync::decode_response(sync::encode(r));
  REQUIRE(decoded.ok());
  REQUIRE(decoded->help_agenda.has_value());
  CHECK(decoded->help_agenda->types.back().name_en == "Photo workshop");
  bool found = false;
  for (const auto& rec : decoded->appointments) {
    if (rec.appointment.id == w.appointment_id) {
      found = true;
      CHECK(rec.appointment.title_en == "Photo workshop");
    }
  }
  CHECK(found);
}
