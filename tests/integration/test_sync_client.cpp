// The kiosk's sync client against the real HTTP API in-process: outbox
// drained in order, retries while the server is away, clear errors for a bad
// token, paging through many changes; and an outbox that no bad event can
// stop (unreadable rows in front, an event the server refuses whole).
#include "sync/sync_client.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/routes.hpp"
#include "domain/uuid.hpp"
#include "harness.hpp"
#include "http/http_server.hpp"
#include "store/connection_pool.hpp"
#include "store/credentials.hpp"
#include "store/local_store.hpp"
#include "store/members.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"
#include "support/log_capture.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

// Waits (up to a generous 30 s) until an exchange has failed with an error
// that mentions `text`: how long the first attempt takes depends on the load.
bool failed_with(const SyncClient& client, const std::string& text) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (client.status().last_error.find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

// The real API; `wrap` may put a route of its own in front of it (a server
// of another version), `body_limit` lowers the server's limit on requests.
struct InProcessServer {
  using Wrap = std::function<server::http::Handler(server::http::Handler)>;
  explicit InProcessServer(const std::filesystem::path& db, std::uint16_t port = 0, const Wrap& wrap = {},
                           std::size_t body_limit = std::size_t{1024} * 1024)
      : pool(db, 3),
        server(
            [&] {
              server::http::ServerOptions o;
              o.port = port;
              o.threads = 2;
              o.body_limit = body_limit;
              return o;
            }(),
            wrap ? wrap(server::make_api(pool)) : server::make_api(pool)) {
    thread = std::thread([this] { server.run(false); });
  }
  ~InProcessServer() {
    server.stop();
    thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server.port()); }
  server::ConnectionPool pool;
  server::http::HttpServer server;
  std::thread thread;
};

std::string seed(const std::filesystem::path& db, int members) {
  auto conn = server::open_server_db(db);
  auto site = server::add_site(conn, Site{0, "Lieu", "", "21425", "24/7"});
  REQUIRE(site);
  for (int i = 0; i < members; ++i) {
    Member m;
    m.site_id = site->id;
    m.first_name = "Prénom" + std::to_string(i);
    m.last_name = "Nom";
    auto added = server::add_member(conn, m);
    REQUIRE(added);
    char uid[9];
    std::snprintf(uid, sizeof uid, "%08X", 0x10000000 + i);
    REQUIRE(server::add_badge(conn, *BadgeUid::parse(uid), added->id));
  }
  auto kiosk = server::add_kiosk(conn, site->id, "k");
  REQUIRE(kiosk);
  return kiosk->token;
}

int server_visits(const std::filesystem::path& db) {
  store::Database conn(db);
  auto st = conn.prepare("SELECT COUNT(*) FROM visits");
  st.step();
  return st.int32(0);
}

}  // namespace

TEST_CASE("sync pulls every member through pages and pushes the outbox", "[sync-client]") {
  escale::testing::TempDir dir("escale-sync");
  const auto token = seed(dir / "server.db", 1200);  // more than one page of 500
  InProcessServer server(dir / "server.db");
  SyncSettings s;
  s.server_url = server.url();
  s.token = token;
  s.interval = 200ms;
  SyncClient client(dir / "kiosk.db", s);
  LocalStore store(dir / "kiosk.db");
  client.start();
  REQUIRE(client.wait_until_synced(20s));
  CHECK(store.find_badge(*BadgeUid::parse("10000000"))->first_name == "Prénom0");
  CHECK(store.find_badge(*BadgeUid::parse("100004AF"))->first_name == "Prénom1199");

  for (int i = 0; i < 250; ++i) store.record_walk_in(now());  // more than one batch of 100
  client.poke();
  REQUIRE(client.wait_until_synced(20s));
  CHECK(store.pending_count() == 0);
  CHECK(server_visits(dir / "server.db") == 250);
}

TEST_CASE("sync retries while the server is away and catches up", "[sync-client]") {
  escale::testing::TempDir dir("escale-sync");
  const auto token = seed(dir / "server.db", 2);
  std::uint16_t port = 0;
  {
    InProcessServer probe(dir / "server.db");
    port = probe.server.port();
  }
  SyncSettings s;
  s.server_url = "http://127.0.0.1:" + std::to_string(port);
  s.token = token;
  s.interval = 200ms;
  s.max_backoff = 300ms;
  SyncClient client(dir / "kiosk.db", s);
  LocalStore store(dir / "kiosk.db");
  client.start();
  store.record_walk_in(now());
  client.poke();
  CHECK(failed_with(client, "unreachable"));
  CHECK_FALSE(client.status().last_success);
  CHECK(store.pending_count() == 1);

  InProcessServer server(dir / "server.db", port);
  REQUIRE(client.wait_until_synced(10s));
  CHECK(store.pending_count() == 0);
  CHECK(server_visits(dir / "server.db") == 1);
  CHECK(client.status().last_error.empty());
}

TEST_CASE("a wrong token is reported and nothing leaves the outbox", "[sync-client]") {
  escale::testing::TempDir dir("escale-sync");
  seed(dir / "server.db", 1);
  InProcessServer server(dir / "server.db");
  SyncSettings s;
  s.server_url = server.url();
  s.token = "esk_wrong";
  s.interval = 200ms;
  SyncClient client(dir / "kiosk.db", s);
  LocalStore store(dir / "kiosk.db");
  store.record_walk_in(now());
  client.start();
  CHECK(failed_with(client, "401"));
  CHECK_FALSE(client.status().last_success);
  CHECK(store.pending_count() == 1);
  CHECK(server_visits(dir / "server.db") == 0);
}

TEST_CASE("server URLs are checked", "[sync-client]") {
  CHECK(parse_server_url("http://127.0.0.1:8080")->port == "8080");
  CHECK(parse_server_url("http://escale.example/api/")->base_path == "/api");
  CHECK(parse_server_url("http://h:1/prefix/")->base_path == "/prefix");
  CHECK(parse_server_url("http://h")->port == "80");
  CHECK(parse_server_url("https://h")->tls);  // more in test_sync_https.cpp
  CHECK(parse_server_url("https://h")->port == "443");
  CHECK_FALSE(parse_server_url("http://h")->tls);
  CHECK_FALSE(parse_server_url("http://:80"));
  CHECK_FALSE(parse_server_url("http://h:port"));
}

// ---- an outbox no event can stop (issue 14)

namespace {

// An unreadable outbox row, inserted with raw SQL as a damaged file or
// another version would leave it: bad JSON, an unknown type, an invalid time,
// a first-schema row with an invalid time, a badge that cannot be encoded.
void insert_bad_row(LocalStore& store, int i) {
  const std::string id = make_uuid_v4();
  const std::string visit = make_uuid_v4();
  const std::string head = R"({"id":")" + id + R"(","visit_id":")" + visit + R"(",)";
  std::optional<std::string> type = "walk_in";
  std::optional<std::string> at = "2026-03-09T09:00:00.000Z";
  std::optional<std::string> badge;
  std::optional<std::string> body;
  switch (i % 5) {
    case 0:
      body = head + R"("type":"walk_in","at":)";
      break;
    case 1:
      body = head + R"("type":"teleport","at":"2026-03-09T09:00:00.000Z"})";
      break;
    case 2:
      body = head + R"("type":"walk_in","at":"hier"})";
      break;
    case 3:
      at = "hier";
      break;
    case 4:
      type = "check_in";
      badge = std::string("04A1\xFF");
      break;
  }
  store.database()
      .prepare(
          "INSERT INTO outbox (event_id, type, at, visit_id, member_id, badge_uid, body) VALUES (?, ?, ?, ?, 1, ?, ?)")
      .bind_all(id, type, at, visit, badge, body)
      .run();
}

std::int64_t kiosk_count(LocalStore& store, const std::string& sql) {
  auto st = store.database().prepare(sql);
  st.step();
  return st.int64(0);
}

// Waits until `done()` holds (polled), at most `timeout`.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

SyncSettings settings_for(const std::string& url, const std::string& token) {
  SyncSettings s;
  s.server_url = url;
  s.token = token;
  s.interval = 200ms;
  s.max_backoff = 400ms;
  return s;
}

}  // namespace

TEST_CASE("a poisoned outbox stops the kiosk's sync for good: 150 bad rows ahead of good ones", "[sync-client]") {
  escale::testing::TempDir dir("escale-sync");
  const auto token = seed(dir / "server.db", 2);
  InProcessServer server(dir / "server.db");
  LocalStore store(dir / "kiosk.db");
  for (int i = 0; i < 150; ++i) insert_bad_row(store, i);
  store.record_check_in(1, *BadgeUid::parse("10000000"), now());
  for (int i = 0; i < 19; ++i) store.record_walk_in(now());
  REQUIRE(store.pending_count() == 170);

  escale::tests::LogCapture log;
  SyncClient client(dir / "kiosk.db", settings_for(server.url(), token));
  client.start();
  REQUIRE(client.wait_until_synced(30s));
  INFO(log.text());
  // Every good event reached the server; the outbox is empty.
  CHECK(server_visits(dir / "server.db") == 20);
  CHECK(store.pending_count() == 0);
  // The bad ones are set aside with their reason, each said once in the log.
  CHECK(kiosk_count(store, "SELECT COUNT(*) FROM set_aside_events WHERE reason LIKE 'Envoi mis de côté : %'") == 150);
  CHECK(log.count({"[error]", "set aside"}) == 150);

  // More syncs: nothing more is set aside nor logged (once per row, not per attempt).
  store.record_walk_in(now());
  REQUIRE(client.wait_until_synced(30s));
  REQUIRE(client.wait_until_synced(30s));
  CHECK(server_visits(dir / "server.db") == 21);
  CHECK(log.count({"set aside"}) == 150);
  CHECK(store.rejected_count() == 150);
}

TEST_CASE("an event the server refuses whole (too large) is found, set aside, and the rest goes", "[sync-client]") {
  escale::testing::TempDir dir("escale-sync");
  const auto token = seed(dir / "server.db", 2);
  // A lower limit than the default (1 MiB) keeps the test light; the same happens at any limit.
  constexpr std::size_t kLimit = 64 * 1024;
  InProcessServer server(dir / "server.db", 0, {}, kLimit);
  LocalStore store(dir / "kiosk.db");
  for (int i = 0; i < 30; ++i) store.record_walk_in(now());
  sync::NewMember huge{std::string(kLimit + 1000, 'a'), "Morel", std::nullopt, std::nullopt, std::nullopt};
  store.record_member_create(huge, std::nullopt, now(), 1);
  for (int i = 0; i < 30; ++i) store.record_walk_in(now());

  escale::tests::LogCapture log;
  SyncClient client(dir / "kiosk.db", settings_for(server.url(), token));
  client.start();
  REQUIRE(client.wait_until_synced(30s));
  INFO(log.text());
  CHECK(server_visits(dir / "server.db") == 60);
  CHECK(store.pending_count() == 0);
  const auto refused = store.refused_events(5);
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].type == "member_create");
  CHECK(refused[0].set_aside_here);
  CHECK_THAT(refused[0].reason, Catch::Contains("HTTP 413") && Catch::Contains("exceeds the limit"));
  CHECK(log.count({"[error]", "set aside", "member_create"}) == 1);
  // Its content is kept on the kiosk for an operator.
  CHECK(kiosk_count(store, "SELECT length(body) FROM set_aside_events") > static_cast<std::int64_t>(kLimit));
}

TEST_CASE("an event a server of another version cannot read is set aside with the server's words", "[sync-client]") {
  escale::testing::TempDir dir("escale-sync");
  const auto token = seed(dir / "server.db", 2);
  // The real API behind a route that answers as a server without the help
  // agenda would: it refuses the whole push, naming the event it cannot read.
  std::atomic<int> refusals{0};
  const InProcessServer::Wrap older = [&](server::http::Handler api) -> server::http::Handler {
    return [&refusals, api](const server::http::Request& req) {
      if (req.target() == "/api/v1/sync") {
        const auto doc = nlohmann::json::parse(req.body());
        for (std::size_t i = 0; i < doc["events"].size(); ++i) {
          if (doc["events"][i]["type"] == "participant_status") {
            ++refusals;
            return server::http::json_error(
                boost::beast::http::status::bad_request,
                "events[" + std::to_string(i) + "].type: expected one of check_in, check_out, walk_in, …",
                req.version(), req.keep_alive());
          }
        }
      }
      return api(req);
    };
  };
  InProcessServer server(dir / "server.db", 0, older);
  LocalStore store(dir / "kiosk.db");
  for (int i = 0; i < 5; ++i) store.record_walk_in(now());
  store.record_participant_status(make_uuid_v4(), make_uuid_v4(), mediation::ParticipantStatus::Seen, now(), 1);
  for (int i = 0; i < 5; ++i) store.record_walk_in(now());

  escale::tests::LogCapture log;
  SyncClient client(dir / "kiosk.db", settings_for(server.url(), token));
  client.start();
  REQUIRE(client.wait_until_synced(30s));
  INFO(log.text());
  CHECK(server_visits(dir / "server.db") == 10);
  CHECK(refusals == 1);  // named: found at the first refusal
  const auto refused = store.refused_events(5);
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].type == "participant_status");
  CHECK_THAT(refused[0].reason, Catch::Contains("HTTP 400") && Catch::Contains("events[5].type"));
  CHECK(log.count({"set aside"}) == 1);
}

TEST_CASE("a server refusing every push sets nothing aside", "[sync-client]") {
  escale::testing::TempDir dir("escale-sync");
  const auto token = seed(dir / "server.db", 2);
  std::atomic<int> refusals{0};
  const InProcessServer::Wrap newer = [&](server::http::Handler api) -> server::http::Handler {
    return [&refusals, api](const server::http::Request& req) {
      if (req.target() != "/api/v1/sync") return api(req);
      ++refusals;
      return server::http::json_error(boost::beast::http::status::bad_request,
                                      "body.protocol: version 1 is not supported; this side speaks version 2",
                                      req.version(), req.keep_alive());
    };
  };
  InProcessServer server(dir / "server.db", 0, newer);
  LocalStore store(dir / "kiosk.db");
  for (int i = 0; i < 5; ++i) store.record_walk_in(now());
  SyncClient client(dir / "kiosk.db", settings_for(server.url(), token));
  client.start();
  // Several exchanges, each refused (the push, then the empty push that tells it is not the events).
  REQUIRE(eventually([&] { return refusals >= 6; }, 30s));
  client.stop();
  CHECK(store.pending_count() == 5);
  CHECK(store.rejected_count() == 0);
  CHECK_THAT(client.status().last_error, Catch::Contains("400") && Catch::Contains("version"));
}
