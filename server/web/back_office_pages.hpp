// The back office of admins and animators (an animator sees their own site
// only):
//
//   /lieux                                   the sites (admins)
//   /lieux/N                                 a site: opening hours, resources (add, remove, put back)
//   /lieux/N/adherents[?q=]                  members: search, add
//   /lieux/N/adherents/nouveau               the form to add a member
//   /adherents/M                             a member: edit, badges (give, revoke), data export, erasure
//   /adherents/M/export.json                 everything Escale holds about the member
//   /adherents/M/effacer                     erasure (confirmation, then POST)
//   /lieux/N/reservations[?semaine=2026-W47] the week's bookings
//   /lieux/N/agenda[?semaine=…]              the mediators' agenda of the week
//
// Every POST checks the CSRF token and writes one transaction with an audit row.
#pragma once

#include <optional>

#include "web/web_auth.hpp"

namespace escale::server::web {

// The response for a back-office path, or nullopt when it is not one.
std::optional<Response> route_back_office(WebContext& ctx);

}  // namespace escale::server::web
