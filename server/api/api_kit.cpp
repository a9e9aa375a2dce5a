// Shared pieces of the API's handlers (see api_kit.hpp).
#include "api/api_kit.hpp"

#include <boost/beast/core/string.hpp>

#include <charconv>
#include <cstdio>

#include "store/credentials.hpp"

namespace escale::server::api {

std::string dump(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

Response respond(const Request& req, bh::status status, std::string body, std::string_view type) {
  return http::make_response(status, std::move(body), type, req.version(), req.keep_alive());
}

Response ok(const Request& req, std::string body, std::string_view type) {
  return respond(req, bh::status::ok, std::move(body), type);
}

Response error(const Request& req, bh::status status, std::string_view message) {
  return http::json_error(status, message, req.version(), req.keep_alive());
}

Response coded_error(const Request& req, bh::status status, std::string_view code, std::string_view message) {
  const json body = {
      {"error",
       {{"status", static_cast<unsigned>(status)}, {"code", std::string(code)}, {"message", std::string(message)}}}};
  return respond(req, status, dump(body));
}

Response unauthorized(const Request& req, std::string_view message) {
  auto res = error(req, bh::status::unauthorized, message);
  res.set(bh::field::www_authenticate, "Bearer");
  return res;
}

std::string_view bearer_token(const Request& req) {
  const auto it = req.find(bh::field::authorization);
  if (it == req.end()) return {};
  const std::string_view value(it->value().data(), it->value().size());
  constexpr std::string_view prefix = "bearer ";
  if (value.size() <= prefix.size()) return {};
  const boost::beast::string_view scheme(value.data(), prefix.size());
  if (!boost::beast::iequals(scheme, boost::beast::string_view(prefix.data(), prefix.size()))) return {};
  return value.substr(prefix.size());
}

// « le bureau était déjà pris » → « Le bureau était déjà pris » (ASCII or é/à/ê first letters).
std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') {
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  } else if (s.size() >= 2 && s[0] == '\xC3' && s[1] >= '\xA0' && s[1] <= '\xBE') {
    s[1] = static_cast<char>(s[1] - 0x20);  // à→À, é→É, ê→Ê …
  }
  return s;
}

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

QueryParams parse_query(std::string_view qs) {
  QueryParams q;
  while (!qs.empty()) {
    const auto amp = qs.find('&');
    const auto part = qs.substr(0, amp);
    const auto eq = part.find('=');
    if (!part.empty())
      q[url_decode(part.substr(0, eq))] = eq == std::string_view::npos ? "" : url_decode(part.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    qs.remove_prefix(amp + 1);
  }
  return q;
}

std::optional<std::int64_t> parse_id(std::string_view s) {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

std::string clock_text(Instant t) {
  const LocalTime l = to_paris(t);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", l.hour, l.minute);
  return buf;
}

// Optional positive id in the query string.
std::optional<std::int64_t> query_id(const QueryParams& q, const char* name, const char* example) {
  const auto it = q.find(name);
  if (it == q.end() || it->second.empty()) return std::nullopt;
  auto id = parse_id(it->second);
  if (!id) throw BadRequest{std::string(name) + ": expected a number like " + example};
  return id;
}

std::optional<CivilDate> query_date(const QueryParams& q, const char* name) {
  const auto it = q.find(name);
  if (it == q.end() || it->second.empty()) return std::nullopt;
  auto d = parse_iso_date(it->second);
  if (d && (d->year < 2000 || d->year > 2999)) d.reset();
  if (!d) throw BadRequest{std::string(name) + ": expected a date like 2026-11-20 (YYYY-MM-DD)"};
  return d;
}

json parse_body(const Request& req) {
  json body = json::parse(req.body(), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) throw BadRequest{"body: expected a JSON object"};
  if (!body.is_object()) throw BadRequest{"body: expected a JSON object"};
  return body;
}

std::int64_t body_id(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) throw BadRequest{std::string("body.") + name + ": required"};
  if (!it->is_number_integer() || it->get<std::int64_t>() <= 0)
    throw BadRequest{std::string("body.") + name + ": expected a positive integer"};
  return it->get<std::int64_t>();
}

Instant body_instant(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) throw BadRequest{std::string("body.") + name + ": required"};
  if (it->is_string()) {
    if (auto t = parse_iso_utc(it->get<std::string>())) return *t;
  }
  throw BadRequest{std::string("body.") + name + ": expected an ISO 8601 time like 2026-11-20T08:30:00.000Z"};
}

std::optional<std::int64_t> admin_client(const Request& req, store::Database& db) {
  const std::string_view token = bearer_token(req);
  if (token.empty()) return std::nullopt;
  return admin_client_for_token(db, token);
}

Response calendar_response(const Request& req, std::string body, const std::string& filename) {
  auto res = respond(req, bh::status::ok, std::move(body), kCalendar);
  res.set(bh::field::content_disposition, "inline; filename=\"" + filename + "\"");
  res.set(bh::field::cache_control, "no-cache");
  return res;
}

Response csv_response(const Request& req, std::string body, const std::string& filename) {
  auto res = respond(req, bh::status::ok, std::move(body), kCsv);
  res.set(bh::field::content_disposition, "attachment; filename=\"" + filename + "\"");
  res.set(bh::field::cache_control, "no-store");
  return res;
}

}  // namespace escale::server::api
