// Issue 19, the open data of the places: date_maj moves when a cell of a
// site's row changes and only then (the row's fingerprint, kept in
// site_opendata), on the store's write paths and when the file is produced;
// a site left out of the file is named with what is missing, in the server's
// log and in the back office; the file's name and producer come from the
// network's settings, where a producer that is not a SIRET or an RNA is
// refused next to its field.
#include "store/site_mediation.hpp"  // first: the header is self-contained

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "agenda_http.hpp"
#include "opendata/lieux_mediation.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "support/log_capture.hpp"
#include "web/public_pages.hpp"
#include "web_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::AgendaApi;
using escale::tests::AgendaDb;
using escale::tests::at;
using escale::tests::LogCapture;
using escale::tests::agenda_http::header;
using escale::tests::agenda_http::bhttp::field;
using escale::tests::agenda_http::bhttp::status;

SiteMediationInfo details(std::int64_t site_id) {
  SiteMediationInfo info;
  info.site_id = site_id;
  info.pivot = "21210001200013";
  info.postal_code = "21500";
  info.commune = "Montbard";
  info.phone = "03 80 00 00 00";
  return info;
}

// The details as an older release stored them: no row kept in site_opendata yet.
void store_details_raw(store::Database& db, std::int64_t site_id) {
  db.prepare(
        "INSERT INTO site_mediation (site_id, pivot, postal_code, commune, phone, extra, updated_at) "
        "VALUES (?, '21210001200013', '21500', 'Montbard', '+33380000000', '{}', '2020-01-01T10:00:00.000Z')")
      .bind(1, site_id)
      .run();
}

std::optional<CivilDate> date_in_file(const MediationPlaces& m, std::int64_t site_id) {
  const auto it = std::find(m.site_ids.begin(), m.site_ids.end(), site_id);
  if (it == m.site_ids.end()) return std::nullopt;
  return m.places[static_cast<std::size_t>(it - m.site_ids.begin())].date_maj;
}

const Instant t1 = at("2026-03-02T10:00:00Z");
const Instant t2 = at("2026-04-15T10:00:00Z");
const Instant t3 = at("2026-05-20T10:00:00Z");
const Instant far_future = at("2100-01-01T10:00:00Z");

}  // namespace

TEST_CASE("open data: date_maj moves with any cell of the row and not otherwise", "[opendata_export][opendata_dates]") {
  AgendaDb s;
  store_details_raw(s.db, s.site_id);
  auto m = mediation_places(s.db, {}, t1);
  REQUIRE(date_in_file(m, s.site_id) == CivilDate{2026, 3, 2});  // first seen
  CHECK(open_data_date(s.db, s.site_id) == CivilDate{2026, 3, 2});

  // Produced again with nothing changed: the date stays.
  m = mediation_places(s.db, "https://escale.example.fr", t2);
  CHECK(date_in_file(m, s.site_id) == CivilDate{2026, 3, 2});
  // The server's address is not part of the comparison (the help page's path is).
  m = mediation_places(s.db, "https://autre.example.fr", t2);
  CHECK(date_in_file(m, s.site_id) == CivilDate{2026, 3, 2});

  // A change the store did not see (an older release, a hand edit): dated when the file is produced.
  s.db.prepare("UPDATE sites SET name = 'Tiers-lieu du Haut-Val et du Bas-Val' WHERE id = ?").bind(1, s.site_id).run();
  m = mediation_places(s.db, {}, t2);
  CHECK(date_in_file(m, s.site_id) == CivilDate{2026, 4, 15});
  m = mediation_places(s.db, {}, t3);
  CHECK(date_in_file(m, s.site_id) == CivilDate{2026, 4, 15});

  // The other site, without details, has no row.
  CHECK_FALSE(open_data_date(s.db, s.other_site).has_value());
}

TEST_CASE("open data: editing a site's name or hours dates its row in the same write",
          "[opendata_export][opendata_dates]") {
  AgendaDb s;
  store_details_raw(s.db, s.site_id);
  REQUIRE(date_in_file(mediation_places(s.db, {}, t1), s.site_id) == CivilDate{2026, 3, 2});
  auto site = *find_site(s.db, s.site_id);

  // Saved unchanged: the date stays.
  REQUIRE(update_site(s.db, site, Actor{}).ok());
  CHECK(open_data_date(s.db, s.site_id) == CivilDate{2026, 3, 2});

  // The name: dated by update_site itself (today), not when the file is next produced (2100).
  site.name = "Tiers-lieu du Haut-Val (Montbard)";
  REQUIRE(update_site(s.db, site, Actor{}).ok());
  const auto after_name = open_data_date(s.db, s.site_id);
  REQUIRE(after_name.has_value());
  CHECK(*after_name > CivilDate{2026, 3, 2});
  CHECK(date_in_file(mediation_places(s.db, {}, far_future), s.site_id) == after_name);

  // The hours: the same, from a row dated back to t1 again.
  s.db.prepare("UPDATE site_opendata SET changed_at = '2026-03-02T10:00:00.000Z' WHERE site_id = ?")
      .bind(1, s.site_id)
      .run();
  site.opening_hours = "Mo-Fr 09:00-17:00";
  REQUIRE(update_site(s.db, site, Actor{}).ok());
  CHECK(open_data_date(s.db, s.site_id) > CivilDate{2026, 3, 2});
  CHECK(date_in_file(mediation_places(s.db, {}, far_future), s.site_id) < CivilDate{2100, 1, 1});
}

TEST_CASE("open data: the open-data details date the row only when a cell changes",
          "[opendata_export][opendata_dates]") {
  AgendaDb s;
  store_details_raw(s.db, s.site_id);
  REQUIRE(date_in_file(mediation_places(s.db, {}, t1), s.site_id) == CivilDate{2026, 3, 2});

  // The same details saved again (the phone typed another way, the pivot with spaces): no change.
  auto info = details(s.site_id);
  info.pivot = "212 100 012 00013";
  info.phone = "+33 3 80 00 00 00";
  REQUIRE(set_site_mediation(s.db, info, Actor{}).ok());
  CHECK(find_site_mediation(s.db, s.site_id)->pivot == "21210001200013");
  CHECK(open_data_date(s.db, s.site_id) == CivilDate{2026, 3, 2});

  // An optional column added: a change.
  info.extra["frais_a_charge"] = "Gratuit";
  info.extra["dispositif_programmes_nationaux"] = "France Services|Conseillers numériques";
  info.extra["typologie"] = "FABRIQUE|TIERS_LIEUX";
  REQUIRE(set_site_mediation(s.db, info, Actor{}).ok());
  CHECK(open_data_date(s.db, s.site_id) > CivilDate{2026, 3, 2});
  const auto m = mediation_places(s.db, {}, far_future);
  REQUIRE(m.places.size() == 1);
  CHECK(m.places[0].typologie == std::vector<std::string>{"FABRIQUE", "TIERS_LIEUX"});
  CHECK(m.places[0].frais_a_charge == std::vector<std::string>{"Gratuit"});
  CHECK(m.places[0].date_maj < CivilDate{2100, 1, 1});

  // A RIDET is refused, what was stored stays.
  info.pivot = "1234567001";
  const auto refused = set_site_mediation(s.db, info, Actor{});
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Catch::Contains("RIDET"));
  CHECK(find_site_mediation(s.db, s.site_id)->pivot == "21210001200013");
}

TEST_CASE("open data: a site whose address was emptied is left out and named with the missing field",
          "[opendata_export][opendata_left_out]") {
  AgendaDb s;
  REQUIRE(set_site_mediation(s.db, details(s.site_id), Actor{}).ok());
  REQUIRE(set_site_mediation(s.db, details(s.other_site), Actor{}).ok());
  auto site = *find_site(s.db, s.other_site);
  site.address = "";
  REQUIRE(update_site(s.db, site, Actor{}).ok());  // the site's form allows it: the file says what is missing
  const auto kept = open_data_date(s.db, s.other_site);

  const auto m = mediation_places(s.db, {}, far_future);
  REQUIRE(m.places.size() == 1);
  CHECK(m.site_ids == std::vector<std::int64_t>{s.site_id});
  REQUIRE(m.left_out.size() == 1);
  CHECK(m.left_out[0].site_id == s.other_site);
  CHECK(m.left_out[0].site_name == "Tiers-lieu voisin");
  CHECK(m.left_out[0].fields == std::vector<std::string>{"adresse"});
  CHECK(m.left_out[0].problems == std::vector<std::string>{"adresse manquante"});
  REQUIRE(m.skipped.size() == 1);
  CHECK(m.skipped[0] == "Tiers-lieu voisin : adresse manquante");
  CHECK(open_data_date(s.db, s.other_site) == kept);  // a left-out row is not dated
  const auto one = open_data_left_out(s.db, s.other_site);
  REQUIRE(one.has_value());
  CHECK(one->problems == std::vector<std::string>{"adresse manquante"});
  CHECK_FALSE(open_data_left_out(s.db, s.site_id).has_value());
  CHECK_FALSE(open_data_left_out(s.db, 99).has_value());

  // A wrong value is named with the schema's message.
  s.db.prepare("UPDATE site_mediation SET postal_code = '2150' WHERE site_id = ?").bind(1, s.site_id).run();
  const auto both = mediation_places(s.db, {}, far_future);
  CHECK(both.places.empty());
  REQUIRE(both.left_out.size() == 2);
  CHECK(both.left_out[0].fields == std::vector<std::string>{"code_postal"});
  CHECK_THAT(both.left_out[0].problems[0], Catch::Contains("5 chiffres attendus"));
}

TEST_CASE("open data: the file logs each site it leaves out and names its producer and books on the help page",
          "[opendata_export][opendata_left_out]") {
  AgendaApi api;
  REQUIRE(set_site_mediation(api.db, details(api.site_id), Actor{}).ok());
  REQUIRE(set_site_mediation(api.db, details(api.other_site), Actor{}).ok());
  auto site = *find_site(api.db, api.other_site);
  site.address = "";
  REQUIRE(update_site(api.db, site, Actor{}).ok());
  // The lowest site's old extras no longer name the file: the network's settings do.
  api.db
      .prepare(
          "UPDATE site_mediation SET extra = '{\"producer_siret\":\"21210001200013\",\"territory\":\"Ailleurs\"}' "
          "WHERE site_id = ?")
      .bind(1, api.site_id)
      .run();
  NetworkSettings n = network_settings(api.db);
  n.name = "Communauté de communes du Montbardois";
  n.territory = "Montbardois";
  n.producer_id = "W212003456";
  REQUIRE(set_network_settings(api.db, n, Actor{}).ok());

  LogCapture log;
  const auto r = api.get("/opendata/lieux-mediation-numerique.csv");
  REQUIRE(r.result() == status::ok);
  CHECK(log.count({"[warning]", "open data", "Tiers-lieu voisin", "adresse manquante"}) == 1);
  CHECK(log.count({"left out"}) == 1);
  const auto disposition = header(r, field::content_disposition);
  CHECK_THAT(disposition, Catch::Contains("_W212003456_lieux-de-mediation-numerique_Montbardois.csv"));
  CHECK_THAT(disposition, !Catch::Contains("21210001200013"));
  CHECK(r.body().find("Tiers-lieu voisin") == std::string::npos);
  // prise_rdv: the site offers help appointments, its public help page.
  CHECK_THAT(r.body(), Catch::Contains("," + web::public_help_url("http://127.0.0.1:8080", api.site_id) + "\r\n"));

  // Without a producer, the file still downloads, its name without an id.
  n.producer_id = "";
  REQUIRE(set_network_settings(api.db, n, Actor{}).ok());
  CHECK(suggested_open_data_name(api.db, CivilDate{2026, 12, 7}) ==
        "2026-12-07_lieux-de-mediation-numerique_Montbardois.csv");
  CHECK(api.get("/opendata/lieux-mediation-numerique.csv").result() == status::ok);
}

TEST_CASE("open data: the producer is a SIRET or an RNA and is refused otherwise", "[opendata_export][network]") {
  AgendaDb s;
  NetworkSettings n;
  n.name = "Communauté de communes du Montbardois";
  n.territory = "Montbardois";
  for (const auto& [typed, why] :
       std::vector<std::pair<std::string, std::string>>{{"2121000120001", "Le SIRET doit compter 14 chiffres"},
                                                        {"21210001200019", "clé de contrôle"},
                                                        {"1234567001", "RIDET"},
                                                        {"W21200345", "W suivi de 9 chiffres"},
                                                        {"212-100", "sans espace ni ponctuation"}}) {
    CAPTURE(typed);
    n.producer_id = typed;
    const auto r = set_network_settings(s.db, n, Actor{});
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error(), Catch::StartsWith("Producteur des données ouvertes") && Catch::Contains(why));
  }
  CHECK(network_settings(s.db).producer_id.empty());  // nothing saved

  n.producer_id = "212 100 012 00013";
  auto saved = set_network_settings(s.db, n, Actor{});
  REQUIRE(saved.ok());
  CHECK(saved->producer_id == "21210001200013");
  CHECK(network_settings(s.db).producer_id == "21210001200013");
  CHECK(suggested_open_data_name(s.db, CivilDate{2026, 12, 7}) ==
        "2026-12-07_21210001200013_lieux-de-mediation-numerique_Montbardois.csv");
  n.producer_id = "w212003456";
  saved = set_network_settings(s.db, n, Actor{});
  REQUIRE(saved.ok());
  CHECK(network_settings(s.db).producer_id == "W212003456");
}

TEST_CASE("open data in the back office: the producer's field and the file and the sites left out",
          "[opendata_export][web][network]") {
  tests::WebSite site;
  REQUIRE(set_site_mediation(site.db, details(site.montbard), Actor{}).ok());
  REQUIRE(set_site_mediation(site.db, details(site.semur), Actor{}).ok());
  auto semur = *find_site(site.db, site.semur);
  semur.address = "";
  REQUIRE(update_site(site.db, semur, Actor{}).ok());

  auto admin = site.as("claire");
  auto r = admin.get("/reseau");
  REQUIRE(r.result() == tests::web_http::status::ok);
  const std::string& page = r.body();
  CHECK_THAT(page, Catch::Contains("Données ouvertes"));
  CHECK_THAT(page, Catch::Contains("href=\"/opendata/lieux-mediation-numerique.csv\""));
  CHECK_THAT(page, Catch::Contains("Il liste un lieu."));
  CHECK_THAT(page, Catch::Contains("Un lieu n’est pas dans le fichier"));
  CHECK_THAT(page, Catch::Contains("<strong>Espace numérique de Semur</strong>\u202F: adresse manquante."));
  CHECK_THAT(page, Catch::Contains("href=\"/lieux/" + std::to_string(site.semur) + "#f-address\""));
  CHECK_THAT(page, Catch::Contains("id=\"f-producer_id\""));

  // The site's own page says it too; the other site's page does not.
  r = admin.get("/lieux/" + std::to_string(site.semur));
  REQUIRE(r.result() == tests::web_http::status::ok);
  CHECK_THAT(r.body(), Catch::Contains("adresse manquante"));
  r = admin.get("/lieux/" + std::to_string(site.montbard));
  CHECK_THAT(r.body(), !Catch::Contains("adresse manquante"));

  // A producer that is not a SIRET: refused next to its field, what was typed kept, nothing saved.
  const auto csrf = admin.csrf();
  r = admin.post("/reseau", {{"csrf", csrf},
                             {"name", "Communauté de communes du Montbardois"},
                             {"siren", ""},
                             {"territory", "Montbardois"},
                             {"producer_id", "2121000120001"}});
  CHECK(r.result() == tests::web_http::status::unprocessable_entity);
  CHECK_THAT(r.body(), Catch::Contains("Le SIRET doit compter 14 chiffres"));
  CHECK_THAT(r.body(), Catch::Contains("value=\"2121000120001\""));
  CHECK(network_settings(site.db).name != "Communauté de communes du Montbardois");

  r = admin.post("/reseau", {{"csrf", csrf},
                             {"name", "Communauté de communes du Montbardois"},
                             {"siren", ""},
                             {"territory", "Montbardois"},
                             {"producer_id", "212 100 012 00013"}});
  REQUIRE(r.result() == tests::web_http::status::see_other);
  CHECK(network_settings(site.db).producer_id == "21210001200013");
  r = admin.get("/reseau");
  CHECK_THAT(r.body(), Catch::Contains("_21210001200013_lieux-de-mediation-numerique_Montbardois.csv"));
}
