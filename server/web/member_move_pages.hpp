// « Mon espace »: moving a booking from the phone (issue 18: « my bookings (cancel, move, .ics…) »).
//
//   GET  /moi/reservations/{booking}/deplacer   a desk booking: the next days' parts with the free desks
//                                               counted (as if this booking were not there); a visio booking:
//                                               a day, a start and a length
//   POST /moi/reservations/{booking}/deplacer   moves it (store/bookings.hpp move_booking: the rules of a new
//                                               booking, ignoring the one it replaces): the same desk when it is
//                                               free then, else the first free one of the site; refused, the
//                                               booking stays as it was and the form says why
//
// WebAccess::MemberSession rows; only the member's own booking, while it can still change (confirmed and not
// begun: check_cancel): else 404 (not theirs) or 409 (begun, cancelled).
#pragma once

#include "web/web_routes.hpp"

namespace escale::server::web {

void add_member_move_rows(WebRows& rows);

}  // namespace escale::server::web
