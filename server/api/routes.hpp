// The HTTP API of escale-server: which path goes to which handler. Handlers
// are thin: check the request, call the store or the sync/report code, shape
// the answer. Documented in docs/API.md.
#pragma once

#include "api/routing_table.hpp"
#include "http/http_server.hpp"
#include "store/connection_pool.hpp"
#include "web/web_auth.hpp"

namespace escale::server {

// Every route of the server, in one table (make_api serves it). Tests read its
// rows, e.g. to visit every GET route (tests/server/test_xss_everywhere.cpp).
api::RoutingTable api_routes(ConnectionPool& pool, const web::WebOptions& web_options = {});

// What the HTTP layer needs: the handler of every request, and which
// requests are blocking work for its worker threads (the routing table's
// rows marked blocking: logins, dashboards, reports, exports).
struct ApiService {
  http::Handler handler;
  http::IsBlocking blocking;
};
ApiService make_api_service(ConnectionPool& pool, web::WebOptions web_options = {});

// Returns the Handler the HTTP layer calls for every request.
http::Handler make_api(ConnectionPool& pool, web::WebOptions web_options = {});

}  // namespace escale::server
