// The back office of admins and animators (an animator sees their own site
// only, and the members of other sites who visited it):
//
//   /lieux                                   the sites (admins)
//   /reseau                                  the network: name, SIREN, territory (admins)
//   /adherents[?q=]                          the members of every site, with their home site (admins)
//   /lieux/N                                 a site: opening hours, resources (add, remove, put back)
//   /lieux/N/adherents[?q=]                  members: search, add; those of other sites who came here
//   /lieux/N/adherents/nouveau               the form to add a member
//   /adherents/M                             a member: edit, badges (give, revoke), data export, erasure;
//                                            where they badge (…/lieux), roles at other sites (…/roles)
//   /adherents/M/export.json                 everything Escale holds about the member
//   /adherents/M/effacer                     erasure (confirmation, then POST)
//   /lieux/N/reservations[?semaine=2026-W47] the week's bookings
//   /lieux/N/agenda[?semaine=…]              the mediators' agenda of the week
//
// Each is a row of the routing table (add_back_office_rows) with the access
// it needs; the web gate (web_routes.hpp) checks the session, the CSRF token
// of a POST and the role, and loads the {site} or {member}, before the
// handler. Every POST writes one transaction with an audit row.
#pragma once

#include <optional>

#include "web/web_routes.hpp"

namespace escale::server::web {

// The back office's rows, and the fallbacks that answer its unknown
// addresses with an HTML 404.
void add_back_office_rows(WebRows& rows);

}  // namespace escale::server::web
