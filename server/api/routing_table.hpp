// The routing table of escale-server: one row per route (method, path
// pattern, who may call it, handler), so that every route is listed once and
// a wrong method on a known path answers the same way everywhere.
//
// A path pattern is split on '/'; each segment is either literal
// ("bookings") or holds one parameter, with an optional literal prefix and
// suffix ("{id}", "{uuid}.ics"). A parameter matches a non-empty piece of one
// segment, never a '/'. A last segment "{name...}" holds the rest of the path,
// slashes included, perhaps empty ("/lieux/{rest...}" matches "/lieux/" and
// "/lieux/3/agenda"). A GET route also answers HEAD.
//
// A row marked blocking() (an argon2id login, a yearly dashboard, an export)
// is run by the HTTP server's worker threads, never by its I/O threads
// (http_server.hpp, IsBlocking): a slow request does not delay the others.
//
// dispatch(): the route for the request's method and path; when the path is
// known but not for that method, 405 with `Allow` listing the methods the
// path takes (in the table's order), answered as the path's Access asks
// (on_method_not_allowed: the web pages answer an HTML page); when no
// pattern matches, a fallback row's answer if one matches, else nullopt
// (the caller answers 404).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/booking_routes.hpp"  // QueryParams
#include "http/http_server.hpp"

namespace escale::server::api {

namespace bh = boost::beast::http;

// Who may call a route. The table asks its Gate before the handler, so a
// handler only runs for a caller the gate let through.
enum class Access {
  Anyone,        // no credential (liveness, a kiosk's enrolment code, calendar files)
  Kiosk,         // a kiosk's bearer token (esk_…)
  Admin,         // an admin client's bearer token (esa_…)
  AdminOrStaff,  // an admin token, or the session of a back-office account (the handler narrows by role)
  WebPage,       // a web page or its stylesheet: the web gate (web/web_routes.cpp) finds the session, checks the
                 // form, CSRF and the row's WebAccess before the page's handler
};

std::string_view to_string(Access access);

// Who may open a web page (an Access::WebPage row): the web gate applies it
// before the page's handler, which never checks a role itself.
enum class WebAccess {
  Public,               // anyone; a POST carries its own token (the login form's double submit)
  SessionOptional,      // anyone; a POST made with a session passes the CSRF check (log out)
  SessionOrAdminToken,  // a session or an admin token (esa_…); refusals in JSON (the dashboard API)
  AnySession,           // any account, the reporting one included (the dashboards)
  Staff,                // an admin or an animator, not the reporting account
  StaffOfSite,          // staff managing the route's {site} (an admin, or that site's animator)
  StaffOfMember,        // staff who may see the route's {member}: an admin, an animator of the member's
                        // home site, or of a site the member visited (network: issue 17)
  StaffOfMemberHome,    // staff managing the {member}'s home site (their details, badges, erasure)
  Admin,                // an admin account
  MemberSession,        // a member's phone session (« Mon espace », the `escale_membre` cookie); staff sessions
                        // do not count (web/member_pages.hpp)
};

std::string_view to_string(WebAccess access);

// What a handler receives besides the request: the path, its query, and the
// values of the pattern's parameters by name.
struct RouteMatch {
  std::string_view path;
  const QueryParams& query;
  std::map<std::string, std::string, std::less<>> params;
  // Set by the gate for an Access::Admin route: the admin client the token names.
  std::optional<std::int64_t> admin_client;

  const std::string& param(std::string_view name) const;
};

using RouteHandler = std::function<http::Response(const http::Request&, const RouteMatch&)>;

struct Route {
  std::optional<bh::verb> method;  // nullopt: every method (an old address that redirects)
  std::string pattern;
  Access access = Access::Anyone;
  RouteHandler handler;
  bool blocking = false;                // slow work: run off the I/O threads (see the top of the file)
  std::optional<WebAccess> web_access;  // set on every Access::WebPage row that is a page
  // Serves a path no other row's pattern matches (e.g. the back office's
  // unknown addresses), whatever the method: never part of an Allow.
  bool fallback = false;
};

// Answers a refusal for a route's access, or nullopt to let the handler run
// (after noting who the caller is in the match, e.g. its admin client).
using Gate = std::function<std::optional<http::Response>(const http::Request&, Access, RouteMatch&)>;

// The 405 of a known path asked with a wrong method; `allow` is the Allow
// header's value ("GET, HEAD, POST"). The table sets the header itself.
using MethodNotAllowed =
    std::function<http::Response(const http::Request&, std::string_view path, std::string_view allow)>;

// A path pattern, split once when the route is added.
class PathPattern {
 public:
  explicit PathPattern(std::string_view pattern);
  // The parameters' values when `path` has this shape.
  std::optional<std::map<std::string, std::string, std::less<>>> match(std::string_view path) const;

 private:
  struct Segment {
    std::string prefix;  // the whole segment when it holds no parameter
    std::optional<std::string> param;
    std::string suffix;
    bool rest = false;  // "{name...}": the rest of the path
  };
  std::vector<Segment> segments_;
};

class RoutingTable {
 public:
  explicit RoutingTable(Gate gate = {});

  // Throws std::invalid_argument for a pattern that does not start with '/' or
  // has a malformed "{…}".
  RoutingTable& add(std::optional<bh::verb> method, std::string_view pattern, Access access, RouteHandler handler);
  RoutingTable& get(std::string_view pattern, Access access, RouteHandler handler);
  RoutingTable& post(std::string_view pattern, Access access, RouteHandler handler);
  // A web page's row: Access::WebPage with the WebAccess its handler needs
  // (the handler itself applies it: see web/web_routes.hpp, WebRows).
  RoutingTable& page(std::optional<bh::verb> method, std::string_view pattern, WebAccess access, RouteHandler handler);
  // Marks the row added last as blocking work.
  RoutingTable& blocking();
  // Marks the row added last as a fallback (see Route::fallback).
  RoutingTable& fallback();
  // How a 405 is answered for a path whose first row has this access
  // (default: JSON, as the API answers its errors).
  RoutingTable& on_method_not_allowed(Access access, MethodNotAllowed responder);

  // Whether the route a request with this method and path would run is
  // marked blocking (false when no route takes it: the 404 or 405 is quick).
  bool is_blocking(bh::verb method, std::string_view path) const;

  // The response for this request, or nullopt when no route has its path.
  std::optional<http::Response> dispatch(const http::Request& req, std::string_view path,
                                         const QueryParams& query) const;

  // "GET, HEAD, POST": the methods the routes of `path` take, empty when none.
  std::string allowed_methods(std::string_view path) const;

  // The access of the first route with this path, nullopt when none has it.
  std::optional<Access> access_of(std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  using Params = std::map<std::string, std::string, std::less<>>;
  // The row a request with this method and path runs; known_path tells
  // whether some row has the path (a 405 when no row takes the method).
  std::optional<std::size_t> find(bh::verb method, std::string_view path, Params* params, bool* known_path) const;

  Gate gate_;
  std::map<Access, MethodNotAllowed> method_not_allowed_;
  std::vector<Route> routes_;
  std::vector<PathPattern> patterns_;
};

}  // namespace escale::server::api
