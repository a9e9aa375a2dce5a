// The web pages served by escale-server (server-rendered HTML in French, no
// JavaScript):
//
//   GET  /                      → the dashboard, or the login page
//   GET  /assets/escale.css     the stylesheet (screen, phone, print)
//   GET|POST /connexion         log in (rate-limited); POST /deconnexion logs out
//   GET  /tableau-de-bord       the dashboard (web/dashboard_pages.hpp) and its downloads
//   /lieux…, /adherents…        the back office (web/back_office_pages.hpp)
//   GET  /api/v1/reports/dashboard   the dashboard as JSON (session or admin token)
#pragma once

#include <optional>
#include <string_view>

#include "api/booking_routes.hpp"  // QueryParams
#include "http/http_server.hpp"
#include "store/connection_pool.hpp"
#include "web/web_auth.hpp"

namespace escale::server::api {
class RoutingTable;
}

namespace escale::server::web {

// Adds the web's paths (stylesheets, login, dashboard, back office) to the
// server's routing table.
void add_web_routes(api::RoutingTable& table, ConnectionPool& pool, const WebOptions& options);

// The page for a web path (the table's routes call it): finds the session,
// reads the form, refuses text that is not UTF-8, then dispatches; nullopt
// for a back-office address with no page.
std::optional<http::Response> serve_web_page(const http::Request& req, std::string_view path, const QueryParams& query,
                                             ConnectionPool& pool, const WebOptions& options);

}  // namespace escale::server::web
