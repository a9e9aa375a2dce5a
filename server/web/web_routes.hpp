// The web pages served by escale-server (server-rendered HTML in French, no
// JavaScript). Every page is a row of the server's routing table
// (api/routing_table.hpp) with its method, path pattern and WebAccess:
//
//   GET  /                      → the dashboard, or the login page
//   GET  /assets/escale.css     the stylesheet (screen, phone, print)
//   GET|POST /connexion         log in (rate-limited); POST /deconnexion logs out
//   GET  /tableau-de-bord       the dashboard (web/dashboard_pages.hpp) and its downloads
//   /lieux…, /adherents…        the back office (web/back_office_pages.hpp)
//   GET  /api/v1/reports/dashboard   the dashboard as JSON (session or admin token)
//
// The web gate stands before every page's handler, once for all of them:
// it finds the session (cookie), refuses a POST that is not a urlencoded
// form, text that is not UTF-8, then applies the row's WebAccess: the login
// redirect (« suite= » after a GET, « expiree=2 » after a POST), the CSRF
// check of a POST, the reporting account's « Accès réservé », an animator
// on another site's page (403), a {site} or {member} that does not exist
// (404). A handler runs only for a caller its row lets in, with ctx.site and
// ctx.member loaded. A wrong method on a page answers the HTML 405 page
// with Allow.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "api/routing_table.hpp"
#include "http/http_server.hpp"
#include "store/connection_pool.hpp"
#include "web/web_auth.hpp"

namespace escale::server::web {

using WebHandler = std::function<Response(WebContext&)>;
// Wraps each page's handler as its row is added (tests count the calls):
// the row's pattern and method, the handler; returns the handler to keep.
using WebHandlerWrap = std::function<WebHandler(std::string_view pattern, std::optional<bh::verb>, WebHandler)>;

// Adds web pages to a routing table, each behind the web gate.
class WebRows {
 public:
  WebRows(api::RoutingTable& table, ConnectionPool& pool, const WebOptions& options, WebHandlerWrap wrap = {})
      : table_(table), pool_(pool), options_(options), wrap_(std::move(wrap)) {}

  WebRows& get(std::string_view pattern, api::WebAccess access, WebHandler handler);
  WebRows& post(std::string_view pattern, api::WebAccess access, WebHandler handler);
  // A fallback row (routing_table.hpp): every method, for paths no page has.
  WebRows& fallback(std::string_view pattern, api::WebAccess access, WebHandler handler);
  WebRows& blocking();  // the row added last runs on the worker threads

 private:
  WebRows& add(std::optional<bh::verb> method, std::string_view pattern, api::WebAccess access, WebHandler handler);
  api::RoutingTable& table_;
  ConnectionPool& pool_;
  WebOptions options_;
  WebHandlerWrap wrap_;
};

// Adds the web's rows (stylesheets, login, dashboard, back office) to the
// server's routing table, and its HTML 405 page.
void add_web_routes(api::RoutingTable& table, ConnectionPool& pool, const WebOptions& options,
                    WebHandlerWrap wrap = {});

}  // namespace escale::server::web
