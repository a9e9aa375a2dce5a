// Cookies, CSRF and page responses. See web_auth.hpp.
#include "web/web_auth.hpp"

#include <stdexcept>

#include <sodium.h>

namespace escale::server::web {
namespace {

constexpr std::string_view kCsp =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; manifest-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; "
    "base-uri 'none'";

void security_headers(Response& res) {
  res.set(bh::field::cache_control, "no-store");
  res.set("Content-Security-Policy", std::string(kCsp));
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "same-origin");
}

// "https://host:8080/path" → "host:8080"
std::string_view host_of_url(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  return url.substr(0, url.find('/'));
}

std::string_view header(const Request& req, bh::field f) {
  const auto it = req.find(f);
  if (it == req.end()) return {};
  return {it->value().data(), it->value().size()};
}

}  // namespace

std::string WebContext::field(std::string_view name) const {
  const auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

store::Database& WebContext::db() {
  if (!lease) lease.emplace(pool.acquire());
  return **lease;
}

const std::string& WebContext::route_param(std::string_view name) const {
  const auto it = params.find(name);
  if (it == params.end()) throw std::logic_error("route parameter not in the pattern: " + std::string(name));
  return it->second;
}

std::string WebContext::param(std::string_view name) const {
  const auto it = query.find(name);
  return it == query.end() ? std::string() : it->second;
}

std::optional<std::string> cookie(const Request& req, std::string_view name) {
  for (auto it = req.find(bh::field::cookie); it != req.end() && it->name() == bh::field::cookie; ++it) {
    std::string_view all(it->value().data(), it->value().size());
    while (!all.empty()) {
      const auto semi = all.find(';');
      auto pair = all.substr(0, semi);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
      if (semi == std::string_view::npos) break;
      all.remove_prefix(semi + 1);
    }
  }
  return std::nullopt;
}

std::optional<WebSession> request_session(const Request& req, ConnectionPool& pool, Instant now) {
  const auto token = cookie(req, kSessionCookie);
  if (!token) return std::nullopt;
  auto db = pool.acquire();
  return find_session(*db, *token, now);
}

std::string set_cookie(std::string_view name, std::string_view value, const WebOptions& options,
                       std::optional<std::chrono::seconds> max_age) {
  std::string out = std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
  if (max_age) out += "; Max-Age=" + std::to_string(max_age->count());
  if (options.secure_cookies) out += "; Secure";
  return out;
}

std::string clear_cookie(std::string_view name, const WebOptions& options) {
  return set_cookie(name, "", options, std::chrono::seconds(0));
}

bool tokens_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool same_origin(const Request& req) {
  const auto host = header(req, bh::field::host);
  auto source = header(req, bh::field::origin);
  if (source.empty() || source == "null") source = header(req, bh::field::referer);
  // Browsers send Origin on every POST; a client that sends neither (curl, a
  // script) is judged by the CSRF token alone.
  if (source.empty()) return header(req, bh::field::origin) != "null";
  return !host.empty() && host_of_url(source) == host;
}

bool csrf_ok(const WebContext& ctx) {
  if (!ctx.session) return false;
  return same_origin(ctx.req) && tokens_equal(ctx.field("csrf"), ctx.session->csrf_token);
}

bool member_csrf_ok(const WebContext& ctx) {
  if (!ctx.member_session) return false;
  return same_origin(ctx.req) && tokens_equal(ctx.field("csrf"), ctx.member_session->csrf_token);
}

Response html_response(const Request& req, bh::status status, std::string body) {
  auto res = http::make_response(status, std::move(body), "text/html; charset=utf-8", req.version(), req.keep_alive());
  security_headers(res);
  return res;
}

Response page_response(const WebContext& ctx, const Page& page, bh::status status) {
  return html_response(ctx.req, status, render_page(page, ctx.session ? &*ctx.session : nullptr));
}

Response redirect(const Request& req, std::string_view location) {
  auto res =
      http::make_response(bh::status::see_other, "", "text/plain; charset=utf-8", req.version(), req.keep_alive());
  res.set(bh::field::location, std::string(location));
  security_headers(res);
  return res;
}

Response error_page(const WebContext& ctx, bh::status status, std::string_view title, const Html& message) {
  Page page;
  page.title = std::string(title);
  page.body = notice(NoticeKind::Error, message);
  page.body += ctx.session ? Html("<p><a href=\"/tableau-de-bord\">Revenir au tableau de bord</a></p>")
                           : Html("<p><a href=\"/connexion\">Se connecter</a></p>");
  return page_response(ctx, page, status);
}

Response not_found_page(const WebContext& ctx, std::string_view what) {
  return error_page(ctx, bh::status::not_found, "Page introuvable", escape(what));
}

Response download(const Request& req, std::string body, std::string_view content_type, std::string_view filename) {
  auto res = http::make_response(bh::status::ok, std::move(body), content_type, req.version(), req.keep_alive());
  security_headers(res);
  res.set(bh::field::content_disposition, "attachment; filename=\"" + std::string(filename) + "\"");
  return res;
}

}  // namespace escale::server::web
