// The web's front door: assets, login, logout, and the dispatch to the
// dashboard and the back office. See web_routes.hpp.
#include "web/web_routes.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "api/api_kit.hpp"
#include "api/routing_table.hpp"
#include "store/credentials.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "store/sites.hpp"
#include "text/log_text.hpp"
#include "text/utf8.hpp"
#include "web/app_icons.hpp"
#include "web/back_office_pages.hpp"
#include "web/cheque_pages.hpp"
#include "web/dashboard_pages.hpp"
#include "web/member_frame.hpp"
#include "web/member_pages.hpp"
#include "web/public_pages.hpp"

namespace escale::server::web {
namespace {

// Characters of a URL's path and query (RFC 3986: unreserved, sub-delims,
// ':', '@', '/', '?', '#', and '%' for escapes); nothing else is accepted.
bool url_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("-._~!$&'()*+,;=:@/?#%").find(c) != std::string_view::npos;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%2F" → "/"; nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decoded(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    const int high = hex_value(s[i + 1]);
    const int low = hex_value(s[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// Where a login may send the browser next: a path of this server, nothing
// a browser could read as another host. Browsers remove TABs and line breaks
// anywhere in a URL and read '\' as '/', so "/\t/evil.example" and
// "/\\evil.example" both lead to //evil.example: a value is refused when
// it, or any of its percent-decodings, holds a control character, a
// backslash, or starts with "//"; and it must start with '/' followed by a
// path character, made of URL characters only (no space, no scheme: a value
// that starts with '/' has none). Refused values give "" (the dashboard).
std::string safe_next(std::string_view next) {
  if (next.size() > 2048 || next.empty() || next[0] != '/') return {};
  if (!std::all_of(next.begin(), next.end(), url_char)) return {};
  std::string layer(next);
  // Each decoding is checked: "%2509" is "%09" once decoded, a TAB twice.
  for (int depth = 0; depth < 4; ++depth) {
    const bool control = std::any_of(layer.begin(), layer.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u < 0x20 || u == 0x7F || c == '\\';
    });
    if (control || layer.starts_with("//")) return {};
    const auto decoded = percent_decoded(layer);
    if (!decoded) return {};
    if (*decoded == layer) return std::string(next);
    layer = *decoded;
  }
  return {};  // still encoded after four decodings: not a path this server made
}

std::string url_encode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Response login_page(const WebContext& ctx, std::string_view login, std::string_view next, const Html& error,
                    bh::status status) {
  const auto token = make_token("");
  Page page;
  page.title = "Connexion";
  page.body = "<div class=\"login\">";
  if (!error.empty()) page.body += notice(NoticeKind::Error, error);
  if (ctx.param("sortie") == "1") {
    page.body += notice(NoticeKind::Success, "Vous êtes déconnecté·e.");
    // Browsers keep the page left at logout in their back/forward cache,
    // and Chromium shows even a no-store page again on « Back » unless a
    // cookie changes while it is stored. This stylesheet is fetched once
    // the login page has replaced it, and its answer changes a cookie, so
    // « Back » after logout cannot show the last page (names included).
    page.head = "<link rel=\"stylesheet\" href=\"/assets/fin-de-session.css\">\n";
  }
  if (ctx.param("expiree") == "1")
    page.body += notice(NoticeKind::Info, "Votre session a pris fin : connectez-vous pour continuer.");
  if (ctx.param("expiree") == "2") {
    page.body += notice(NoticeKind::Warning,
                        "Votre session avait pris fin : ce que vous veniez d’envoyer n’a pas été enregistré. "
                        "Connectez-vous, puis recommencez.");
  }
  page.body += "<form class=\"panel\" method=\"post\" action=\"/connexion\">";
  page.body += "<input type=\"hidden\" name=\"login_token\" value=\"" + escape(token) + "\">";
  page.body += "<input type=\"hidden\" name=\"suite\" value=\"" + escape(next) + "\">";
  const Html autofocus = " autofocus";
  page.body += text_field("login", "Identifiant", login,
                          "required autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" "
                          "maxlength=\"64\"" +
                              (login.empty() ? autofocus : Html()));
  page.body +=
      text_field("password", "Mot de passe", "",
                 "required autocomplete=\"current-password\" maxlength=\"1024\"" + (login.empty() ? Html() : autofocus),
                 "password");
  page.body += "<button type=\"submit\">Se connecter</button></form>";
  page.body +=
      "<p class=\"muted\">Mot de passe oublié ? L’administrateur d’Escale peut vous en donner un nouveau.</p></div>";
  auto res = page_response(ctx, page, status);
  res.set(bh::field::set_cookie, set_cookie(kLoginCookie, token, ctx.options, std::chrono::hours(1)));
  return res;
}

Response log_in_post(WebContext& ctx) {
  const auto next = safe_next(ctx.field("suite"));
  const auto login = ctx.field("login");
  const auto cookie_token = cookie(ctx.req, kLoginCookie);
  if (!same_origin(ctx.req) || !cookie_token || !tokens_equal(*cookie_token, ctx.field("login_token"))) {
    return login_page(ctx, login, next, "Ce formulaire de connexion a expiré : saisissez à nouveau votre mot de passe.",
                      bh::status::forbidden);
  }
  auto db = ctx.pool.acquire();
  auto outcome = log_in(*db, login, ctx.field("password"), ctx.client, ctx.now);
  if (!outcome.session) {
    if (!outcome.retry_after) {
      spdlog::info("web: failed login for « {} » from {}", log_text(login, 64), log_text(ctx.client));
      return login_page(ctx, login, next, escape(outcome.error), bh::status::unauthorized);
    }
    const auto wait =
        std::max<long long>(1, std::chrono::ceil<std::chrono::seconds>(*outcome.retry_after - ctx.now).count());
    spdlog::info("web: login for « {} » from {} held back for {} s (too many failures)", log_text(login, 64),
                 log_text(ctx.client), wait);
    auto res = login_page(ctx, login, next, escape(outcome.error), bh::status::too_many_requests);
    res.set(bh::field::retry_after, std::to_string(wait));
    return res;
  }
  spdlog::info("web: {} logged in from {}", log_text(outcome.session->user.login), log_text(ctx.client));
  auto res = redirect(ctx.req, next.empty() ? "/tableau-de-bord" : next);
  res.insert(bh::field::set_cookie, set_cookie(kSessionCookie, outcome.session->token, ctx.options,
                                               std::chrono::duration_cast<std::chrono::seconds>(kSessionMax)));
  res.insert(bh::field::set_cookie, clear_cookie(kLoginCookie, ctx.options));
  return res;
}

Response log_out_post(WebContext& ctx) {
  if (ctx.session) {  // its CSRF token was checked by the gate (WebAccess::SessionOptional)
    auto db = ctx.pool.acquire();
    log_out(*db, cookie(ctx.req, kSessionCookie).value_or(""));
  }
  auto res = redirect(ctx.req, "/connexion?sortie=1");
  res.set(bh::field::set_cookie, clear_cookie(kSessionCookie, ctx.options));
  return res;
}

// Names and values of a query string or a form: all UTF-8?
bool valid_utf8(const QueryParams& params) {
  return std::all_of(params.begin(), params.end(),
                     [](const auto& kv) { return utf8::is_valid(kv.first) && utf8::is_valid(kv.second); });
}

Response forbidden(const WebContext& ctx) {
  return error_page(ctx, bh::status::forbidden, "Accès réservé",
                    "Ce compte ne gère pas ce lieu : un compte d’animation voit son propre lieu seulement.");
}

// A {site} or {member} of the path: a positive number.
std::optional<std::int64_t> id_param(const WebContext& ctx, std::string_view name) {
  return api::parse_id(ctx.route_param(name));
}

// The row's access, applied before its handler: nullopt lets the handler run.
std::optional<Response> apply_access(WebContext& ctx, api::WebAccess access) {
  using api::WebAccess;
  if (access == WebAccess::Public) return std::nullopt;
  if (access == WebAccess::MemberSession) {
    // « Mon espace »: the member's own cookie; a staff session on the same browser does not count.
    if (const auto token = cookie(ctx.req, kMemberCookie))
      ctx.member_session = find_member_session(ctx.db(), *token, ctx.now);
    if (!ctx.member_session) {
      if (ctx.is_post()) return redirect(ctx.req, "/moi/connexion?expiree=2");
      return redirect(ctx.req, cookie(ctx.req, kMemberCookie) ? "/moi/connexion?expiree=1" : "/moi/connexion");
    }
    if (ctx.is_post() && !member_csrf_ok(ctx)) {
      spdlog::warn("web: refused a POST to {} without a valid CSRF token (member {})", log_text(ctx.path),
                   ctx.member_session->member.id);
      return member_error_page(ctx, bh::status::forbidden, "Formulaire refusé",
                               "Ce formulaire a expiré ou ne vient pas d’Escale : rechargez la page et recommencez. "
                               "Rien n’a été modifié.");
    }
    return std::nullopt;
  }
  if (access == WebAccess::SessionOrAdminToken) {
    if (ctx.req.find(bh::field::authorization) != ctx.req.end()) {
      ctx.admin_token = api::admin_client(ctx.req, ctx.db()).has_value();
      if (!ctx.admin_token) return api::unauthorized(ctx.req);
    } else if (!ctx.session) {
      return api::error(ctx.req, bh::status::unauthorized,
                        "log in (session cookie) or send an admin token: 'Authorization: Bearer esa_…'");
    }
    return std::nullopt;
  }
  if (!ctx.session && access != WebAccess::SessionOptional) {
    const bool had_cookie = cookie(ctx.req, kSessionCookie).has_value();
    std::string target(ctx.req.target().data(), ctx.req.target().size());
    // After a login, a GET goes back where it was; a form posted once the session had ended is not
    // replayed (its page says to log in and start again).
    if (ctx.is_post()) return redirect(ctx.req, "/connexion?expiree=2");
    return redirect(ctx.req, "/connexion?suite=" + url_encode(target) + (had_cookie ? "&expiree=1" : ""));
  }
  if (ctx.session && ctx.is_post() && !csrf_ok(ctx)) {
    spdlog::warn("web: refused a POST to {} without a valid CSRF token ({})", log_text(ctx.path),
                 log_text(ctx.user().login));
    return error_page(ctx, bh::status::forbidden, "Formulaire refusé",
                      "Ce formulaire a expiré ou ne vient pas d’Escale : rechargez la page et recommencez. "
                      "Rien n’a été modifié.");
  }
  if (access == WebAccess::SessionOptional || access == WebAccess::AnySession) return std::nullopt;
  if (ctx.user().role == WebRole::Reporting) {
    return error_page(ctx, bh::status::forbidden, "Accès réservé",
                      "Ce compte donne accès aux rapports seulement : le tableau de bord est <a "
                      "href=\"/tableau-de-bord\">ici</a>.");
  }
  switch (access) {
    case WebAccess::Admin:
      if (ctx.user().role == WebRole::Admin) return std::nullopt;
      // An animator asking for an admin's page: their own site's members.
      if (ctx.user().site_id) return redirect(ctx.req, "/lieux/" + std::to_string(*ctx.user().site_id) + "/adherents");
      return forbidden(ctx);
    case WebAccess::StaffOfSite: {
      const auto id = id_param(ctx, "site");
      if (!id) return not_found_page(ctx, "Cette page n’existe pas.");
      if (!ctx.user().may_manage(*id)) return forbidden(ctx);
      ctx.site = find_site(ctx.db(), *id);
      if (!ctx.site) return not_found_page(ctx, "Le lieu n° " + std::to_string(*id) + " n’existe pas.");
      return std::nullopt;
    }
    case WebAccess::StaffOfMember:
    case WebAccess::StaffOfMemberHome: {
      const auto id = id_param(ctx, "member");
      if (!id) return not_found_page(ctx, "Cette page n’existe pas.");
      ctx.member = find_member(ctx.db(), *id);
      if (!ctx.member)
        return not_found_page(ctx, "L’adhérent n° " + std::to_string(*id) + " n’existe pas (ou a été effacé).");
      // One membership for the network (issue 17): an animator also sees a member of another site who
      // visited theirs (the member's page, where to badge, roles at their site), but changes a member's
      // details, badges and erasure only at the member's home site (StaffOfMemberHome).
      const bool home_staff = ctx.user().may_manage(ctx.member->site_id);
      const bool visited = access == WebAccess::StaffOfMember && ctx.user().site_id &&
                           member_visited_site(ctx.db(), ctx.member->id, *ctx.user().site_id);
      if (!home_staff && !visited) return forbidden(ctx);
      ctx.site = find_site(ctx.db(), ctx.member->site_id);
      if (!ctx.site) return not_found_page(ctx, "Ce lieu n’existe pas.");
      return std::nullopt;
    }
    default:
      return std::nullopt;  // Staff
  }
}

// The request's context: the time, the peer, the session of the cookie.
WebContext make_context(const http::Request& req, const api::RouteMatch& match, ConnectionPool& pool,
                        const WebOptions& options) {
  WebContext ctx{req, match.path, match.query,  pool,         options, {},           std::nullopt, {},
                 {},  {},         std::nullopt, std::nullopt, false,   std::nullopt, std::nullopt};
  ctx.now = now();
  const auto peer = req.find(boost::beast::string_view(http::kPeerHeader.data(), http::kPeerHeader.size()));
  ctx.client = peer == req.end() ? std::string("unknown") : std::string(peer->value().data(), peer->value().size());
  if (const auto token = cookie(req, kSessionCookie)) {
    auto db = pool.acquire();
    ctx.session = find_session(*db, *token, ctx.now);
  }
  return ctx;
}

// The web gate: what every page shares, once, before the row's handler.
Response gate_and_serve(const http::Request& req, const api::RouteMatch& match, ConnectionPool& pool,
                        const WebOptions& options, api::WebAccess access, const WebHandler& handler) {
  auto ctx = make_context(req, match, pool, options);
  ctx.params = match.params;
  if (ctx.is_post()) {
    const auto type = req.find(bh::field::content_type);
    const std::string_view content_type =
        type == req.end() ? std::string_view() : std::string_view(type->value().data(), type->value().size());
    if (content_type.substr(0, 33) != "application/x-www-form-urlencoded") {
      return error_page(ctx, bh::status::unsupported_media_type, "Formulaire illisible",
                        "Ce formulaire n’a pas été envoyé comme un formulaire de page web.");
    }
    ctx.form = api::parse_query(req.body());
  }
  // Every page writes text it received into HTML, SQLite and JSON, which all
  // need UTF-8 (nlohmann::json throws on anything else): bytes that are not
  // UTF-8 are refused here, once, before any handler sees them.
  if (!valid_utf8(ctx.query) || !valid_utf8(ctx.form)) {
    if (access == api::WebAccess::SessionOrAdminToken)
      return api::error(req, bh::status::bad_request, "the query string is not valid UTF-8");
    return error_page(ctx, bh::status::bad_request, "Formulaire illisible",
                      "Ce que vous avez envoyé contient des caractères illisibles (ce n’est pas du texte UTF-8) : "
                      "rien n’a été enregistré. Revenez à la page précédente, retapez le texte et recommencez.");
  }
  if (auto refusal = apply_access(ctx, access)) return std::move(*refusal);
  return handler(ctx);
}

// A page's 405: the HTML page, with the session's header when there is one.
Response method_not_allowed(const http::Request& req, std::string_view path, std::string_view allow,
                            ConnectionPool& pool, const WebOptions& options) {
  static const QueryParams none;
  const api::RouteMatch match{path, none, {}, std::nullopt};
  const auto ctx = make_context(req, match, pool, options);
  // A button's address (POST only), or a page asked with another method.
  if (allow == "POST") {
    return error_page(ctx, bh::status::method_not_allowed, "Action impossible",
                      "Cette action passe par un bouton de la page : revenez à la page précédente.");
  }
  return error_page(ctx, bh::status::method_not_allowed, "Action impossible",
                    "Cette adresse ne s’utilise pas ainsi : revenez à la page précédente.");
}

}  // namespace

namespace {

Response stylesheet_response(const http::Request& req) {
  auto res = http::make_response(bh::status::ok, std::string(stylesheet()), "text/css; charset=utf-8", req.version(),
                                 req.keep_alive());
  res.set(bh::field::cache_control, "public, max-age=3600");
  res.set("X-Content-Type-Options", "nosniff");
  return res;
}

Response asset_response(const http::Request& req, const std::string& body, std::string_view type) {
  auto res = http::make_response(bh::status::ok, body, type, req.version(), req.keep_alive());
  res.set(bh::field::cache_control, "public, max-age=86400");
  res.set("X-Content-Type-Options", "nosniff");
  return res;
}

// Loaded by the page a session ends on: it leaves a short-lived marker cookie.
Response end_of_session_stylesheet(const http::Request& req, const WebOptions& options) {
  auto res = http::make_response(bh::status::ok, "/* fin de session */\n", "text/css; charset=utf-8", req.version(),
                                 req.keep_alive());
  res.set(bh::field::cache_control, "no-store");
  res.set(bh::field::set_cookie, set_cookie("escale_sortie", make_token(""), options, std::chrono::minutes(5)));
  return res;
}

}  // namespace

WebRows& WebRows::add(std::optional<bh::verb> method, std::string_view pattern, api::WebAccess access,
                      WebHandler handler) {
  if (wrap_) handler = wrap_(pattern, method, std::move(handler));
  table_.page(method, pattern, access,
              [&pool = pool_, options = options_, access, handler = std::move(handler)](const http::Request& req,
                                                                                        const api::RouteMatch& match) {
                return gate_and_serve(req, match, pool, options, access, handler);
              });
  return *this;
}

WebRows& WebRows::get(std::string_view pattern, api::WebAccess access, WebHandler handler) {
  return add(bh::verb::get, pattern, access, std::move(handler));
}

WebRows& WebRows::post(std::string_view pattern, api::WebAccess access, WebHandler handler) {
  return add(bh::verb::post, pattern, access, std::move(handler));
}

WebRows& WebRows::fallback(std::string_view pattern, api::WebAccess access, WebHandler handler) {
  add(std::nullopt, pattern, access, std::move(handler));
  table_.fallback();
  return *this;
}

WebRows& WebRows::blocking() {
  table_.blocking();
  return *this;
}

void add_web_routes(api::RoutingTable& table, ConnectionPool& pool, const WebOptions& options, WebHandlerWrap wrap) {
  using api::Access;
  using api::RouteMatch;
  using api::WebAccess;
  // The stylesheets answer every method (and any query), as before the table.
  table.add(std::nullopt, "/assets/escale.css", Access::WebPage,
            [](const http::Request& req, const RouteMatch&) { return stylesheet_response(req); });
  table.add(std::nullopt, "/assets/fin-de-session.css", Access::WebPage,
            [options](const http::Request& req, const RouteMatch&) { return end_of_session_stylesheet(req, options); });
  // « Mon espace » on a phone's home screen: the manifest and its icons (web/app_icons.hpp), made once.
  table.add(std::nullopt, "/assets/escale.webmanifest", Access::WebPage,
            [](const http::Request& req, const RouteMatch&) {
              static const std::string manifest = web_app_manifest();
              return asset_response(req, manifest, "application/manifest+json");
            });
  table.add(std::nullopt, "/assets/icone.svg", Access::WebPage, [](const http::Request& req, const RouteMatch&) {
    static const std::string svg = app_icon_svg();
    return asset_response(req, svg, "image/svg+xml");
  });
  table.add(std::nullopt, "/assets/icone-192.png", Access::WebPage, [](const http::Request& req, const RouteMatch&) {
    static const std::string png = app_icon_png(192);
    return asset_response(req, png, "image/png");
  });
  table.add(std::nullopt, "/assets/icone-512.png", Access::WebPage, [](const http::Request& req, const RouteMatch&) {
    static const std::string png = app_icon_png(512);
    return asset_response(req, png, "image/png");
  });
  table.on_method_not_allowed(
      Access::WebPage, [&pool, options](const http::Request& req, std::string_view path, std::string_view allow) {
        return method_not_allowed(req, path, allow, pool, options);
      });

  WebRows rows(table, pool, options, std::move(wrap));
  rows.get("/", WebAccess::Public,
           [](WebContext& ctx) { return redirect(ctx.req, ctx.session ? "/tableau-de-bord" : "/connexion"); })
      .get("/connexion", WebAccess::Public,
           [](WebContext& ctx) {
             if (ctx.session) return redirect(ctx.req, "/tableau-de-bord");
             return login_page(ctx, "", safe_next(ctx.param("suite")), {}, bh::status::ok);
           })
      // Blocking work, for the server's worker threads (routing_table.hpp): a
      // login (argon2id), the dashboards and their files.
      .post("/connexion", WebAccess::Public, log_in_post)
      .blocking()
      .post("/deconnexion", WebAccess::SessionOptional, log_out_post)
      .get("/tableau-de-bord", WebAccess::AnySession, dashboard_page)
      .blocking()
      .get("/tableau-de-bord.json", WebAccess::AnySession,
           [](WebContext& ctx) { return dashboard_download(ctx, "dashboard.json"); })
      .blocking()
      .get("/tableau-de-bord/{file...}", WebAccess::AnySession,
           [](WebContext& ctx) { return dashboard_download(ctx, ctx.route_param("file")); })
      .blocking()
      .get("/api/v1/reports/dashboard", WebAccess::SessionOrAdminToken,
           [](WebContext& ctx) { return dashboard_api(ctx, ctx.admin_token); })
      .blocking()
      .get("/lieux/{site}/cheques.csv", WebAccess::StaffOfSite, cheque_export)  // issue 19: APTIC cheques
      .blocking()
      .get("/lieux/{site}/cheques", WebAccess::StaffOfSite, cheques_page)  // … and their numbers, typed
      .post("/lieux/{site}/cheques", WebAccess::StaffOfSite, cheques_post);
  add_back_office_rows(rows);
  add_member_rows(rows);
  add_public_rows(rows);
}

}  // namespace escale::server::web
