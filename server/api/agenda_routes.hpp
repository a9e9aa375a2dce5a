// The help agenda's part of the HTTP API (docs/API.md, « Help agenda »), for
// admin clients (Bearer esa_ token), plus the public files:
//
//   GET  /api/v1/agenda?site=ID                         types, help hours, exceptions
//   GET  /api/v1/help-slots?type=ID[&from=DATE][&days=N] free slots of an individual type
//   GET  /api/v1/appointments?site=ID[&from=&to=&mediator=][&refused=1]
//   POST /api/v1/appointments                           {type_id, mediator_id, start, participant} → 201
//                                                       or {appointment_id, participant} to join a workshop
//   POST /api/v1/workshops                              {type_id, mediator_id, start[, title, capacity, duration_min]}
//   GET  /api/v1/appointments/{uuid}
//   POST /api/v1/appointments/{uuid}/cancel             the service cancels (everyone revoked)
//   POST /api/v1/appointments/{uuid}/participants/{uuid}/status  {status}
//   POST /api/v1/appointments/{uuid}/participants/{uuid}/cancel  the person cancels (4 h before at the latest)
//   POST /api/v1/activities                             an activity record (CRA)
//   GET  /api/v1/exports/activities.csv?[site=&from=&to=][&variant=tableur]  anonymised CRA export
//   GET  /ics/appointments/{uuid}.ics                   one appointment (no token: the UUID is the capability)
//   GET  /opendata/lieux-mediation-numerique.csv        the sites offering mediation, schema v1.0.1
//
// Refusals map to statuses as for bookings: taken → 409; unknown_* and
// no_participant → 404; invalid_request → 400; the others → 422.
#pragma once

#include <optional>
#include <string_view>

#include "api/booking_routes.hpp"  // QueryParams
#include "config/public_url.hpp"
#include "http/http_server.hpp"
#include "store/connection_pool.hpp"

namespace escale::server {

namespace api {
class RoutingTable;
}

// Adds the help agenda's routes, the CRA export and the open data file to the server's routing table.
// `public_url` ([web] public_url): the open data's prise_rdv of a site that offers help appointments and
// gave no booking address of its own is its public booking page there (web/public_pages.hpp).
void add_agenda_routes(api::RoutingTable& table, ConnectionPool& pool, PublicUrl public_url = PublicUrl{});

}  // namespace escale::server
