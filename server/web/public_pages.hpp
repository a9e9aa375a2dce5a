// The network's public pages (issue 18): no login, in the member's frame
// (web/member_frame.hpp), French first with English, mobile first, no
// JavaScript.
//
//   GET  /lieux-du-reseau                      the network's sites: address, map, today's hours (or when
//                                              it opens next), the week's hours, services, free desks now
//   GET  /lieux-du-reseau/{lieu}               one site, the week in detail, « Prendre rendez-vous »
//   GET|POST /lieux-du-reseau/{lieu}/aide      book a help appointment without an account (Bernard's
//                                              story): the topic (pictograms), a free slot, a first name
//                                              or none, a mobile number for an SMS or none; rate-limited
//   GET  /lieux-du-reseau/{lieu}/aide/{participant}   the confirmation (printable; .ics, what to bring)
//   GET  /rdv/{token}                          the SMS's link: the appointment, « Annuler », « Changer
//   POST /rdv/{token}/annuler                  d’horaire » (forms with a double-submit token)
//   GET|POST /rdv/{token}/changer
//
// A booking is the help agenda's request_help (store/public_help.hpp): the
// kiosk and the back office see it like any other.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mediation/agenda.hpp"
#include "web/web_routes.hpp"

namespace escale::server::web {

void add_public_rows(WebRows& rows);

// The absolute address of a site's public booking page (the open data's prise_rdv).
std::string public_help_url(std::string_view public_url, std::int64_t site_id);

// The help topic's pictogram as inline SVG (aria-hidden: its words go beside it), drawn like the kiosk's
// (kiosk/ui/pictograms.cpp) in a 100 × 100 box, in the text's colour.
Html topic_pictogram(mediation::HelpTopic topic);

// Bookings per client address and hour on the public page.
inline constexpr int kPublicBookingsPerHour = 6;

}  // namespace escale::server::web
