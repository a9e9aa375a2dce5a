#include "web/web_routes.hpp"  // first: the header is self-contained

// The web pages over real HTTP: login, cookies, CSRF, roles, and the back
// office's forms (what they write, what they refuse and say).
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

#include "store/bookings.hpp"
#include "store/members.hpp"
#include "web_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::tests;
using web_http::status;

std::string location(const WebReply& r) {
  return reply_header(r, web_http::field::location);
}

// What the server logs while it lives: the messages alone, one per line.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    sink->set_pattern("%v");
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  std::string text() {
    spdlog::default_logger()->flush();
    return out_.str();
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream out_;
};

}  // namespace

TEST_CASE("web: pages need a login, the login form sets a session cookie", "[web]") {
  WebSite site;
  auto c = site.client();
  auto r = c.get("/");
  CHECK(r.result() == status::see_other);
  CHECK(location(r) == "/connexion");
  r = c.get("/tableau-de-bord?period=2026-11");
  CHECK(r.result() == status::see_other);
  CHECK(location(r) == "/connexion?suite=/tableau-de-bord%3Fperiod%3D2026-11");
  CHECK(c.get("/lieux/1/adherents").result() == status::see_other);

  r = c.get("/connexion");
  REQUIRE(r.result() == status::ok);
  CHECK(reply_header(r, web_http::field::content_type) == "text/html; charset=utf-8");
  CHECK_THAT(r.body(), Catch::Contains("<html lang=\"fr\">"));
  CHECK_THAT(r.body(),
             Catch::Contains("<body>\n<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>"));  // RGAA 12.7
  CHECK_THAT(r.body(), Catch::Contains("<main id=\"contenu\">"));
  CHECK_THAT(r.body(), Catch::Contains("autocomplete=\"current-password\""));
  CHECK(reply_header(r, web_http::field::cache_control) == "no-store");
  CHECK_THAT(std::string(r["Content-Security-Policy"]), Catch::Contains("default-src 'none'"));
  CHECK(std::string(r["X-Frame-Options"]) == "DENY");
  REQUIRE(c.last_set_cookies().size() == 1);
  CHECK_THAT(c.last_set_cookies()[0], Catch::StartsWith("escale_login="));

  // The form, filled in: 303 to the page asked for, an HttpOnly SameSite=Strict session cookie.
  const auto token = input_value(r.body(), "login_token");
  r = c.post("/connexion", {{"login", "claire"},
                            {"password", kAdminPassword},
                            {"login_token", token},
                            {"suite", "/tableau-de-bord?period=2026-11"}});
  INFO(r.body());
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) == "/tableau-de-bord?period=2026-11");
  bool session_cookie = false;
  for (const auto& line : c.last_set_cookies()) {
    if (line.rfind("escale_session=ews_", 0) != 0) continue;
    session_cookie = true;
    CHECK_THAT(line, Catch::Contains("HttpOnly"));
    CHECK_THAT(line, Catch::Contains("SameSite=Strict"));
    CHECK_THAT(line, Catch::Contains("Path=/"));
    CHECK_THAT(line, !Catch::Contains("Secure"));  // plain HTTP here; Secure under TLS (WebOptions)
  }
  CHECK(session_cookie);
  CHECK_FALSE(c.has_cookie("escale_login"));  // used once
  r = c.get("/tableau-de-bord");
  CHECK(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::Contains("Claire Martin · administration"));
  CHECK(c.get("/").result() == status::see_other);
  CHECK(location(c.get("/")) == "/tableau-de-bord");
  CHECK(location(c.get("/connexion")) == "/tableau-de-bord");
}

TEST_CASE("web: cookies are Secure when the server is reached over HTTPS", "[web]") {
  server::web::WebOptions plain;
  server::web::WebOptions tls;
  tls.secure_cookies = true;
  CHECK(server::web::set_cookie("escale_session", "ews_x", plain) ==
        "escale_session=ews_x; Path=/; HttpOnly; SameSite=Strict");
  CHECK(server::web::set_cookie("escale_session", "ews_x", tls, std::chrono::hours(12)) ==
        "escale_session=ews_x; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure");
  CHECK_THAT(server::web::clear_cookie("escale_session", tls), Catch::Contains("Max-Age=0"));
}

TEST_CASE("web: a login elsewhere than this server is not followed", "[web]") {
  WebSite site;
  for (const std::string next : {"//evil.example/x", "https://evil.example/", "\\\\evil", "x"}) {
    auto c = site.client();
    const auto page = c.get("/connexion");
    const auto r = c.post("/connexion", {{"login", "claire"},
                                         {"password", kAdminPassword},
                                         {"login_token", input_value(page.body(), "login_token")},
                                         {"suite", next}});
    INFO(next);
    CHECK(location(r) == "/tableau-de-bord");
  }
}

// Issue 14: « suite=/%09/evil.example » passed safe_next (a TAB), and
// browsers drop a TAB in a URL, so the login sent people to //evil.example.
TEST_CASE("open redirect after login: a TAB in suite= is refused, and every other way to name another host", "[web]") {
  WebSite site;
  const std::vector<std::string> refused{
      "/\t/evil.example",
      "/%09/evil.example",
      "\t//evil.example",
      "/\t\t/evil.example",
      "/\\evil.example",
      "/%5Cevil.example",
      "/%5cevil.example",
      "\\\\evil.example",
      "//evil.example",
      "///evil.example",
      "/%2F/evil.example",
      "/%2f/evil.example",
      "/%252F/evil.example",
      "/%2509/evil.example",
      "https://evil.example/",
      "http:evil.example",
      "javascript:alert(1)",
      "java\tscript:alert(1)",
      "/\n/evil.example",
      "/%0A/evil.example",
      "/x\r\nSet-Cookie: a=b",
      "/%00/tableau-de-bord",
      "/tableau-de-bord%7F",
      "/tableau-de-bord\x7f",
      " //evil.example",
      "/ /evil.example",
      "/\xC3\xA9t\xC3\xA9",
      "/%",
      "/%zz",
      "x",
      "tableau-de-bord",
  };
  const std::vector<std::string> followed{
      "/tableau-de-bord",
      "/tableau-de-bord?period=2026-11&site=1",
      "/lieux/1/adherents?q=%C3%A9lodie",
      "/adherents/3",
      "/lieux/1",
      "/",
  };
  auto log_in_with = [&](const std::string& next) {
    auto c = site.client();
    const auto page = c.get("/connexion");
    return c.post("/connexion", {{"login", "claire"},
                                 {"password", kAdminPassword},
                                 {"login_token", input_value(page.body(), "login_token")},
                                 {"suite", next}});
  };
  for (const auto& next : refused) {
    INFO("refused: " << next);
    const auto r = log_in_with(next);
    CHECK(r.result() == status::see_other);
    CHECK(location(r) == "/tableau-de-bord");
    // Nor is it carried from the login page's address into its form.
    auto c = site.client();
    const auto page = c.get("/connexion?suite=" + form_encode({{"x", next}}).substr(2));
    CHECK(page.result() == status::ok);
    CHECK(input_value(page.body(), "suite").empty());
  }
  for (const auto& next : followed) {
    INFO("followed: " << next);
    CHECK(location(log_in_with(next)) == next);
  }
}

// Issue 14: five wrong passwords for a login locked it for 15 minutes for
// everyone, so anyone could lock « admin » out.
TEST_CASE("anyone can lock admin out: over HTTP, the guessing address gets 429 and Retry-After, the owner logs in",
          "[web]") {
  WebSite site;
  auto attacker = site.client();
  attacker.set_header("X-Forwarded-For", "203.0.113.66");
  for (int i = 0; i < 5; ++i)
    CHECK(attacker.log_in("claire", "essai " + std::to_string(i)).result() == status::unauthorized);
  // The attacker's own address is now slowed down for this login, and told for how long.
  auto r = attacker.log_in("claire", kAdminPassword);
  CHECK(r.result() == status::too_many_requests);
  const auto retry = reply_header(r, web_http::field::retry_after);
  INFO("Retry-After: " << retry);
  REQUIRE_FALSE(retry.empty());
  CHECK(std::stoi(retry) > 0);
  CHECK(std::stoi(retry) <= 15 * 60);
  CHECK_FALSE(attacker.has_cookie("escale_session"));

  // The administrator, from their own address, logs in at once.
  auto admin = site.client();
  admin.set_header("X-Forwarded-For", "198.51.100.7");
  r = admin.log_in("claire", kAdminPassword);
  CHECK(r.result() == status::see_other);
  CHECK(admin.has_cookie("escale_session"));
}

TEST_CASE("web: wrong passwords, the rate limit, a forged login form", "[web]") {
  WebSite site;
  auto c = site.client();
  auto r = c.log_in("claire", "pas le bon mot de passe");
  CHECK(r.result() == status::unauthorized);
  CHECK_THAT(r.body(), Catch::Contains("Identifiant ou mot de passe incorrect."));
  CHECK_THAT(r.body(), Catch::Contains("value=\"claire\""));  // the login stays filled in
  CHECK_FALSE(c.has_cookie("escale_session"));
  for (int i = 0; i < 4; ++i) c.log_in("claire", "toujours pas le bon");
  r = c.log_in("claire", kAdminPassword);
  CHECK(r.result() == status::too_many_requests);
  CHECK_THAT(r.body(), Catch::Contains("Trop d’essais manqués"));
  CHECK_FALSE(c.has_cookie("escale_session"));
  // Another account from the same browser is not locked (5 failures < 20 for the address).
  CHECK(c.log_in("paul", kAnimatorPassword).result() == status::see_other);

  // A login form posted without its token (or from another site) is refused.
  auto d = site.client();
  r = d.post("/connexion", {{"login", "paul"}, {"password", kAnimatorPassword}, {"login_token", "x"}});
  CHECK(r.result() == status::forbidden);
  CHECK_THAT(r.body(), Catch::Contains("Ce formulaire de connexion a expiré"));
  const auto page = d.get("/connexion");
  r = d.post(
      "/connexion",
      {{"login", "paul"}, {"password", kAnimatorPassword}, {"login_token", input_value(page.body(), "login_token")}},
      "https://evil.example");
  CHECK(r.result() == status::forbidden);
  CHECK_FALSE(d.has_cookie("escale_session"));
}

TEST_CASE("web: CSRF — a form with a wrong token or from another site changes nothing", "[web][csrf]") {
  WebSite site;
  auto c = site.as("claire");
  const auto csrf = c.csrf();
  REQUIRE(csrf.size() == 64);
  const std::vector<std::pair<std::string, std::string>> edit = {
      {"first_name", "Marine"}, {"last_name", "Dupont"}, {"age_bracket", "unknown"}};
  auto with = [&](std::string token) {
    auto fields = edit;
    fields.emplace_back("csrf", std::move(token));
    return fields;
  };
  const auto target = "/adherents/" + std::to_string(site.marie);
  auto r = c.post(target, with(std::string(64, '0')));
  CHECK(r.result() == status::forbidden);
  CHECK_THAT(r.body(), Catch::Contains("Formulaire refusé"));
  CHECK_THAT(r.body(), Catch::Contains("Rien n’a été modifié."));
  r = c.post(target, edit);  // no token at all
  CHECK(r.result() == status::forbidden);
  r = c.post(target, with(csrf), "https://evil.example");  // the right token, from another site
  CHECK(r.result() == status::forbidden);
  CHECK(server::find_member(site.db, site.marie)->first_name == "Marie");
  // The logout form is protected too: the session survives a forged one.
  r = c.post("/deconnexion", {{"csrf", "forged"}});
  CHECK(r.result() == status::forbidden);
  CHECK(c.get("/tableau-de-bord").result() == status::ok);

  r = c.post(target, with(csrf));
  CHECK(r.result() == status::see_other);
  CHECK(location(r) == target + "?ok=modifie");
  CHECK(server::find_member(site.db, site.marie)->first_name == "Marine");
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action = 'member.update' AND web_user_id IS NOT NULL") == 1);

  // Logout: the cookie is cleared and the session ends on the server too.
  const auto token = c.cookie("escale_session");
  r = c.post("/deconnexion", {{"csrf", csrf}});
  CHECK(r.result() == status::see_other);
  CHECK(location(r) == "/connexion?sortie=1");
  CHECK_FALSE(c.has_cookie("escale_session"));
  c.set_cookie("escale_session", token);  // replaying the old cookie does not work
  CHECK(c.get("/tableau-de-bord").result() == status::see_other);
  CHECK_THAT(location(c.get("/tableau-de-bord")), Catch::Contains("expiree=1"));
  // A form posted after the session ended is not replayed after the login; the page says so.
  r = c.post(target, with(csrf));
  CHECK(location(r) == "/connexion?expiree=2");
  CHECK_THAT(c.get("/connexion?expiree=2").body(), Catch::Contains("n’a pas été enregistré"));
  CHECK(server::find_member(site.db, site.marie)->first_name == "Marine");
}

TEST_CASE("web: each role sees what it may", "[web][roles]") {
  WebSite site;
  const auto montbard = std::to_string(site.montbard);
  const auto semur = std::to_string(site.semur);
  auto admin = site.as("claire");
  auto animator = site.as("paul");
  auto reporting = site.as("interco");

  for (auto* path : {"/lieux", "/lieux/1", "/lieux/2/adherents", "/lieux/1/reservations", "/lieux/2/agenda"}) {
    INFO(path);
    CHECK(admin.get(path).result() == status::ok);
  }
  CHECK(admin.get("/adherents/" + std::to_string(site.lucie)).result() == status::ok);

  CHECK(animator.get("/lieux/" + montbard + "/adherents").result() == status::ok);
  CHECK(animator.get("/lieux/" + montbard).result() == status::ok);
  CHECK(animator.get("/lieux/" + semur + "/adherents").result() == status::forbidden);
  CHECK(animator.get("/adherents/" + std::to_string(site.lucie)).result() == status::forbidden);
  CHECK(animator.get("/lieux").result() == status::see_other);  // to their own site
  CHECK(animator.get("/tableau-de-bord?site=" + semur).result() == status::forbidden);
  CHECK(animator.get("/tableau-de-bord").result() == status::ok);
  // The animator's navigation names their site's sections.
  CHECK_THAT(animator.get("/tableau-de-bord").body(), Catch::Contains("/lieux/" + montbard + "/adherents"));

  for (const std::string path :
       {"/lieux", "/lieux/1", "/lieux/1/adherents", "/adherents/1", "/adherents/1/export.json"}) {
    INFO(path);
    const auto r = reporting.get(path);
    CHECK(r.result() == status::forbidden);
    CHECK_THAT(r.body(), Catch::Contains("Ce compte donne accès aux rapports seulement"));
  }
  const auto dashboard = reporting.get("/tableau-de-bord");
  CHECK(dashboard.result() == status::ok);
  for (const auto* name : {"Marie", "Dupont", "Jean", "Lucie", "Bernard"}) {
    INFO(name);
    CHECK_THAT(dashboard.body(), !Catch::Contains(name));
  }
  // A reporting account cannot post to the back office either, CSRF token or not.
  const auto r = reporting.post("/adherents/" + std::to_string(site.marie),
                                {{"csrf", reporting.csrf()}, {"first_name", "X"}, {"last_name", "Y"}});
  CHECK(r.result() == status::forbidden);
  CHECK(server::find_member(site.db, site.marie)->first_name == "Marie");
}

TEST_CASE("web: members — add, refuse with a message, edit, badges, export, erase", "[web][members]") {
  WebSite site;
  auto c = site.as("paul");
  const auto csrf = c.csrf();
  const auto base = "/lieux/" + std::to_string(site.montbard);

  // A bad commune code: the form comes back with the message and the values typed; nothing written.
  const auto before = site.scalar("SELECT count(*) FROM members");
  auto r = c.post(base + "/adherents/nouveau", {{"csrf", csrf},
                                                {"first_name", "Élodie"},
                                                {"last_name", "Lefèvre"},
                                                {"home_commune", "21500x"},
                                                {"age_bracket", "18_35"}});
  CHECK(r.result() == status::unprocessable_entity);
  CHECK_THAT(r.body(), Catch::Contains("INSEE"));
  CHECK_THAT(r.body(), Catch::Contains("value=\"Élodie\""));
  CHECK(site.scalar("SELECT count(*) FROM members") == before);
  r = c.post(base + "/adherents/nouveau",
             {{"csrf", csrf}, {"first_name", "Élodie"}, {"last_name", "Lefèvre"}, {"age_bracket", "pas une tranche"}});
  CHECK(r.result() == status::unprocessable_entity);
  CHECK_THAT(r.body(), Catch::Contains("Choisissez une tranche d’âge"));

  r = c.post(base + "/adherents/nouveau", {{"csrf", csrf},
                                           {"first_name", "Élodie"},
                                           {"last_name", "Lefèvre"},
                                           {"home_commune", "21425"},
                                           {"age_bracket", "18_35"},
                                           {"role_animator", "1"}});
  REQUIRE(r.result() == status::see_other);
  const auto id = site.scalar("SELECT max(id) FROM members");
  CHECK(location(r) == "/adherents/" + std::to_string(id) + "?ok=cree");
  const auto elodie = server::find_member(site.db, id);
  REQUIRE(elodie);
  CHECK(elodie->site_id == site.montbard);
  CHECK(elodie->has_role(Role::Animator));
  CHECK(elodie->home_commune == std::optional<std::string>("21425"));
  CHECK_THAT(c.get(location(r)).body(), Catch::Contains("L’adhérent est enregistré."));
  // The list and its search.
  CHECK_THAT(c.get(base + "/adherents?q=lef").body(), Catch::Contains("Lefèvre Élodie"));
  CHECK_THAT(c.get(base + "/adherents?q=zzz").body(), Catch::Contains("Aucun nom ne contient « zzz »"));
  CHECK_THAT(c.get(base + "/adherents?q=%3Cscript%3E").body(), !Catch::Contains("<script>"));  // escaped

  // Badges: a malformed UID, then a good one, one already someone else's, then revoked.
  const auto page = "/adherents/" + std::to_string(id);
  r = c.post(page + "/badges", {{"csrf", csrf}, {"uid", "pas un badge"}});
  CHECK(r.result() == status::unprocessable_entity);
  CHECK_THAT(r.body(), Catch::Contains("n’est pas un numéro de badge"));
  r = c.post(page + "/badges", {{"csrf", csrf}, {"uid", "04 a1 b2 c3"}});
  CHECK(r.result() == status::see_other);
  CHECK(site.scalar("SELECT count(*) FROM badges WHERE uid = '04A1B2C3' AND revoked_at IS NULL") == 1);
  CHECK(site.scalar("SELECT count(*) FROM changes WHERE entity = 'badge' AND entity_key = '04A1B2C3'") == 1);
  r = c.post("/adherents/" + std::to_string(site.jean) + "/badges", {{"csrf", csrf}, {"uid", "04A1B2C3"}});
  CHECK(r.result() == status::unprocessable_entity);
  CHECK_THAT(r.body(), Catch::Contains("appartient déjà"));
  r = c.post(page + "/badges/04A1B2C3/retirer", {{"csrf", csrf}});
  CHECK(r.result() == status::see_other);
  CHECK(site.scalar("SELECT count(*) FROM badges WHERE uid = '04A1B2C3' AND revoked_at IS NOT NULL") == 1);
  CHECK(c.get(page + "/badges/04A1B2C3/retirer").result() == status::method_not_allowed);

  // The data export holds the member and their visits.
  site.db.exec(
      "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in) "
      "VALUES ('6b3f1a2e-0000-4000-8000-000000000001', 1, " +
      std::to_string(id) + ", 1, '04A1B2C3', '2026-11-20T09:00:00.000Z', '2026-11-20T11:00:00.000Z', '2026-11-20', 0)");
  r = c.get(page + "/export.json");
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(reply_header(r, web_http::field::content_disposition), Catch::Contains("escale-adherent-"));
  const auto doc = nlohmann::json::parse(r.body());
  CHECK(doc["member"]["first_name"] == "Élodie");
  CHECK(doc["member"]["home_commune"] == "21425");
  REQUIRE(doc["visits"].size() == 1);
  CHECK(doc["visits"][0]["check_in"] == "2026-11-20T09:00:00.000Z");
  REQUIRE(doc["badges"].size() == 1);

  // Erasure: without the confirmation box, nothing; with it, the identity goes, the visit stays counted.
  r = c.post(page + "/effacer", {{"csrf", csrf}});
  CHECK(r.result() == status::unprocessable_entity);
  CHECK(server::find_member(site.db, id));
  r = c.post(page + "/effacer", {{"csrf", csrf}, {"confirm", "1"}});
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) == base + "/adherents?ok=efface");
  CHECK_FALSE(server::find_member(site.db, id));
  CHECK(site.scalar("SELECT count(*) FROM members WHERE id = " + std::to_string(id) +
                    " AND first_name = '' AND last_name = '' AND erased_at IS NOT NULL AND home_commune = '21425' "
                    "AND age_bracket = '18_35'") == 1);
  CHECK(site.scalar("SELECT count(*) FROM visits WHERE member_id = " + std::to_string(id) + " AND badge_uid IS NULL") ==
        1);
  CHECK(c.get(page).result() == status::not_found);
  CHECK_THAT(c.get(base + "/adherents").body(), !Catch::Contains("Lefèvre"));
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action = 'member.erase'") == 1);
}

TEST_CASE("web: the site's hours and resources", "[web][site]") {
  WebSite site;
  auto c = site.as("claire");
  const auto csrf = c.csrf();
  const auto base = "/lieux/" + std::to_string(site.montbard);
  auto r = c.post(base, {{"csrf", csrf},
                         {"name", "Tiers-lieu de Montbard"},
                         {"address", "2 rue de la Gare"},
                         {"insee_code", "21425"},
                         {"opening_hours", "Mo-Fr 25:00-26:00"}});
  CHECK(r.result() == status::unprocessable_entity);
  CHECK_THAT(r.body(), Catch::Contains("Mo-Fr 25:00-26:00"));  // what was typed is shown again
  const auto changes_before = site.scalar("SELECT count(*) FROM changes WHERE entity = 'site'");
  r = c.post(base, {{"csrf", csrf},
                    {"name", "Tiers-lieu de Montbard"},
                    {"address", "2 rue de la Gare"},
                    {"insee_code", "21425"},
                    {"opening_hours", "Mo-Sa 09:00-19:00; PH off"}});
  CHECK(r.result() == status::see_other);
  CHECK(site.scalar("SELECT count(*) FROM sites WHERE opening_hours = 'Mo-Sa 09:00-19:00; PH off'") == 1);
  CHECK(site.scalar("SELECT count(*) FROM changes WHERE entity = 'site'") == changes_before + 1);
  // The page says in words what the kiosks will read.
  const auto page = c.get(base + "?ok=lieu").body();
  CHECK_THAT(page, Catch::Contains("Le lieu est enregistré."));
  CHECK_THAT(page, Catch::Contains("<li>lundi – samedi : 9\u202Fh – 19\u202Fh</li><li>dimanche : fermé</li>"
                                   "<li>jours fériés : fermé</li>"));

  r = c.post(base + "/ressources", {{"csrf", csrf}, {"kind", "desk"}, {"resource_name", ""}, {"capacity", "1"}});
  CHECK(r.result() == status::unprocessable_entity);
  CHECK_THAT(r.body(), Catch::Contains("Le nom de la ressource est obligatoire"));
  r = c.post(base + "/ressources",
             {{"csrf", csrf}, {"kind", "desk"}, {"resource_name", "Bureau 1"}, {"capacity", "0"}});
  CHECK(r.result() == status::unprocessable_entity);
  r = c.post(base + "/ressources",
             {{"csrf", csrf}, {"kind", "visio_room"}, {"resource_name", "Salle visio"}, {"capacity", "6"}});
  CHECK(r.result() == status::see_other);
  const auto room = site.scalar("SELECT max(id) FROM resources");
  // Audited with the web account that did it.
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action = 'resource.add' AND web_user_id IS NOT NULL") == 1);
  r = c.post(base + "/ressources/" + std::to_string(room) + "/retirer", {{"csrf", csrf}});
  CHECK(r.result() == status::see_other);
  CHECK(site.scalar("SELECT active FROM resources WHERE id = " + std::to_string(room)) == 0);
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action = 'resource.deactivate' AND web_user_id IS NOT "
                    "NULL") == 1);
  r = c.post(base + "/ressources/" + std::to_string(room) + "/remettre", {{"csrf", csrf}});
  CHECK(site.scalar("SELECT active FROM resources WHERE id = " + std::to_string(room)) == 1);
  // A resource of another site is not reachable through this one.
  CHECK(c.post("/lieux/" + std::to_string(site.semur) + "/ressources/" + std::to_string(room) + "/retirer",
               {{"csrf", csrf}})
            .result() == status::not_found);
  CHECK(c.get(base + "/nimportequoi").result() == status::not_found);
  CHECK(c.get("/lieux/999").result() == status::not_found);
  CHECK(c.get("/lieux/abc").result() == status::not_found);
}

TEST_CASE("web: the week's bookings, and cancelling one", "[web][bookings]") {
  WebSite site;
  Resource desk;
  desk.site_id = site.montbard;
  desk.name = "Bureau 1";
  const auto added = server::add_resource(site.db, desk);
  REQUIRE(added.ok());
  // Next Tuesday 09:00–12:00 (Paris), booked by Marie.
  const auto today = to_paris(now());
  const CivilDate next_week = add_days(CivilDate{today.year, today.month, today.day}, 7 - (today.weekday - 1) + 1);
  Booking b;
  b.id = "0b5a1f6e-0000-4000-8000-000000000001";
  b.site_id = site.montbard;
  b.resource_id = added->id;
  b.member_id = site.marie;
  b.start = from_paris(next_week.year, next_week.month, next_week.day, 9, 0);
  b.end = from_paris(next_week.year, next_week.month, next_week.day, 12, 0);
  const auto outcome = server::create_booking(site.db, b, server::Actor{}, now());
  REQUIRE(outcome.ok());

  auto c = site.as("paul");
  const auto base = "/lieux/" + std::to_string(site.montbard) + "/reservations";
  auto r = c.get(base + "?semaine=" + to_iso_date(next_week));
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::Contains("Marie Dupont"));
  CHECK_THAT(r.body(), Catch::Contains("Bureau 1"));
  CHECK_THAT(r.body(), Catch::Contains("9\u202Fh – 12\u202Fh"));
  CHECK_THAT(c.get(base).body(), !Catch::Contains("Marie Dupont"));  // this week: nothing
  CHECK(c.get(base + "?semaine=2026-02-30").result() == status::bad_request);

  r = c.post(base + "/" + b.id + "/annuler?semaine=" + to_iso_date(next_week), {{"csrf", c.csrf()}});
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) == base + "?ok=annulee&semaine=" + to_iso_date(next_week));
  CHECK(server::find_booking(site.db, b.id)->status == BookingStatus::Cancelled);
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'booking.cancel%' AND web_user_id IS NOT NULL") ==
        1);
  // Twice is once (a double click): still cancelled, nothing else happens.
  r = c.post(base + "/" + b.id + "/annuler", {{"csrf", c.csrf()}});
  CHECK(r.result() == status::see_other);
  CHECK(server::find_booking(site.db, b.id)->status == BookingStatus::Cancelled);
}

TEST_CASE("web: the old report page and the visits API now need an account", "[web]") {
  WebSite site;
  auto anonymous = site.client();
  auto r = anonymous.get("/reports/visits?site=1");
  CHECK(r.result() == status::moved_permanently);
  CHECK(anonymous.get("/api/v1/reports/visits").result() == status::unauthorized);
  auto animator = site.as("paul");
  CHECK(animator.get("/api/v1/reports/visits?site=" + std::to_string(site.montbard)).result() == status::ok);
  CHECK(animator.get("/api/v1/reports/visits?site=" + std::to_string(site.semur)).result() == status::forbidden);
  CHECK(animator.get("/api/v1/reports/visits").result() == status::forbidden);  // all sites: no
  auto reporting = site.as("interco");
  CHECK(reporting.get("/api/v1/reports/visits").result() == status::forbidden);
  CHECK(anonymous.get("/api/v1/reports/visits", site.admin_token).result() == status::ok);
}

TEST_CASE("web: the stylesheet is served and cached, a non-form POST is refused", "[web]") {
  WebSite site;
  auto c = site.client();
  const auto css = c.get("/assets/escale.css");
  CHECK(css.result() == status::ok);
  CHECK(reply_header(css, web_http::field::content_type) == "text/css; charset=utf-8");
  CHECK_THAT(css.body(), Catch::Contains("@media print"));
  // The page after logout fetches a no-store stylesheet that changes a cookie (so Chromium drops
  // the page left at logout from its back/forward cache; tests/browser checks « Back »).
  CHECK_THAT(c.get("/connexion?sortie=1").body(), Catch::Contains("/assets/fin-de-session.css"));
  CHECK_THAT(c.get("/connexion").body(), !Catch::Contains("/assets/fin-de-session.css"));
  const auto bump = c.get("/assets/fin-de-session.css");
  CHECK(reply_header(bump, web_http::field::cache_control) == "no-store");
  REQUIRE(c.last_set_cookies().size() == 1);
  CHECK_THAT(c.last_set_cookies()[0], Catch::StartsWith("escale_sortie="));
  CHECK_THAT(c.last_set_cookies()[0], Catch::Contains("HttpOnly"));
  auto admin = site.as("claire");
  const auto r = admin.call(web_http::verb::post, "/adherents/1", "{\"first_name\":\"X\"}", "", "", "application/json");
  CHECK(r.result() == status::unsupported_media_type);
}

TEST_CASE("web: the dashboard's bad input gets a clear message, not a crash", "[web][dashboard]") {
  WebSite site;
  auto c = site.as("claire");
  struct Case {
    std::string query;
    status expected;
    std::string says;
  };
  const std::vector<Case> cases{
      {"period=2026-13", status::bad_request, "2026-13"},
      {"period=demain", status::bad_request, "demain"},
      {"from=2026-02-30&to=2026-03-10", status::bad_request, "La date de début « 2026-02-30 » n’existe pas"},
      {"from=2026-03-10&to=2026-03-01", status::bad_request, "est avant la date de début"},
      {"from=2000-01-01&to=2026-12-31", status::bad_request, "Période trop longue"},
      {"from=2026-03-10", status::bad_request, "Il manque une date"},
      {"period=2026-11&from=2026-11-01&to=2026-11-02", status::bad_request, "pas les deux"},
      {"site=999", status::not_found, "Le lieu n° 999 n’existe pas"},
      {"site=abc", status::bad_request, "n’est pas un numéro de lieu"},
      {"site=-1", status::bad_request, "n’est pas un numéro de lieu"},
  };
  for (const auto& k : cases) {
    INFO(k.query);
    const auto r = c.get("/tableau-de-bord?" + k.query);
    CHECK(r.result() == k.expected);
    CHECK_THAT(r.body(), Catch::Contains(k.says));
    CHECK_THAT(r.body(), Catch::Contains("<form class=\"panel filters\""));  // the form to try again
    // The downloads and the API say the same.
    CHECK(c.get("/tableau-de-bord/visits_by_day.csv?" + k.query).result() == k.expected);
    const auto api = c.get("/api/v1/reports/dashboard?" + k.query);
    CHECK(api.result() == k.expected);
    CHECK_THAT(api.body(), Catch::Contains("\"error\""));
  }
  CHECK(c.get("/tableau-de-bord/pas_un_tableau.csv").result() == status::not_found);
  // Good input of every kind.
  for (const std::string q : {"period=2026-11", "period=2026-T4", "period=2026-Q1", "period=2025",
                              "from=2026-11-03&to=2026-11-17", "site=tous", "site=1&period=2026-10"}) {
    INFO(q);
    CHECK(c.get("/tableau-de-bord?" + q).result() == status::ok);
  }
}

TEST_CASE("web: the dashboard's downloads and JSON, masked for reporting accounts", "[web][dashboard]") {
  WebSite site;
  // Three visits by two members and a walk-in on 2 November 2026 at Montbard.
  site.db.exec(
      "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, check_out, local_date, walk_in) "
      "VALUES "
      "('00000000-0000-4000-8000-000000000001', 1, 1, 1, NULL, '2026-11-02T08:00:00.000Z', "
      "'2026-11-02T10:00:00.000Z', '2026-11-02', 0), "
      "('00000000-0000-4000-8000-000000000002', 1, 2, 1, NULL, '2026-11-02T09:00:00.000Z', NULL, '2026-11-02', 0), "
      "('00000000-0000-4000-8000-000000000003', 1, NULL, 1, NULL, '2026-11-02T13:00:00.000Z', NULL, '2026-11-02', 1)");
  const std::string query = "site=1&period=2026-11";

  auto admin = site.as("claire");
  auto r = admin.get("/tableau-de-bord/visits_by_day.csv?" + query);
  REQUIRE(r.result() == status::ok);
  CHECK(reply_header(r, web_http::field::content_type) == "text/csv; charset=utf-8");
  CHECK_THAT(reply_header(r, web_http::field::content_disposition),
             Catch::Contains("escale-lieu-1-2026-11-visits_by_day.csv"));
  CHECK_THAT(r.body(), Catch::Contains("2026-11-02,3"));  // ISO dates, commas
  r = admin.get("/tableau-de-bord/visits_by_day.csv?" + query + "&tableur=1");
  CHECK_THAT(r.body(), Catch::StartsWith("\xEF\xBB\xBF"));
  CHECK_THAT(r.body(), Catch::Contains("2026-11-02;3"));
  CHECK_THAT(reply_header(r, web_http::field::content_disposition), Catch::Contains("-tableur.csv"));
  r = admin.get("/tableau-de-bord.json?" + query);
  auto doc = nlohmann::json::parse(r.body());
  auto figure = [](const nlohmann::json& d, const std::string& key) {
    for (const auto& f : d["figures"])
      if (f["key"] == key) return f["current"];
    return nlohmann::json();
  };
  CHECK(figure(doc, "visits") == 3);
  CHECK(figure(doc, "unique_visitors") == 2);  // distinct members; the walk-in is counted apart
  CHECK(figure(doc, "walk_ins") == 1);
  // The API answers the same with an admin token, without a session.
  auto anonymous = site.client();
  doc = nlohmann::json::parse(anonymous.get("/api/v1/reports/dashboard?" + query, site.admin_token).body());
  CHECK(figure(doc, "visits") == 3);
  CHECK(anonymous.get("/api/v1/reports/dashboard?" + query).result() == status::unauthorized);
  CHECK(anonymous.get("/api/v1/reports/dashboard?" + query, "esa_wrong").result() == status::unauthorized);

  // The reporting account: 3 visits by 3 people read « < 5 » everywhere.
  auto reporting = site.as("interco");
  r = reporting.get("/tableau-de-bord?" + query);
  CHECK_THAT(r.body(), Catch::Contains("tout nombre qui concerne moins de 5 personnes"));
  r = reporting.get("/tableau-de-bord/visits_by_day.csv?" + query);
  CHECK_THAT(r.body(), Catch::Contains("2026-11-02,< 5"));
  CHECK_THAT(r.body(), !Catch::Contains("2026-11-02,3"));
  doc = nlohmann::json::parse(reporting.get("/api/v1/reports/dashboard?" + query).body());
  CHECK(figure(doc, "visits") == "< 5");
  CHECK(figure(doc, "unique_visitors") == "< 5");
  doc = nlohmann::json::parse(reporting.get("/tableau-de-bord.json?" + query).body());
  CHECK(figure(doc, "visits") == "< 5");
  // An animator sees their own site's figures, unmasked, and no other site's.
  auto animator = site.as("paul");
  doc = nlohmann::json::parse(animator.get("/api/v1/reports/dashboard?period=2026-11").body());
  CHECK(doc["site_id"] == site.montbard);  // their site by default
  CHECK(figure(doc, "visits") == 3);
  CHECK(animator.get("/api/v1/reports/dashboard?site=" + std::to_string(site.semur)).result() == status::forbidden);
}

// Issue 14: a site's name starting with = went into the dashboard's CSV as it
// was, and a spreadsheet opening the download ran it.
TEST_CASE("spreadsheet formulas in CSV: the dashboard's downloads neutralise names, both variants",
          "[web][dashboard]") {
  WebSite site;
  const std::string name = "=HYPERLINK(\"https://evil.example\",\"Cliquez\")";
  site.db.prepare("UPDATE sites SET name = ? WHERE id = ?").bind_all(name, site.montbard).run();
  site.db.prepare("UPDATE sites SET name = ? WHERE id = ?").bind_all("-1+1", site.semur).run();
  auto admin = site.as("claire");
  for (const bool spreadsheet : {false, true}) {
    CAPTURE(spreadsheet);
    const char separator = spreadsheet ? ';' : ',';
    const auto r = admin.get(std::string("/tableau-de-bord/sites.csv?site=tous&period=2026-11") +
                             (spreadsheet ? "&tableur=1" : ""));
    REQUIRE(r.result() == status::ok);
    INFO(r.body());
    CHECK_THAT(r.body(), Catch::Contains("\r\n\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Cliquez\"\")\"" +
                                         std::string(1, separator)));
    CHECK_THAT(r.body(), Catch::Contains("\r\n'-1+1" + std::string(1, separator)));
    CHECK_THAT(r.body(), !Catch::Contains("\n=HYPERLINK"));
    CHECK_THAT(r.body(), !Catch::Contains("\n\"=HYPERLINK"));
  }
}

// Issue 14: a login name with a newline wrote a second, forged line in the
// server's log (« web: claire logged in from … »).
TEST_CASE("log forging: a login with a newline stays on one escaped log line", "[web]") {
  WebSite site;
  LogCapture log;
  auto c = site.client();
  const std::string forged = "x\n[info] web: claire logged in from 10.0.0.1";
  CHECK(c.log_in(forged, "pas le bon mot de passe").result() == status::unauthorized);
  auto paul = site.as("paul");
  const auto text = log.text();
  INFO(text);
  CHECK_THAT(text, Catch::Contains("web: failed login for « x\\n[info] web: claire logged in from 10.0.0.1 »"));
  CHECK_THAT(text, !Catch::Contains("\n[info] web: claire logged in"));
  std::size_t logged_in = 0;
  for (auto at = text.find("logged in from"); at != std::string::npos; at = text.find("logged in from", at + 1))
    ++logged_in;
  CHECK(logged_in == 2);  // the escaped attempt and paul's real login, nothing more
}

// Issue 14: invalid UTF-8 in a form field ended in a 500.
TEST_CASE("invalid UTF-8 in a web form: a 400 with a message, nothing written", "[web]") {
  WebSite site;
  auto c = site.as("paul");
  const auto csrf = c.csrf();
  const auto base = "/lieux/" + std::to_string(site.montbard);
  const auto members = site.scalar("SELECT count(*) FROM members");
  const auto changes = site.scalar("SELECT count(*) FROM changes");
  for (const auto& bad : {std::string("\xFF"), std::string("\xC3"), std::string("\xC3\x28"), std::string("\xC0\xAF"),
                          std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80"), std::string("\xE2\x82")}) {
    INFO(form_encode({{"x", bad}}));
    auto r =
        c.post(base + "/adherents/nouveau",
               {{"csrf", csrf}, {"first_name", "Élodie" + bad}, {"last_name", "Lefèvre"}, {"age_bracket", "18_35"}});
    CHECK(r.result() == status::bad_request);
    CHECK_THAT(r.body(), Catch::Contains("caractères illisibles"));
    CHECK(reply_header(r, web_http::field::content_type) == "text/html; charset=utf-8");
    // In the query string of a page, and in the login form.
    r = c.get(base + "/adherents?q=" + form_encode({{"x", bad}}).substr(2));
    CHECK(r.result() == status::bad_request);
    CHECK_THAT(r.body(), Catch::Contains("caractères illisibles"));
    auto anonymous = site.client();
    const auto page = anonymous.get("/connexion");
    r = anonymous.post("/connexion", {{"login", "claire" + bad},
                                      {"password", kAdminPassword},
                                      {"login_token", input_value(page.body(), "login_token")}});
    CHECK(r.result() == status::bad_request);
    // The dashboard's JSON API answers in JSON.
    r = c.get("/api/v1/reports/dashboard?period=" + form_encode({{"x", bad}}).substr(2));
    CHECK(r.result() == status::bad_request);
    CHECK_THAT(r.body(), Catch::Contains("\"error\""));
    // So does the rest of the API.
    r = anonymous.get("/api/v1/members?q=" + form_encode({{"x", bad}}).substr(2), site.admin_token);
    CHECK(r.result() == status::bad_request);
    CHECK_THAT(r.body(), Catch::Contains("not valid UTF-8"));
  }
  CHECK(site.scalar("SELECT count(*) FROM members") == members);
  CHECK(site.scalar("SELECT count(*) FROM changes") == changes);
  CHECK(site.scalar("SELECT count(*) FROM login_failures") == 0);
  // Good UTF-8 still goes through.
  const auto r = c.post(base + "/adherents/nouveau",
                        {{"csrf", csrf}, {"first_name", "Élodie"}, {"last_name", "Lefèvre"}, {"age_bracket", "18_35"}});
  CHECK(r.result() == status::see_other);
}
