// What every web page handler shares: the request's context (who is logged
// in, the form it posted), cookies, the CSRF check, and HTML responses with
// the security headers every page carries.
//
// Sessions: the `escale_session` cookie (HttpOnly, SameSite=Strict, Path=/,
// Secure when the server runs behind TLS) holds a random token; the store
// keeps its hash (store/web_users.hpp). CSRF: every POST form carries the
// session's token in a hidden `csrf` field, compared in constant time, and a
// POST whose Origin (or Referer) names another site is refused. The login
// form, before any session, uses a double-submit token: a random
// `escale_login` cookie and the same value in the form.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <map>

#include "api/booking_routes.hpp"  // QueryParams
#include "config/public_url.hpp"
#include "domain/member.hpp"
#include "domain/site.hpp"
#include "http/http_server.hpp"
#include "store/connection_pool.hpp"
#include "store/member_portal.hpp"
#include "store/web_users.hpp"
#include "time/clock.hpp"
#include "web/html.hpp"

namespace escale::server::web {

namespace bh = boost::beast::http;
using http::Request;
using http::Response;

inline constexpr std::string_view kSessionCookie = "escale_session";
inline constexpr std::string_view kLoginCookie = "escale_login";
// A member's phone session (« Mon espace », store/member_portal.hpp): same flags as the staff's.
inline constexpr std::string_view kMemberCookie = "escale_membre";

struct WebOptions {
  bool secure_cookies = false;  // set when clients reach the server over HTTPS
  // The address people reach the server at ([web] public_url): links in messages and QR codes.
  PublicUrl public_url{};
  // Called when a message was queued (store/messages.hpp): the message job sends it now, not within a minute.
  std::function<void()> messages_queued{};
  // Called when a booking was cancelled here: the waiting lists' job offers the place now, not within a minute.
  std::function<void()> places_freed{};
};

struct WebContext {
  const Request& req;
  std::string_view path;
  const QueryParams& query;
  ConnectionPool& pool;
  const WebOptions& options;
  Instant now{};
  std::optional<WebSession> session;  // the logged-in account, if any
  QueryParams form;                   // a POST's urlencoded fields
  std::string client;                 // the peer's address (rate limits)
  // Set by the web gate from the route's row (web_routes.hpp, WebRows):
  std::map<std::string, std::string, std::less<>> params;  // the path pattern's {parameters}
  std::optional<Site> site;                     // StaffOfSite: the {site}; StaffOfMember(Home): the member's home site
  std::optional<Member> member;                 // StaffOfMember(Home): the {member}
  bool admin_token = false;                     // SessionOrAdminToken: the request carried a valid admin token
  std::optional<ConnectionPool::Lease> lease;   // the request's connection, once db() was asked
  std::optional<MemberSession> member_session;  // MemberSession rows: the member logged in on this phone

  bool is_post() const { return req.method() == bh::verb::post; }
  // The request's database connection, taken from the pool on first use and
  // kept until the response.
  store::Database& db();
  // A parameter of the route's path pattern ("{booking}" → "booking").
  const std::string& route_param(std::string_view name) const;
  const WebUser& user() const { return session->user; }
  // A form field, or "".
  std::string field(std::string_view name) const;
  std::string param(std::string_view name) const;  // a query parameter, or ""
};

std::optional<std::string> cookie(const Request& req, std::string_view name);
// The open session of the request's cookie, if any.
std::optional<WebSession> request_session(const Request& req, ConnectionPool& pool, Instant now);
// A Set-Cookie value: HttpOnly, SameSite=Strict, Path=/, Secure when asked.
std::string set_cookie(std::string_view name, std::string_view value, const WebOptions& options,
                       std::optional<std::chrono::seconds> max_age = std::nullopt);
std::string clear_cookie(std::string_view name, const WebOptions& options);

// The CSRF check of a POST with a session: the form's `csrf` field equals the
// session's token, and the Origin/Referer, when sent, is this server.
bool csrf_ok(const WebContext& ctx);
// The same for a member's phone session (« Mon espace »).
bool member_csrf_ok(const WebContext& ctx);
// Same-origin check alone (Origin or Referer host == Host header).
bool same_origin(const Request& req);
// Constant-time comparison of two tokens.
bool tokens_equal(std::string_view a, std::string_view b);

// Responses. Every HTML page: no-store (pages hold personal data), a strict
// Content-Security-Policy (no script at all), no framing, no MIME sniffing.
Response html_response(const Request& req, bh::status status, std::string body);
Response page_response(const WebContext& ctx, const Page& page, bh::status status = bh::status::ok);
Response redirect(const Request& req, std::string_view location);  // 303 See Other
Response error_page(const WebContext& ctx, bh::status status, std::string_view title, const Html& message);
// « Page introuvable » (404) with what is missing, e.g. « Le lieu n° 9 n’existe pas. »
Response not_found_page(const WebContext& ctx, std::string_view what);
// A file to download (CSV, JSON) with its name.
Response download(const Request& req, std::string body, std::string_view content_type, std::string_view filename);

}  // namespace escale::server::web
