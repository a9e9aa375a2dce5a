// « Mon espace » (issue 18): members on their phones, without a password.
//
//   GET|POST /moi/connexion           ask for a login link by e-mail or SMS (the same answer for an
//                                     unknown address; limits per address and client)
//   GET|POST /moi/lien/{token}        a login link: the GET shows one button (mail scanners that
//                                     open links do not spend it), the POST opens a 90-day session
//   GET  /moi                         my bookings (cancel, move: member_move_pages.hpp, .ics, calendar
//                                     feed), my help appointments to come (cancel, .ics), my notification
//                                     choices, my sessions, my data
//   POST /moi/reservations/{booking}/annuler, /moi/rendez-vous/{participant}/annuler (the agenda's
//        4-hour notice), /moi/preferences, /moi/sessions/{session}/fermer, /moi/deconnexion;
//   GET  /moi/donnees.json
//   GET  /moi/langue/{lang}           French or English (a cookie), then back to « Mon espace »
//
// The pages have their own frame (no staff navigation), are French first with
// English, mobile first, and use no JavaScript. The session is the
// `escale_membre` cookie (WebAccess::MemberSession, checked by the web gate
// with its own CSRF token).
#pragma once

#include "web/web_routes.hpp"

namespace escale::server::web {

void add_member_rows(WebRows& rows);

// « Firefox sur Android » from a User-Agent header, for the list of sessions.
std::string device_label(std::string_view user_agent);

}  // namespace escale::server::web
