// The bookings part of the HTTP API (docs/API.md, « Bookings »): resources,
// availability and bookings for admin clients (Bearer esa_ token), and the
// iCalendar files (no token: the address is the capability).
//
//   GET  /api/v1/resources?site=ID                     resources of a site (+ its booking rules)
//   POST /api/v1/resources                             add a resource
//   POST /api/v1/resources/{id}/deactivate|activate    take out of / put back into service
//   GET  /api/v1/availability?site=ID[&from=DATE][&days=N][&member=ID]
//   GET  /api/v1/bookings[?site=&resource=&member=&from=&to=]
//   POST /api/v1/bookings                              {member_id, resource_id, start, end[, id]}
//   GET  /api/v1/bookings/{uuid}
//   POST /api/v1/bookings/{uuid}/cancel
//   POST /api/v1/bookings/{uuid}/move                  {[resource_id,] start, end}
//   GET  /ics/bookings/{uuid}.ics                      one booking
//   GET  /ics/members/{token}.ics                      a member's feed
//   GET  /ics/resources/{id}.ics                       a resource's feed, anonymous (« Réservé »)
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_server.hpp"
#include "store/connection_pool.hpp"

namespace escale::server {

using QueryParams = std::map<std::string, std::string, std::less<>>;

namespace api {
class RoutingTable;
}

// Adds the bookings routes (above) to the server's routing table.
void add_booking_routes(api::RoutingTable& table, ConnectionPool& pool);

}  // namespace escale::server
