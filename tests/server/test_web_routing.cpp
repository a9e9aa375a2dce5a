// The web pages' rows of the routing table (web/web_routes.hpp): every page
// is a row with its method and its WebAccess, a wrong method answers the HTML
// 405 with Allow, and the web gate refuses before the handler runs: the
// reporting account on a staff page, an animator on another site's page,
// anyone without a session. The real rows are built with every handler
// wrapped to count its calls, and walked one by one.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/routes.hpp"
#include "api/routing_table.hpp"
#include "store/member_portal.hpp"
#include "sync/ingest.hpp"
#include "web/web_routes.hpp"
#include "web_fixture.hpp"

using namespace escale;
using namespace escale::tests;
using server::api::Access;
using server::api::WebAccess;
namespace bh = boost::beast::http;

namespace {

// The real web rows, each handler counting its calls by "METHOD pattern".
struct CountedRows {
  server::api::RoutingTable table;
  std::map<std::string, int> calls;

  explicit CountedRows(server::ConnectionPool& pool) {
    server::web::add_web_routes(table, pool, {},
                                [this](std::string_view pattern, std::optional<bh::verb> method,
                                       server::web::WebHandler handler) -> server::web::WebHandler {
                                  const auto key = (method ? std::string(bh::to_string(*method)) : std::string("ANY")) +
                                                   " " + std::string(pattern);
                                  return [this, key, handler](server::web::WebContext& ctx) {
                                    ++calls[key];
                                    return handler(ctx);
                                  };
                                });
  }
  int total() const {
    int n = 0;
    for (const auto& [key, count] : calls) n += count;
    return n;
  }
};

// One person at the door: their session cookie and CSRF token (none for anonymous);
// a member on their phone has the « Mon espace » cookie instead.
struct Caller {
  std::string cookie;
  std::string csrf;
  std::string member_cookie{};
};

Caller caller(WebSite& site, const std::string& login) {
  auto c = site.as(login);
  return {c.cookie("escale_session"), c.csrf()};
}

Caller member_caller(WebSite& site, std::int64_t member) {
  const auto link = server::issue_login_link(site.db, member, server::LinkChannel::Kiosk, now());
  REQUIRE(link.ok());
  const auto opened = server::redeem_login_link(site.db, link->token, "Firefox sur Android", now());
  REQUIRE(opened.session);
  return {{}, opened.session->csrf_token, opened.session->token};
}

server::http::Request request(bh::verb method, const std::string& path, const Caller& who) {
  server::http::Request req;
  req.method(method);
  req.target(path);
  req.version(11);
  req.set(bh::field::host, "127.0.0.1");
  if (!who.cookie.empty()) req.set(bh::field::cookie, "escale_session=" + who.cookie);
  if (!who.member_cookie.empty()) req.set(bh::field::cookie, "escale_membre=" + who.member_cookie);
  if (method == bh::verb::post) {
    req.set(bh::field::origin, "http://127.0.0.1");
    req.set(bh::field::content_type, "application/x-www-form-urlencoded");
    req.body() = "csrf=" + who.csrf;
    req.prepare_payload();
  }
  return req;
}

server::http::Response call(const CountedRows& rows, bh::verb method, const std::string& path, const Caller& who) {
  static const server::QueryParams none;
  auto r = rows.table.dispatch(request(method, path, who), path, none);
  INFO(bh::to_string(method) << " " << path);
  REQUIRE(r);
  return std::move(*r);
}

// A path of the pattern: {site} and {member} of the given site's people.
std::string example(const std::string& pattern, std::int64_t site, std::int64_t member) {
  const std::map<std::string, std::string> values = {
      {"{site}", std::to_string(site)},
      {"{member}", std::to_string(member)},
      {"{booking}", "6b3f1a2e-0000-4000-8000-00000000b00c"},
      {"{resource}", "1"},
      {"{uid}", "04A1B2C3"},
      {"{file...}", "frequentation.csv"},
      {"{rest...}", std::to_string(site) + "/nulle-part"},
      {"{token}", "eml_" + std::string(64, 'a')},  // a link's shape, unknown
      {"{lang}", "en"},
      {"{session}", "1"},
      {"{kind}", "bureau"},
      {"{series}", "1"},
      {"{wait}", "1"},
      {"{lieu}", std::to_string(site)},                           // a public page's site
      {"{participant}", "6b3f1a2e-0000-4000-8000-0000000000aa"},  // unknown
  };
  std::string path = pattern;
  for (const auto& [name, value] : values) {
    for (auto at = path.find(name); at != std::string::npos; at = path.find(name)) path.replace(at, name.size(), value);
  }
  REQUIRE(path.find('{') == std::string::npos);
  return path;
}

std::string header(const server::http::Response& r, bh::field f) {
  const auto it = r.find(f);
  return it == r.end() ? std::string() : std::string(it->value().data(), it->value().size());
}

std::string key_of(const server::api::Route& route) {
  return (route.method ? std::string(bh::to_string(*route.method)) : std::string("ANY")) + " " + route.pattern;
}

bool is_staff(WebAccess a) {
  return a == WebAccess::Staff || a == WebAccess::StaffOfSite || a == WebAccess::StaffOfMember ||
         a == WebAccess::StaffOfMemberHome || a == WebAccess::Admin;
}

}  // namespace

TEST_CASE("web routing: every web row has a method and an access, and the server's table holds them",
          "[routing][web]") {
  WebSite site;
  CountedRows rows(site.pool);
  const auto server_table = server::api_routes(site.pool);
  std::set<std::string> server_rows;
  for (const auto& route : server_table.routes())
    if (route.access == Access::WebPage) server_rows.insert(key_of(route));

  int pages = 0;
  for (const auto& route : rows.table.routes()) {
    INFO(key_of(route));
    CHECK(route.access == Access::WebPage);
    CHECK(server_rows.count(key_of(route)) == 1);  // the same rows as the server's table
    if (route.pattern.starts_with("/assets/")) {
      CHECK_FALSE(route.web_access);  // the stylesheets: every method, no session
      continue;
    }
    REQUIRE(route.web_access);
    if (route.fallback) {
      CHECK_FALSE(route.method);  // an unknown address of the back office: its 404 after the role
      CHECK(*route.web_access == WebAccess::Staff);
      continue;
    }
    REQUIRE(route.method);
    CHECK((*route.method == bh::verb::get || *route.method == bh::verb::post));
    // A page of a site or of a member names it, and its access loads it.
    // (« Mon espace » names a site to book at: the member's session, and the site one they may use.)
    if (route.pattern.find("{site}") != std::string::npos && *route.web_access != WebAccess::MemberSession)
      CHECK(*route.web_access == WebAccess::StaffOfSite);
    if (route.pattern.find("{member}") != std::string::npos) {
      CHECK((*route.web_access == WebAccess::StaffOfMember || *route.web_access == WebAccess::StaffOfMemberHome));
    }
    ++pages;
  }
  // One row per page and method: 33 of the back office, 8 of the login, the dashboards and the dashboard API,
  // 26 of « Mon espace » (with the links of its messages: a booking's, a waiting list's offer; moving a booking,
  // cancelling a help appointment; making the calendar feed's address), 9 of the public pages
  // (web/public_pages.hpp), 3 of the site's APTIC cheques (the claim file, the numbers' page and its form: issue 19).
  CHECK(pages == 79);
}

TEST_CASE("web routing: a wrong method on each page answers the HTML 405 with Allow, before any handler",
          "[routing][web]") {
  WebSite site;
  CountedRows rows(site.pool);
  const auto admin = caller(site, "claire");
  // The methods each page's pattern takes, from its rows.
  std::map<std::string, std::vector<bh::verb>> methods;
  for (const auto& route : rows.table.routes())
    if (route.web_access && route.method) methods[route.pattern].push_back(*route.method);
  REQUIRE(methods.size() > 20);

  for (const auto& [pattern, taken] : methods) {
    std::string allow;
    for (const auto m : taken) {
      allow += (allow.empty() ? "" : ", ") + std::string(bh::to_string(m));
      if (m == bh::verb::get) allow += ", HEAD";
    }
    const auto path = example(pattern, site.montbard, site.marie);
    std::vector<bh::verb> wrong = {bh::verb::put, bh::verb::delete_, bh::verb::patch};
    if (std::find(taken.begin(), taken.end(), bh::verb::get) == taken.end()) wrong.push_back(bh::verb::get);
    if (std::find(taken.begin(), taken.end(), bh::verb::post) == taken.end()) wrong.push_back(bh::verb::post);
    for (const auto method : wrong) {
      for (const auto* who : {&admin, static_cast<const Caller*>(nullptr)}) {
        const auto r = call(rows, method, path, who ? *who : Caller{});
        INFO(bh::to_string(method) << " " << path << (who ? " (admin)" : " (no session)"));
        CHECK(r.result() == bh::status::method_not_allowed);
        CHECK(header(r, bh::field::allow) == allow);
        CHECK(header(r, bh::field::content_type) == "text/html; charset=utf-8");
        CHECK_THAT(r.body(), Catch::Contains("Action impossible"));
        // A button's address says so; a page says it is not used that way.
        CHECK_THAT(r.body(), Catch::Contains(allow == "POST" ? "passe par un bouton" : "ne s’utilise pas ainsi"));
      }
    }
  }
  CHECK(rows.total() == 0);
}

TEST_CASE("web routing: no page's handler runs for a caller its access refuses", "[routing][web]") {
  WebSite site;
  CountedRows rows(site.pool);
  const auto admin = caller(site, "claire");
  const auto animator = caller(site, "paul");  // Montbard's
  const auto reporting = caller(site, "interco");
  const auto marie_phone = member_caller(site, site.marie);

  for (const auto& route : rows.table.routes()) {
    if (!route.web_access || !route.method) continue;
    const auto access = *route.web_access;
    const auto method = *route.method;
    const auto key = key_of(route);
    const auto own = example(route.pattern, site.montbard, site.marie);
    const auto other = example(route.pattern, site.semur, site.lucie);
    INFO(key);

    if (access == WebAccess::MemberSession) {
      // « Mon espace » without a member's session, or with a staff session only: its own login page.
      for (const auto* who : {static_cast<const Caller*>(nullptr), &admin}) {
        const auto r = call(rows, method, own, who ? *who : Caller{});
        CHECK(r.result() == bh::status::see_other);
        CHECK(header(r, bh::field::location) ==
              (method == bh::verb::post ? "/moi/connexion?expiree=2" : "/moi/connexion"));
      }
      if (method == bh::verb::post) {
        // A member's POST without their CSRF token.
        auto member = marie_phone;
        member.csrf = "faux";
        const auto r = call(rows, method, own, member);
        CHECK(r.result() == bh::status::forbidden);
        CHECK_THAT(r.body(), Catch::Contains("Formulaire refusé"));
      }
      CHECK(rows.calls[key] == 0);
      continue;
    }
    if (access != WebAccess::Public && access != WebAccess::SessionOptional) {
      // No session: the login (a GET comes back after it; a POST is not replayed), or the API's 401.
      const auto r = call(rows, method, own, Caller{});
      if (access == WebAccess::SessionOrAdminToken) {
        CHECK(r.result() == bh::status::unauthorized);
      } else {
        CHECK(r.result() == bh::status::see_other);
        CHECK(header(r, bh::field::location) ==
              (method == bh::verb::post ? std::string("/connexion?expiree=2") : "/connexion?suite=" + own));
      }
    }
    if (method == bh::verb::post && access != WebAccess::Public) {
      // A session's POST without its CSRF token.
      const auto r = call(rows, method, own, Caller{admin.cookie, "faux"});
      CHECK(r.result() == bh::status::forbidden);
      CHECK_THAT(r.body(), Catch::Contains("Formulaire refusé"));
    }
    if (is_staff(access)) {
      const auto r = call(rows, method, own, reporting);
      CHECK(r.result() == bh::status::forbidden);
      CHECK_THAT(r.body(), Catch::Contains("Accès réservé"));
      CHECK_THAT(r.body(), Catch::Contains("rapports seulement"));
    }
    if (access == WebAccess::StaffOfSite || access == WebAccess::StaffOfMember ||
        access == WebAccess::StaffOfMemberHome) {
      const auto r = call(rows, method, other, animator);
      CHECK(r.result() == bh::status::forbidden);
      CHECK_THAT(r.body(), Catch::Contains("ne gère pas ce lieu"));
    }
    if (access == WebAccess::Admin) {
      const auto r = call(rows, method, own, animator);  // to their own site's members
      CHECK(r.result() == bh::status::see_other);
      CHECK(header(r, bh::field::location) == "/lieux/" + std::to_string(site.montbard) + "/adherents");
    }
    CHECK(rows.calls[key] == 0);
  }
  // A site or a member that does not exist: the gate's 404, no handler either.
  auto r = call(rows, bh::verb::get, "/lieux/999/agenda", admin);
  CHECK(r.result() == bh::status::not_found);
  CHECK_THAT(r.body(), Catch::Contains("Le lieu n° 999 n’existe pas"));
  r = call(rows, bh::verb::get, "/adherents/999/effacer", admin);
  CHECK(r.result() == bh::status::not_found);
  CHECK_THAT(r.body(), Catch::Contains("L’adhérent n° 999 n’existe pas"));
  r = call(rows, bh::verb::get, "/lieux/abc/agenda", admin);
  CHECK(r.result() == bh::status::not_found);
  CHECK(rows.total() == 0);

  // The reporting account on an unknown back-office address: « Accès réservé » too (the fallback row).
  r = call(rows, bh::verb::get, "/lieux/1/nulle-part", reporting);
  CHECK(r.result() == bh::status::forbidden);
  CHECK(rows.calls["ANY /lieux/{rest...}"] == 0);
  r = call(rows, bh::verb::post, "/adherents/1/nulle-part", admin);
  CHECK(r.result() == bh::status::not_found);
  CHECK_THAT(r.body(), Catch::Contains("Cette page n’existe pas."));
  CHECK(rows.calls["ANY /adherents/{rest...}"] == 1);
}

TEST_CASE("web routing: each GET page's handler runs for the callers its access lets in", "[routing][web]") {
  WebSite site;
  CountedRows rows(site.pool);
  const auto admin = caller(site, "claire");
  const auto animator = caller(site, "paul");
  const auto reporting = caller(site, "interco");
  const auto marie = member_caller(site, site.marie);
  int gets = 0;
  for (const auto& route : rows.table.routes()) {
    if (!route.web_access || route.method != bh::verb::get) continue;
    const auto access = *route.web_access;
    const auto key = key_of(route);
    INFO(key);
    ++gets;
    if (access == WebAccess::MemberSession) {
      const int before = rows.calls[key];
      call(rows, bh::verb::get, example(route.pattern, site.montbard, site.marie), marie);
      CHECK(rows.calls[key] == before + 1);
      continue;
    }
    std::vector<const Caller*> allowed = {&admin};
    if (access != WebAccess::Admin) allowed.push_back(&animator);  // on their own site
    if (!is_staff(access)) allowed.push_back(&reporting);
    for (const auto* who : allowed) {
      const int before = rows.calls[key];
      call(rows, bh::verb::get, example(route.pattern, site.montbard, site.marie), *who);
      CHECK(rows.calls[key] == before + 1);
    }
  }
  CHECK(gets == 39);  // … and the site's APTIC cheques: the claim file and the numbers' page (issue 19)
  // HEAD takes a GET page's row.
  const int before = rows.calls["GET /lieux/{site}/agenda"];
  call(rows, bh::verb::head, "/lieux/" + std::to_string(site.montbard) + "/agenda", admin);
  CHECK(rows.calls["GET /lieux/{site}/agenda"] == before + 1);
}

TEST_CASE("web routing: an animator reaches a member of another site who visited theirs on the network rows only",
          "[routing][web][network]") {
  WebSite site;
  CountedRows rows(site.pool);
  const auto animator = caller(site, "paul");  // Montbard's; Lucie is of Semur
  sync::SyncRequest push;
  push.events = {check_in("8b5dae7c-6f10-4c2e-9d54-4e5f60718293", site.lucie, "2026-12-01T09:30:00.000Z")};
  REQUIRE(server::handle_sync(site.db, site.entrance.kiosk, push).acks.size() == 1);

  int home_rows = 0;
  for (const auto& route : rows.table.routes()) {
    if (!route.web_access || !route.method) continue;
    const auto access = *route.web_access;
    if (access != WebAccess::StaffOfMember && access != WebAccess::StaffOfMemberHome) continue;
    const auto key = key_of(route);
    INFO(key);
    const auto r = call(rows, *route.method, example(route.pattern, site.semur, site.lucie), animator);
    if (access == WebAccess::StaffOfMemberHome) {
      // Her details, badges, data and erasure stay with Semur.
      ++home_rows;
      CHECK(r.result() == bh::status::forbidden);
      CHECK(rows.calls[key] == 0);
    } else {
      CHECK(rows.calls[key] == 1);  // her page, where she badges, roles at Montbard
    }
  }
  CHECK(home_rows == 6);
}
