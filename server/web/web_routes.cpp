// The web's front door: assets, login, logout, and the dispatch to the
// dashboard and the back office. See web_routes.hpp.
#include "web/web_routes.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "api/api_kit.hpp"
#include "api/routing_table.hpp"
#include "store/credentials.hpp"
#include "text/log_text.hpp"
#include "text/utf8.hpp"
#include "web/back_office_pages.hpp"
#include "web/dashboard_pages.hpp"

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
  if (ctx.session) {
    if (!csrf_ok(ctx)) {
      return error_page(ctx, bh::status::forbidden, "Formulaire refusé",
                        "Ce formulaire a expiré ou ne vient pas d’Escale : rechargez la page et recommencez.");
    }
    auto db = ctx.pool.acquire();
    log_out(*db, cookie(ctx.req, kSessionCookie).value_or(""));
  }
  auto res = redirect(ctx.req, "/connexion?sortie=1");
  res.set(bh::field::set_cookie, clear_cookie(kSessionCookie, ctx.options));
  return res;
}

Response method_not_allowed(const WebContext& ctx, std::string_view allowed) {
  auto res = error_page(ctx, bh::status::method_not_allowed, "Action impossible",
                        "Cette adresse ne s’utilise pas ainsi : revenez à la page précédente.");
  res.set(bh::field::allow, std::string(allowed));
  return res;
}

// Names and values of a query string or a form: all UTF-8?
bool valid_utf8(const QueryParams& params) {
  return std::all_of(params.begin(), params.end(),
                     [](const auto& kv) { return utf8::is_valid(kv.first) && utf8::is_valid(kv.second); });
}

std::optional<Response> dispatch(WebContext& ctx) {
  const auto path = ctx.path;
  const bool get = ctx.req.method() == bh::verb::get || ctx.req.method() == bh::verb::head;

  if (path == "/connexion") {
    if (ctx.is_post()) return log_in_post(ctx);
    if (!get) return method_not_allowed(ctx, "GET, HEAD, POST");
    if (ctx.session) return redirect(ctx.req, "/tableau-de-bord");
    return login_page(ctx, "", safe_next(ctx.param("suite")), {}, bh::status::ok);
  }
  if (path == "/deconnexion") {
    if (!ctx.is_post()) return method_not_allowed(ctx, "POST");
    return log_out_post(ctx);
  }
  if (path == "/api/v1/reports/dashboard") {
    if (!get) return method_not_allowed(ctx, "GET, HEAD");
    bool admin_token = false;
    if (ctx.req.find(bh::field::authorization) != ctx.req.end()) {
      auto db = ctx.pool.acquire();
      admin_token = api::admin_client(ctx.req, *db).has_value();
      if (!admin_token) return api::unauthorized(ctx.req);
    } else if (!ctx.session) {
      return api::error(ctx.req, bh::status::unauthorized,
                        "log in (session cookie) or send an admin token: 'Authorization: Bearer esa_…'");
    }
    return dashboard_api(ctx, admin_token);
  }

  // Everything below needs a session.
  if (!ctx.session) {
    if (path == "/") return redirect(ctx.req, "/connexion");
    const bool had_cookie = cookie(ctx.req, kSessionCookie).has_value();
    std::string target(ctx.req.target().data(), ctx.req.target().size());
    // After a login, a GET goes back where it was; a form posted once the session had ended is not
    // replayed (its page says to log in and start again).
    if (ctx.is_post()) return redirect(ctx.req, "/connexion?expiree=2");
    return redirect(ctx.req, "/connexion?suite=" + url_encode(target) + (had_cookie ? "&expiree=1" : ""));
  }
  if (ctx.is_post() && !csrf_ok(ctx)) {
    spdlog::warn("web: refused a POST to {} without a valid CSRF token ({})", log_text(path),
                 log_text(ctx.user().login));
    return error_page(ctx, bh::status::forbidden, "Formulaire refusé",
                      "Ce formulaire a expiré ou ne vient pas d’Escale : rechargez la page et recommencez. "
                      "Rien n’a été modifié.");
  }
  if (path == "/") return redirect(ctx.req, "/tableau-de-bord");
  if (path == "/tableau-de-bord") {
    if (!get) return method_not_allowed(ctx, "GET, HEAD");
    return dashboard_page(ctx);
  }
  if (path == "/tableau-de-bord.json" || path.starts_with("/tableau-de-bord/")) {
    if (!get) return method_not_allowed(ctx, "GET, HEAD");
    return dashboard_download(ctx, path == "/tableau-de-bord.json"
                                       ? std::string_view("dashboard.json")
                                       : path.substr(std::string_view("/tableau-de-bord/").size()));
  }
  if (ctx.user().role == WebRole::Reporting) {
    return error_page(ctx, bh::status::forbidden, "Accès réservé",
                      "Ce compte donne accès aux rapports seulement : le tableau de bord est <a "
                      "href=\"/tableau-de-bord\">ici</a>.");
  }
  return route_back_office(ctx);
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

// Loaded by the page a session ends on: it leaves a short-lived marker cookie.
Response end_of_session_stylesheet(const http::Request& req, const WebOptions& options) {
  auto res = http::make_response(bh::status::ok, "/* fin de session */\n", "text/css; charset=utf-8", req.version(),
                                 req.keep_alive());
  res.set(bh::field::cache_control, "no-store");
  res.set(bh::field::set_cookie, set_cookie("escale_sortie", make_token(""), options, std::chrono::minutes(5)));
  return res;
}

}  // namespace

void add_web_routes(api::RoutingTable& table, ConnectionPool& pool, const WebOptions& options) {
  using api::Access;
  using api::RouteMatch;
  // The stylesheets answer every method (and any query), as before the table.
  table.add(std::nullopt, "/assets/escale.css", Access::WebPage,
            [](const http::Request& req, const RouteMatch&) { return stylesheet_response(req); });
  table.add(std::nullopt, "/assets/fin-de-session.css", Access::WebPage,
            [options](const http::Request& req, const RouteMatch&) { return end_of_session_stylesheet(req, options); });
  // The pages check their methods themselves for now (dispatch above), with
  // an HTML 405 page; the table lists their paths.
  const auto page = [&pool, options](const http::Request& req, const RouteMatch& m) {
    if (auto res = serve_web_page(req, m.path, m.query, pool, options)) return std::move(*res);
    // A back-office address with no page (after the login check).
    return api::error(req, bh::status::not_found, "no such route: " + std::string(m.path) + " (see docs/API.md)");
  };
  // Blocking work, for the server's worker threads (routing_table.hpp): a
  // login (argon2id), the dashboards and their files, a member's data export.
  table.add(bh::verb::post, "/connexion", Access::WebPage, page).blocking();
  table.add(std::nullopt, "/adherents/{id}/export.json", Access::WebPage, page).blocking();
  for (const char* pattern :
       {"/tableau-de-bord", "/tableau-de-bord.json", "/tableau-de-bord/{file...}", "/api/v1/reports/dashboard"})
    table.add(std::nullopt, pattern, Access::WebPage, page).blocking();
  for (const char* pattern : {"/", "/connexion", "/deconnexion", "/lieux", "/lieux/{rest...}", "/adherents/{rest...}"})
    table.add(std::nullopt, pattern, Access::WebPage, page);
}

std::optional<http::Response> serve_web_page(const http::Request& req, std::string_view path, const QueryParams& query,
                                             ConnectionPool& pool, const WebOptions& options) {
  WebContext ctx{req, path, query, pool, options, {}, std::nullopt, {}, {}};
  ctx.now = now();
  const auto peer = req.find(boost::beast::string_view(http::kPeerHeader.data(), http::kPeerHeader.size()));
  ctx.client = peer == req.end() ? std::string("unknown") : std::string(peer->value().data(), peer->value().size());
  if (const auto token = cookie(req, kSessionCookie)) {
    auto db = pool.acquire();
    ctx.session = find_session(*db, *token, ctx.now);
  }
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
    if (path == "/api/v1/reports/dashboard")
      return api::error(req, bh::status::bad_request, "the query string is not valid UTF-8");
    return error_page(ctx, bh::status::bad_request, "Formulaire illisible",
                      "Ce que vous avez envoyé contient des caractères illisibles (ce n’est pas du texte UTF-8) : "
                      "rien n’a été enregistré. Revenez à la page précédente, retapez le texte et recommencez.");
  }
  return dispatch(ctx);
}

}  // namespace escale::server::web
