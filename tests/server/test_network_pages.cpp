// The network's back office (issue 17): admins search the members of every
// site and set the network's name, SIREN and territory; an animator opens the
// page of a member of another site once they visited the animator's site
// (read-only but for where they badge and roles at the animator's site); a
// member's page chooses the sites where they badge and grants roles at other
// sites, each change audited and sent to the kiosks' network feed.
#include <catch2/catch.hpp>

#include <regex>

#include "store/changes.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "sync/ingest.hpp"
#include "web_fixture.hpp"

namespace {

using namespace escale;
using namespace escale::tests;
using web_http::status;
using Fields = std::vector<std::pair<std::string, std::string>>;

std::string location(const WebReply& r) {
  return reply_header(r, web_http::field::location);
}

// The opening tag of the element with id="ID" (the first one).
std::string tag_with_id(const std::string& html, const std::string& id) {
  const auto at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return {};
  const auto open = html.rfind('<', at);
  return html.substr(open, html.find('>', at) - open + 1);
}

// The control of `field` says it is wrong, and its message (next to it) says `message`.
void check_marked(const std::string& html, const std::string& field, const std::string& message) {
  INFO("field " << field);
  const auto control = tag_with_id(html, "f-" + field);
  REQUIRE_FALSE(control.empty());
  CHECK_THAT(control, Catch::Contains("aria-invalid=\"true\""));
  CHECK_THAT(control, Catch::Contains("f-" + field + "-error"));
  const auto span = html.find("id=\"f-" + field + "-error\"");
  REQUIRE(span != std::string::npos);
  CHECK_THAT(html.substr(span, html.find("</span>", span) - span), Catch::Contains(message));
}

// The WebSite of the back-office tests, and a way to record a visit at a site.
struct NetworkSite : WebSite {
  std::int64_t nina = member(semur, "Nina", "Perrin");  // of Semur, never at Montbard
  server::IssuedKiosk semur_kiosk = kiosk(semur);

  void visit(const server::IssuedKiosk& at, std::int64_t member_id, const std::string& visit_id) {
    sync::SyncRequest push;
    push.events = {check_in(visit_id, member_id, "2026-12-01T09:30:00.000Z")};
    const auto r = server::handle_sync(db, at.kiosk, push);
    REQUIRE(r.acks.size() == 1);
    REQUIRE(r.acks[0].status == sync::AckStatus::Stored);
  }
  std::string member_path(std::int64_t id) const { return "/adherents/" + std::to_string(id); }
  std::string checkbox(std::int64_t site_id) const { return "site-" + std::to_string(site_id); }
  bool may_use(std::int64_t member_id, std::int64_t site_id) {
    return server::member_may_use_site(db, member_id, site_id);
  }
  bool has_role_at(std::int64_t member_id, std::int64_t site_id, Role role) {
    const auto roles = server::member_roles_at(db, member_id, site_id);
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
  // Whether the network feed after `cursor` carries the member (what every kiosk reads).
  bool feed_has_member(std::int64_t cursor, std::int64_t member_id) {
    const auto batch = server::changes_after(db, montbard, cursor);
    return std::any_of(batch.entities.begin(), batch.entities.end(), [&](const server::ChangedEntity& e) {
      return e.entity == server::Entity::Member && e.key == std::to_string(member_id);
    });
  }
  std::int64_t feed_cursor() { return server::changes_after(db, montbard, 0, 100000).cursor; }
};

}  // namespace

TEST_CASE("network pages: an admin searches the members of every site with their home site", "[web][network]") {
  NetworkSite site;
  auto admin = site.as("claire");
  const auto dashboard = admin.get("/tableau-de-bord");
  CHECK_THAT(dashboard.body(), Catch::Contains("href=\"/adherents\""));
  CHECK_THAT(dashboard.body(), Catch::Contains("href=\"/reseau\""));

  auto r = admin.get("/adherents");
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::Contains("Adhérents du réseau"));
  CHECK_THAT(r.body(), Catch::Contains("4 adhérents dans le réseau"));
  for (const auto id : {site.marie, site.jean, site.lucie, site.nina})
    CHECK_THAT(r.body(), Catch::Contains("href=\"/adherents/" + std::to_string(id) + "\""));

  r = admin.get("/adherents?q=Bern");
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::Contains("1 adhérent dans le réseau"));
  CHECK_THAT(r.body(), Catch::Contains("Bernard Lucie"));
  CHECK_THAT(r.body(), Catch::Contains("Espace numérique de Semur"));  // her home site
  CHECK_THAT(r.body(), Catch::Contains("value=\"Bern\""));             // what was typed stays
  CHECK_THAT(r.body(), !Catch::Contains("Dupont"));
  // The admin opens a member of any site.
  CHECK(admin.get(site.member_path(site.lucie)).result() == status::ok);

  // An animator is sent to their own site's members; the reporting account is refused.
  auto paul = site.as("paul");
  r = paul.get("/adherents");
  CHECK(r.result() == status::see_other);
  CHECK(location(r) == "/lieux/" + std::to_string(site.montbard) + "/adherents");
  CHECK(site.as("interco").get("/adherents").result() == status::forbidden);
}

TEST_CASE("network pages: an animator sees the members of other sites who visited theirs and no one else",
          "[web][network]") {
  NetworkSite site;
  auto paul = site.as("paul");  // Montbard's animator
  const auto lucie = site.member_path(site.lucie);
  const auto list = "/lieux/" + std::to_string(site.montbard) + "/adherents";

  // Lucie of Semur never came to Montbard: her page is refused, and she is not in Montbard's list.
  CHECK(paul.get(lucie).result() == status::forbidden);
  auto r = paul.get(list);
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::Contains("Venus d’autres lieux du réseau"));
  CHECK_THAT(r.body(), Catch::Contains("Aucun adhérent d’un autre lieu n’est encore passé ici."));
  CHECK_THAT(r.body(), !Catch::Contains("Bernard"));

  // She badges at Montbard, and Nina at Semur (her own site).
  site.visit(site.entrance, site.lucie, "4d1f6a3e-2b7c-4e8a-9f10-0a1b2c3d4e5f");
  site.visit(site.semur_kiosk, site.nina, "5e2a7b4f-3c8d-4f9b-8a21-1b2c3d4e5f60");
  r = paul.get(list);
  REQUIRE(r.result() == status::ok);
  const auto visitors = r.body().substr(r.body().find("Venus d’autres lieux du réseau"));
  CHECK_THAT(visitors, Catch::Contains("href=\"" + lucie + "\""));
  CHECK_THAT(visitors, Catch::Contains("Espace numérique de Semur"));
  CHECK_THAT(visitors, Catch::Contains("mardi 1er décembre"));
  CHECK_THAT(visitors, !Catch::Contains("Perrin"));
  // The search of the list searches them too.
  r = paul.get(list + "?q=Dupont");
  CHECK_THAT(r.body().substr(r.body().find("Venus d’autres")), !Catch::Contains("Bernard"));

  // Her page opens, read-only: no contacts, no form of her details, her badges or her erasure.
  r = paul.get(lucie);
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::Contains("inscrite dans un autre lieu du réseau"));
  CHECK_THAT(r.body(), Catch::Contains("Lieux du réseau"));
  CHECK_THAT(r.body(), Catch::Contains("action=\"" + lucie + "/lieux\""));
  CHECK_THAT(r.body(), !Catch::Contains("id=\"f-first_name\""));
  CHECK_THAT(r.body(), !Catch::Contains("/effacer"));
  CHECK_THAT(r.body(), !Catch::Contains("/export.json"));
  const auto csrf = paul.csrf();
  r = paul.post(lucie, {{"csrf", csrf}, {"first_name", "Changé"}, {"last_name", "Bernard"}, {"age_bracket", "26-40"}});
  CHECK(r.result() == status::forbidden);
  CHECK(server::find_member(site.db, site.lucie)->first_name == "Lucie");
  CHECK(paul.get(lucie + "/export.json").result() == status::forbidden);
  CHECK(paul.get(lucie + "/effacer").result() == status::forbidden);
  CHECK(paul.post(lucie + "/badges", {{"csrf", csrf}, {"uid", "04AABBCC"}}).result() == status::forbidden);

  // Nina, of Semur, visited Semur only: still refused.
  CHECK(paul.get(site.member_path(site.nina)).result() == status::forbidden);
  CHECK(
      paul.post(site.member_path(site.nina) + "/lieux", {{"csrf", csrf}, {site.checkbox(site.semur), "1"}}).result() ==
      status::forbidden);
  CHECK(site.may_use(site.nina, site.montbard));
}

TEST_CASE("network pages: the sites where a member badges through the form", "[web][network]") {
  NetworkSite site;
  auto admin = site.as("claire");
  const auto marie = site.member_path(site.marie);
  auto r = admin.get(marie);
  REQUIRE(r.result() == status::ok);
  // Every box checked: she may badge everywhere.
  const std::regex box("<input type=\"checkbox\" name=\"site-[0-9]+\" value=\"1\" checked>");
  CHECK(std::distance(std::sregex_iterator(r.body().begin(), r.body().end(), box), std::sregex_iterator()) == 2);
  CHECK_THAT(r.body(), Catch::Contains("Tiers-lieu de Montbard (lieu d’inscription)"));

  // Montbard only: Semur's kiosks learn it from the network feed.
  const auto cursor = site.feed_cursor();
  const auto csrf = admin.csrf();
  r = admin.post(marie + "/lieux", {{"csrf", csrf}, {site.checkbox(site.montbard), "1"}});
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) == marie + "?ok=lieux");
  CHECK(site.may_use(site.marie, site.montbard));
  CHECK_FALSE(site.may_use(site.marie, site.semur));
  CHECK(site.feed_has_member(cursor, site.marie));
  r = admin.get(location(r));
  CHECK_THAT(r.body(), Catch::Contains("Les lieux où l’adhérent peut badger sont enregistrés."));
  CHECK_THAT(r.body(), Catch::Contains("name=\"" + site.checkbox(site.semur) + "\" value=\"1\">"));

  // No box: refused, said next to the boxes, nothing changed, the boxes as they were sent.
  r = admin.post(marie + "/lieux", {{"csrf", csrf}});
  CHECK(r.result() == status::unprocessable_entity);
  check_marked(r.body(), "sites", "Cochez au moins un lieu");
  CHECK(std::distance(std::sregex_iterator(r.body().begin(), r.body().end(), box), std::sregex_iterator()) == 0);
  CHECK(site.may_use(site.marie, site.montbard));
  CHECK_FALSE(site.may_use(site.marie, site.semur));

  // Without the form's token: refused, nothing changed.
  r = admin.post(marie + "/lieux", {{site.checkbox(site.montbard), "1"}, {site.checkbox(site.semur), "1"}});
  CHECK(r.result() == status::forbidden);
  CHECK_FALSE(site.may_use(site.marie, site.semur));

  // Every box: the restriction is lifted.
  const auto before_lift = site.feed_cursor();
  r = admin.post(marie + "/lieux",
                 {{"csrf", csrf}, {site.checkbox(site.montbard), "1"}, {site.checkbox(site.semur), "1"}});
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) == marie + "?ok=lieux-tous");
  CHECK_FALSE(server::member_allowed_sites(site.db, site.marie));
  CHECK(site.feed_has_member(before_lift, site.marie));

  // The animator of a site Lucie visited restricts her too (audited under the account).
  site.visit(site.entrance, site.lucie, "6f3b8c5a-4d9e-4a0c-9b32-2c3d4e5f6071");
  auto paul = site.as("paul");
  r = paul.post(site.member_path(site.lucie) + "/lieux", {{"csrf", paul.csrf()}, {site.checkbox(site.semur), "1"}});
  REQUIRE(r.result() == status::see_other);
  CHECK_FALSE(site.may_use(site.lucie, site.montbard));
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action = 'member.sites' AND web_user_id IS NOT NULL") == 3);
}

TEST_CASE("network pages: roles at other sites are granted where the account manages", "[web][network]") {
  NetworkSite site;
  site.visit(site.entrance, site.lucie, "7a4c9d6b-5e0f-4b1d-8c43-3d4e5f607182");
  auto paul = site.as("paul");
  const auto lucie = site.member_path(site.lucie);
  const auto csrf = paul.csrf();
  const auto montbard = std::to_string(site.montbard);
  const auto semur = std::to_string(site.semur);

  // Paul may give Lucie (of Semur) a role at Montbard, his site: the only place the form offers.
  auto r = paul.get(lucie);
  CHECK_THAT(r.body(), Catch::Contains("<option value=\"" + montbard + "\""));
  CHECK_THAT(r.body(), !Catch::Contains("<option value=\"" + semur + "\""));
  r = paul.post(lucie + "/roles", {{"csrf", csrf}, {"action", "donner"}, {"site", montbard}, {"role", "animator"}});
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) == lucie + "?ok=role");
  CHECK(site.has_role_at(site.lucie, site.montbard, Role::Animator));
  r = paul.get(location(r));
  CHECK_THAT(r.body(), Catch::Contains("Retirer ce rôle"));

  // Not at Semur, which he does not manage (a form made by hand): refused, nothing changed.
  r = paul.post(lucie + "/roles", {{"csrf", csrf}, {"action", "donner"}, {"site", semur}, {"role", "mediator"}});
  CHECK(r.result() == status::forbidden);
  check_marked(r.body(), "site", "Vous ne gérez pas ce lieu");
  CHECK_FALSE(site.has_role_at(site.lucie, site.semur, Role::Mediator));
  // Nor for Marie, of his own site, at Semur.
  r = paul.post(site.member_path(site.marie) + "/roles",
                {{"csrf", csrf}, {"action", "donner"}, {"site", semur}, {"role", "animator"}});
  CHECK(r.result() == status::forbidden);
  CHECK_THAT(r.body(), Catch::Contains("id=\"f-site-error\""));  // where the notice's link leads
  CHECK_FALSE(site.has_role_at(site.marie, site.semur, Role::Animator));
  // Without the token: refused.
  r = paul.post(lucie + "/roles", {{"action", "retirer"}, {"site", montbard}, {"role", "animator"}});
  CHECK(r.result() == status::forbidden);
  CHECK(site.has_role_at(site.lucie, site.montbard, Role::Animator));

  // He takes it back.
  const auto cursor = site.feed_cursor();
  r = paul.post(lucie + "/roles", {{"csrf", csrf}, {"action", "retirer"}, {"site", montbard}, {"role", "animator"}});
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) == lucie + "?ok=role-retire");
  CHECK_FALSE(site.has_role_at(site.lucie, site.montbard, Role::Animator));
  CHECK(site.feed_has_member(cursor, site.lucie));

  // An admin grants anywhere but at the home site, where the roles are the member's own.
  auto admin = site.as("claire");
  const auto marie = site.member_path(site.marie);
  r = admin.post(marie + "/roles",
                 {{"csrf", admin.csrf()}, {"action", "donner"}, {"site", semur}, {"role", "mediator"}});
  REQUIRE(r.result() == status::see_other);
  CHECK(site.has_role_at(site.marie, site.semur, Role::Mediator));
  r = admin.post(marie + "/roles",
                 {{"csrf", admin.csrf()}, {"action", "donner"}, {"site", montbard}, {"role", "animator"}});
  CHECK(r.result() == status::unprocessable_entity);
  check_marked(r.body(), "site", "lieu d’inscription");
  CHECK_FALSE(site.has_role_at(site.marie, site.montbard, Role::Animator));
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action IN ('member.grant', 'member.ungrant')") == 3);
}

TEST_CASE("network pages: the network's settings with the store's checks next to their field", "[web][network]") {
  NetworkSite site;
  auto admin = site.as("claire");
  auto r = admin.get("/reseau");
  REQUIRE(r.result() == status::ok);
  CHECK_THAT(r.body(), Catch::Contains("Nom du réseau"));
  CHECK_THAT(r.body(), Catch::Contains("Espace numérique de Semur"));  // the network's sites
  const auto csrf = admin.csrf();

  // A SIREN with a wrong key: refused next to the field, what was typed kept.
  r = admin.post("/reseau", {{"csrf", csrf},
                             {"name", "Communauté de communes du Montbardois"},
                             {"siren", "123 456 789"},
                             {"territory", "Montbardois"}});
  CHECK(r.result() == status::unprocessable_entity);
  check_marked(r.body(), "siren", "n’est pas valable");
  CHECK_THAT(tag_with_id(r.body(), "f-siren"), Catch::Contains("value=\"123 456 789\""));
  CHECK_THAT(tag_with_id(r.body(), "f-name"), Catch::Contains("value=\"Communauté de communes du Montbardois\""));
  CHECK_THAT(tag_with_id(r.body(), "f-territory"), Catch::Contains("value=\"Montbardois\""));
  CHECK(server::network_settings(site.db).siren != "123456789");

  // No name: said at the name.
  r = admin.post("/reseau", {{"csrf", csrf}, {"name", "  "}, {"siren", ""}, {"territory", ""}});
  CHECK(r.result() == status::unprocessable_entity);
  check_marked(r.body(), "name", "Indiquez le nom du réseau");

  // Without the token: refused, nothing changed.
  r = admin.post("/reseau", {{"name", "Autre"}, {"siren", ""}, {"territory", ""}});
  CHECK(r.result() == status::forbidden);
  CHECK(server::network_settings(site.db).name != "Autre");

  r = admin.post("/reseau", {{"csrf", csrf},
                             {"name", "Communauté de communes du Montbardois"},
                             {"siren", "200 069 169"},
                             {"territory", "Montbardois"}});
  REQUIRE(r.result() == status::see_other);
  CHECK(location(r) == "/reseau?ok=reseau");
  const auto saved = server::network_settings(site.db);
  CHECK(saved.name == "Communauté de communes du Montbardois");
  CHECK(saved.siren == "200069169");
  CHECK(saved.territory == "Montbardois");
  CHECK(site.scalar("SELECT count(*) FROM audit_log WHERE action = 'network.update'") == 1);

  // An animator is sent to their own site's members, for the page and its form.
  auto paul = site.as("paul");
  CHECK(paul.get("/reseau").result() == status::see_other);
  CHECK(paul.post("/reseau", {{"csrf", paul.csrf()}, {"name", "Autre"}}).result() == status::see_other);
  CHECK(server::network_settings(site.db).name == "Communauté de communes du Montbardois");
}
