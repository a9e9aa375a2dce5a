#include "mediation/coop_export.hpp"  // first: the header is self-contained

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "domain/uuid.hpp"
#include "text/csv.hpp"
#include "time/clock.hpp"

using namespace escale;
using namespace escale::mediation;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;

namespace {

Instant at(const char* iso) {
  return *parse_iso_utc(iso);
}

// An individual record at the site, everything given.
ActivityExportRow individual() {
  ActivityExportRow row;
  ActivityRecord& r = row.record;
  r.id = "3f2b8c1e-0000-4000-8000-00000000a001";
  r.site_id = 7;
  r.mediator_id = 42;
  r.date = CivilDate{2026, 3, 14};
  r.duration = 45min;
  r.place = "lieu_activite";
  r.equipment = {"ordinateur", "telephone"};
  r.themes = {"aide_aux_demarches_administratives", "papiers_elections_citoyennete", "associations"};
  r.autonomy = "partiellement_autonome";
  r.redirection = "administration";
  r.redirection_detail = "Mairie de Beaune";  // Escale's own: not in La Coop's shapes
  r.age_bracket = "soixante_soixante_neuf";
  r.social_status = "retraite";
  r.gender = "feminin";
  r.home_insee = "21054";
  r.note = "Revenir pour la carte grise";  // never exported
  r.recorded_at = at("2026-03-14T10:00:00.000Z");
  row.site_name = "Tiers-lieu du Haut-Val";
  row.updated_at = at("2026-03-14T10:05:00.000Z");
  return row;
}

// A workshop elsewhere (commune given), a title a spreadsheet would run.
ActivityExportRow workshop() {
  ActivityExportRow row;
  ActivityRecord& r = row.record;
  r.id = "3f2b8c1e-0000-4000-8000-00000000a002";
  r.site_id = 7;
  r.mediator_id = 42;
  r.collective = true;
  r.date = CivilDate{2026, 3, 19};
  r.duration = 90min;
  r.place = "autre";
  r.place_insee = "21231";
  r.themes = {"email"};
  r.participants = 6;
  r.workshop_title = "=HYPERLINK(\"https://evil.example\")";
  r.level = WorkshopLevel::Beginner;
  r.recorded_at = at("2026-03-19T16:00:00.000Z");
  row.site_name = "Tiers-lieu du Haut-Val";
  row.updated_at = at("2026-03-19T16:00:00.000Z");
  return row;
}

// At home, nothing optional: nulls everywhere La Coop writes null.
ActivityExportRow at_home() {
  ActivityExportRow row;
  ActivityRecord& r = row.record;
  r.id = "3f2b8c1e-0000-4000-8000-00000000a003";
  r.site_id = 8;
  r.mediator_id = 43;
  r.date = CivilDate{2026, 3, 2};
  r.duration = 20min;
  r.place = "domicile";
  r.themes = {"sante"};
  r.anonymous = true;
  r.recorded_at = at("2026-03-02T09:00:00.000Z");
  row.site_name = "Relais de Saulieu";
  row.updated_at = at("2026-03-20T08:00:00.000Z");  // corrected later: first in La Coop's order
  return row;
}

CoopExportOptions options() {
  CoopExportOptions o;
  o.scope = "200071512";
  o.self_href = "/api/v1/exports/coop-activites.json?site=7";
  o.commune_name = [](std::string_view insee) -> std::optional<std::string> {
    if (insee == "21231") return "Dijon";
    return std::nullopt;
  };
  return o;
}

}  // namespace

TEST_CASE("coop ids: stable version-8 UUIDs, one per kind, number and scope", "[coop]") {
  const std::string m = coop_mediator_id(42, "200071512");
  CHECK(is_valid_uuid(m));
  CHECK(m[14] == '8');                                          // version 8
  CHECK(std::string("89ab").find(m[19]) != std::string::npos);  // RFC 9562 variant
  CHECK(m == coop_mediator_id(42, "200071512"));                // stable
  // Frozen (computed apart, with Python's hashlib.blake2b(digest_size=16)):
  // a change would break what mediators already reported.
  CHECK(m == "cccf4b64-6229-8f99-9b05-0c423e09c789");
  CHECK(coop_structure_id(7, "200071512") == "9ab3879c-9991-89f3-99c4-9b6fbfbe1b12");
  std::set<std::string> all{m,
                            coop_user_id(42, "200071512"),
                            coop_structure_id(42, "200071512"),
                            coop_mediator_id(43, "200071512"),
                            coop_mediator_id(42, ""),
                            coop_mediator_id(42, "200071513")};
  CHECK(all.size() == 6);
}

TEST_CASE("coop JSON: La Coop's list document, attribute for attribute", "[coop]") {
  const std::vector<ActivityExportRow> rows{individual(), workshop(), at_home()};
  const std::string text = coop_activities_json(rows, options());
  const std::string m42 = coop_mediator_id(42, "200071512");
  const std::string u42 = coop_user_id(42, "200071512");
  const std::string m43 = coop_mediator_id(43, "200071512");
  const std::string u43 = coop_user_id(43, "200071512");
  const std::string s7 = coop_structure_id(7, "200071512");
  const std::string expected =
      R"({"data":[)"
      // Last modified first (La Coop's order).
      R"({"type":"activite","id":"3f2b8c1e-0000-4000-8000-00000000a003","attributes":{"type":"individuel",)"
      R"("mediateur_id":")" +
      m43 + R"(","user_id":")" + u43 +
      R"(","date":"2026-03-02","duree":20,)"
      R"("structure_id":null,"lieu_code_postal":null,"lieu_commune":null,"lieu_code_insee":null,)"
      R"("creation":"2026-03-02T09:00:00.000Z","modification":"2026-03-20T08:00:00.000Z","suppression":null,)"
      R"("type_lieu":"domicile","autonomie":null,"structure_de_redirection":null,"thematiques":["sante"],)"
      R"("tags":[],"materiel":[],"oriente_vers_structure":false,"precisions_demarche":null,"titre_atelier":null,)"
      R"("niveau_atelier":null,"accompagnements":1,"beneficiaires":{"total":1,)"
      R"("genres":{"masculin":0,"feminin":0,"non_communique":1},)"
      R"("tranches_age":{"moins_de_douze":0,"douze_dix_huit":0,"dix_huit_vingt_quatre":0,)"
      R"("vingt_cinq_trente_neuf":0,"quarante_cinquante_neuf":0,"soixante_soixante_neuf":0,"soixante_dix_plus":0,)"
      R"("non_communique":1},"statuts":{"scolarise":0,"sans_emploi":0,"en_emploi":0,"retraite":0,)"
      R"("non_communique":1}}}},)"
      R"({"type":"activite","id":"3f2b8c1e-0000-4000-8000-00000000a002","attributes":{"type":"collectif",)"
      R"("mediateur_id":")" +
      m42 + R"(","user_id":")" + u42 +
      R"(","date":"2026-03-19","duree":90,)"
      R"("structure_id":null,"lieu_code_postal":null,"lieu_commune":"Dijon","lieu_code_insee":"21231",)"
      R"("creation":"2026-03-19T16:00:00.000Z","modification":"2026-03-19T16:00:00.000Z","suppression":null,)"
      R"("type_lieu":"autre","autonomie":null,"structure_de_redirection":null,"thematiques":["email"],)"
      R"("tags":[],"materiel":[],"oriente_vers_structure":null,"precisions_demarche":null,)"
      R"j("titre_atelier":"=HYPERLINK(\"https://evil.example\")","niveau_atelier":"debutant",)j"
      R"("accompagnements":6,"beneficiaires":{"total":6,"genres":{"masculin":0,"feminin":0,"non_communique":6},)"
      R"("tranches_age":{"moins_de_douze":0,"douze_dix_huit":0,"dix_huit_vingt_quatre":0,)"
      R"("vingt_cinq_trente_neuf":0,"quarante_cinquante_neuf":0,"soixante_soixante_neuf":0,"soixante_dix_plus":0,)"
      R"("non_communique":6},"statuts":{"scolarise":0,"sans_emploi":0,"en_emploi":0,"retraite":0,)"
      R"("non_communique":6}}}},)"
      R"({"type":"activite","id":"3f2b8c1e-0000-4000-8000-00000000a001","attributes":{"type":"individuel",)"
      R"("mediateur_id":")" +
      m42 + R"(","user_id":")" + u42 +
      R"(","date":"2026-03-14","duree":45,)"
      R"("structure_id":")" +
      s7 +
      R"(","lieu_code_postal":null,"lieu_commune":null,"lieu_code_insee":null,)"
      R"("creation":"2026-03-14T10:00:00.000Z","modification":"2026-03-14T10:05:00.000Z","suppression":null,)"
      R"("type_lieu":"lieu_activite","autonomie":"partiellement_autonome",)"
      R"("structure_de_redirection":"administration",)"
      R"("thematiques":["aide_aux_demarches_administratives","papiers_elections_citoyennete","associations"],)"
      R"("tags":[],"materiel":["ordinateur","telephone"],"oriente_vers_structure":true,)"
      R"("precisions_demarche":null,"titre_atelier":null,"niveau_atelier":null,"accompagnements":1,)"
      R"("beneficiaires":{"total":1,"genres":{"masculin":0,"feminin":1,"non_communique":0},)"
      R"("tranches_age":{"moins_de_douze":0,"douze_dix_huit":0,"dix_huit_vingt_quatre":0,)"
      R"("vingt_cinq_trente_neuf":0,"quarante_cinquante_neuf":0,"soixante_soixante_neuf":1,"soixante_dix_plus":0,)"
      R"("non_communique":0},"statuts":{"scolarise":0,"sans_emploi":0,"en_emploi":0,"retraite":1,)"
      R"("non_communique":0}}}}],)"
      R"("links":{"self":{"href":"/api/v1/exports/coop-activites.json?site=7"}},)"
      R"("meta":{"total_count":3,"items_per_page":3,"total_pages":1,"has_next_page":false,"has_prev_page":false}})";
  CHECK(text == expected);
  // Escale's own fields stay out: the redirection's text, the note, the site's name, the home commune.
  for (const char* kept_home : {"Mairie de Beaune", "carte grise", "Haut-Val", "21054"}) {
    CAPTURE(kept_home);
    CHECK(text.find(kept_home) == std::string::npos);
  }
}

TEST_CASE("coop JSON: no record is an empty page", "[coop]") {
  CoopExportOptions o = options();
  o.self_href = "/api/v1/exports/coop-activites.json";
  CHECK(coop_activities_json({}, o) ==
        R"({"data":[],"links":{"self":{"href":"/api/v1/exports/coop-activites.json"}},)"
        R"("meta":{"total_count":0,"items_per_page":0,"total_pages":0,"has_next_page":false,"has_prev_page":false}})");
}

TEST_CASE("coop CSV: the API's attributes as columns, one row per activity", "[coop]") {
  const std::vector<ActivityExportRow> rows{individual(), workshop(), at_home()};
  const std::string text = coop_activities_csv(rows, options());
  const auto parsed = csv::parse(text);
  REQUIRE(parsed.size() == 4);
  const std::vector<std::string> header(coop_csv_columns().begin(), coop_csv_columns().end());
  CHECK(parsed[0] == header);
  CHECK(text.starts_with(
      "id,type,mediateur_id,user_id,date,duree,structure_id,lieu_code_postal,lieu_commune,lieu_code_insee,creation,"
      "modification,suppression,type_lieu,autonomie,structure_de_redirection,thematiques,tags,materiel,"
      "oriente_vers_structure,precisions_demarche,titre_atelier,niveau_atelier,accompagnements,beneficiaires_total,"
      "beneficiaires_genres_masculin,beneficiaires_genres_feminin,beneficiaires_genres_non_communique,"
      "beneficiaires_tranches_age_moins_de_douze,beneficiaires_tranches_age_douze_dix_huit,"
      "beneficiaires_tranches_age_dix_huit_vingt_quatre,beneficiaires_tranches_age_vingt_cinq_trente_neuf,"
      "beneficiaires_tranches_age_quarante_cinquante_neuf,beneficiaires_tranches_age_soixante_soixante_neuf,"
      "beneficiaires_tranches_age_soixante_dix_plus,beneficiaires_tranches_age_non_communique,"
      "beneficiaires_statuts_scolarise,beneficiaires_statuts_sans_emploi,beneficiaires_statuts_en_emploi,"
      "beneficiaires_statuts_retraite,beneficiaires_statuts_non_communique\r\n"));
  const std::string m42 = coop_mediator_id(42, "200071512");
  const std::string u42 = coop_user_id(42, "200071512");
  const std::string s7 = coop_structure_id(7, "200071512");
  // The workshop, golden: the title neutralised (a leading '), the counts as numbers.
  const std::string workshop_line = "3f2b8c1e-0000-4000-8000-00000000a002,collectif," + m42 + "," + u42 +
                                    ",2026-03-19,90,,,Dijon,21231,2026-03-19T16:00:00.000Z,2026-03-19T16:00:00.000Z,,"
                                    "autre,,,email,,,,,\"'=HYPERLINK(\"\"https://evil.example\"\")\",debutant,6,6,"
                                    "0,0,6,0,0,0,0,0,0,0,6,0,0,0,0,6\r\n";
  CHECK_THAT(text, Contains("\r\n" + workshop_line));
  const std::string individual_line =
      "3f2b8c1e-0000-4000-8000-00000000a001,individuel," + m42 + "," + u42 + ",2026-03-14,45," + s7 +
      ",,,,2026-03-14T10:00:00.000Z,2026-03-14T10:05:00.000Z,,lieu_activite,partiellement_autonome,administration,"
      "aide_aux_demarches_administratives|papiers_elections_citoyennete|associations,,ordinateur|telephone,true,,,,1,"
      "1,0,1,0,0,0,0,0,0,1,0,0,0,0,0,1,0\r\n";
  CHECK(text.ends_with(individual_line));
  CHECK(parsed[1][0] == "3f2b8c1e-0000-4000-8000-00000000a003");  // La Coop's order, as the JSON
  CHECK(parsed[1][19] == "false");
  CHECK(parsed[2][21] == "=HYPERLINK(\"https://evil.example\")");  // read back exactly

  // Every cell is the JSON's value: nested names flattened, lists joined with |, null empty.
  const auto doc = nlohmann::json::parse(coop_activities_json(rows, options()));
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& resource = doc["data"][i];
    CHECK(parsed[i + 1][0] == resource["id"].get<std::string>());
    std::vector<std::string> expected;
    auto add = [&](const nlohmann::json& v) {
      if (v.is_null()) {
        expected.emplace_back();
      } else if (v.is_boolean()) {
        expected.emplace_back(v.get<bool>() ? "true" : "false");
      } else if (v.is_number()) {
        expected.push_back(std::to_string(v.get<long long>()));
      } else if (v.is_array()) {
        std::string joined;
        for (const auto& item : v) joined += (joined.empty() ? "" : "|") + item.get<std::string>();
        expected.push_back(joined);
      } else {
        expected.push_back(v.get<std::string>());
      }
    };
    for (std::size_t c = 1; c < header.size(); ++c) {
      const std::string& name = header[c];
      const auto& attributes = resource["attributes"];
      if (name.starts_with("beneficiaires_")) {
        const auto& b = attributes["beneficiaires"];
        std::string rest = name.substr(std::string("beneficiaires_").size());
        if (rest == "total") {
          add(b["total"]);
        } else {
          for (const char* group : {"genres", "tranches_age", "statuts"}) {
            const std::string prefix = std::string(group) + "_";
            if (rest.starts_with(prefix)) add(b[group][rest.substr(prefix.size())]);
          }
        }
      } else {
        REQUIRE(attributes.contains(name));
        add(attributes[name]);
      }
    }
    std::vector<std::string> cells(parsed[i + 1].begin() + 1, parsed[i + 1].end());
    CHECK(cells == expected);
  }
}

TEST_CASE("coop CSV: the « tableur » variant", "[coop]") {
  const std::vector<ActivityExportRow> rows{workshop()};
  const std::string text = coop_activities_csv(rows, options(), true);
  REQUIRE(text.starts_with(csv::kByteOrderMark));
  CHECK(text.substr(csv::kByteOrderMark.size()).starts_with("id;type;mediateur_id;user_id;date;duree;"));
  CHECK_THAT(text, Contains(";\"'=HYPERLINK(\"\"https://evil.example\"\")\";debutant;6;"));
  CHECK(csv::parse(text, ';') == csv::parse(coop_activities_csv(rows, options()), ','));
  // No rows: the header alone.
  CHECK(csv::parse(coop_activities_csv({}, options())).size() == 1);
}
