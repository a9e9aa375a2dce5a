#include "reports/cheque_export.hpp"  // first: the header is self-contained

// France Services' partners and the APTIC cheques on the server (issue 19):
// the records keep them (the cheques' numbers once in the network), a v9
// database keeps its records and gets none, an older kiosk's record without
// them is stored, the dashboard's monthly table by partner and its cheques
// (« < 5 » for the reporting account, in the page and the CSV), and the
// monthly claim file (the admin API, and the back office's link for the
// site's staff only).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "agenda_fixture.hpp"
#include "demo/demo_data.hpp"
#include "reports/dashboard.hpp"
#include "store/activities.hpp"
#include "store/members.hpp"
#include "sync/agenda_json.hpp"
#include "sync/ingest.hpp"
#include "sync/protocol.hpp"
#include "text/csv.hpp"
#include "web_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using Catch::Matchers::Contains;
using escale::tests::AgendaDb;
using escale::tests::TempDir;

mediation::ActivityRecord record_on(std::int64_t site, std::int64_t mediator, const std::string& date,
                                    std::vector<std::string> themes, std::vector<std::string> partners = {},
                                    int cheques = 0, std::vector<std::string> numbers = {}) {
  mediation::ActivityRecord r;
  r.id = make_uuid_v4();
  r.site_id = site;
  r.mediator_id = mediator;
  r.date = *parse_iso_date(date);
  r.duration = std::chrono::minutes(45);
  r.themes = std::move(themes);
  r.partners = std::move(partners);
  r.cheques = cheques;
  r.cheque_numbers = std::move(numbers);
  return r;
}

const std::vector<std::string> kCafThemes{"aide_aux_demarches_administratives", "famille_scolarite"};

reports::Dashboard dashboard_of(store::Database& db, std::optional<std::int64_t> site, const std::string& first,
                                const std::string& last, Instant now) {
  reports::DashboardQuery q;
  q.site_id = site;
  q.period = *reports::parse_period("", first, last, paris_civil_date(now));
  q.now = now;
  auto d = reports::compute_dashboard(db, q);
  REQUIRE(d.ok());
  return *d;
}

const reports::TableRow& row_of(const reports::Table& t, const std::string& key) {
  for (const auto& r : t.rows) {
    if (r.key == key) return r;
  }
  FAIL("no row " << key);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("partners store: partners and cheques are kept, numbers normalised, corrected as a whole",
          "[partners][store]") {
  AgendaDb f;
  auto r = record_on(f.site_id, f.nadia, "2027-02-10", kCafThemes, {"caf", "cheque_energie"}, 2,
                     {"ab-12 3456", "0012345678"});
  REQUIRE(record_activity(f.db, r, Actor{}).ok());
  auto stored = find_activity(f.db, r.id);
  REQUIRE(stored.has_value());
  CHECK(stored->partners == std::vector<std::string>{"caf", "cheque_energie"});
  CHECK(stored->cheques == 2);
  CHECK(stored->cheque_numbers == std::vector<std::string>{"AB123456", "0012345678"});
  const auto listed = list_activities(f.db, ActivityQuery{});
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].record.cheque_numbers == stored->cheque_numbers);
  CHECK(listed[0].site_name == "Tiers-lieu du Haut-Val");

  // A correction replaces the numbers; none typed is allowed (added later).
  r.cheque_numbers = {"0012345678", "0099999999"};
  REQUIRE(record_activity(f.db, r, Actor{}).ok());
  CHECK(find_activity(f.db, r.id)->cheque_numbers == std::vector<std::string>{"0012345678", "0099999999"});
  CHECK(f.scalar("SELECT COUNT(*) FROM activity_cheques") == 2);
  r.cheque_numbers.clear();
  REQUIRE(record_activity(f.db, r, Actor{}).ok());
  CHECK(find_activity(f.db, r.id)->cheque_numbers.empty());
  CHECK(find_activity(f.db, r.id)->cheques == 2);
  CHECK(f.scalar("SELECT COUNT(*) FROM activity_cheques") == 0);
}

TEST_CASE("partners store: a cheque is claimed once in the network, and a refusal changes nothing",
          "[partners][store]") {
  AgendaDb f;
  const auto first = record_on(f.site_id, f.nadia, "2027-02-10", kCafThemes, {"caf"}, 1, {"0012345678"});
  REQUIRE(record_activity(f.db, first, Actor{}).ok());
  // The same cheque on another site's record, typed differently: refused, with where it already is.
  const auto elsewhere = record_on(f.other_site, f.paul, "2027-02-11", kCafThemes, {}, 1, {"00-1234 5678"});
  const auto refused = record_activity(f.db, elsewhere, Actor{});
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Contains("0012345678") && Contains("déjà enregistré") && Contains("2027-02-10") &&
                                  Contains("Tiers-lieu du Haut-Val"));
  CHECK_FALSE(find_activity(f.db, elsewhere.id).has_value());
  CHECK(find_activity(f.db, first.id)->cheque_numbers == std::vector<std::string>{"0012345678"});
  // Unhappy paths of the record itself: the French message, nothing stored.
  auto unknown = record_on(f.site_id, f.nadia, "2027-02-12", kCafThemes, {"urssaf"});
  CHECK_THAT(record_activity(f.db, unknown, Actor{}).error(), Contains("Partenaire inconnu"));
  auto mismatch = record_on(f.site_id, f.nadia, "2027-02-12", kCafThemes, {}, 3, {"11112222"});
  CHECK_THAT(record_activity(f.db, mismatch, Actor{}).error(), Contains("un numéro par chèque"));
  CHECK(f.scalar("SELECT COUNT(*) FROM activities") == 1);
}

TEST_CASE("partners store: the claim's rows, one per cheque, of one site and one month", "[partners][store]") {
  AgendaDb f;
  REQUIRE(record_activity(
              f.db, record_on(f.site_id, f.nadia, "2027-02-10", kCafThemes, {}, 2, {"22220001", "22220002"}), Actor{})
              .ok());
  REQUIRE(record_activity(f.db, record_on(f.site_id, f.nadia, "2027-02-28", {"email"}, {}, 1), Actor{}).ok());
  REQUIRE(record_activity(f.db, record_on(f.site_id, f.nadia, "2027-03-01", kCafThemes, {}, 1, {"33330001"}), Actor{})
              .ok());
  REQUIRE(record_activity(f.db, record_on(f.other_site, f.paul, "2027-02-15", kCafThemes, {}, 1, {"44440001"}), Actor{})
              .ok());
  REQUIRE(record_activity(f.db, record_on(f.site_id, f.nadia, "2027-02-16", kCafThemes), Actor{}).ok());  // none
  const auto rows = list_cheques(f.db, f.site_id, CivilDate{2027, 2, 1}, CivilDate{2027, 2, 28});
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].cheque_number == "22220001");
  CHECK(rows[1].cheque_number == "22220002");
  CHECK(rows[0].activity_id == rows[1].activity_id);
  CHECK(rows[2].cheque_number.empty());  // its number not typed: the row shows the gap
  CHECK(to_iso_date(rows[2].date) == "2027-02-28");
  CHECK(rows[2].themes == std::vector<std::string>{"email"});
  CHECK(rows[0].site_name == "Tiers-lieu du Haut-Val");
  CHECK(rows[0].duration_min == 45);

  const auto month = reports::claim_month("2027-02");
  REQUIRE(month.has_value());
  const auto file = reports::cheque_file(f.db, f.site_id, *month, false);
  CHECK(file.cheques == 3);
  CHECK(file.filename == "cheques-aptic-lieu-" + std::to_string(f.site_id) + "-2027-02.csv");
  CHECK(csv::parse(file.csv).size() == 4);
  CHECK(reports::cheque_file(f.db, f.site_id, *month, true).filename.find("-tableur.csv") != std::string::npos);
  for (const char* bad : {"2027", "2027-T1", "2027-13", "2027-2", "2027-02-01", "", "févr.", "2027-02x"}) {
    INFO(bad);
    CHECK_FALSE(reports::claim_month(bad).has_value());
  }
}

TEST_CASE("migration 13: a v9 database's activity records keep everything and get no partner nor cheque",
          "[partners][store][schema]") {
  TempDir dir;
  const auto path = dir.file("v9.db");
  {
    auto db = open_server_db(path, 9);
    REQUIRE(db.user_version() == 9);
    db.exec(
        "INSERT INTO sites (id, name, address, insee_code, opening_hours, created_at) "
        "VALUES (1, 'Montbard', '2 rue de la Gare', '21425', 'Mo-Fr 09:00-18:00', '2026-01-01T00:00:00.000Z');"
        "INSERT INTO members (id, site_id, first_name, last_name, roles, created_at) "
        "VALUES (4, 1, 'Nadia', 'Benali', 'member,mediator', '2026-01-01T00:00:00.000Z');"
        "INSERT INTO activities (id, site_id, mediator_id, local_date, duration_min, place, equipment, themes, "
        "autonomy, age_bracket, home_insee, participants, note, recorded_at, updated_at) VALUES "
        "('7d4c5a53-1b2e-4c3d-8e9f-0a1b2c3d4e5f', 1, 4, '2026-11-03', 45, 'lieu_activite', 'ordinateur', "
        "'aide_aux_demarches_administratives|logement', 'autonome', 'de_60_a_69_ans', '21425', 1, 'à revoir', "
        "'2026-11-03T10:00:00.000Z', '2026-11-03T10:00:00.000Z');");
  }
  auto db = open_server_db(path);
  CHECK(db.user_version() == server_schema_version());
  const auto r = find_activity(db, "7d4c5a53-1b2e-4c3d-8e9f-0a1b2c3d4e5f");
  REQUIRE(r.has_value());
  CHECK(r->themes == std::vector<std::string>{"aide_aux_demarches_administratives", "logement"});
  CHECK(r->equipment == std::vector<std::string>{"ordinateur"});
  CHECK(r->autonomy == "autonome");
  CHECK(r->age_bracket == "soixante_soixante_neuf");  // La Coop's code since migration 10
  CHECK(r->home_insee == "21425");
  CHECK(r->note == "à revoir");
  CHECK(r->duration == std::chrono::minutes(45));
  CHECK(to_iso_date(r->date) == "2026-11-03");
  CHECK(r->partners.empty());
  CHECK(r->cheques == 0);
  CHECK(r->cheque_numbers.empty());
  // The dashboard's read stays on its covering index, and counts the old record for its theme's partner (CAF).
  auto plan = db.prepare(
      "EXPLAIN QUERY PLAN SELECT id, appointment_id, collective, local_date, duration_min, themes, age_bracket, "
      "home_insee, anonymous, participants, partners, cheques FROM activities WHERE site_id = 1 AND local_date "
      "BETWEEN '2026-01-01' AND '2026-12-31'");
  std::string plan_text;
  while (plan.step()) plan_text += plan.text(3) + "\n";
  CHECK_THAT(plan_text, Contains("COVERING INDEX activities_site_date_facts"));
  const auto d = dashboard_of(db, 1, "2026-11-01", "2026-11-30", *parse_iso_utc("2026-12-07T10:00:00.000Z"));
  const auto* partners = reports::find_table(d, "partners");
  REQUIRE(partners != nullptr);
  CHECK(row_of(*partners, "caf").cells.back().number == 1);
  CHECK(row_of(*partners, "ants").cells.back().number == 0);
  // A correction can now give its partners and cheques.
  auto corrected = *r;
  corrected.partners = {"caf"};
  corrected.cheques = 1;
  corrected.cheque_numbers = {"12345678"};
  REQUIRE(record_activity(db, corrected, Actor{}).ok());
  CHECK(find_activity(db, r->id)->cheque_numbers == std::vector<std::string>{"12345678"});
}

TEST_CASE("partners sync: an older kiosk's record without the new fields is stored and a newer one keeps them",
          "[partners][ingest]") {
  AgendaDb f;
  const auto kiosk = f.kiosk(f.site_id, "entrée").kiosk;
  auto r = record_on(f.site_id, f.nadia, "2027-02-10", kCafThemes, {"caf"}, 1, {"55550001"});
  r.site_id = 0;  // the kiosk's site is the server's business
  r.recorded_at = *parse_iso_utc("2027-02-10T10:00:00.000Z");
  sync::Event e;
  e.id = make_uuid_v4();
  e.type = sync::EventType::ActivityRecorded;
  e.at = r.recorded_at;
  e.by_member_id = f.nadia;
  e.activity = r;
  sync::SyncRequest request;
  request.events = {e};
  auto old_json = nlohmann::json::parse(sync::encode(request));
  auto& activity = old_json["events"][0]["activity"];
  REQUIRE(activity.contains("partners"));
  activity.erase("partners");
  activity.erase("cheques");
  activity.erase("cheque_numbers");
  const auto decoded = sync::decode_request(old_json.dump());
  REQUIRE(decoded.ok());
  const auto response = handle_sync(f.db, kiosk, *decoded);
  REQUIRE(response.acks.size() == 1);
  CHECK(response.acks[0].status == sync::AckStatus::Stored);
  const auto stored = find_activity(f.db, r.id);
  REQUIRE(stored.has_value());
  CHECK(stored->themes == kCafThemes);
  CHECK(stored->partners.empty());
  CHECK(stored->cheques == 0);

  // A newer kiosk: the fields travel.
  auto newer = r;
  newer.id = make_uuid_v4();
  newer.cheque_numbers = {"55550002"};
  e.id = make_uuid_v4();
  e.activity = newer;
  request.events = {e};
  const auto decoded_new = sync::decode_request(sync::encode(request));
  REQUIRE(decoded_new.ok());
  REQUIRE(handle_sync(f.db, kiosk, *decoded_new).acks[0].status == sync::AckStatus::Stored);
  CHECK(find_activity(f.db, newer.id)->partners == std::vector<std::string>{"caf"});
  CHECK(find_activity(f.db, newer.id)->cheques == 1);
  CHECK(find_activity(f.db, newer.id)->cheque_numbers == std::vector<std::string>{"55550002"});

  // Malformed values are refused by the decoder, naming the field.
  auto bad = nlohmann::json::parse(sync::encode(request));
  bad["events"][0]["activity"]["cheques"] = "deux";
  CHECK_THAT(sync::decode_request(bad.dump()).error(), Contains("cheques"));
  bad["events"][0]["activity"]["cheques"] = nullptr;
  bad["events"][0]["activity"]["partners"] = "caf";
  CHECK_THAT(sync::decode_request(bad.dump()).error(), Contains("partners"));
}

TEST_CASE("partners dashboard: accompaniments by partner and month, cheques by month, « < 5 » for reporting",
          "[partners][reports]") {
  AgendaDb f;
  const Actor nobody{};
  // January: five records about family benefits that name no partner (counted for the CAF by their theme).
  for (const char* day : {"2027-01-15", "2027-01-16", "2027-01-20", "2027-01-25", "2027-01-31"})
    REQUIRE(record_activity(f.db, record_on(f.site_id, f.nadia, day, kCafThemes), nobody).ok());
  // February: one about papers for ANTS and the CAF, with two cheques; a workshop of six for the MSA; and
  // one about e-mail (no partner); one before the period and one after it.
  REQUIRE(
      record_activity(f.db, record_on(f.site_id, f.nadia, "2027-02-03", kCafThemes, {"ants", "caf"}, 2), nobody).ok());
  auto workshop = record_on(f.site_id, f.nadia, "2027-02-04", {"aide_aux_demarches_administratives"}, {"msa"}, 1);
  workshop.collective = true;
  workshop.participants = 6;
  REQUIRE(record_activity(f.db, workshop, nobody).ok());
  REQUIRE(record_activity(f.db, record_on(f.site_id, f.nadia, "2027-02-05", {"email"}), nobody).ok());
  REQUIRE(record_activity(f.db, record_on(f.site_id, f.nadia, "2027-01-14", kCafThemes, {}, 3), nobody).ok());
  REQUIRE(record_activity(f.db, record_on(f.site_id, f.nadia, "2027-02-21", kCafThemes, {}, 3), nobody).ok());
  // Another site's record counts for all sites, not for this one.
  REQUIRE(record_activity(f.db, record_on(f.other_site, f.paul, "2027-02-10", {"justice"}), nobody).ok());

  auto d = dashboard_of(f.db, f.site_id, "2027-01-15", "2027-02-20", f.now);
  const auto* partners = reports::find_table(d, "partners");
  REQUIRE(partners != nullptr);
  CHECK(partners->title == "Accompagnements par partenaire");
  CHECK(partners->column_keys == std::vector<std::string>{"2027-01", "2027-02", "total"});
  CHECK(partners->columns == std::vector<std::string>{"janvier 2027", "février 2027", "Total"});
  REQUIRE(partners->rows.size() == 10);
  CHECK(partners->rows.front().key == "ants");
  CHECK(partners->rows.front().label == "France Titres (ANTS)");
  auto numbers = [&](const std::string& key) {
    std::vector<double> out;
    for (const auto& v : row_of(*partners, key).cells) out.push_back(v.number.value_or(-1));
    return out;
  };
  CHECK(numbers("caf") == std::vector<double>{5, 1, 6});
  CHECK(numbers("ants") == std::vector<double>{0, 1, 1});
  CHECK(numbers("msa") == std::vector<double>{0, 6, 6});      // weighted by the workshop's participants
  CHECK(numbers("justice") == std::vector<double>{0, 0, 0});  // the other site's
  CHECK(numbers("la_poste") == std::vector<double>{0, 0, 0});

  const auto* cheques = reports::find_table(d, "cheques");
  REQUIRE(cheques != nullptr);
  REQUIRE(cheques->rows.size() == 3);
  CHECK(cheques->rows[0].label == "janvier 2027");
  CHECK(cheques->rows[0].cells[0].number == 0);
  CHECK(cheques->rows[1].cells[0].number == 3);  // 2 + the workshop's 1
  CHECK(cheques->rows[1].cells[1].number == 7);  // the accompaniments that received them: 1 + 6
  CHECK(cheques->rows[2].key == "total");
  CHECK(cheques->rows[2].cells[0].number == 3);

  // All sites: the other site's record counts.
  const auto all = dashboard_of(f.db, std::nullopt, "2027-01-15", "2027-02-20", f.now);
  CHECK(row_of(*reports::find_table(all, "partners"), "justice").cells.back().number == 1);

  // The reporting account's view: fewer than 5 people (zero included) reads « < 5 », in the CSV too.
  reports::mask_small_counts(d.figures, d.tables);
  const auto* masked = reports::find_table(d, "partners");
  CHECK_FALSE(row_of(*masked, "caf").cells[0].masked);  // 5
  CHECK(row_of(*masked, "caf").cells[1].masked);        // 1
  CHECK_FALSE(row_of(*masked, "msa").cells[1].masked);  // 6
  CHECK(row_of(*masked, "ants").cells[0].masked);       // 0
  CHECK_FALSE(row_of(*masked, "ants").cells[0].number.has_value());
  const auto* masked_cheques = reports::find_table(d, "cheques");
  CHECK_FALSE(masked_cheques->rows[1].cells[0].masked);  // 3 cheques from 7 people
  CHECK(masked_cheques->rows[0].cells[0].masked);
  const auto csv_rows = csv::parse(reports::table_csv(*masked, false));
  REQUIRE(csv_rows.size() == 11);
  CHECK(csv_rows[0] == std::vector<std::string>{"Partenaire", "janvier 2027", "février 2027", "Total"});
  CHECK(csv_rows[1] == std::vector<std::string>{"France Titres (ANTS)", "< 5", "< 5", "< 5"});
  CHECK(csv_rows[2] == std::vector<std::string>{"CAF", "5", "< 5", "6"});
  // The JSON names them too.
  const auto json = nlohmann::json::parse(reports::dashboard_json(d));
  bool found = false;
  for (const auto& t : json["tables"]) found = found || t["key"] == "partners";
  CHECK(found);
}

namespace {

struct ChequeSite : escale::tests::WebSite {
  std::int64_t nadia = [this] {
    Member m;
    m.site_id = montbard;
    m.first_name = "Nadia";
    m.last_name = "Benali";
    m.roles = {Role::Member, Role::Mediator};
    return server::add_member(db, m)->id;
  }();
  std::string month = to_iso_date(paris_civil_date(escale::now())).substr(0, 7);
  std::string today = to_iso_date(paris_civil_date(escale::now()));
  std::string cheques_url(std::int64_t site, const std::string& m) {
    return "/lieux/" + std::to_string(site) + "/cheques.csv?mois=" + m;
  }
};

}  // namespace

TEST_CASE("cheque export: the site's staff and admins get the month file and others are refused", "[partners][web]") {
  ChequeSite s;
  REQUIRE(record_activity(
              s.db, record_on(s.montbard, s.nadia, s.today, kCafThemes, {"caf"}, 2, {"77770001", "77770002"}), Actor{})
              .ok());
  auto paul = s.as("paul");  // animator of Montbard
  auto r = paul.get(s.cheques_url(s.montbard, s.month));
  REQUIRE(r.result() == escale::tests::web_http::status::ok);
  CHECK_THAT(escale::tests::reply_header(r, escale::tests::web_http::field::content_type), Contains("text/csv"));
  CHECK_THAT(escale::tests::reply_header(r, escale::tests::web_http::field::content_disposition),
             Contains("cheques-aptic-lieu-" + std::to_string(s.montbard) + "-" + s.month + ".csv"));
  const auto rows = csv::parse(r.body());
  REQUIRE(rows.size() == 3);
  CHECK(rows[1][2] == "77770001");
  CHECK(rows[2][2] == "77770002");
  CHECK(rows[1][1] == "Tiers-lieu de Montbard");
  const auto sheet = paul.get(s.cheques_url(s.montbard, s.month) + "&tableur=1");
  CHECK(sheet.body().rfind(std::string(csv::kByteOrderMark), 0) == 0);
  CHECK(csv::parse(sheet.body(), ';') == rows);
  // Another month: the header alone.
  CHECK(csv::parse(paul.get(s.cheques_url(s.montbard, "2001-01")).body()).size() == 1);

  // Bad months: a page that says what to write.
  const auto bad = paul.get(s.cheques_url(s.montbard, "2026-13"));
  CHECK(bad.result() == escale::tests::web_http::status::bad_request);
  CHECK_THAT(bad.body(), Contains("par exemple 2026-11"));
  const auto none = paul.get("/lieux/" + std::to_string(s.montbard) + "/cheques.csv");
  CHECK(none.result() == escale::tests::web_http::status::bad_request);
  CHECK_THAT(none.body(), Contains("Quel mois"));

  // A site the account does not manage; the reporting account (aggregates only); no session.
  CHECK(paul.get(s.cheques_url(s.semur, s.month)).result() == escale::tests::web_http::status::forbidden);
  auto interco = s.as("interco");
  const auto reporting = interco.get(s.cheques_url(s.montbard, s.month));
  CHECK(reporting.result() == escale::tests::web_http::status::forbidden);
  CHECK(reporting.body().find("77770001") == std::string::npos);
  auto nobody = s.client();
  CHECK(nobody.get(s.cheques_url(s.montbard, s.month)).result() == escale::tests::web_http::status::see_other);
  // An admin sees every site's.
  auto claire = s.as("claire");
  CHECK(claire.get(s.cheques_url(s.semur, s.month)).result() == escale::tests::web_http::status::ok);

  // The dashboard: the tables, and the links for the site's staff, not for the reporting account.
  const auto page = paul.get("/tableau-de-bord?site=" + std::to_string(s.montbard));
  REQUIRE(page.result() == escale::tests::web_http::status::ok);
  CHECK_THAT(page.body(), Contains("Accompagnements par partenaire") && Contains("Chèques APTIC reçus par mois") &&
                              Contains("/lieux/" + std::to_string(s.montbard) + "/cheques.csv?mois=" + s.month));
  const auto masked_page = interco.get("/tableau-de-bord?site=" + std::to_string(s.montbard));
  REQUIRE(masked_page.result() == escale::tests::web_http::status::ok);
  CHECK_THAT(masked_page.body(), Contains("Accompagnements par partenaire"));
  CHECK(masked_page.body().find("/lieux/" + std::to_string(s.montbard) + "/cheques.csv") == std::string::npos);
  CHECK_THAT(masked_page.body(), Contains("/tableau-de-bord/cheques.csv?"));  // the counts' table, masked
  const auto masked_csv = interco.get("/tableau-de-bord/partners.csv?site=" + std::to_string(s.montbard));
  REQUIRE(masked_csv.result() == escale::tests::web_http::status::ok);
  CHECK_THAT(masked_csv.body(), Contains("CAF,< 5,< 5"));
}

TEST_CASE("cheque export: the admin API checks its parameters and neutralises formulas", "[partners][api]") {
  ChequeSite s;
  const auto formula_site = s.site("=HYPERLINK(\"http://evil\")", "21154");
  Member m;
  m.site_id = formula_site;
  m.first_name = "Odile";
  m.last_name = "Formule";
  m.roles = {Role::Member, Role::Mediator};
  const auto odile = server::add_member(s.db, m)->id;
  REQUIRE(
      record_activity(s.db, record_on(formula_site, odile, s.today, kCafThemes, {}, 1, {"88880001"}), Actor{}).ok());
  auto api = s.client();
  const std::string base = "/api/v1/exports/cheques.csv?site=" + std::to_string(formula_site) + "&month=" + s.month;
  const auto r = api.get(base, s.admin_token);
  REQUIRE(r.result() == escale::tests::web_http::status::ok);
  CHECK_THAT(r.body(), Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"") && Contains("88880001"));
  CHECK(csv::parse(r.body())[1][1] == "=HYPERLINK(\"http://evil\")");  // read back as typed
  const auto sheet = api.get(base + "&variant=tableur", s.admin_token);
  CHECK(sheet.body().rfind(std::string(csv::kByteOrderMark), 0) == 0);
  CHECK_THAT(sheet.body(), Contains(";\"'=HYPERLINK"));
  // Another site of the same month: not its cheques.
  const auto other =
      api.get("/api/v1/exports/cheques.csv?site=" + std::to_string(s.montbard) + "&month=" + s.month, s.admin_token);
  CHECK(other.body().find("88880001") == std::string::npos);

  using escale::tests::web_http::status;
  CHECK(api.get(base).result() == status::unauthorized);
  CHECK(api.get(base, "esa_not-a-token").result() == status::unauthorized);
  const auto no_site = api.get("/api/v1/exports/cheques.csv?month=" + s.month, s.admin_token);
  CHECK(no_site.result() == status::bad_request);
  CHECK_THAT(no_site.body(), Contains("site"));
  const auto no_month = api.get("/api/v1/exports/cheques.csv?site=1", s.admin_token);
  CHECK(no_month.result() == status::bad_request);
  CHECK_THAT(no_month.body(), Contains("month: required"));
  const auto bad_month = api.get("/api/v1/exports/cheques.csv?site=1&month=2026-T4", s.admin_token);
  CHECK(bad_month.result() == status::bad_request);
  CHECK_THAT(bad_month.body(), Contains("a month like 2026-11"));
  CHECK(api.get("/api/v1/exports/cheques.csv?site=abc&month=2026-11", s.admin_token).result() == status::bad_request);
  CHECK(api.get("/api/v1/exports/cheques.csv?site=999&month=2026-11", s.admin_token).result() == status::not_found);
  CHECK(api.get(base + "&variant=excel", s.admin_token).result() == status::bad_request);
}

TEST_CASE("partners API: POST /api/v1/activities takes the partners and cheques, or refuses them clearly",
          "[partners][api]") {
  ChequeSite s;
  auto api = s.client();
  nlohmann::json body = {{"site_id", s.montbard}, {"mediator_id", s.nadia},
                         {"date", s.today},       {"duration_min", 30},
                         {"themes", kCafThemes},  {"partners", {"caf"}},
                         {"cheques", 2},          {"cheque_numbers", {"9999 0001", "9999-0002"}}};
  const auto r = api.call(escale::tests::web_http::verb::post, "/api/v1/activities", body.dump(), "", s.admin_token,
                          "application/json");
  INFO(r.body());
  REQUIRE(r.result() == escale::tests::web_http::status::created);
  const auto back = nlohmann::json::parse(r.body());
  CHECK(back["partners"] == nlohmann::json{"caf"});
  CHECK(back["cheques"] == 2);
  CHECK(back["cheque_numbers"] == nlohmann::json{"99990001", "99990002"});
  // Without the fields (an older tool): none.
  body.erase("partners");
  body.erase("cheques");
  body.erase("cheque_numbers");
  const auto plain = api.call(escale::tests::web_http::verb::post, "/api/v1/activities", body.dump(), "", s.admin_token,
                              "application/json");
  REQUIRE(plain.result() == escale::tests::web_http::status::created);
  CHECK(nlohmann::json::parse(plain.body())["cheques"] == 0);
  // Wrong: the French message, 422.
  body["cheques"] = 1;
  body["cheque_numbers"] = {"99990001"};  // already claimed
  const auto twice = api.call(escale::tests::web_http::verb::post, "/api/v1/activities", body.dump(), "", s.admin_token,
                              "application/json");
  CHECK(twice.result() == escale::tests::web_http::status::unprocessable_entity);
  CHECK_THAT(twice.body(), Contains("déjà enregistré"));
}

TEST_CASE("partners demo: the demo's records name partners and cheques so its dashboard shows them",
          "[partners][demo]") {
  escale::tests::ServerDb s;
  const auto demo = make_demo_data(s.db);
  REQUIRE(demo.ok());
  CHECK(s.scalar("SELECT COUNT(*) FROM activities WHERE partners <> ''") == 2);
  CHECK(s.scalar("SELECT SUM(cheques) FROM activities") == 3);
  CHECK(s.scalar("SELECT COUNT(*) FROM activity_cheques") == 2);  // one record's numbers still to type
  const Instant today = escale::now();
  const auto d = dashboard_of(s.db, std::nullopt, to_iso_date(paris_civil_date(today - std::chrono::days{62})),
                              to_iso_date(paris_civil_date(today)), today);
  const auto* partners = reports::find_table(d, "partners");
  REQUIRE(partners != nullptr);
  CHECK(row_of(*partners, "ants").cells.back().number == 1);
  CHECK(row_of(*partners, "caf").cells.back().number == 1);
  CHECK(row_of(*partners, "cheque_energie").cells.back().number == 1);
  const auto* cheques = reports::find_table(d, "cheques");
  REQUIRE(cheques != nullptr);
  CHECK(cheques->rows.back().cells[0].number == 3);
}

TEST_CASE("cheque numbers: the site's staff type them on a page and every refusal keeps what was stored",
          "[partners][web]") {
  ChequeSite s;
  auto partial = record_on(s.montbard, s.nadia, s.today, kCafThemes, {"caf"}, 2);  // numbers not typed at the kiosk
  REQUIRE(record_activity(s.db, partial, Actor{}).ok());
  Member odile;  // a mediator of Semur
  odile.site_id = s.semur;
  odile.first_name = "Odile";
  odile.last_name = "Roux";
  odile.roles = {Role::Member, Role::Mediator};
  auto other = record_on(s.semur, server::add_member(s.db, odile)->id, s.today, kCafThemes, {}, 1, {"55550001"});
  REQUIRE(record_activity(s.db, other, Actor{}).ok());
  const std::string page_url = "/lieux/" + std::to_string(s.montbard) + "/cheques?mois=" + s.month;
  const std::string post_url = "/lieux/" + std::to_string(s.montbard) + "/cheques";
  const std::string field = "numeros-" + partial.id;
  auto paul = s.as("paul");

  // The page: the accompaniment, its count, what is left to type, a field named for it.
  auto page = paul.get(page_url);
  REQUIRE(page.result() == escale::tests::web_http::status::ok);
  CHECK_THAT(page.body(), Contains("2 chèques") && Contains("Numéros à taper\u202F: 2.") &&
                              Contains("name=\"" + field + "\"") && Contains("Numéros des chèques — ") &&
                              Contains(", Famille - Scolarité</label>"));
  const auto csrf = paul.csrf();

  // Refused, and nothing changes: one number for two cheques; a number another record holds; a formula.
  auto refused = paul.post(post_url, {{"csrf", csrf}, {"mois", s.month}, {"fiche", partial.id}, {field, "77770001"}});
  CHECK(refused.result() == escale::tests::web_http::status::unprocessable_entity);
  CHECK_THAT(refused.body(), Contains("un numéro par chèque") && Contains("value=\"77770001\""));
  refused =
      paul.post(post_url, {{"csrf", csrf}, {"mois", s.month}, {"fiche", partial.id}, {field, "77770001 55550001"}});
  CHECK(refused.result() == escale::tests::web_http::status::unprocessable_entity);
  CHECK_THAT(refused.body(), Contains("55550001"));
  refused =
      paul.post(post_url, {{"csrf", csrf}, {"mois", s.month}, {"fiche", partial.id}, {field, "=HYPERLINK(1) 7777"}});
  CHECK(refused.result() == escale::tests::web_http::status::unprocessable_entity);
  CHECK(find_activity(s.db, partial.id)->cheque_numbers.empty());
  CHECK(find_activity(s.db, other.id)->cheque_numbers == std::vector<std::string>{"55550001"});

  // Saved: commas or line breaks between them, spaces and dashes inside dropped; back to the page with a message.
  const auto saved =
      paul.post(post_url, {{"csrf", csrf}, {"mois", s.month}, {"fiche", partial.id}, {field, "7777-0001,\n7777 0002"}});
  CHECK(saved.result() == escale::tests::web_http::status::see_other);
  CHECK(find_activity(s.db, partial.id)->cheque_numbers == std::vector<std::string>{"77770001", "77770002"});
  CHECK(find_activity(s.db, partial.id)->partners == std::vector<std::string>{"caf"});  // the rest kept
  page = paul.get(page_url + "&ok=1");
  CHECK_THAT(page.body(), Contains("Les numéros sont enregistrés.") && Contains("value=\"77770001, 77770002\""));
  CHECK(csv::parse(paul.get(s.cheques_url(s.montbard, s.month)).body()).size() == 3);

  // Another site's record through this site's form, an unknown month, no CSRF token, another site's page.
  CHECK(paul.post(post_url, {{"csrf", csrf}, {"mois", s.month}, {"fiche", other.id}, {"numeros-" + other.id, "1234"}})
            .result() == escale::tests::web_http::status::not_found);
  CHECK(paul.post(post_url, {{"csrf", csrf}, {"mois", "2026-13"}, {"fiche", partial.id}, {field, "1234 5678"}})
            .result() == escale::tests::web_http::status::bad_request);
  CHECK(paul.post(post_url, {{"mois", s.month}, {"fiche", partial.id}, {field, "1234 5678"}}).result() ==
        escale::tests::web_http::status::forbidden);
  CHECK(find_activity(s.db, partial.id)->cheque_numbers == std::vector<std::string>{"77770001", "77770002"});
  CHECK(paul.get("/lieux/" + std::to_string(s.semur) + "/cheques?mois=" + s.month).result() ==
        escale::tests::web_http::status::forbidden);
  CHECK(s.as("interco").get(page_url).result() == escale::tests::web_http::status::forbidden);
  const auto bad_month = paul.get("/lieux/" + std::to_string(s.montbard) + "/cheques?mois=novembre");
  CHECK(bad_month.result() == escale::tests::web_http::status::bad_request);
  CHECK_THAT(bad_month.body(), Contains("par exemple ?mois=2026-11"));
  // The dashboard leads there.
  CHECK_THAT(paul.get("/tableau-de-bord?site=" + std::to_string(s.montbard)).body(), Contains(page_url));
}
