// End to end with real processes: members badge at a headless kiosk, the
// visits reach the server exactly once — also when the server or the kiosk is
// killed — and show in the report the server serves.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <regex>
#include <set>

#include "harness.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;

namespace {

struct Site {
  std::string token;
  std::string admin_token;
  std::vector<std::string> uids{"04A1B2C3", "04D5E6F708A1B2", "1A2B3C4D"};
  std::vector<std::string> names{"Marie", "Jean", "Élodie"};
};

// A server database made through the real command line.
Site make_site(const std::filesystem::path& db) {
  Site site;
  run_server_command({"init", "--db", db.string()});
  run_server_command({"site", "add", "--db", db.string(), "--name", "Tiers-lieu du Test", "--insee", "21425", "--hours",
                      "Mo-Su 00:00-24:00"});
  const std::vector<std::string> last{"Dupont", "Martin", "Lefèvre"};
  for (std::size_t i = 0; i < site.uids.size(); ++i) {
    const auto out = run_server_command(
        {"member", "add", "--db", db.string(), "--site", "1", "--first-name", site.names[i], "--last-name", last[i]});
    const std::string id = std::to_string(i + 1);
    REQUIRE(out.find("member " + id + " added") != std::string::npos);
    run_server_command({"badge", "add", "--db", db.string(), "--member", id, "--uid", site.uids[i]});
  }
  const auto out =
      run_server_command({"kiosk", "add", "--db", db.string(), "--site", "1", "--name", "test", "--print-token"});
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex("esk_[0-9a-f]{64}")));
  site.token = m.str();
  // The report's daily figures are for admins: an admin API token reads them.
  const auto admin = run_server_command({"admin", "add", "--db", db.string(), "--name", "rapports"});
  REQUIRE(std::regex_search(admin, m, std::regex("esa_[0-9a-f]{64}")));
  site.admin_token = m.str();
  return site;
}

class Kiosk {
 public:
  Kiosk(const TempDir& dir, const std::string& server_url, const std::string& token)
      : process_({ESCALE_KIOSK_BIN, "--headless", "--script", "-", "--db", (dir / "kiosk.db").string(), "--server",
                  server_url, "--token", token, "--shots", (dir / "shots").string(), "--sync-interval-ms", "200",
                  "--sync-max-backoff-ms", "500", "--min-visit", "0"},
                 dir / "kiosk.log") {}

  // Sends one script command and waits for its "ok".
  void run(const std::string& command, std::chrono::milliseconds timeout = 15s) {
    process_.write_line(command);
    const auto line = process_.read_line(timeout);
    INFO("command: " << command);
    REQUIRE(line.has_value());
    INFO("kiosk said: " << *line);
    REQUIRE(line->rfind("ok", 0) == 0);
  }
  Process& process() { return process_; }

 private:
  Process process_;
};

int count_visits(const std::filesystem::path& db, const std::string& where = "1=1") {
  escale::store::Database conn(db);
  auto st = conn.prepare("SELECT COUNT(*) FROM visits WHERE " + where);  // fixed SQL from the test itself
  st.step();
  return st.int32(0);
}

std::set<std::string> visit_ids(const std::filesystem::path& db) {
  escale::store::Database conn(db);
  auto st = conn.prepare("SELECT id FROM visits");
  std::set<std::string> ids;
  while (st.step()) ids.insert(st.text(0));
  return ids;
}

nlohmann::json today_in_report(int port, const std::string& admin_token) {
  const std::string today = escale::paris_date(escale::now());
  const auto reply =
      http_request(port, "GET", "/api/v1/reports/visits?site=1&from=" + today + "&to=" + today, {}, admin_token);
  REQUIRE(reply.status == 200);
  const auto doc = nlohmann::json::parse(reply.body);
  REQUIRE(doc["days"].size() == 1);
  return doc["days"][0];
}

}  // namespace

TEST_CASE("three members badge at the kiosk and the report shows them", "[e2e]") {
  TempDir dir("escale-e2e-report");
  const Site site = make_site(dir / "server.db");
  ServerProcess server(dir / "server.db", dir / "server.log");
  Kiosk kiosk(dir, server.url(), site.token);
  kiosk.run("sync 15s");
  kiosk.run("expect \"Tiers-lieu du Test\"");
  for (std::size_t i = 0; i < site.uids.size(); ++i) {
    kiosk.run("badge " + site.uids[i]);
    kiosk.run("expect \"Bonjour " + site.names[i] + "\"");
  }
  kiosk.run("tap \"Terminé\"");
  kiosk.run("tap \"Je suis de passage\"");
  kiosk.run("expect-screen walk-in");
  kiosk.run("sync 15s");

  const auto day = today_in_report(server.port(), site.admin_token);
  CHECK(day["visits"] == 4);
  CHECK(day["members"] == 3);
  CHECK(day["walk_ins"] == 1);
  CHECK(day["unique_visitors"] == 4);

  // Leaving a minute later: the check-out reaches the server too.
  kiosk.run("clock +1m");
  kiosk.run("badge " + site.uids[0]);
  kiosk.run("expect \"Au revoir Marie\"");
  kiosk.run("sync 15s");
  CHECK(count_visits(dir / "server.db", "check_out IS NOT NULL") == 1);

  const auto csv = http_request(server.port(), "GET", "/api/v1/reports/visits?site=1&format=csv", {}, site.admin_token);
  CHECK(csv.status == 200);
  CHECK(csv.content_type.find("text/csv") != std::string::npos);
  CHECK(csv.body.rfind("date,visits,unique_visitors,members,walk_ins\r\n", 0) == 0);

  kiosk.run("quit");
  CHECK(kiosk.process().wait(10s) == 0);
  CHECK(server.stop() == 0);
}

TEST_CASE("server killed: the kiosk goes on, and every visit arrives exactly once", "[e2e]") {
  TempDir dir("escale-e2e-server-crash");
  const Site site = make_site(dir / "server.db");
  auto server = std::make_unique<ServerProcess>(dir / "server.db", dir / "server.log");
  const int port = server->port();
  Kiosk kiosk(dir, server->url(), site.token);
  kiosk.run("sync 15s");
  kiosk.run("badge " + site.uids[0]);
  kiosk.run("sync 15s");
  REQUIRE(count_visits(dir / "server.db") == 1);

  server->kill_hard();
  // The kiosk greets as usual while the server is gone.
  kiosk.run("badge " + site.uids[1]);
  kiosk.run("expect \"Bonjour Jean\"");
  kiosk.run("badge " + site.uids[2]);
  kiosk.run("expect \"Bonjour Élodie\"");
  kiosk.run("tap \"Terminé\"");
  kiosk.run("tap \"Je suis de passage\"");
  kiosk.run("wait 1s");

  server = std::make_unique<ServerProcess>(dir / "server.db", dir / "server.log", port);
  kiosk.run("sync 20s");
  CHECK(count_visits(dir / "server.db") == 4);
  CHECK(visit_ids(dir / "server.db") == visit_ids(dir / "kiosk.db"));
  // One more exchange changes nothing: no visit is counted twice.
  kiosk.run("sync 20s");
  CHECK(count_visits(dir / "server.db") == 4);
  kiosk.run("quit");
  CHECK(kiosk.process().wait(10s) == 0);
}

TEST_CASE("kiosk killed right after a greeting: that visit still reaches the server", "[e2e]") {
  TempDir dir("escale-e2e-kiosk-crash");
  const Site site = make_site(dir / "server.db");
  std::string kiosk_visit;
  {
    auto server = std::make_unique<ServerProcess>(dir / "server.db", dir / "server.log");
    const std::string url = server->url();
    {
      Kiosk first(dir, url, site.token);
      first.run("sync 15s");  // learn the members
      server->kill_hard();    // then the server goes away
      server.reset();
      first.run("badge " + site.uids[0]);
      first.run("expect \"Bonjour Marie\"");
      first.process().signal(SIGKILL);  // the kiosk dies right after greeting
      first.process().wait(5s);
    }
    REQUIRE(visit_ids(dir / "kiosk.db").size() == 1);
    kiosk_visit = *visit_ids(dir / "kiosk.db").begin();
  }
  ServerProcess server(dir / "server.db", dir / "server.log");
  Kiosk second(dir, server.url(), site.token);
  second.run("sync 20s");
  const auto ids = visit_ids(dir / "server.db");
  CHECK(ids == std::set<std::string>{kiosk_visit});
  second.run("quit");
  CHECK(second.process().wait(10s) == 0);
}
