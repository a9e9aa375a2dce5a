// The frame of the pages people use without a staff account (issue 18):
// « Mon espace » and the public pages of the network's sites. French first
// (with French typography), English when the visitor chose it (a cookie set
// by /moi/langue/{lang}); the brand, « Mon espace » and the logout button
// when a member is logged in; no staff navigation; no JavaScript.
#pragma once

#include <string>
#include <string_view>

#include "time/french_format.hpp"
#include "time/iso_date.hpp"
#include "web/web_auth.hpp"

namespace escale::server::web {

inline constexpr std::string_view kLanguageCookie = "escale_langue";
// The one-use token of a form shown before any session (double submit: this cookie and a field).
inline constexpr std::string_view kLinkFormCookie = "escale_lien";

Language language(const WebContext& ctx);
// French typography: a narrow no-break space (U+202F) before « : ; ! ? » and
// inside guillemets, where the source has a plain space.
std::string french_typography(std::string_view text);
// The French text (with its typography), or the English one.
std::string tr(const WebContext& ctx, std::string_view fr, std::string_view en);

// The whole document in the member's frame, and the response carrying it
// (the security headers of every page).
std::string render_member_page(const WebContext& ctx, const Page& page);
Response member_page(const WebContext& ctx, const Page& page, bh::status status = bh::status::ok);

// An error page in the member's frame, with the way back (« Mon espace », or its login).
Response member_error_page(const WebContext& ctx, bh::status status, std::string_view title, const Html& message);

// The member's CSRF field (a member session is required).
Html member_csrf_field(const WebContext& ctx);
// The double-submit token of a form shown before any session.
Html form_token_field(const std::string& token);
bool form_token_ok(const WebContext& ctx);

// « lundi 3 mars à 9 h » / "Monday 3 March, 9 am"; « lundi 3 mars, de 9 h à 12 h 30 ».
std::string day_and_time(const WebContext& ctx, Instant t);
std::string time_range(const WebContext& ctx, Instant start, Instant end);
// « mardi 8 décembre » / "Tuesday 8 December"
std::string day_label(const WebContext& ctx, const CivilDate& d);

}  // namespace escale::server::web
