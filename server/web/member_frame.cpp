// The frame of « Mon espace » and the public pages (see member_frame.hpp).
#include "web/member_frame.hpp"

namespace escale::server::web {

// ---------------------------------------------------------------------------
// Language: French first; English when the member chose it (a cookie).

Language language(const WebContext& ctx) {
  return cookie(ctx.req, kLanguageCookie) == std::optional<std::string>("en") ? Language::English : Language::French;
}

std::string french_typography(std::string_view text) {
  static constexpr std::string_view kNarrow = "\u202F";
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool before_mark =
        c == ' ' && i + 1 < text.size() && std::string_view(":;!?").find(text[i + 1]) != std::string_view::npos;
    const bool before_closing = c == ' ' && text.substr(i + 1).starts_with("»");
    const bool after_opening = c == ' ' && i >= 2 && text.substr(i - 2, 2) == "«";
    out += before_mark || before_closing || after_opening ? kNarrow : std::string_view(&text[i], 1);
  }
  return out;
}

std::string tr(const WebContext& ctx, std::string_view fr, std::string_view en) {
  return language(ctx) == Language::English ? std::string(en) : french_typography(fr);
}

// ---------------------------------------------------------------------------
// The member's frame: the brand, « Mon espace » and the logout button when
// logged in, the language switch; no staff navigation.

std::string render_member_page(const WebContext& ctx, const Page& page) {
  const bool en = language(ctx) == Language::English;
  Html out;
  out.reserve(page.body.size() + 2048);
  out += en ? Html("<!DOCTYPE html>\n<html lang=\"en\">\n") : Html("<!DOCTYPE html>\n<html lang=\"fr\">\n");
  out +=
      "<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"robots\" content=\"noindex\">\n<title>";
  out += escape(page.title);
  out +=
      " — Escale</title>\n<link rel=\"stylesheet\" href=\"/assets/escale.css\">\n"
      "<link rel=\"manifest\" href=\"/assets/escale.webmanifest\">\n"
      "<link rel=\"icon\" href=\"/assets/icone.svg\" type=\"image/svg+xml\">\n"
      "<link rel=\"apple-touch-icon\" href=\"/assets/icone-192.png\">\n"
      "<meta name=\"theme-color\" content=\"#1d2330\">\n" +
      page.head + "</head>\n<body class=\"member\">\n<a class=\"skip\" href=\"#contenu\">" +
      escape(tr(ctx, "Aller au contenu", "Skip to content")) +
      "</a>\n<header class=\"top\"><a class=\"brand\" href=\"/moi\">Escale</a>";
  out += "<nav aria-label=\"" + escape(tr(ctx, "Navigation", "Navigation")) + "\">";
  if (ctx.member_session) {
    out += "<a href=\"/moi\"" + (page.nav == "moi" ? Html(" aria-current=\"page\"") : Html()) + ">" +
           escape(tr(ctx, "Mon espace", "My space")) + "</a>";
  }
  out += en ? Html("<a href=\"/moi/langue/fr\" lang=\"fr\" hreflang=\"fr\">Français</a>")
            : Html("<a href=\"/moi/langue/en\" lang=\"en\" hreflang=\"en\">English</a>");
  out += "</nav>";
  if (ctx.member_session) {
    out += "<div class=\"who\"><span>" + escape(ctx.member_session->member.first_name) +
           "</span><form class=\"inline\" method=\"post\" action=\"/moi/deconnexion\">"
           "<input type=\"hidden\" name=\"csrf\" value=\"" +
           escape(ctx.member_session->csrf_token) + "\"><button type=\"submit\">" +
           escape(tr(ctx, "Se déconnecter", "Log out")) + "</button></form></div>";
  }
  out += "</header>\n<main id=\"contenu\">\n<h1>" + escape(page.title) + "</h1>\n";
  if (!page.subtitle.empty()) out += "<p class=\"subtitle\">" + escape(page.subtitle) + "</p>\n";
  out += page.body;
  out += "\n</main>\n<footer>" +
         escape(tr(ctx, "Escale — logiciel libre des tiers-lieux. Vos données restent chez votre tiers-lieu.",
                   "Escale — free software for community spaces. Your data stays with your space.")) +
         "</footer>\n</body>\n</html>\n";
  return out.str();
}

Response member_page(const WebContext& ctx, const Page& page, bh::status status) {
  return html_response(ctx.req, status, render_member_page(ctx, page));
}

Html member_csrf_field(const WebContext& ctx) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(ctx.member_session->csrf_token) + "\">";
}

// A form's one-use token before any session (double submit: cookie + field).
Html form_token_field(const std::string& token) {
  return "<input type=\"hidden\" name=\"form_token\" value=\"" + escape(token) + "\">";
}

bool form_token_ok(const WebContext& ctx) {
  const auto cookie_token = cookie(ctx.req, kLinkFormCookie);
  return same_origin(ctx.req) && cookie_token && tokens_equal(*cookie_token, ctx.field("form_token"));
}

std::string day_and_time(const WebContext& ctx, Instant t) {
  const auto l = to_paris(t);
  const auto lang = language(ctx);
  return format_day(l, lang) + (lang == Language::English ? ", " : " à ") + format_time(l, lang);
}

std::string day_label(const WebContext& ctx, const CivilDate& d) {
  return format_day(to_paris(from_paris(d.year, d.month, d.day, 12, 0)), language(ctx));
}

std::string time_range(const WebContext& ctx, Instant start, Instant end) {
  const auto lang = language(ctx);
  const auto a = to_paris(start);
  const auto b = to_paris(end);
  if (lang == Language::English) return format_day(a, lang) + ", " + format_time(a, lang) + "–" + format_time(b, lang);
  return format_day(a, lang) + ", de " + format_time(a, lang) + " à " + format_time(b, lang);
}

Response member_error_page(const WebContext& ctx, bh::status status, std::string_view title, const Html& message) {
  Page page;
  page.title = std::string(title);
  page.body = notice(NoticeKind::Error, message);
  page.body += ctx.member_session
                   ? "<p><a href=\"/moi\">" + escape(tr(ctx, "Revenir à Mon espace", "Back to My space")) + "</a></p>"
                   : "<p><a href=\"/moi/connexion\">" + escape(tr(ctx, "Recevoir un lien", "Get a link")) + "</a></p>";
  return member_page(ctx, page, status);
}

}  // namespace escale::server::web
