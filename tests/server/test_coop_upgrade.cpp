// Issue 19: migration 10 rewrites the stored activity records in La Coop de
// la médiation numérique's current codes without loss. A database as the
// previous version wrote it (schema 9) holds records of every kind: every old
// place code, every old age code, the kiosk's three redirection texts, free
// texts and blank ones, individual and collective, anonymous, with and without
// the optional fields. After the upgrade each record is checked field by
// field, the redirection's text is kept, the SQL agrees with the C++ reading
// of legacy codes (mediation::with_current_codes, used at ingest), and no
// other row of any table changed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mediation/activity.hpp"
#include "mediation/coop_export.hpp"
#include "server_fixture.hpp"
#include "store/activities.hpp"
#include "store/schema.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::TempDir;

// The v9 columns of activities, in order.
const std::vector<std::string> kV9Columns{
    "id",         "site_id",      "mediator_id",    "appointment_id", "participant_id", "collective",
    "local_date", "duration_min", "place",          "place_insee",    "equipment",      "themes",
    "autonomy",   "redirection",  "age_bracket",    "social_status",  "gender",         "home_insee",
    "anonymous",  "participants", "workshop_title", "level",          "note",           "recorded_at",
    "updated_at"};

// What schema 9 held: two sites, two mediators, and the records.
void fill_v9(store::Database& db) {
  db.exec(R"sql(
INSERT INTO sites (id, name, address, insee_code, opening_hours, created_at) VALUES
  (1, 'Tiers-lieu d’Aixe', '1 place de l’Église', '87001', 'Mo-Fr 08:30-18:00', '2025-01-10T09:00:00.000Z'),
  (2, 'Télécentre de Rochechouart', '4 rue du Château', '87126', 'Mo-Sa 09:00-17:00', '2025-03-01T09:00:00.000Z');
INSERT INTO members (id, site_id, first_name, last_name, roles, created_at) VALUES
  (1, 1, 'Nadia', 'Benali', 'member,mediator', '2025-01-10T10:00:00.000Z'),
  (2, 2, 'Paul', 'Martin', 'member,mediator', '2025-03-02T10:00:00.000Z');
INSERT INTO activities (id, site_id, mediator_id, appointment_id, participant_id, collective, local_date,
                        duration_min, place, place_insee, equipment, themes, autonomy, redirection, age_bracket,
                        social_status, gender, home_insee, anonymous, participants, workshop_title, level, note,
                        recorded_at, updated_at) VALUES
  -- Individual, every field given; at home; the kiosk's « France Services ».
  ('00000000-0000-4000-8000-000000000001', 1, 1, '2d7e2f73-1d8d-4d66-9f1f-3f9c4d2eab01',
   '3e8f3084-2e9e-4e77-8f2f-4fad5e3fbc01', 0, '2026-11-02', 45, 'a_domicile', '87001', 'ordinateur|telephone',
   'aide_aux_demarches_administratives|papiers_elections_citoyennete', 'partiellement_autonome', 'France Services',
   'moins_de_12_ans', 'scolarise', 'masculin', '87001', 0, 1, '', '', 'Revenir jeudi', '2026-11-02T10:00:00.000Z',
   '2026-11-02T10:30:00.000Z'),
  -- Anonymous, at the site; « Mairie ou CCAS ».
  ('00000000-0000-4000-8000-000000000002', 1, 1, '', '', 0, '2026-11-03', 20, 'lieu_activite', NULL, '',
   'email', '', 'Mairie ou CCAS', 'de_12_a_18_ans', 'non_communique', 'non_communique', NULL, 1, 1, '', '', '',
   '2026-11-03T10:00:00.000Z', '2026-11-03T10:00:00.000Z'),
  -- Remote; « Autre structure ».
  ('00000000-0000-4000-8000-000000000003', 1, 1, '', '', 0, '2026-11-04', 30, 'a_distance', '21231', 'telephone',
   'securite_numerique', 'autonome', 'Autre structure', 'de_18_a_24_ans', 'en_emploi', 'feminin', '21231', 0, 1,
   '', '', '', '2026-11-04T10:00:00.000Z', '2026-11-04T11:00:00.000Z'),
  -- Elsewhere; a free text with a keyword.
  ('00000000-0000-4000-8000-000000000004', 2, 2, '', '', 0, '2026-11-05', 60, 'autre', '87126', 'aucun',
   'insertion_professionnelle|travail_formation', 'entierement_accompagne', 'Mission locale de Saint-Junien',
   'de_25_a_39_ans', 'sans_emploi', 'masculin', '87126', 0, 1, '', '', '', '2026-11-05T10:00:00.000Z',
   '2026-11-05T10:00:00.000Z'),
  -- A free text without one, and a comma and quotes in it.
  ('00000000-0000-4000-8000-000000000005', 2, 2, '', '', 0, '2026-11-06', 25, 'lieu_activite', NULL, '',
   'sante', '', 'Chez « Lulu », sa voisine', 'de_40_a_59_ans', 'non_communique', 'feminin', NULL, 0, 1, '', '',
   '', '2026-11-06T10:00:00.000Z', '2026-11-06T10:00:00.000Z'),
  -- No redirection, nothing optional.
  ('00000000-0000-4000-8000-000000000006', 1, 1, '', '', 0, '2026-11-07', 15, 'lieu_activite', NULL, '',
   'bureautique', '', NULL, 'de_60_a_69_ans', 'retraite', 'non_communique', NULL, 0, 1, '', '', '',
   '2026-11-07T10:00:00.000Z', '2026-11-07T10:00:00.000Z'),
  -- A blank redirection: none.
  ('00000000-0000-4000-8000-000000000007', 1, 1, '', '', 0, '2026-11-08', 40, 'a_domicile', NULL, 'tablette',
   'email', '', '   ', 'plus_de_70_ans', 'retraite', 'feminin', '87001', 1, 1, '', '', '',
   '2026-11-08T10:00:00.000Z', '2026-11-08T10:00:00.000Z'),
  -- A workshop, titled and levelled, no redirection.
  ('00000000-0000-4000-8000-000000000008', 1, 1, '4f904195-3faf-4f88-8a3a-5abe6f40cd01', '', 1, '2026-11-09', 90,
   'lieu_activite', NULL, 'ordinateur', 'email|culture_numerique', '', NULL, 'non_communique', 'non_communique',
   'non_communique', NULL, 0, 6, 'Découvrir la messagerie', 'beginner', '', '2026-11-09T16:00:00.000Z',
   '2026-11-09T16:00:00.000Z'),
  -- A workshop elsewhere, with an upper-case non-ASCII text (SQLite folds ASCII only, so does the C++).
  ('00000000-0000-4000-8000-000000000009', 2, 2, '', '', 1, '2026-11-10', 120, 'autre', '87126', '',
   'creer_avec_le_numerique', '', 'PRÉFECTURE DE LA HAUTE-VIENNE', 'non_communique', 'non_communique',
   'non_communique', NULL, 0, 4, '=HYPERLINK("x")', 'advanced', '', '2026-11-10T16:00:00.000Z',
   '2026-11-10T16:00:00.000Z'),
  -- A code already, with blanks around it; an empty place (the site).
  ('00000000-0000-4000-8000-00000000000a', 2, 2, '', '', 0, '2026-11-11', 35, '', NULL, '', 'logement', '',
   ' aide_sociale ', 'non_communique', 'non_communique', 'non_communique', NULL, 1, 1, '', '', '',
   '2026-11-11T10:00:00.000Z', '2026-11-11T10:00:00.000Z'),
  -- Lower-case keyword, accented; and La Coop's own label typed in full.
  ('00000000-0000-4000-8000-00000000000b', 1, 1, '', '', 0, '2026-11-12', 50, 'a_distance', NULL, '',
   'social_sante', '', 'préfecture de Limoges', 'de_40_a_59_ans', 'en_emploi', 'masculin', NULL, 0, 1, '', '', '',
   '2026-11-12T10:00:00.000Z', '2026-11-12T10:00:00.000Z'),
  ('00000000-0000-4000-8000-00000000000c', 1, 1, '', '', 0, '2026-11-13', 50, 'lieu_activite', NULL, '',
   'social_sante', '', 'Structure d’aide sociale (maison des solidarités, centre social…)', 'de_25_a_39_ans',
   'en_emploi', 'feminin', NULL, 0, 1, '', '', '', '2026-11-13T10:00:00.000Z', '2026-11-13T10:00:00.000Z');
INSERT INTO audit_log (at, site_id, actor_member_id, kiosk_id, action, subject, detail, web_user_id) VALUES
  ('2026-11-02T10:00:00.000Z', 1, 1, NULL, 'activity.record', 'activity:00000000-0000-4000-8000-000000000001',
   '{}', NULL);
)sql");
}

using Row = std::map<std::string, std::optional<std::string>>;

// Every activity by id, each column as text (NULL as nullopt).
std::map<std::string, Row> activities(store::Database& db, const std::vector<std::string>& columns) {
  std::string select = "SELECT ";
  for (std::size_t i = 0; i < columns.size(); ++i) select += (i ? ", CAST(" : "CAST(") + columns[i] + " AS TEXT)";
  auto st = db.prepare(select + " FROM activities");
  std::map<std::string, Row> out;
  while (st.step()) {
    Row row;
    for (std::size_t i = 0; i < columns.size(); ++i) row[columns[i]] = st.optional_text(static_cast<int>(i));
    out[*row["id"]] = row;
  }
  return out;
}

// Every other table's rows, quoted and sorted.
std::map<std::string, std::vector<std::string>> other_tables(store::Database& db) {
  std::vector<std::string> tables;
  {
    auto st = db.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'activities' "
        "ORDER BY name");
    while (st.step()) tables.push_back(st.text(0));
  }
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& t : tables) {
    std::vector<std::string> cols;
    auto info = db.prepare("SELECT name FROM pragma_table_info(?)");
    info.bind(1, t);
    while (info.step()) cols.push_back(info.text(0));
    std::string select = "SELECT ";
    for (std::size_t i = 0; i < cols.size(); ++i) select += (i ? " || '|' || quote(" : "quote(") + cols[i] + ")";
    auto st = db.prepare(select + " FROM " + t);
    auto& rows = out[t];
    while (st.step()) rows.push_back(st.text(0));
    std::sort(rows.begin(), rows.end());
  }
  return out;
}

struct Expected {
  std::string place, age;
  std::optional<std::string> redirection, detail;
};

}  // namespace

TEST_CASE("migration 10: activity records in La Coop's codes, every field kept", "[store][schema][coop]") {
  TempDir dir;
  const auto path = dir.file("v9.db");
  std::map<std::string, Row> before;
  std::map<std::string, std::vector<std::string>> others_before;
  {
    auto db = open_server_db(path, 9);
    REQUIRE(db.user_version() == 9);
    fill_v9(db);
    before = activities(db, kV9Columns);
    others_before = other_tables(db);
  }
  REQUIRE(before.size() == 12);

  // Migration 10 alone: later ones change other tables on purpose (migrations 11 to 13 have their own tests).
  auto db = open_server_db(path, 10);
  CHECK(db.user_version() == 10);
  std::vector<std::string> columns_after = kV9Columns;
  columns_after.push_back("redirection_detail");
  const auto after = activities(db, columns_after);
  REQUIRE(after.size() == before.size());

  using O = std::optional<std::string>;
  const std::map<std::string, Expected> expected{
      {"00000000-0000-4000-8000-000000000001",
       {"domicile", "moins_de_douze", O("aide_aux_demarches_administratives"), O("France Services")}},
      {"00000000-0000-4000-8000-000000000002",
       {"lieu_activite", "douze_dix_huit", O("administration"), O("Mairie ou CCAS")}},
      {"00000000-0000-4000-8000-000000000003",
       {"a_distance", "dix_huit_vingt_quatre", O("autre"), O("Autre structure")}},
      {"00000000-0000-4000-8000-000000000004",
       {"autre", "vingt_cinq_trente_neuf", O("insertion_professionnelle"), O("Mission locale de Saint-Junien")}},
      {"00000000-0000-4000-8000-000000000005",
       {"lieu_activite", "quarante_cinquante_neuf", O("autre"), O("Chez « Lulu », sa voisine")}},
      {"00000000-0000-4000-8000-000000000006", {"lieu_activite", "soixante_soixante_neuf", O(), O()}},
      {"00000000-0000-4000-8000-000000000007", {"domicile", "soixante_dix_plus", O(), O()}},
      {"00000000-0000-4000-8000-000000000008", {"lieu_activite", "non_communique", O(), O()}},
      {"00000000-0000-4000-8000-000000000009",
       {"autre", "non_communique", O("autre"), O("PRÉFECTURE DE LA HAUTE-VIENNE")}},
      {"00000000-0000-4000-8000-00000000000a", {"", "non_communique", O("aide_sociale"), O()}},
      {"00000000-0000-4000-8000-00000000000b",
       {"a_distance", "quarante_cinquante_neuf", O("administration"), O("préfecture de Limoges")}},
      {"00000000-0000-4000-8000-00000000000c",
       {"lieu_activite", "vingt_cinq_trente_neuf", O("aide_sociale"),
        O("Structure d’aide sociale (maison des solidarités, centre social…)")}},
  };
  for (const auto& [id, old] : before) {
    INFO("record " << id);
    const Row& now = after.at(id);
    const Expected& e = expected.at(id);
    CHECK(now.at("place") == e.place);
    CHECK(now.at("age_bracket") == e.age);
    CHECK(now.at("redirection") == e.redirection);
    CHECK(now.at("redirection_detail") == e.detail);
    // Every other field as it was.
    for (const auto& column : kV9Columns) {
      if (column == "place" || column == "age_bracket" || column == "redirection") continue;
      INFO("column " << column);
      CHECK(now.at(column) == old.at(column));
    }
    // The migration reads legacy codes as the C++ does at ingest.
    mediation::ActivityRecord r;
    r.place = old.at("place").value_or("");
    r.age_bracket = old.at("age_bracket").value_or("");
    r.redirection = old.at("redirection");
    const auto read = mediation::with_current_codes(r);
    CHECK(read.place == *now.at("place"));
    CHECK(read.age_bracket == *now.at("age_bracket"));
    CHECK(read.redirection == now.at("redirection"));
    CHECK(read.redirection_detail == now.at("redirection_detail"));
  }
  // No other row of any table changed.
  CHECK(other_tables(db) == others_before);

  // Then the later migrations: each record reads back valid in today's codes.
  auto current = open_server_db(path);
  CHECK(current.user_version() == server_schema_version());
  for (const auto& [id, old] : before) {
    INFO("record " << id);
    const auto record = find_activity(current, id);
    REQUIRE(record.has_value());
    CHECK(mediation::validate(*record) == std::nullopt);
  }

  // The upgraded records go out in La Coop's shapes.
  const auto rows = list_activities(current, ActivityQuery{});
  REQUIRE(rows.size() == 12);
  const std::string json = mediation::coop_activities_json(rows, mediation::CoopExportOptions{});
  CHECK(json.find("\"type_lieu\":\"domicile\"") != std::string::npos);
  CHECK(json.find("\"total_count\":12") != std::string::npos);
  CHECK(json.find("a_domicile") == std::string::npos);
  CHECK(json.find("plus_de_70_ans") == std::string::npos);
}
