// The kiosk's sync client against the real HTTP API in-process: outbox
// drained in order, retries while the server is away, clear errors for a bad
// token, paging through many changes.
#include "sync/sync_client.hpp"

#include <catch2/catch.hpp>

#include <thread>

#include "api/routes.hpp"
#include "harness.hpp"
#include "http/http_server.hpp"
#include "store/connection_pool.hpp"
#include "store/credentials.hpp"
#include "store/local_store.hpp"
#include "store/members.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"

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

struct InProcessServer {
  explicit InProcessServer(const std::filesystem::path& db, std::uint16_t port = 0)
      : pool(db, 3),
        server(
            [&] {
              server::http::ServerOptions o;
              o.port = port;
              o.threads = 2;
              return o;
            }(),
            server::make_api(pool)) {
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
