// The routing table (server/api/routing_table.hpp): patterns, 405 with Allow,
// the gate that stands before handlers.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

#include "api/routing_table.hpp"

using escale::server::QueryParams;
using escale::server::api::Access;
using escale::server::api::PathPattern;
using escale::server::api::RouteMatch;
using escale::server::api::RoutingTable;
namespace bh = boost::beast::http;
namespace http = escale::server::http;

namespace {

http::Request request(bh::verb method, std::string_view target) {
  http::Request req;
  req.method(method);
  req.target(std::string(target));
  req.version(11);
  return req;
}

// A handler that answers "<name> <params…>".
escale::server::api::RouteHandler answer(std::string name) {
  return [name](const http::Request& req, const RouteMatch& m) {
    std::string body = name;
    for (const auto& [k, v] : m.params) body += " " + k + "=" + v;
    return http::make_response(bh::status::ok, body, "text/plain", req.version(), req.keep_alive());
  };
}

std::optional<http::Response> call(const RoutingTable& table, bh::verb method, std::string_view path) {
  static const QueryParams none;
  return table.dispatch(request(method, path), path, none);
}

}  // namespace

TEST_CASE("routing table: literal segments and parameters", "[routing]") {
  const PathPattern literal("/api/v1/bookings");
  CHECK(literal.match("/api/v1/bookings"));
  CHECK_FALSE(literal.match("/api/v1/bookings/"));
  CHECK_FALSE(literal.match("/api/v1/booking"));
  CHECK_FALSE(literal.match("/api/v1/bookings/x"));
  CHECK_FALSE(literal.match("/api/v1"));
  CHECK_FALSE(literal.match(""));

  const PathPattern root("/");
  CHECK(root.match("/"));
  CHECK_FALSE(root.match("/x"));

  const PathPattern cancel("/api/v1/bookings/{uuid}/cancel");
  const auto m = cancel.match("/api/v1/bookings/0b5e-41/cancel");
  REQUIRE(m);
  CHECK(m->at("uuid") == "0b5e-41");
  CHECK_FALSE(cancel.match("/api/v1/bookings//cancel"));     // empty value
  CHECK_FALSE(cancel.match("/api/v1/bookings/a/b/cancel"));  // a parameter never holds a '/'
  CHECK_FALSE(cancel.match("/api/v1/bookings/0b5e-41/move"));

  const PathPattern ics("/ics/resources/{id}.ics");
  const auto feed = ics.match("/ics/resources/12.ics");
  REQUIRE(feed);
  CHECK(feed->at("id") == "12");
  CHECK_FALSE(ics.match("/ics/resources/.ics"));
  CHECK_FALSE(ics.match("/ics/resources/12.ical"));

  const PathPattern two("/lieux/{site}/ressources/{resource}");
  const auto both = two.match("/lieux/3/ressources/9");
  REQUIRE(both);
  CHECK(both->at("site") == "3");
  CHECK(both->at("resource") == "9");

  const PathPattern rest("/lieux/{rest...}");
  CHECK(rest.match("/lieux/")->at("rest").empty());
  CHECK(rest.match("/lieux/3")->at("rest") == "3");
  CHECK(rest.match("/lieux/3/ressources/9/retirer")->at("rest") == "3/ressources/9/retirer");
  CHECK_FALSE(rest.match("/lieux"));
  CHECK_FALSE(rest.match("/lieuxx/3"));
  CHECK_FALSE(rest.match("/adherents/3"));

  CHECK_THROWS_AS(PathPattern("/a/{rest...}/b"), std::invalid_argument);
  CHECK_THROWS_AS(PathPattern("/a/x{rest...}"), std::invalid_argument);
  CHECK_THROWS_AS(PathPattern("/a/{...}"), std::invalid_argument);
  CHECK_THROWS_AS(PathPattern("no-slash"), std::invalid_argument);
  CHECK_THROWS_AS(PathPattern("/a/{}"), std::invalid_argument);
  CHECK_THROWS_AS(PathPattern("/a/{id"), std::invalid_argument);
  CHECK_THROWS_AS(PathPattern("/a/{x}{y}"), std::invalid_argument);
}

TEST_CASE("routing table: the method picks the route, a wrong one is a 405 with Allow", "[routing]") {
  RoutingTable table;
  table.get("/connexion", Access::Anyone, answer("page"))
      .post("/connexion", Access::Anyone, answer("login"))
      .post("/api/v1/sync", Access::Anyone, answer("sync"))
      .get("/api/v1/bookings/{uuid}", Access::Anyone, answer("booking"));

  auto r = call(table, bh::verb::get, "/connexion");
  REQUIRE(r);
  CHECK(r->body() == "page");
  r = call(table, bh::verb::head, "/connexion");  // a GET route answers HEAD
  REQUIRE(r);
  CHECK(r->body() == "page");
  r = call(table, bh::verb::post, "/connexion");
  REQUIRE(r);
  CHECK(r->body() == "login");

  r = call(table, bh::verb::put, "/connexion");
  REQUIRE(r);
  CHECK(r->result() == bh::status::method_not_allowed);
  CHECK(r->at(bh::field::allow) == "GET, HEAD, POST");
  const auto doc = nlohmann::json::parse(r->body());
  CHECK(doc["error"]["status"] == 405);
  CHECK(doc["error"]["message"] == "method not allowed: use GET or POST /connexion");

  r = call(table, bh::verb::get, "/api/v1/sync");
  REQUIRE(r);
  CHECK(r->result() == bh::status::method_not_allowed);
  CHECK(r->at(bh::field::allow) == "POST");
  CHECK(nlohmann::json::parse(r->body())["error"]["message"] == "method not allowed: use POST /api/v1/sync");

  r = call(table, bh::verb::delete_, "/api/v1/bookings/abc");
  REQUIRE(r);
  CHECK(r->result() == bh::status::method_not_allowed);
  CHECK(r->at(bh::field::allow) == "GET, HEAD");
  r = call(table, bh::verb::get, "/api/v1/bookings/abc");
  REQUIRE(r);
  CHECK(r->body() == "booking uuid=abc");

  // An unknown path is not the table's: the caller answers 404.
  CHECK_FALSE(call(table, bh::verb::get, "/nope"));
  CHECK_FALSE(call(table, bh::verb::get, "/api/v1/bookings"));
  CHECK(table.allowed_methods("/nope").empty());
  CHECK(table.access_of("/api/v1/bookings/abc") == Access::Anyone);
  CHECK_FALSE(table.access_of("/nope"));
}

TEST_CASE("routing table: a route for every method never answers 405", "[routing]") {
  RoutingTable table;
  table.add(std::nullopt, "/reports/visits", Access::Anyone, answer("moved"));
  for (const auto method : {bh::verb::get, bh::verb::post, bh::verb::put, bh::verb::delete_}) {
    const auto r = call(table, method, "/reports/visits");
    REQUIRE(r);
    CHECK(r->body() == "moved");
  }
}

TEST_CASE("routing table: the gate stands before the handler, with the route's access", "[routing]") {
  int handled = 0;
  std::vector<Access> asked;
  RoutingTable table([&](const http::Request& req, Access access, RouteMatch& match) -> std::optional<http::Response> {
    asked.push_back(access);
    if (access == Access::Admin && req.find(bh::field::authorization) == req.end())
      return http::json_error(bh::status::unauthorized, "admin token required", req.version(), req.keep_alive());
    if (access == Access::Admin) match.admin_client = 7;
    return std::nullopt;
  });
  const auto count = [&](const http::Request& req, const RouteMatch& match) {
    ++handled;
    if (handled == 1) CHECK(match.admin_client == 7);  // the gate told the handler who calls
    if (handled == 2) CHECK_FALSE(match.admin_client);
    return http::make_response(bh::status::ok, "ok", "text/plain", req.version(), req.keep_alive());
  };
  table.get("/api/v1/members", Access::Admin, count).get("/healthz", Access::Anyone, count);

  auto r = call(table, bh::verb::get, "/api/v1/members");
  REQUIRE(r);
  CHECK(r->result() == bh::status::unauthorized);
  CHECK(handled == 0);

  auto req = request(bh::verb::get, "/api/v1/members");
  req.set(bh::field::authorization, "Bearer esa_x");
  r = table.dispatch(req, "/api/v1/members", QueryParams{});
  REQUIRE(r);
  CHECK(r->result() == bh::status::ok);
  CHECK(handled == 1);

  r = call(table, bh::verb::get, "/healthz");
  REQUIRE(r);
  CHECK(r->result() == bh::status::ok);
  CHECK(handled == 2);
  CHECK(asked == std::vector<Access>{Access::Admin, Access::Admin, Access::Anyone});

  // A wrong method is answered before the gate: the caller learns the methods, not the access.
  asked.clear();
  r = call(table, bh::verb::post, "/api/v1/members");
  REQUIRE(r);
  CHECK(r->result() == bh::status::method_not_allowed);
  CHECK(asked.empty());
}

TEST_CASE("routing table: a missing parameter name is a programming error", "[routing]") {
  RoutingTable table;
  table.get("/ics/bookings/{uuid}.ics", Access::Anyone, [](const http::Request& req, const RouteMatch& m) {
    return http::make_response(bh::status::ok, m.param("id"), "text/plain", req.version(), req.keep_alive());
  });
  CHECK_THROWS_AS(call(table, bh::verb::get, "/ics/bookings/x.ics"), std::logic_error);
}

TEST_CASE("routing table: rows marked blocking, for the worker threads", "[routing]") {
  RoutingTable table;
  table.get("/healthz", Access::Anyone, answer("health"))
      .add(bh::verb::post, "/connexion", Access::WebPage, answer("login"))
      .blocking()
      .add(std::nullopt, "/connexion", Access::WebPage, answer("login page"))
      .get("/exports/{file}.csv", Access::Admin, answer("export"))
      .blocking();
  CHECK_FALSE(table.is_blocking(bh::verb::get, "/healthz"));
  CHECK(table.is_blocking(bh::verb::post, "/connexion"));
  // The route a GET takes is the next row, which is not blocking.
  CHECK_FALSE(table.is_blocking(bh::verb::get, "/connexion"));
  CHECK(table.is_blocking(bh::verb::get, "/exports/visits.csv"));
  CHECK(table.is_blocking(bh::verb::head, "/exports/visits.csv"));  // a GET route answers HEAD
  // No route: a quick 404 or 405, never the workers.
  CHECK_FALSE(table.is_blocking(bh::verb::post, "/exports/visits.csv"));
  CHECK_FALSE(table.is_blocking(bh::verb::get, "/nowhere"));
  // The mark goes with the row, not with its path.
  CHECK(call(table, bh::verb::post, "/connexion")->body() == "login");
  CHECK(call(table, bh::verb::get, "/connexion")->body() == "login page");
  CHECK_THROWS_AS(RoutingTable().blocking(), std::logic_error);
}

TEST_CASE("routing table: fallback rows serve only paths no other row has", "[routing]") {
  RoutingTable table;
  table.get("/lieux/{site}/agenda", Access::WebPage, answer("agenda"))
      .post("/lieux/{site}/ressources", Access::WebPage, answer("resource"))
      .add(std::nullopt, "/lieux/{rest...}", Access::WebPage, answer("no page"))
      .fallback();
  CHECK(call(table, bh::verb::get, "/lieux/1/agenda")->body() == "agenda site=1");
  CHECK(call(table, bh::verb::post, "/lieux/1/ressources")->body() == "resource site=1");
  // A known path with a wrong method is a 405, never the fallback.
  auto r = call(table, bh::verb::post, "/lieux/1/agenda");
  REQUIRE(r);
  CHECK(r->result() == bh::status::method_not_allowed);
  CHECK(r->at(bh::field::allow) == "GET, HEAD");
  // A path no row has: the fallback, whatever the method; it never shows in an Allow.
  for (const auto method : {bh::verb::get, bh::verb::post, bh::verb::delete_})
    CHECK(call(table, method, "/lieux/1/nulle-part")->body() == "no page rest=1/nulle-part");
  CHECK(table.allowed_methods("/lieux/1/nulle-part").empty());
  CHECK(table.allowed_methods("/lieux/1/agenda") == "GET, HEAD");
  CHECK(table.access_of("/lieux/1/nulle-part") == Access::WebPage);
  CHECK_FALSE(call(table, bh::verb::get, "/adherents/1"));
  CHECK_THROWS_AS(RoutingTable().fallback(), std::logic_error);
}

TEST_CASE("routing table: a 405 is answered as the path's access asks, with Allow set by the table", "[routing]") {
  RoutingTable table;
  std::vector<std::string> asked;
  table.get("/healthz", Access::Anyone, answer("health"))
      .page(bh::verb::get, "/lieux/{site}", escale::server::api::WebAccess::StaffOfSite, answer("site"))
      .page(bh::verb::post, "/lieux/{site}", escale::server::api::WebAccess::StaffOfSite, answer("save"))
      .on_method_not_allowed(Access::WebPage,
                             [&](const http::Request& req, std::string_view path, std::string_view allow) {
                               asked.push_back(std::string(path) + " " + std::string(allow));
                               return http::make_response(bh::status::method_not_allowed, "<p>page</p>", "text/html",
                                                          req.version(), req.keep_alive());
                             });
  CHECK(table.routes()[1].access == Access::WebPage);
  CHECK(table.routes()[1].web_access == escale::server::api::WebAccess::StaffOfSite);
  CHECK_FALSE(table.routes()[0].web_access);

  auto r = call(table, bh::verb::delete_, "/lieux/2");
  REQUIRE(r);
  CHECK(r->result() == bh::status::method_not_allowed);
  CHECK(r->body() == "<p>page</p>");
  CHECK(r->at(bh::field::allow) == "GET, HEAD, POST");
  CHECK(asked == std::vector<std::string>{"/lieux/2 GET, HEAD, POST"});
  // Another access keeps the JSON 405.
  r = call(table, bh::verb::post, "/healthz");
  REQUIRE(r);
  CHECK(nlohmann::json::parse(r->body())["error"]["status"] == 405);
  CHECK(r->at(bh::field::allow) == "GET, HEAD");
  CHECK(asked.size() == 1);
}
