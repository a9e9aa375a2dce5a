// « Mon espace »: booking from the phone (issue 18).
//
//   GET  /moi/reserver                      the sites the member may use, with what can be booked there
//   GET  /moi/reserver/{site}/{kind}        kind « bureau »: the days to come, each part (morning,
//                                           afternoon, day) with how many desks are free; « visio »: a day,
//                                           a start and a length. Both: « every week until » a date
//   POST /moi/reserver/{site}/{kind}        books it (store/member_bookings.hpp): each day confirmed or
//                                           refused on its own with its reason, closed days listed
//   POST /moi/series/{series}/arreter       stops a weekly booking (its days to come are cancelled)
//
// WebAccess::MemberSession rows; the site must be one the member may use.
#pragma once

#include "booking/booking.hpp"
#include "store/member_bookings.hpp"
#include "web/web_routes.hpp"

namespace escale::server::web {

void add_member_booking_rows(WebRows& rows);
// « le matin » / "morning", « l’après-midi », « la journée » (empty for Times).
std::string part_label(const WebContext& ctx, server::BookingPart p);
server::BookingPart part_of(DayPartKind k);
// A part of a day as a choice reads: « le matin (8 h 30–12 h 30) » / "morning (8:30 am–12:30 pm)".
std::string part_choice_label(const WebContext& ctx, const DayPart& part);
// « 14 h 30 » / "2:30 pm" from minutes after midnight.
std::string clock_label(const WebContext& ctx, int minute);
// « En attente d’une place » in « Mon espace »: the member's waits and offers (empty when none).
Html waits_section(WebContext& ctx);

}  // namespace escale::server::web
