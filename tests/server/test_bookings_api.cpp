#include "api/booking_routes.hpp"  // first: the header is self-contained

// The bookings API over a real socket: resources, availability, bookings
// (create, read, list, cancel, move), the errors and their codes, the audit
// log, and the iCalendar files. The server uses the real clock, so the
// bookings here fall on the next open weekdays.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/routes.hpp"
#include "booking/booking.hpp"
#include "server_fixture.hpp"
#include "store/bookings.hpp"
#include "store/connection_pool.hpp"

namespace {

using namespace escale;
using namespace escale::server;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using nlohmann::json;
using Reply = bhttp::response<bhttp::string_body>;

Reply http_call(std::uint16_t port, bhttp::verb method, const std::string& target, const std::string& body,
                const std::optional<std::string>& token) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(10));
  stream.socket().connect({asio::ip::make_address("127.0.0.1"), port});
  bhttp::request<bhttp::string_body> req{method, beast::string_view(target.data(), target.size()), 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (token) req.set(bhttp::field::authorization, "Bearer " + *token);
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.keep_alive(false);
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  if (method == bhttp::verb::head) parser.skip(true);
  bhttp::read(stream, buffer, parser);
  return parser.release();
}

std::string header(const Reply& r, bhttp::field f) {
  const auto it = r.find(f);
  return it == r.end() ? std::string() : std::string(it->value().data(), it->value().size());
}

std::string date_text(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// The n-th open weekday (Monday to Friday, not a public holiday) after today.
CivilDate open_weekday(int n) {
  CivilDate d = paris_civil_date(now());
  for (;;) {
    d = add_days(d, 1);
    if (iso_weekday(d) <= 5 && !is_french_public_holiday(d) && --n <= 0) return d;
  }
}

CivilDate next_sunday() {
  CivilDate d = add_days(paris_civil_date(now()), 1);
  while (iso_weekday(d) != 7) d = add_days(d, 1);
  return d;
}

std::string iso(const CivilDate& d, int hour, int minute = 0) {
  return to_iso_utc(from_paris(d.year, d.month, d.day, hour, minute));
}

json booking_body(std::int64_t member, std::int64_t resource, const std::string& start, const std::string& end) {
  return {{"member_id", member}, {"resource_id", resource}, {"start", start}, {"end", end}};
}

struct Api : tests::ServerDb {
  std::int64_t site_id = site("Tiers-lieu de Montbard", "21425");
  std::int64_t marie = member(site_id, "Marie", "Dupont");
  std::int64_t jean = member(site_id, "Jean", "Martin");
  std::int64_t desk1 = add_resource(db, Resource{0, site_id, ResourceKind::Desk, "Bureau 1", 1, ""})->id;
  std::int64_t desk2 = add_resource(db, Resource{0, site_id, ResourceKind::Desk, "Bureau 2", 1, "grand écran"})->id;
  std::int64_t visio = add_resource(db, Resource{0, site_id, ResourceKind::VisioRoom, "Salle visio", 4, ""})->id;
  std::string admin_token = *add_admin_client(db, "tableau de bord");
  std::int64_t admin_id = scalar("SELECT id FROM api_clients");
  CivilDate day = open_weekday(1);
  CivilDate day2 = open_weekday(2);

  ConnectionPool pool{path, 5};
  http::HttpServer http_server{[] {
                                 http::ServerOptions o;
                                 o.host = "127.0.0.1";
                                 o.port = 0;
                                 o.threads = 4;
                                 o.shutdown_grace = std::chrono::milliseconds(2000);
                                 return o;
                               }(),
                               make_api(pool)};
  std::thread thread{[this] { http_server.run(false); }};

  Api() = default;
  ~Api() {
    http_server.stop();
    thread.join();
  }
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  Reply get(const std::string& target, std::optional<std::string> token = std::nullopt) {
    return http_call(http_server.port(), bhttp::verb::get, target, {}, token);
  }
  Reply admin_get(const std::string& target) { return get(target, admin_token); }
  Reply admin_post(const std::string& target, const std::string& body) {
    return http_call(http_server.port(), bhttp::verb::post, target, body, admin_token);
  }
  Reply create(const json& body) { return admin_post("/api/v1/bookings", body.dump()); }

  std::int64_t bookings() { return scalar("SELECT COUNT(*) FROM bookings"); }
};

// {"error":{"status":N,"code":C,"message":M}}; returns the message.
std::string check_refusal(const Reply& r, bhttp::status status, const std::string& code) {
  INFO(r.body());
  CHECK(r.result() == status);
  CHECK(header(r, bhttp::field::content_type) == "application/json; charset=utf-8");
  const auto doc = json::parse(r.body());
  REQUIRE(doc.contains("error"));
  CHECK(doc["error"]["status"] == static_cast<int>(status));
  if (!code.empty()) CHECK(doc["error"]["code"] == code);
  REQUIRE(doc["error"]["message"].is_string());
  return doc["error"]["message"].get<std::string>();
}

}  // namespace

TEST_CASE("bookings api: admin clients only", "[api][bookings]") {
  Api api;
  const std::vector<std::pair<bhttp::verb, std::string>> routes = {
      {bhttp::verb::get, "/api/v1/resources?site=1"},
      {bhttp::verb::post, "/api/v1/resources"},
      {bhttp::verb::post, "/api/v1/resources/1/deactivate"},
      {bhttp::verb::get, "/api/v1/availability?site=1"},
      {bhttp::verb::get, "/api/v1/bookings"},
      {bhttp::verb::post, "/api/v1/bookings"},
      {bhttp::verb::get, "/api/v1/bookings/0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8"},
      {bhttp::verb::post, "/api/v1/bookings/0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8/cancel"},
      {bhttp::verb::post, "/api/v1/bookings/0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8/move"},
  };
  for (const auto& [verb, target] : routes) {
    INFO(target);
    const auto none = http_call(api.http_server.port(), verb, target, "{}", std::nullopt);
    check_refusal(none, bhttp::status::unauthorized, "");
    CHECK(header(none, bhttp::field::www_authenticate) == "Bearer");
    check_refusal(http_call(api.http_server.port(), verb, target, "{}", make_token("esa_")),
                  bhttp::status::unauthorized, "");
  }
  // Wrong methods.
  const auto put = http_call(api.http_server.port(), bhttp::verb::put, "/api/v1/bookings", "{}", api.admin_token);
  CHECK(put.result() == bhttp::status::method_not_allowed);
  CHECK(header(put, bhttp::field::allow) == "GET, HEAD, POST");
  CHECK(api.admin_get("/api/v1/bookings/0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8/cancel").result() ==
        bhttp::status::method_not_allowed);
  CHECK(api.bookings() == 0);
}

TEST_CASE("bookings api: resources of a site, with its rules", "[api][bookings]") {
  Api api;
  auto r = api.admin_get("/api/v1/resources?site=" + std::to_string(api.site_id));
  REQUIRE(r.result() == bhttp::status::ok);
  auto doc = json::parse(r.body());
  REQUIRE(doc["resources"].size() == 3);
  CHECK(doc["resources"][0]["name"] == "Bureau 1");
  CHECK(doc["resources"][0]["kind"] == "desk");
  CHECK(doc["resources"][0]["active"] == true);
  CHECK(doc["resources"][1]["features"] == "grand écran");
  CHECK(doc["resources"][2]["kind"] == "visio_room");
  CHECK(doc["resources"][2]["capacity"] == 4);
  CHECK(doc["resources"][2]["ics"] == "/ics/resources/" + std::to_string(api.visio) + ".ics");
  CHECK(doc["rules"]["desk"]["max_per_day"] == 1);
  CHECK(doc["rules"]["visio_room"]["max_duration_min"] == 120);
  CHECK(doc["rules"]["desk"]["grace_min"] == 15);

  check_refusal(api.admin_get("/api/v1/resources"), bhttp::status::bad_request, "");
  check_refusal(api.admin_get("/api/v1/resources?site=x"), bhttp::status::bad_request, "");
  check_refusal(api.admin_get("/api/v1/resources?site=99"), bhttp::status::not_found, "");

  // Add one, take it out of service, put it back: each in the audit log.
  r = api.admin_post("/api/v1/resources",
                     json{{"site_id", api.site_id}, {"kind", "desk"}, {"name", "Bureau 3"}}.dump());
  REQUIRE(r.result() == bhttp::status::created);
  const auto id = json::parse(r.body())["id"].get<std::int64_t>();
  check_refusal(api.admin_post("/api/v1/resources",
                               json{{"site_id", api.site_id}, {"kind", "desk"}, {"name", "Bureau 3"}}.dump()),
                bhttp::status::unprocessable_entity, "");
  check_refusal(
      api.admin_post("/api/v1/resources", json{{"site_id", api.site_id}, {"kind", "sofa"}, {"name", "Canapé"}}.dump()),
      bhttp::status::bad_request, "");
  r = api.admin_post("/api/v1/resources/" + std::to_string(id) + "/deactivate", "");
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK(json::parse(r.body())["active"] == false);
  r = api.admin_post("/api/v1/resources/" + std::to_string(id) + "/activate", "");
  CHECK(json::parse(r.body())["active"] == true);
  check_refusal(api.admin_post("/api/v1/resources/999/deactivate", ""), bhttp::status::not_found, "unknown_resource");
  CHECK(api.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'resource.%' AND api_client_id = " +
                   std::to_string(api.admin_id)) == 3);
}

TEST_CASE("bookings api: create, read, list, cancel", "[api][bookings]") {
  Api api;
  const auto body = booking_body(api.marie, api.desk1, iso(api.day, 9), iso(api.day, 12, 30));
  auto r = api.create(body);
  INFO(r.body());
  REQUIRE(r.result() == bhttp::status::created);
  auto doc = json::parse(r.body());
  const auto id = doc["id"].get<std::string>();
  CHECK(is_valid_uuid(id));
  CHECK(header(r, bhttp::field::location) == "/api/v1/bookings/" + id);
  CHECK(doc["status"] == "confirmed");
  CHECK(doc["member_id"] == api.marie);
  CHECK(doc["resource_id"] == api.desk1);
  CHECK(doc["resource_name"] == "Bureau 1");
  CHECK(doc["kind"] == "desk");
  CHECK(doc["site_id"] == api.site_id);
  CHECK(doc["start"] == iso(api.day, 9));
  CHECK(doc["date"] == date_text(api.day));
  CHECK(doc["start_local"] == "09:00");
  CHECK(doc["end_local"] == "12:30");
  CHECK(doc["ics"] == "/ics/bookings/" + id + ".ics");
  CHECK(api.bookings() == 1);
  CHECK(api.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'booking.create' AND api_client_id = " +
                   std::to_string(api.admin_id)) == 1);

  r = api.admin_get("/api/v1/bookings/" + id);
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK(json::parse(r.body())["id"] == id);
  check_refusal(api.admin_get("/api/v1/bookings/0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8"), bhttp::status::not_found,
                "unknown_booking");
  check_refusal(api.admin_get("/api/v1/bookings/not-a-uuid"), bhttp::status::bad_request, "");

  // With a client-made id: a repeat answers 200 and the stored booking; another booking with it is a 409.
  auto with_id = booking_body(api.jean, api.desk2, iso(api.day, 14), iso(api.day, 15));
  with_id["id"] = "0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8";
  REQUIRE(api.create(with_id).result() == bhttp::status::created);
  r = api.create(with_id);
  CHECK(r.result() == bhttp::status::ok);
  CHECK(json::parse(r.body())["id"] == "0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8");
  with_id["start"] = iso(api.day, 14, 30);
  check_refusal(api.create(with_id), bhttp::status::conflict, "id_conflict");
  CHECK(api.bookings() == 2);

  // Lists.
  doc = json::parse(api.admin_get("/api/v1/bookings?site=" + std::to_string(api.site_id)).body());
  CHECK(doc["bookings"].size() == 2);
  doc = json::parse(api.admin_get("/api/v1/bookings?member=" + std::to_string(api.jean)).body());
  REQUIRE(doc["bookings"].size() == 1);
  CHECK(doc["bookings"][0]["resource_id"] == api.desk2);
  doc = json::parse(api.admin_get("/api/v1/bookings?resource=" + std::to_string(api.desk1) +
                                  "&from=" + date_text(api.day) + "&to=" + date_text(api.day))
                        .body());
  CHECK(doc["bookings"].size() == 1);
  doc = json::parse(api.admin_get("/api/v1/bookings?from=" + date_text(api.day2)).body());
  CHECK(doc["bookings"].empty());
  check_refusal(api.admin_get("/api/v1/bookings?from=2026-02-30"), bhttp::status::bad_request, "");
  check_refusal(api.admin_get("/api/v1/bookings?from=2027-01-02&to=2027-01-01"), bhttp::status::bad_request, "");
  check_refusal(api.admin_get("/api/v1/bookings?from=2027-01-01&to=2029-01-01"), bhttp::status::bad_request, "");
  check_refusal(api.admin_get("/api/v1/bookings?member=abc"), bhttp::status::bad_request, "");

  // Cancel, twice; an unknown one.
  r = api.admin_post("/api/v1/bookings/" + id + "/cancel", "");
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK(json::parse(r.body())["status"] == "cancelled");
  CHECK(api.admin_post("/api/v1/bookings/" + id + "/cancel", "").result() == bhttp::status::ok);
  const auto message = check_refusal(api.admin_post("/api/v1/bookings/9a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8/cancel", ""),
                                     bhttp::status::not_found, "unknown_booking");
  CHECK_THAT(message, Catch::Contains("n’a pas pu être annulée"));
  CHECK(api.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'booking.cancel'") == 1);
}

TEST_CASE("bookings api: refusals are clear errors and change nothing", "[api][bookings]") {
  Api api;
  REQUIRE(api.create(booking_body(api.marie, api.desk1, iso(api.day, 9), iso(api.day, 12, 30))).result() ==
          bhttp::status::created);
  const auto rows = api.bookings();
  const auto changes = api.scalar("SELECT COUNT(*) FROM changes");
  const auto audits = api.scalar("SELECT COUNT(*) FROM audit_log");

  auto message = check_refusal(api.create(booking_body(api.jean, api.desk1, iso(api.day, 10), iso(api.day, 11))),
                               bhttp::status::conflict, "overlap");
  CHECK(message == "La réservation n’a pas pu être confirmée : le bureau était déjà pris.");
  message = check_refusal(api.create(booking_body(api.jean, api.visio, iso(next_sunday(), 10), iso(next_sunday(), 11))),
                          bhttp::status::unprocessable_entity, "closed_day");
  CHECK_THAT(message, Catch::Contains("fermé"));
  const CivilDate yesterday = add_days(paris_civil_date(now()), -1);
  check_refusal(api.create(booking_body(api.jean, api.desk2, iso(yesterday, 9), iso(yesterday, 10))),
                bhttp::status::unprocessable_entity, "in_the_past");
  check_refusal(api.create(booking_body(api.jean, api.desk2, iso(api.day, 9, 10), iso(api.day, 10))),
                bhttp::status::unprocessable_entity, "invalid_times");
  check_refusal(api.create(booking_body(api.jean, api.desk2, iso(api.day, 11), iso(api.day, 10))),
                bhttp::status::unprocessable_entity, "invalid_times");
  check_refusal(api.create(booking_body(api.jean, api.desk2, iso(api.day, 19), iso(api.day, 20))),
                bhttp::status::unprocessable_entity, "outside_hours");
  const CivilDate far = add_days(api.day, 60);
  check_refusal(api.create(booking_body(api.jean, api.desk2, iso(far, 9), iso(far, 10))),
                bhttp::status::unprocessable_entity, "too_far_ahead");
  check_refusal(api.create(booking_body(api.jean, api.visio, iso(api.day, 9), iso(api.day, 12))),
                bhttp::status::unprocessable_entity, "too_long");
  check_refusal(api.create(booking_body(api.marie, api.desk2, iso(api.day, 14), iso(api.day, 15))),
                bhttp::status::unprocessable_entity, "daily_limit");
  check_refusal(api.create(booking_body(api.jean, 999, iso(api.day, 9), iso(api.day, 10))), bhttp::status::not_found,
                "unknown_resource");
  check_refusal(api.create(booking_body(999, api.desk2, iso(api.day, 9), iso(api.day, 10))), bhttp::status::not_found,
                "unknown_member");
  // Malformed: 400 naming the field.
  message = check_refusal(api.admin_post("/api/v1/bookings", "{"), bhttp::status::bad_request, "");
  CHECK_THAT(message, Catch::Contains("body"));
  message = check_refusal(api.admin_post("/api/v1/bookings", "[]"), bhttp::status::bad_request, "");
  auto missing = booking_body(api.jean, api.desk2, iso(api.day, 9), iso(api.day, 10));
  missing.erase("end");
  message = check_refusal(api.create(missing), bhttp::status::bad_request, "");
  CHECK_THAT(message, Catch::Contains("body.end"));
  auto bad_time = booking_body(api.jean, api.desk2, "demain 9 h", iso(api.day, 10));
  message = check_refusal(api.create(bad_time), bhttp::status::bad_request, "");
  CHECK_THAT(message, Catch::Contains("body.start"));
  auto bad_member = booking_body(api.jean, api.desk2, iso(api.day, 9), iso(api.day, 10));
  bad_member["member_id"] = "7";
  message = check_refusal(api.create(bad_member), bhttp::status::bad_request, "");
  CHECK_THAT(message, Catch::Contains("body.member_id"));
  auto bad_id = booking_body(api.jean, api.desk2, iso(api.day, 9), iso(api.day, 10));
  bad_id["id"] = "1234";
  check_refusal(api.create(bad_id), bhttp::status::bad_request, "");

  CHECK(api.bookings() == rows);
  CHECK(api.scalar("SELECT COUNT(*) FROM changes") == changes);
  CHECK(api.scalar("SELECT COUNT(*) FROM audit_log") == audits);
}

TEST_CASE("bookings api: move", "[api][bookings]") {
  Api api;
  auto r = api.create(booking_body(api.marie, api.desk1, iso(api.day, 9), iso(api.day, 10)));
  REQUIRE(r.result() == bhttp::status::created);
  const auto id = json::parse(r.body())["id"].get<std::string>();
  REQUIRE(api.create(booking_body(api.jean, api.desk2, iso(api.day, 9), iso(api.day, 10))).result() ==
          bhttp::status::created);
  const std::string target = "/api/v1/bookings/" + id + "/move";
  // Onto Jean's desk and time: taken.
  check_refusal(
      api.admin_post(target,
                     json{{"resource_id", api.desk2}, {"start", iso(api.day, 9)}, {"end", iso(api.day, 10)}}.dump()),
      bhttp::status::conflict, "overlap");
  // Same desk, later: fine (resource_id may be left out).
  r = api.admin_post(target, json{{"start", iso(api.day, 10)}, {"end", iso(api.day, 11)}}.dump());
  REQUIRE(r.result() == bhttp::status::ok);
  auto doc = json::parse(r.body());
  CHECK(doc["start_local"] == "10:00");
  CHECK(doc["resource_id"] == api.desk1);
  // To the other day, the other desk.
  r = api.admin_post(target,
                     json{{"resource_id", api.desk2}, {"start", iso(api.day2, 14)}, {"end", iso(api.day2, 15)}}.dump());
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK(json::parse(r.body())["date"] == date_text(api.day2));
  check_refusal(api.admin_post(target, json{{"start", iso(api.day2, 14)}}.dump()), bhttp::status::bad_request, "");
  check_refusal(api.admin_post("/api/v1/bookings/9a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8/move",
                               json{{"start", iso(api.day2, 14)}, {"end", iso(api.day2, 15)}}.dump()),
                bhttp::status::not_found, "unknown_booking");
  CHECK(api.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'booking.move'") == 2);
}

TEST_CASE("bookings api: availability per day, per resource, per slot", "[api][bookings]") {
  Api api;
  REQUIRE(api.create(booking_body(api.marie, api.desk1, iso(api.day, 9), iso(api.day, 10))).result() ==
          bhttp::status::created);
  const std::string base = "/api/v1/availability?site=" + std::to_string(api.site_id);
  auto r = api.admin_get(base + "&from=" + date_text(api.day) + "&days=1");
  REQUIRE(r.result() == bhttp::status::ok);
  auto doc = json::parse(r.body());
  REQUIRE(doc["days"].size() == 1);
  const auto& day = doc["days"][0];
  CHECK(day["date"] == date_text(api.day));
  CHECK(day["open"] == true);
  CHECK(day["slot_minutes"] == 30);
  REQUIRE(day["resources"].size() == 3);
  const auto& desk = day["resources"][0];
  CHECK(desk["id"] == api.desk1);
  CHECK(desk["name"] == "Bureau 1");
  const auto state_at = [](const json& resource, const std::string& time) {
    for (const auto& slot : resource["slots"]) {
      if (slot["time"] == time) return slot["state"].get<std::string>();
    }
    return std::string("none");
  };
  CHECK(desk["slots"][0]["time"] == "08:30");
  CHECK(state_at(desk, "08:30") == "free");
  CHECK(state_at(desk, "09:00") == "taken");
  CHECK(state_at(desk, "09:30") == "taken");
  CHECK(state_at(desk, "10:00") == "free");
  CHECK(state_at(desk, "12:30") == "closed");
  CHECK(state_at(day["resources"][1], "09:00") == "free");
  // As Marie sees it.
  doc = json::parse(
      api.admin_get(base + "&from=" + date_text(api.day) + "&days=1&member=" + std::to_string(api.marie)).body());
  CHECK(state_at(doc["days"][0]["resources"][0], "09:00") == "mine");
  // A Sunday is closed; the default is 7 days from today; past slots are "past".
  doc = json::parse(api.admin_get(base + "&from=" + date_text(next_sunday()) + "&days=1").body());
  CHECK(doc["days"][0]["open"] == false);
  CHECK(doc["days"][0]["resources"][0]["slots"].empty());
  doc = json::parse(api.admin_get(base).body());
  CHECK(doc["days"].size() == 7);
  CHECK(doc["from"] == date_text(paris_civil_date(now())));
  doc =
      json::parse(api.admin_get(base + "&from=" + date_text(add_days(paris_civil_date(now()), -7)) + "&days=7").body());
  bool any_past = false;
  for (const auto& d : doc["days"]) {
    for (const auto& res : d["resources"]) {
      for (const auto& slot : res["slots"]) any_past = any_past || slot["state"] == "past";
    }
  }
  CHECK(any_past);
  // 31 days at most; bad parameters.
  CHECK(api.admin_get(base + "&days=31").result() == bhttp::status::ok);
  auto message = check_refusal(api.admin_get(base + "&days=32"), bhttp::status::bad_request, "");
  CHECK_THAT(message, Catch::Contains("31"));
  check_refusal(api.admin_get(base + "&days=0"), bhttp::status::bad_request, "");
  check_refusal(api.admin_get(base + "&from=20261120"), bhttp::status::bad_request, "");
  check_refusal(api.admin_get("/api/v1/availability"), bhttp::status::bad_request, "");
  check_refusal(api.admin_get("/api/v1/availability?site=99"), bhttp::status::not_found, "");
}

TEST_CASE("bookings api: iCalendar files for a booking, a member and a resource", "[api][bookings][ics]") {
  Api api;
  auto r = api.create(booking_body(api.marie, api.desk1, iso(api.day, 9), iso(api.day, 12, 30)));
  REQUIRE(r.result() == bhttp::status::created);
  const auto id = json::parse(r.body())["id"].get<std::string>();

  // One booking: no token, the UUID is the capability.
  r = api.get("/ics/bookings/" + id + ".ics");
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK(header(r, bhttp::field::content_type) == "text/calendar; charset=utf-8");
  CHECK(r.body().rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  CHECK_THAT(r.body(), Catch::Contains("UID:" + id + "@escale"));
  CHECK_THAT(r.body(), Catch::Contains("DTSTART;TZID=Europe/Paris:"));
  CHECK_THAT(r.body(), Catch::Contains("SUMMARY:Bureau 1 — Tiers-lieu de Montbard"));
  CHECK_THAT(r.body(), Catch::Contains("STATUS:CONFIRMED"));
  CHECK(r.body().find("Marie") == std::string::npos);
  CHECK(api.get("/ics/bookings/9a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8.ics").result() == bhttp::status::not_found);
  CHECK(api.get("/ics/bookings/nope.ics").result() == bhttp::status::not_found);

  // A resource's feed: anonymous.
  REQUIRE(api.create(booking_body(api.jean, api.desk1, iso(api.day, 14), iso(api.day, 15))).result() ==
          bhttp::status::created);
  r = api.get("/ics/resources/" + std::to_string(api.desk1) + ".ics");
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK(header(r, bhttp::field::content_type) == "text/calendar; charset=utf-8");
  std::size_t events = 0;
  for (auto pos = r.body().find("SUMMARY:Réservé"); pos != std::string::npos;
       pos = r.body().find("SUMMARY:Réservé", pos + 1))
    ++events;
  CHECK(events == 2);
  CHECK(r.body().find("Marie") == std::string::npos);
  CHECK(r.body().find("Jean") == std::string::npos);
  CHECK(r.body().find("Dupont") == std::string::npos);
  CHECK(api.get("/ics/resources/999.ics").result() == bhttp::status::not_found);

  // A member's feed, at their secret address; a cancelled booking says so.
  const auto token = issue_calendar_token(api.db, api.marie, now());
  REQUIRE(api.admin_post("/api/v1/bookings/" + id + "/cancel", "").result() == bhttp::status::ok);
  r = api.get("/ics/members/" + token + ".ics");
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK_THAT(r.body(), Catch::Contains("UID:" + id + "@escale"));
  CHECK_THAT(r.body(), Catch::Contains("STATUS:CANCELLED"));
  CHECK(r.body().find("SUMMARY:Réservé") == std::string::npos);
  CHECK(api.get("/ics/members/cal_0000.ics").result() == bhttp::status::not_found);
  const auto fresh = issue_calendar_token(api.db, api.marie, now());
  CHECK(api.get("/ics/members/" + token + ".ics").result() == bhttp::status::not_found);
  CHECK(api.get("/ics/members/" + fresh + ".ics").result() == bhttp::status::ok);
  // HEAD works as for every GET route.
  const auto head =
      http_call(api.http_server.port(), bhttp::verb::head, "/ics/members/" + fresh + ".ics", {}, std::nullopt);
  CHECK(head.result() == bhttp::status::ok);
  CHECK(head.body().empty());
}

TEST_CASE("bookings api: clients racing for one slot, exactly one wins", "[api][bookings][concurrency]") {
  Api api;
  constexpr int kClients = 10;
  std::vector<std::int64_t> members;
  for (int i = 0; i < kClients; ++i) members.push_back(api.member(api.site_id, "Membre", "N" + std::to_string(i)));
  std::atomic<int> ready{0};
  std::vector<int> statuses(kClients, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      const auto body =
          booking_body(members[static_cast<std::size_t>(i)], api.desk1, iso(api.day, 9), iso(api.day, 10)).dump();
      ++ready;
      while (ready.load() < kClients) std::this_thread::yield();
      try {
        statuses[static_cast<std::size_t>(i)] =
            http_call(api.http_server.port(), bhttp::verb::post, "/api/v1/bookings", body, api.admin_token)
                .result_int();
      } catch (const std::exception&) {
        statuses[static_cast<std::size_t>(i)] = -1;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
  CHECK(std::count(statuses.begin(), statuses.end(), 409) == kClients - 1);
  CHECK(api.bookings() == 1);
}

// Issue 14: twenty identical POSTs with the same client id got four 201s (one
// row stored): whether the id existed was read before the transaction that
// inserts it. Exactly one request creates the booking; the repeats answer 200
// with what is stored.
TEST_CASE("bookings api: twenty identical POSTs with the same id, exactly one 201 and nineteen 200",
          "[api][bookings][concurrency]") {
  Api api;
  constexpr int kClients = 20;
  json body = booking_body(api.marie, api.desk1, iso(api.day, 9), iso(api.day, 10));
  body["id"] = "0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8";
  const auto text = body.dump();
  std::atomic<int> ready{0};
  std::vector<int> statuses(kClients, 0);
  std::vector<std::string> ids(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kClients) std::this_thread::yield();
      const auto k = static_cast<std::size_t>(i);
      try {
        const auto r = http_call(api.http_server.port(), bhttp::verb::post, "/api/v1/bookings", text, api.admin_token);
        statuses[k] = r.result_int();
        if (r.result_int() == 200 || r.result_int() == 201) ids[k] = json::parse(r.body())["id"].get<std::string>();
      } catch (const std::exception&) {
        statuses[k] = -1;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
  CHECK(std::count(statuses.begin(), statuses.end(), 200) == kClients - 1);
  CHECK(std::count(ids.begin(), ids.end(), "0a9e3c52-4f7d-4b8e-a1c2-d3e4f5a6b7c8") == kClients);
  CHECK(api.bookings() == 1);
  CHECK(api.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'booking.create'") == 1);
}
