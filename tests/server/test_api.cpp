#include "api/routes.hpp"  // first: the header is self-contained

// The HTTP API end to end: the real HttpServer with make_api() on a free
// port, a real database, and requests over a real socket.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "server_fixture.hpp"
#include "store/connection_pool.hpp"

namespace {

using namespace escale;
using namespace escale::server;
using escale::tests::check_in;
using escale::tests::check_out;
using escale::tests::walk_in;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using nlohmann::json;
using Reply = bhttp::response<bhttp::string_body>;

// One request on its own connection, with a deadline so a stuck server fails
// the test instead of hanging it.
Reply http_call(std::uint16_t port, bhttp::verb method, const std::string& target, const std::string& body,
                const std::optional<std::string>& authorization) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(10));
  stream.socket().connect({asio::ip::make_address("127.0.0.1"), port});
  bhttp::request<bhttp::string_body> req{method, beast::string_view(target.data(), target.size()), 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (authorization) req.set(bhttp::field::authorization, *authorization);
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.keep_alive(false);
  req.prepare_payload();

  beast::error_code write_ec;
  bhttp::async_write(stream, req, [&](beast::error_code ec, std::size_t) { write_ec = ec; });
  ioc.run();
  if (write_ec) throw std::runtime_error("write: " + write_ec.message());

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  if (method == bhttp::verb::head) parser.skip(true);  // a HEAD answer announces a body it does not send
  beast::error_code read_ec;
  stream.expires_after(std::chrono::seconds(10));
  bhttp::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) { read_ec = ec; });
  ioc.restart();
  ioc.run();
  if (read_ec) throw std::runtime_error("read: " + read_ec.message());
  return parser.release();
}

// A server database, a connection pool on it, and the API served on a free port.
struct Api : tests::ServerDb {
  std::int64_t site_id = site("Tiers-lieu de Montbard", "21425");
  std::int64_t marie = member(site_id, "Marie", "Dupont");
  server::IssuedKiosk kiosk_issued = kiosk(site_id);
  std::string admin_token = *add_admin_client(db, "tableau de bord");
  bool badged = (badge("04A1B2C3", marie), true);

  // Last, so that the thread starts once everything it serves exists.
  ConnectionPool pool{path, 3};
  http::HttpServer http_server{[] {
                                 http::ServerOptions o;
                                 o.host = "127.0.0.1";
                                 o.port = 0;
                                 o.threads = 2;
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

  Reply get(const std::string& target, const std::optional<std::string>& token = std::nullopt) {
    return http_call(http_server.port(), bhttp::verb::get, target, {}, bearer(token));
  }
  Reply post(const std::string& target, const std::string& body,
             const std::optional<std::string>& token = std::nullopt) {
    return http_call(http_server.port(), bhttp::verb::post, target, body, bearer(token));
  }
  Reply sync(const std::string& body) { return post("/api/v1/sync", body, kiosk_issued.token); }

  static std::optional<std::string> bearer(const std::optional<std::string>& token) {
    if (!token) return std::nullopt;
    return "Bearer " + *token;
  }

  std::int64_t visits() { return scalar("SELECT COUNT(*) FROM visits"); }
  std::int64_t ledger() { return scalar("SELECT COUNT(*) FROM ingest_log"); }
};

std::string header(const Reply& r, bhttp::field f) {
  const auto it = r.find(f);
  return it == r.end() ? std::string() : std::string(it->value().data(), it->value().size());
}

// Every error is {"error":{"status":N,"message":"…"}} in JSON.
void check_error(const Reply& r, bhttp::status status, const std::string& fragment = {}) {
  INFO(r.body());
  CHECK(r.result() == status);
  CHECK(header(r, bhttp::field::content_type) == "application/json; charset=utf-8");
  json doc;
  REQUIRE_NOTHROW(doc = json::parse(r.body()));
  REQUIRE(doc.is_object());
  REQUIRE(doc.size() == 1);
  REQUIRE(doc.contains("error"));
  CHECK(doc["error"]["status"] == static_cast<int>(status));
  REQUIRE(doc["error"]["message"].is_string());
  CHECK_FALSE(doc["error"]["message"].get<std::string>().empty());
  if (!fragment.empty()) CHECK_THAT(doc["error"]["message"].get<std::string>(), Catch::Contains(fragment));
}

std::string push_body(const std::vector<sync::Event>& events, std::int64_t cursor = 0) {
  sync::SyncRequest request;
  request.cursor = cursor;
  request.kiosk_version = "0.1.0";
  request.events = events;
  return sync::encode(request);
}

}  // namespace

TEST_CASE("api: health check", "[api]") {
  Api api;
  const auto r = api.get("/healthz");
  CHECK(r.result() == bhttp::status::ok);
  CHECK(header(r, bhttp::field::content_type) == "application/json; charset=utf-8");
  CHECK(json::parse(r.body()) == json{{"status", "ok"}});

  // HEAD: the same headers, the GET's length, no body.
  const auto head = http_call(api.http_server.port(), bhttp::verb::head, "/healthz", {}, std::nullopt);
  CHECK(head.result() == bhttp::status::ok);
  CHECK(head.body().empty());
  CHECK(header(head, bhttp::field::content_length) == std::to_string(r.body().size()));

  const auto post = api.post("/healthz", "{}");
  check_error(post, bhttp::status::method_not_allowed, "use GET /healthz");
  CHECK(header(post, bhttp::field::allow) == "GET, HEAD");
}

TEST_CASE("api: unknown routes are 404 in JSON", "[api]") {
  Api api;
  check_error(api.get("/nope"), bhttp::status::not_found, "no such route: /nope");
  check_error(api.get("/api/v1/sync/extra"), bhttp::status::not_found);
  check_error(api.post("/api/v2/sync", "{}"), bhttp::status::not_found);
  check_error(api.get("/api/v1/members/1"), bhttp::status::not_found);
}

TEST_CASE("api: sync needs a valid kiosk token", "[api][sync]") {
  Api api;
  const std::string body = push_body({walk_in(make_uuid_v4(), "2026-11-21T09:00:00Z")});

  const auto none = api.post("/api/v1/sync", body);
  check_error(none, bhttp::status::unauthorized, "missing kiosk token");
  CHECK(header(none, bhttp::field::www_authenticate) == "Bearer");

  const auto basic = http_call(api.http_server.port(), bhttp::verb::post, "/api/v1/sync", body, "Basic dXNlcjpwdw==");
  check_error(basic, bhttp::status::unauthorized, "missing kiosk token");

  const auto wrong = api.post("/api/v1/sync", body, make_token("esk_"));
  check_error(wrong, bhttp::status::unauthorized, "unknown or revoked kiosk token");
  CHECK(header(wrong, bhttp::field::www_authenticate) == "Bearer");

  const auto admin = api.post("/api/v1/sync", body, api.admin_token);  // an admin token is no kiosk token
  check_error(admin, bhttp::status::unauthorized);

  REQUIRE(revoke_kiosk(api.db, api.kiosk_issued.kiosk.id).ok());
  const auto revoked = api.sync(body);
  check_error(revoked, bhttp::status::unauthorized, "unknown or revoked kiosk token");
  CHECK(header(revoked, bhttp::field::www_authenticate) == "Bearer");

  CHECK(api.visits() == 0);
  CHECK(api.ledger() == 0);
}

TEST_CASE("api: the Bearer scheme is case-insensitive", "[api][sync]") {
  Api api;
  const auto r = http_call(api.http_server.port(), bhttp::verb::post, "/api/v1/sync", push_body({}),
                           "bearer " + api.kiosk_issued.token);
  CHECK(r.result() == bhttp::status::ok);
}

TEST_CASE("api: a malformed push is a 400 naming the problem, and stores nothing", "[api][sync]") {
  Api api;
  const std::string good = push_body({walk_in(make_uuid_v4(), "2026-11-21T09:00:00Z")});
  check_error(api.sync(good.substr(0, good.size() - 3)), bhttp::status::bad_request, "not valid JSON");
  check_error(api.sync(""), bhttp::status::bad_request, "not valid JSON");
  check_error(api.sync("[1,2]"), bhttp::status::bad_request, "expected a JSON object");

  json doc = json::parse(good);
  doc["protocol"] = 9;
  check_error(api.sync(doc.dump()), bhttp::status::bad_request, "body.protocol: version 9 is not supported");

  // One bad event spoils the whole push, the good ones included.
  doc = json::parse(
      push_body({walk_in(make_uuid_v4(), "2026-11-21T09:00:00Z"), walk_in(make_uuid_v4(), "2026-11-21T09:01:00Z")}));
  doc["events"][1]["at"] = "21/11/2026 09:01";
  check_error(api.sync(doc.dump()), bhttp::status::bad_request, "events[1].at: expected an ISO 8601 UTC time");
  doc["events"][1]["at"] = "2026-11-21T09:01:00Z";
  doc["events"][1]["visit_id"] = "42";
  check_error(api.sync(doc.dump()), bhttp::status::bad_request, "events[1].visit_id: expected a UUID");

  CHECK(api.visits() == 0);
  CHECK(api.ledger() == 0);
  CHECK(api.scalar("SELECT COUNT(*) FROM kiosks WHERE last_sync_at IS NOT NULL") == 0);
}

TEST_CASE("api: a push is stored once, and its replay is all duplicates", "[api][sync]") {
  Api api;
  const std::string visit = make_uuid_v4();
  const std::vector<sync::Event> events{check_in(visit, api.marie, "2026-11-21T09:00:00Z", "04A1B2C3"),
                                        walk_in(make_uuid_v4(), "2026-11-21T09:10:00Z"),
                                        check_out(visit, "2026-11-21T10:00:00Z")};
  const std::string body = push_body(events);

  const auto first = api.sync(body);
  REQUIRE(first.result() == bhttp::status::ok);
  CHECK(header(first, bhttp::field::content_type) == "application/json; charset=utf-8");
  const auto response = sync::decode_response(first.body());
  REQUIRE(response.ok());
  REQUIRE(response->acks.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(response->acks[i].id == events[i].id);
    CHECK(response->acks[i].status == sync::AckStatus::Stored);
  }
  // The pull half: the kiosk's site, member and badge.
  REQUIRE(response->site.has_value());
  CHECK(response->site->id == api.site_id);
  REQUIRE(response->members.size() == 1);
  CHECK(response->members[0].first_name == "Marie");
  REQUIRE(response->badges.size() == 1);
  CHECK(response->badges[0].uid == "04A1B2C3");
  CHECK(response->cursor > 0);

  CHECK(api.visits() == 2);
  {
    // Scoped: a statement left mid-step would keep this connection on an old snapshot.
    auto st = api.db.prepare("SELECT member_id, check_out, local_date FROM visits WHERE id = ?");
    st.bind(1, visit);
    REQUIRE(st.step());
    CHECK(st.int64(0) == api.marie);
    CHECK(st.text(1) == "2026-11-21T10:00:00.000Z");
    CHECK(st.text(2) == "2026-11-21");
  }

  const auto ledger_before = api.ledger();
  const auto again = api.sync(push_body(events, response->cursor));
  REQUIRE(again.result() == bhttp::status::ok);
  const auto replay = sync::decode_response(again.body());
  REQUIRE(replay.ok());
  REQUIRE(replay->acks.size() == 3);
  for (const auto& ack : replay->acks) CHECK(ack.status == sync::AckStatus::Duplicate);
  CHECK(replay->members.empty());
  CHECK(replay->cursor == response->cursor);
  CHECK(api.visits() == 2);
  CHECK(api.ledger() == ledger_before + 3);  // the three duplicates, logged for operators
}

TEST_CASE("api: a refused event is acknowledged with its reason", "[api][sync]") {
  Api api;
  const auto out = check_out(make_uuid_v4(), "2026-11-21T10:00:00Z");
  const auto r = api.sync(push_body({out}));
  REQUIRE(r.result() == bhttp::status::ok);
  const auto doc = json::parse(r.body());
  CHECK(doc["acks"][0]["status"] == "rejected");
  CHECK_THAT(doc["acks"][0]["reason"].get<std::string>(), Catch::Contains("unknown visit"));
}

TEST_CASE("api: the sync route only takes POST", "[api][sync]") {
  Api api;
  const auto r = api.get("/api/v1/sync", api.kiosk_issued.token);
  check_error(r, bhttp::status::method_not_allowed, "use POST /api/v1/sync");
  CHECK(header(r, bhttp::field::allow) == "POST");
  const auto put = http_call(api.http_server.port(), bhttp::verb::put, "/api/v1/sync", push_body({}),
                             "Bearer " + api.kiosk_issued.token);
  check_error(put, bhttp::status::method_not_allowed);
  CHECK(header(put, bhttp::field::allow) == "POST");
}

TEST_CASE("api: members and badges are for admin clients", "[api][admin]") {
  Api api;
  const auto other = api.site("Semur", "21603");
  const auto zoe = api.member(other, "Zoé", "Garnier");
  api.badge("1A2B3C4D", zoe);

  for (const char* target : {"/api/v1/members", "/api/v1/badges"}) {
    INFO(target);
    const auto none = api.get(target);
    check_error(none, bhttp::status::unauthorized, "admin token required");
    CHECK(header(none, bhttp::field::www_authenticate) == "Bearer");
    check_error(api.get(target, make_token("esa_")), bhttp::status::unauthorized);
    check_error(api.get(target, api.kiosk_issued.token), bhttp::status::unauthorized);
    check_error(api.post(target, "{}", api.admin_token), bhttp::status::method_not_allowed);
  }

  auto r = api.get("/api/v1/members", api.admin_token);
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK(header(r, bhttp::field::content_type) == "application/json; charset=utf-8");
  auto doc = json::parse(r.body());
  REQUIRE(doc["members"].is_array());
  REQUIRE(doc["members"].size() == 2);
  CHECK(doc["members"][0]["last_name"] == "Dupont");
  CHECK(doc["members"][0]["site"] == api.site_id);
  CHECK(doc["members"][0]["roles"] == json::array({"member"}));
  CHECK(doc["members"][0]["email"].is_null());
  CHECK(doc["members"][1]["first_name"] == "Zoé");

  doc = json::parse(api.get("/api/v1/members?site=" + std::to_string(other), api.admin_token).body());
  REQUIRE(doc["members"].size() == 1);
  CHECK(doc["members"][0]["id"] == zoe);
  doc = json::parse(api.get("/api/v1/members?q=dup", api.admin_token).body());
  REQUIRE(doc["members"].size() == 1);
  CHECK(doc["members"][0]["id"] == api.marie);
  doc = json::parse(api.get("/api/v1/members?q=Zo%C3%A9+", api.admin_token).body());
  CHECK(doc["members"].empty());  // "Zoé " with the trailing space matches nobody
  doc = json::parse(api.get("/api/v1/members?q=Zo%C3%A9", api.admin_token).body());
  CHECK(doc["members"].size() == 1);
  check_error(api.get("/api/v1/members?site=abc", api.admin_token), bhttp::status::bad_request, "site:");
  check_error(api.get("/api/v1/members?site=0", api.admin_token), bhttp::status::bad_request, "site:");

  r = api.get("/api/v1/badges", api.admin_token);
  REQUIRE(r.result() == bhttp::status::ok);
  doc = json::parse(r.body());
  REQUIRE(doc["badges"].size() == 2);
  CHECK(doc["badges"][0]["uid"] == "04A1B2C3");
  CHECK(doc["badges"][0]["member"] == api.marie);
  CHECK(doc["badges"][0]["revoked_at"].is_null());
  doc = json::parse(api.get("/api/v1/badges?member=" + std::to_string(zoe), api.admin_token).body());
  REQUIRE(doc["badges"].size() == 1);
  CHECK(doc["badges"][0]["uid"] == "1A2B3C4D");
  check_error(api.get("/api/v1/badges?member=-3", api.admin_token), bhttp::status::bad_request, "member:");
}

// Issue 16: routes.cpp (the sync, the visits report) and api_kit.cpp (the
// admin gate) each read the bearer token, and their checks disagreed on its
// length (1 to 196 characters after the prefix there, exactly 68 here). One
// rule now, is_token_shaped: 43 to 196 base64url characters after the prefix.
TEST_CASE("api: a token at, below and above the length limits, on every path that reads one", "[api][admin][sync]") {
  using escale::tests::random_base64url;
  Api api;
  const std::string report = "/api/v1/reports/visits?from=2026-11-21&to=2026-11-21";
  for (const std::size_t secret : {42u, 43u, 64u, 196u, 197u}) {
    INFO("secret characters: " << secret);
    const bool shaped = secret >= 43 && secret <= 196;
    const auto ok_or_401 = shaped ? bhttp::status::ok : bhttp::status::unauthorized;
    // The stored hashes are those of the tokens sent: only the shape decides.
    const auto kiosk_token = "esk_" + random_base64url(secret);
    api.db.prepare("UPDATE kiosks SET token_hash = ? WHERE id = ?")
        .bind_all(hash_token(kiosk_token), api.kiosk_issued.kiosk.id)
        .run();
    const auto admin_token = "esa_" + random_base64url(secret);
    api.db.prepare("UPDATE api_clients SET token_hash = ?").bind_all(hash_token(admin_token)).run();

    // routes.cpp: the sync's kiosk token, and the visits report's admin token.
    CHECK(api.post("/api/v1/sync", push_body({}), kiosk_token).result() == ok_or_401);
    CHECK(api.get(report, admin_token).result() == ok_or_401);
    // api_kit.cpp: the admin gate of the table's Admin routes.
    CHECK(api.get("/api/v1/members", admin_token).result() == ok_or_401);
    CHECK(api.get("/api/v1/badges", admin_token).result() == ok_or_401);
  }
}

TEST_CASE("api: the visits report in JSON, CSV and HTML", "[api][report]") {
  Api api;
  // Two visits on 21 November 2026 through the sync route.
  const auto push = api.sync(push_body(
      {check_in(make_uuid_v4(), api.marie, "2026-11-21T09:00:00Z"), walk_in(make_uuid_v4(), "2026-11-21T09:10:00Z")}));
  REQUIRE(push.result() == bhttp::status::ok);
  const std::string site = std::to_string(api.site_id);
  const std::string query = "site=" + site + "&from=2026-11-20&to=2026-11-22";

  auto r = api.get("/api/v1/reports/visits?" + query, api.admin_token);
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK(header(r, bhttp::field::content_type) == "application/json; charset=utf-8");
  auto doc = json::parse(r.body());
  CHECK(doc["site"] == api.site_id);
  REQUIRE(doc["days"].size() == 3);
  CHECK(doc["days"][1]["visits"] == 2);
  CHECK(doc["days"][1]["unique_visitors"] == 2);
  CHECK(doc["totals"]["visits"] == 2);
  // Without a site: every site.
  doc = json::parse(api.get("/api/v1/reports/visits?from=2026-11-21&to=2026-11-21", api.admin_token).body());
  CHECK(doc["site"].is_null());
  CHECK(doc["totals"]["visits"] == 2);
  doc = json::parse(api.get("/api/v1/reports/visits?site=&from=2026-11-21&to=2026-11-21", api.admin_token).body());
  CHECK(doc["site"].is_null());

  r = api.get("/api/v1/reports/visits?" + query + "&format=csv", api.admin_token);
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK(header(r, bhttp::field::content_type) == "text/csv; charset=utf-8");
  CHECK_THAT(header(r, bhttp::field::content_disposition),
             Catch::Contains("attachment; filename=\"passages-2026-11-20-2026-11-22.csv\""));
  CHECK(r.body() ==
        "date,visits,unique_visitors,members,walk_ins\r\n"
        "2026-11-20,0,0,0,0\r\n"
        "2026-11-21,2,2,1,1\r\n"
        "2026-11-22,0,0,0,0\r\n");

  r = api.get("/api/v1/reports/visits?" + query + "&format=csv-excel", api.admin_token);
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK_THAT(r.body(), Catch::StartsWith("\xEF\xBB\xBF"
                                         "date;visits;"));
  CHECK_THAT(header(r, bhttp::field::content_disposition), Catch::Contains("-tableur.csv"));

  r = api.get("/api/v1/reports/visits?" + query + "&format=html", api.admin_token);
  REQUIRE(r.result() == bhttp::status::ok);
  CHECK(header(r, bhttp::field::content_type) == "text/html; charset=utf-8");
  CHECK_THAT(r.body(), Catch::Contains("Tiers-lieu de Montbard"));

  CHECK_THAT(r.body(), Catch::Contains("<time datetime=\"2026-11-21\">samedi 21 novembre</time>"));
  // The old page people opened now leads to the dashboard (which needs a login).
  r = api.get("/reports/visits?" + query);
  CHECK(r.result() == bhttp::status::moved_permanently);
  CHECK(header(r, bhttp::field::location) == "/tableau-de-bord");
  // Daily figures hold small counts: an admin token (or an admin's or animator's session) is required.
  check_error(api.get("/api/v1/reports/visits?" + query), bhttp::status::unauthorized, "admin token required");
  check_error(api.get("/api/v1/reports/visits?" + query, "esa_not_a_token"), bhttp::status::unauthorized);

  // Default period: the last 30 days, today included.
  r = api.get("/api/v1/reports/visits", api.admin_token);
  REQUIRE(r.result() == bhttp::status::ok);
  doc = json::parse(r.body());
  CHECK(doc["days"].size() == 30);  // calendar days, whatever the clock changes in between
  CHECK(doc["to"] == paris_date(now()));
}

TEST_CASE("api: the report's bad parameters are 400, an unknown site 404", "[api][report]") {
  Api api;
  const std::string base = "/api/v1/reports/visits?";
  auto get = [&](const std::string& target) { return api.get(target, api.admin_token); };
  check_error(get(base + "from=2026-13-01&to=2026-12-31"), bhttp::status::bad_request, "from:");
  check_error(get(base + "from=2026-02-01&to=2026-02-30"), bhttp::status::bad_request, "to:");
  check_error(get(base + "from=2026-03-01&to=2026-02-01"), bhttp::status::bad_request, "(to)");
  check_error(get(base + "from=2020-01-01&to=2026-01-01"), bhttp::status::bad_request, "Période trop longue");
  check_error(get(base + "site=abc&from=2026-03-01&to=2026-03-02"), bhttp::status::bad_request, "site:");
  check_error(get(base + "site=-1"), bhttp::status::bad_request, "site:");
  check_error(get(base + "format=xml"), bhttp::status::bad_request, "format:");
  check_error(get(base + "site=999&from=2026-03-01&to=2026-03-02"), bhttp::status::not_found,
              "Le lieu n° 999 n’existe pas");
  // Percent-encoded parameters are decoded.
  const auto r = get(base + "from=2026%2D03%2D01&to=2026-03-02");
  CHECK(r.result() == bhttp::status::ok);
}

TEST_CASE("api: several kiosks syncing at once", "[api][sync]") {
  Api api;
  const auto second = api.kiosk(api.site_id, "salle");
  constexpr int kRounds = 8;
  std::exception_ptr failure;
  auto run = [&](const std::string& token) {
    for (int i = 0; i < kRounds; ++i) {
      const auto r = http_call(api.http_server.port(), bhttp::verb::post, "/api/v1/sync",
                               push_body({walk_in(make_uuid_v4(), "2026-11-21T09:00:00Z")}), "Bearer " + token);
      if (r.result() != bhttp::status::ok) throw std::runtime_error("sync failed: " + r.body());
    }
  };
  std::thread t([&] {
    try {
      run(second.token);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  run(api.kiosk_issued.token);
  t.join();
  if (failure) std::rethrow_exception(failure);
  CHECK(api.visits() == 2 * kRounds);
}
