// What the API's handlers share: responses (JSON errors with a stable code),
// the admin bearer token, and strict readers for query strings and JSON
// bodies that throw BadRequest naming the field (turned into a 400).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/booking_routes.hpp"  // QueryParams
#include "api/routing_table.hpp"
#include "http/http_server.hpp"
#include "store/connection_pool.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"
#include "time/public_holidays.hpp"

namespace escale::server::api {

namespace bh = boost::beast::http;
using http::Request;
using http::Response;
using nlohmann::json;

inline constexpr std::string_view kJson = "application/json; charset=utf-8";
inline constexpr std::string_view kCalendar = "text/calendar; charset=utf-8";
inline constexpr std::string_view kCsv = "text/csv; charset=utf-8";

// A 400 for a field: "start: expected …".
struct BadRequest : std::runtime_error {
  explicit BadRequest(std::string text) : std::runtime_error(text), message(std::move(text)) {}
  std::string message;
};

std::string dump(const json& j, int indent = -1);
Response respond(const Request& req, bh::status status, std::string body, std::string_view type = kJson);
// A 200 with `body`.
Response ok(const Request& req, std::string body, std::string_view type = kJson);
Response error(const Request& req, bh::status status, std::string_view message);
Response coded_error(const Request& req, bh::status status, std::string_view code, std::string_view message);
// A 401 with WWW-Authenticate: Bearer.
Response unauthorized(const Request& req,
                      std::string_view message = "admin token required: send 'Authorization: Bearer esa_…'");
// The token of an "Authorization: Bearer <token>" header (the scheme in any
// case, RFC 9110 §11.1), or "" when there is none. Its shape is checked where
// it is looked up (is_token_shaped, store/credentials.hpp).
std::string_view bearer_token(const Request& req);
std::string capitalised(std::string s);
std::optional<std::int64_t> parse_id(std::string_view s);
// "%C3%A9t%C3%A9+2" → "été 2" (application/x-www-form-urlencoded and query strings).
std::string url_decode(std::string_view s);
// "a=1&b=x%20y" → {a: 1, b: x y}; a name given twice keeps the last value.
QueryParams parse_query(std::string_view qs);
std::string clock_text(Instant t);
std::optional<std::int64_t> query_id(const QueryParams& q, const char* name, const char* example);
std::optional<CivilDate> query_date(const QueryParams& q, const char* name);
json parse_body(const Request& req);
std::int64_t body_id(const json& body, const char* name);
Instant body_instant(const json& body, const char* name);
// The admin client of the request's bearer token, unless it has none, or one
// that is malformed, unknown or revoked.
std::optional<std::int64_t> admin_client(const Request& req, store::Database& db);
// An .ics file shown inline (a phone offers to add it to its calendar).
Response calendar_response(const Request& req, std::string body, const std::string& filename);
// A CSV download named `filename`.
Response csv_response(const Request& req, std::string body, const std::string& filename);

// An admin route's handler: the gate has found the admin client; a BadRequest
// thrown while reading the request is a 400 naming the field.
template <class F>
RouteHandler admin_route(ConnectionPool& pool, F handler) {
  return [&pool, handler](const Request& req, const RouteMatch& m) -> Response {
    auto db = pool.acquire();
    try {
      return handler(req, *db, *m.admin_client, m);
    } catch (const BadRequest& bad) {
      return error(req, bh::status::bad_request, bad.message);
    }
  };
}

// A calendar file: no token, the address is the capability.
template <class F>
RouteHandler calendar_route(ConnectionPool& pool, std::string name, F handler) {
  return [&pool, name, handler](const Request& req, const RouteMatch& m) -> Response {
    auto db = pool.acquire();
    return handler(req, *db, m.param(name));
  };
}

}  // namespace escale::server::api
