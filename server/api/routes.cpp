// Every route is a row of one routing table (api/routing_table.hpp), built
// once in make_api: these below, then the web's (web/web_routes.hpp), the
// bookings' and the agenda's. A known path with a wrong method is a 405 with
// Allow; an unknown path a 404.
//
// Routes:
//   GET  /healthz                         liveness and database check
//   POST /api/v1/sync                     kiosk push/pull (Bearer kiosk token)
//   POST /api/v1/kiosks/enrol             a new kiosk's one-time code → its token
//   GET  /api/v1/members[?site=&q=]       admin (Bearer admin token)
//   GET  /api/v1/badges[?member=]         admin
//   GET  /api/v1/reports/visits?site=&from=&to=[&format=json|csv|csv-excel|html]
//   GET  /reports/visits                  the same report as an HTML page
//   /api/v1/resources, /api/v1/availability, /api/v1/bookings…, /ics/…
//                                         bookings and calendars (api/booking_routes.hpp)
//   /api/v1/agenda, /api/v1/appointments…, /ics/appointments/…, /opendata/…
//                                         the help agenda, CRA export, open data (api/agenda_routes.hpp)
#include "api/routes.hpp"

#include <spdlog/spdlog.h>
#include <boost/beast/core/string.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "api/agenda_routes.hpp"
#include "api/api_kit.hpp"
#include "api/booking_routes.hpp"
#include "api/routing_table.hpp"
#include "reports/visits_report.hpp"
#include "store/credentials.hpp"
#include "store/enrolment.hpp"
#include "store/maintenance.hpp"
#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "store/web_users.hpp"
#include "sync/ingest.hpp"
#include "sync/protocol.hpp"
#include "text/log_text.hpp"
#include "text/utf8.hpp"
#include "time/clock.hpp"
#include "web/visits_report_page.hpp"
#include "web/web_routes.hpp"

namespace escale::server {
namespace {

namespace bh = boost::beast::http;
using http::Request;
using http::Response;
using Query = QueryParams;
using nlohmann::json;

using api::bearer_token;
using api::error;
using api::kJson;
using api::ok;
using api::parse_id;
using api::unauthorized;

//-----------------------------------------------------------------------------
// Handlers
//-----------------------------------------------------------------------------

Response healthz(const Request& req, ConnectionPool& pool) {
  auto db = pool.acquire();
  check_database_answers(*db);
  return ok(req, R"({"status":"ok"})");
}

// The gate has checked that a token is there; the kiosk it names is found here.
Response sync_exchange(const Request& req, ConnectionPool& pool) {
  const auto token = bearer_token(req);
  auto db = pool.acquire();
  const auto kiosk = authenticate_kiosk(*db, token);
  if (!kiosk)
    return unauthorized(req, "unknown or revoked kiosk token: enrol the kiosk again (escale-server kiosk add)");
  const auto request = sync::decode_request(req.body());
  if (!request) return error(req, bh::status::bad_request, request.error());
  const auto response = handle_sync(*db, *kiosk, *request);
  return ok(req, sync::encode(response));
}

// « Sur mon téléphone » at the kiosk (issue 18): a one-time login link for
// the member who just badged, shown as a QR code. The member must be allowed
// at the kiosk's site; links per member are limited (store/member_portal.hpp).
Response kiosk_login_link(const Request& req, ConnectionPool& pool, const PublicUrl& public_url) {
  auto db = pool.acquire();
  const auto kiosk = authenticate_kiosk(*db, bearer_token(req));
  if (!kiosk)
    return unauthorized(req, "unknown or revoked kiosk token: enrol the kiosk again (escale-server kiosk add)");
  json body;
  try {
    body = json::parse(req.body());
  } catch (const json::exception&) {
    return error(req, bh::status::bad_request, R"(expected a JSON object like {"member_id": 12})");
  }
  if (!body.is_object() || !body.contains("member_id") || !body["member_id"].is_number_integer() ||
      body["member_id"].get<std::int64_t>() <= 0) {
    return error(req, bh::status::bad_request, R"(member_id: expected a positive integer, like {"member_id": 12})");
  }
  const auto member_id = body["member_id"].get<std::int64_t>();
  const auto member = find_member(*db, member_id);
  if (!member || !member_may_use_site(*db, member_id, kiosk->site_id)) {
    return error(req, bh::status::not_found,
                 "member " + std::to_string(member_id) + " is unknown, erased, or may not use this kiosk's site");
  }
  const auto link = issue_login_link(*db, member_id, LinkChannel::Kiosk, escale::now());
  if (!link) return error(req, bh::status::too_many_requests, link.error());
  spdlog::info("kiosk {} made a login link for member {}", kiosk->id, member_id);
  return api::respond(
      req, bh::status::created,
      api::dump(json{{"url", public_url.get() + "/moi/lien/" + link->token}, {"expires_at", to_iso_utc(link->expires_at)}}));
}

// A new kiosk exchanges its one-time code for its token (store/enrolment.hpp).
// No token needed, so failures are counted per client address.
Response kiosk_enrolment(const Request& req, ConnectionPool& pool) {
  json body;
  try {
    body = json::parse(req.body());
  } catch (const json::exception&) {
    return error(req, bh::status::bad_request, R"(expected a JSON object like {"code": "K7QF2-M9XDA"})");
  }
  if (!body.is_object() || !body.contains("code") || !body["code"].is_string()) {
    return error(req, bh::status::bad_request, R"(code: expected a string like "K7QF2-M9XDA")");
  }
  const auto peer = req.find(boost::beast::string_view(http::kPeerHeader.data(), http::kPeerHeader.size()));
  const std::string client = peer == req.end() ? "unknown" : std::string(peer->value());
  auto db = pool.acquire();
  const auto outcome = enrol_kiosk(*db, body["code"].get<std::string>(), client, escale::now());
  if (outcome.enrolled) {
    const auto& e = *outcome.enrolled;
    spdlog::info("kiosk {} « {} » of site {} enrolled from {}", e.kiosk.kiosk.id, log_text(e.kiosk.kiosk.name),
                 e.kiosk.kiosk.site_id, log_text(client));
    return ok(req, json({{"kiosk_id", e.kiosk.kiosk.id},
                         {"kiosk_name", e.kiosk.kiosk.name},
                         {"site_id", e.kiosk.kiosk.site_id},
                         {"site_name", e.site_name},
                         {"token", e.kiosk.token}})
                       .dump());
  }
  const auto refusal = *outcome.refusal;
  const auto status =
      refusal == EnrolmentRefusal::TooManyAttempts ? bh::status::too_many_requests : bh::status::forbidden;
  json error_body = {{"status", static_cast<unsigned>(status)},
                     {"code", std::string(to_string(refusal))},
                     {"reason", std::string(to_string(refusal))},
                     {"message", outcome.message}};
  if (refusal == EnrolmentRefusal::TooManyAttempts) error_body["retry_after_s"] = outcome.retry_after.count();
  auto res = http::make_response(status, json{{"error", error_body}}.dump(), kJson, req.version(), req.keep_alive());
  if (refusal == EnrolmentRefusal::TooManyAttempts)
    res.set(bh::field::retry_after, std::to_string(outcome.retry_after.count()));
  spdlog::warn("kiosk enrolment refused from {}: {}", log_text(client), to_string(refusal));
  return res;
}

bool admin_allowed(const Request& req, ConnectionPool& pool) {
  const auto token = bearer_token(req);
  if (token.empty()) return false;
  auto db = pool.acquire();
  return authenticate_admin(*db, token);
}

Response members(const Request& req, ConnectionPool& pool, const Query& q) {
  std::optional<std::int64_t> site;
  if (auto it = q.find("site"); it != q.end()) {
    site = parse_id(it->second);
    if (!site) return error(req, bh::status::bad_request, "site: expected a site number like 1");
  }
  const auto search = q.contains("q") ? q.at("q") : std::string();
  auto db = pool.acquire();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : list_members(*db, site, search)) {
    nlohmann::json roles = nlohmann::json::array();
    for (Role r : m.roles) roles.push_back(to_string(r));
    out.push_back({{"id", m.id},
                   {"site", m.site_id},
                   {"first_name", m.first_name},
                   {"last_name", m.last_name},
                   {"email", m.email ? nlohmann::json(*m.email) : nlohmann::json(nullptr)},
                   {"phone", m.phone ? nlohmann::json(*m.phone) : nlohmann::json(nullptr)},
                   {"home_commune", m.home_commune ? nlohmann::json(*m.home_commune) : nlohmann::json(nullptr)},
                   {"age_bracket", to_string(m.age_bracket)},
                   {"roles", roles}});
  }
  return ok(req, nlohmann::json{{"members", out}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response badges(const Request& req, ConnectionPool& pool, const Query& q) {
  std::optional<std::int64_t> member;
  if (auto it = q.find("member"); it != q.end()) {
    member = parse_id(it->second);
    if (!member) return error(req, bh::status::bad_request, "member: expected a member number like 7");
  }
  auto db = pool.acquire();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& b : list_badges(*db, member)) {
    out.push_back({{"uid", b.uid},
                   {"member", b.member_id},
                   {"created_at", b.created_at},
                   {"revoked_at", b.revoked_at ? nlohmann::json(*b.revoked_at) : nlohmann::json(nullptr)}});
  }
  return ok(req, nlohmann::json{{"badges", out}}.dump(2));
}

Response visits_report_handler(const Request& req, ConnectionPool& pool, const Query& q, std::string format) {
  // Daily figures with small counts: admin tokens, and the sessions of
  // admins and of a site's animators (reporting accounts use the dashboard,
  // which hides small counts).
  std::optional<std::int64_t> only_site;
  if (!admin_allowed(req, pool)) {
    const auto session = web::request_session(req, pool, now());
    if (!session) return unauthorized(req, "admin token required: send 'Authorization: Bearer esa_…' (or log in)");
    if (session->user.role == WebRole::Reporting)
      return error(req, bh::status::forbidden, "reporting accounts read /api/v1/reports/dashboard");
    if (session->user.role == WebRole::Animator) only_site = session->user.site_id;
  }
  VisitsQuery query;
  if (auto it = q.find("site"); it != q.end() && !it->second.empty()) {
    query.site_id = parse_id(it->second);
    if (!query.site_id) return error(req, bh::status::bad_request, "site: expected a site number like 1");
  }
  // Default period: the last 30 days, today included.
  // Counted in Paris calendar days: 29 × 24 h back may land on another date
  // when the clocks changed in between.
  const LocalTime today = to_paris(now());
  query.to = q.contains("to") ? q.at("to") : paris_date(from_paris(today.year, today.month, today.day, 12, 0));
  query.from =
      q.contains("from") ? q.at("from") : paris_date(from_paris(today.year, today.month, today.day - 29, 12, 0));
  if (only_site && query.site_id != only_site)
    return error(req, bh::status::forbidden, "this account sees its own site only: site=" + std::to_string(*only_site));
  if (auto it = q.find("format"); it != q.end()) format = it->second;
  if (format != "json" && format != "csv" && format != "csv-excel" && format != "html") {
    return error(req, bh::status::bad_request, "format: expected json, csv, csv-excel or html");
  }
  auto db = pool.acquire();
  const auto report = visits_report(*db, query);
  if (!report) {
    if (report.error().find("n’existe pas") != std::string::npos)
      return error(req, bh::status::not_found, report.error());
    return error(req, bh::status::bad_request, report.error());
  }
  if (format == "csv") {
    auto res = ok(req, to_csv(*report), "text/csv; charset=utf-8");
    res.set(bh::field::content_disposition,
            "attachment; filename=\"passages-" + query.from + "-" + query.to + ".csv\"");
    return res;
  }
  if (format == "csv-excel") {
    auto res = ok(req, to_csv(*report, ';', true), "text/csv; charset=utf-8");
    res.set(bh::field::content_disposition,
            "attachment; filename=\"passages-" + query.from + "-" + query.to + "-tableur.csv\"");
    return res;
  }
  if (format == "html") return ok(req, web::visits_report_page(*report).str(), "text/html; charset=utf-8");
  return ok(req, to_json(*report));
}

// Who may call a route of this table: the bearer tokens are checked here,
// before any handler runs. A kiosk's token is only required to be there: the
// sync handler finds its kiosk (it needs it). AdminOrStaff routes decide in
// their handler (an admin token, or a session whose role narrows the answer).
std::optional<Response> api_gate(const Request& req, api::Access access, api::RouteMatch& match, ConnectionPool& pool) {
  switch (access) {
    case api::Access::Anyone:
    case api::Access::AdminOrStaff:
    case api::Access::WebPage:
      return std::nullopt;
    case api::Access::Kiosk:
      if (bearer_token(req).empty())
        return unauthorized(req, "missing kiosk token: send 'Authorization: Bearer esk_…'");
      return std::nullopt;
    case api::Access::Admin: {
      auto db = pool.acquire();
      match.admin_client = api::admin_client(req, *db);
      if (!match.admin_client) return api::unauthorized(req);
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

api::RoutingTable api_routes(ConnectionPool& pool, const web::WebOptions& web_options) {
  using api::Access;
  using api::RouteMatch;
  api::RoutingTable table(
      [&pool](const Request& req, Access access, RouteMatch& match) { return api_gate(req, access, match, pool); });
  table.get("/healthz", Access::Anyone, [&pool](const Request& req, const RouteMatch&) { return healthz(req, pool); })
      .post("/api/v1/sync", Access::Kiosk,
            [&pool](const Request& req, const RouteMatch&) { return sync_exchange(req, pool); })
      .post("/api/v1/kiosk/login-links", Access::Kiosk,
            [&pool, url = web_options.public_url](const Request& req, const RouteMatch&) {
              return kiosk_login_link(req, pool, url);
            })
      .post("/api/v1/kiosks/enrol", Access::Anyone,
            [&pool](const Request& req, const RouteMatch&) { return kiosk_enrolment(req, pool); })
      .get("/api/v1/members", Access::Admin,
           [&pool](const Request& req, const RouteMatch& m) { return members(req, pool, m.query); })
      .get("/api/v1/badges", Access::Admin,
           [&pool](const Request& req, const RouteMatch& m) { return badges(req, pool, m.query); })
      .get("/api/v1/reports/visits", Access::AdminOrStaff,
           [&pool](const Request& req, const RouteMatch& m) {
             return visits_report_handler(req, pool, m.query, "json");
           })
      .blocking()
      // The old report page, for every method: the dashboard took its place.
      .add(std::nullopt, "/reports/visits", Access::Anyone, [](const Request& req, const RouteMatch&) {
        auto res = http::make_response(bh::status::moved_permanently, "", "text/plain; charset=utf-8", req.version(),
                                       req.keep_alive());
        res.set(bh::field::location, "/tableau-de-bord");
        return res;
      });
  web::add_web_routes(table, pool, web_options);
  add_booking_routes(table, pool);
  add_agenda_routes(table, pool, web_options.public_url);
  return table;
}

namespace {

Response route(const Request& req, const api::RoutingTable& table) {
  const std::string_view target(req.target().data(), req.target().size());
  const auto qpos = target.find('?');
  const std::string_view path = target.substr(0, qpos);
  const Query query = qpos == std::string_view::npos ? Query{} : api::parse_query(target.substr(qpos + 1));
  // Handlers put query values into SQL, HTML and JSON, which all need UTF-8:
  // bytes that are not UTF-8 are a 400 here (the web pages answer with a page).
  const bool utf8_query = std::all_of(
      query.begin(), query.end(), [](const auto& kv) { return utf8::is_valid(kv.first) && utf8::is_valid(kv.second); });
  if (!utf8_query && table.access_of(path) != api::Access::WebPage)
    return error(req, bh::status::bad_request, "the query string is not valid UTF-8 (percent-encode UTF-8 bytes)");
  if (auto r = table.dispatch(req, path, query)) return *r;
  return error(req, bh::status::not_found, "no such route: " + std::string(path) + " (see docs/API.md)");
}

}  // namespace

ApiService make_api_service(ConnectionPool& pool, web::WebOptions web_options) {
  auto table = std::make_shared<const api::RoutingTable>(api_routes(pool, web_options));
  ApiService api;
  api.handler = [table](const Request& req) {
    auto res = route(req, *table);
    res.prepare_payload();
    // HEAD: the headers a GET would get, Content-Length included, and no body.
    if (req.method() == bh::verb::head) {
      const auto length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
    return res;
  };
  api.blocking = [table](const Request& req) {
    const std::string_view target(req.target().data(), req.target().size());
    return table->is_blocking(req.method(), target.substr(0, target.find('?')));
  };
  return api;
}

http::Handler make_api(ConnectionPool& pool, web::WebOptions web_options) {
  return make_api_service(pool, std::move(web_options)).handler;
}

}  // namespace escale::server
