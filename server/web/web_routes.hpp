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

namespace escale::server::web {

// The response for a web path, or nullopt when the path is not the web's.
std::optional<http::Response> route_web(const http::Request& req, std::string_view path, const QueryParams& query,
                                        ConnectionPool& pool, const WebOptions& options);

}  // namespace escale::server::web
