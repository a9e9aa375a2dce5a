#include "store/site_mediation.hpp"  // first: the header is self-contained

// The open-data file of the sites offering digital mediation (« schéma des
// lieux de médiation numérique » 1.0.1): the details a site needs and what
// is refused, one row per site with details that conform, a site whose
// details do not conform left out (and said), the header in the schema's
// order, and the public GET /opendata/lieux-mediation-numerique.csv.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "agenda_http.hpp"
#include "opendata/lieux_mediation.hpp"
#include "store/network.hpp"
#include "text/csv.hpp"
#include "web/public_pages.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::AgendaApi;
using escale::tests::AgendaDb;
using escale::tests::agenda_http::header;
using escale::tests::agenda_http::bhttp::field;
using escale::tests::agenda_http::bhttp::status;

// RFC 4180: records of fields, quotes doubled inside quoted fields, CRLF or LF.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string cell;
  bool quoted = false;
  bool any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record.push_back(cell);
      cell.clear();
      any = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      record.push_back(cell);
      records.push_back(record);
      record.clear();
      cell.clear();
      any = false;
    } else {
      cell += c;
      any = true;
    }
  }
  if (any) {
    record.push_back(cell);
    records.push_back(record);
  }
  return records;
}

std::string joined_columns() {
  std::string out;
  for (const auto name : opendata::lieux_mediation_columns()) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

SiteMediationInfo details(std::int64_t site_id) {
  SiteMediationInfo info;
  info.site_id = site_id;
  info.pivot = "12345678900015";
  info.postal_code = "21500";
  info.commune = "Montbard";
  info.phone = "03 80 00 00 00";
  return info;
}

struct OpenData : AgendaDb {
  std::int64_t third = site("Tiers-lieu sans médiation", "21154");
  std::int64_t broken = site("Tiers-lieu mal renseigné", "21464");
  bool filled = [this] {
    auto info = details(site_id);
    info.extra["modalites_acces"] = "Se présenter|Téléphoner|Prendre un RDV en ligne";
    info.extra["presentation_resume"] = "Aide numérique, ateliers, démarches en ligne, avec ou sans rendez-vous.";
    info.extra["producer_siret"] = "21210001200019";  // read by older releases only: the network names the file
    info.extra["territory"] = "Ailleurs";
    if (!set_site_mediation(db, info, Actor{}).ok()) return false;
    NetworkSettings n;
    n.name = "Communauté de communes du Montbardois";
    n.territory = "Pays de Montbard";
    n.producer_id = "21210001200013";
    if (!set_network_settings(db, n, Actor{}).ok()) return false;
    // Details stored before a rule they break (an older release, a hand edit): left out of the file.
    db.prepare(
          "INSERT INTO site_mediation (site_id, pivot, postal_code, commune, phone, extra, updated_at) "
          "VALUES (?, 'abc', '2150', 'Buffon', '', '{}', '2027-01-05T10:00:00.000Z')")
        .bind(1, broken)
        .run();
    return true;
  }();
};

}  // namespace

TEST_CASE("open data: a site's mediation details are checked against the schema", "[opendata_export]") {
  AgendaDb s;
  auto info = details(s.site_id);
  info.pivot = "123";
  info.postal_code = "2150";
  auto r = set_site_mediation(s.db, info, Actor{});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("schéma des lieux de médiation numérique"));
  CHECK_THAT(r.error(), Catch::Contains("pivot"));
  CHECK_THAT(r.error(), Catch::Contains("code_postal"));
  info = details(s.site_id);
  info.phone = "0044 1234";
  r = set_site_mediation(s.db, info, Actor{});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("telephone"));
  info = details(s.site_id);
  info.extra["couleur_preferee"] = "bleu";
  r = set_site_mediation(s.db, info, Actor{});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("couleur_preferee"));
  info = details(s.site_id);
  info.extra["modalites_acces"] = "Venir quand on veut";
  CHECK_FALSE(set_site_mediation(s.db, info, Actor{}).ok());
  info = details(99);
  r = set_site_mediation(s.db, info, Actor{});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error(), Catch::Contains("Aucun tiers-lieu"));
  CHECK(s.count("site_mediation") == 0);

  // Valid: stored with the phone in E.164, read back.
  info = details(s.site_id);
  info.extra["services"] = "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien";
  const auto saved = set_site_mediation(s.db, info, Actor{});
  REQUIRE(saved.ok());
  CHECK(saved->phone == "+33380000000");
  const auto found = find_site_mediation(s.db, s.site_id);
  REQUIRE(found.has_value());
  CHECK(found->pivot == "12345678900015");
  CHECK(found->postal_code == "21500");
  CHECK(found->commune == "Montbard");
  CHECK(found->phone == "+33380000000");
  CHECK(found->extra.at("services") ==
        "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien");
  CHECK_FALSE(find_site_mediation(s.db, s.other_site).has_value());
}

TEST_CASE("open data: one row per site with conforming details, in the schema's columns", "[opendata_export]") {
  OpenData s;
  REQUIRE(s.filled);
  const auto places = mediation_places(s.db);
  REQUIRE(places.places.size() == 1);
  REQUIRE(places.skipped.size() == 1);
  CHECK_THAT(places.skipped[0], Catch::StartsWith("Tiers-lieu mal renseigné : "));

  const std::string file = lieux_mediation_file(places.places);
  const auto records = parse_csv(file);
  REQUIRE(records.size() == 2);
  const auto columns = opendata::lieux_mediation_columns();
  REQUIRE(records[0].size() == columns.size());
  CHECK(file.substr(0, file.find('\r')) == joined_columns());
  REQUIRE(records[1].size() == columns.size());
  const auto cell = [&](const std::string& name) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] == name) return records[1][i];
    }
    FAIL("no column " << name);
    return std::string();
  };
  CHECK(cell("id") == "escale-site-" + std::to_string(s.site_id));
  CHECK(cell("pivot") == "12345678900015");
  CHECK(cell("nom") == "Tiers-lieu du Haut-Val");
  CHECK(cell("commune") == "Montbard");
  CHECK(cell("code_postal") == "21500");
  CHECK(cell("adresse") == "2 rue de la Gare");
  CHECK(cell("date_maj") == paris_date(now()));
  CHECK(cell("code_insee") == "21425");
  CHECK(cell("telephone") == "+33380000000");
  CHECK(cell("typologie") == "TIERS_LIEUX");
  CHECK(cell("horaires") == escale::tests::kHours);
  CHECK(cell("modalites_acces") == "Se présenter|Téléphoner|Prendre un RDV en ligne");
  CHECK(cell("presentation_resume") == "Aide numérique, ateliers, démarches en ligne, avec ou sans rendez-vous.");
  CHECK(cell("latitude").empty());
  // Escale's own keys are not columns.
  CHECK(file.find("Ailleurs") == std::string::npos);
  CHECK(file.find("Tiers-lieu sans médiation") == std::string::npos);
  CHECK(file.find("Tiers-lieu mal renseigné") == std::string::npos);
  CHECK(suggested_open_data_name(s.db, CivilDate{2027, 3, 1}) ==
        opendata::suggested_file_name(CivilDate{2027, 3, 1}, "21210001200013", "Pays de Montbard"));
}

TEST_CASE("open data: GET /opendata/lieux-mediation-numerique.csv is public", "[opendata_export]") {
  AgendaApi api;
  auto r = api.get("/opendata/lieux-mediation-numerique.csv");
  REQUIRE(r.result() == status::ok);
  CHECK(header(r, field::content_type) == "text/csv; charset=utf-8");
  // No site has details yet: the header alone.
  CHECK(parse_csv(r.body()).size() == 1);
  CHECK(r.body().substr(0, r.body().find('\r')) == joined_columns());

  auto info = details(api.site_id);
  REQUIRE(set_site_mediation(api.db, info, Actor{}).ok());
  NetworkSettings n;
  n.name = "Communauté de communes du Montbardois";
  n.territory = "Pays de Montbard";
  n.producer_id = "21210001200013";
  REQUIRE(set_network_settings(api.db, n, Actor{}).ok());
  // The neighbouring site's details no longer conform: left out, the file stays valid.
  api.db
      .prepare(
          "INSERT INTO site_mediation (site_id, pivot, postal_code, commune, phone, extra, updated_at) "
          "VALUES (?, '12345678900015', '21500', 'Buffon', '', '{\"services\":\"Tout\"}', "
          "'2027-01-05T10:00:00.000Z')")
      .bind(1, api.other_site)
      .run();
  r = api.get("/opendata/lieux-mediation-numerique.csv");
  REQUIRE(r.result() == status::ok);
  const auto records = parse_csv(r.body());
  REQUIRE(records.size() == 2);
  CHECK(records[1].size() == records[0].size());
  CHECK(records[1][0] == "escale-site-" + std::to_string(api.site_id));
  CHECK(r.body().find("Tiers-lieu voisin") == std::string::npos);
  // The site offers help appointments and gave no booking address: its public booking page (issue 18), at
  // the server's default public address.
  auto places = mediation_places(api.db).places;
  REQUIRE(places.size() == 1);
  places[0].prise_rdv = web::public_help_url("http://127.0.0.1:8080", api.site_id);
  CHECK(r.body() == lieux_mediation_file(places));
  CHECK(header(r, field::content_disposition) ==
        "attachment; filename=\"" + suggested_open_data_name(api.db, paris_civil_date(now())) + "\"");
  CHECK_THAT(header(r, field::content_disposition), Catch::Contains("21210001200013"));
  CHECK_THAT(header(r, field::content_disposition), Catch::Contains("lieux-de-mediation-numerique"));
  CHECK(api.admin_post("/opendata/lieux-mediation-numerique.csv", "").result() == status::method_not_allowed);
}

// Issue 14: a site's name starting with = went into the open-data file as it
// was, and a spreadsheet opening the file ran it.
TEST_CASE("spreadsheet formulas in CSV: the open-data file neutralises text, keeps phone numbers",
          "[opendata_export]") {
  AgendaApi api;
  auto info = details(api.site_id);
  REQUIRE(set_site_mediation(api.db, info, Actor{}).ok());
  const std::string name = "=HYPERLINK(\"https://evil.example\",\"Cliquez\")";
  api.db.prepare("UPDATE sites SET name = ?, address = ? WHERE id = ?").bind_all(name, "@SUM(1+1)", api.site_id).run();
  const auto r = api.get("/opendata/lieux-mediation-numerique.csv");
  REQUIRE(r.result() == status::ok);
  const std::string& file = r.body();
  INFO(file);
  CHECK_THAT(file, Catch::Contains(",\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Cliquez\"\")\","));
  CHECK_THAT(file, Catch::Contains(",'@SUM(1+1),"));
  CHECK_THAT(file, !Catch::Contains(",=HYPERLINK"));
  CHECK_THAT(file, !Catch::Contains(",\"=HYPERLINK"));
  CHECK_THAT(file, Catch::Contains(",+33380000000,"));  // a phone number stays what the schema asks
  // The project's reader gives back the name as stored.
  const auto rows = csv::parse(file);
  REQUIRE(rows.size() == 2);
  CHECK(std::find(rows[1].begin(), rows[1].end(), name) != rows[1].end());
  CHECK(std::find(rows[1].begin(), rows[1].end(), "@SUM(1+1)") != rows[1].end());
}
