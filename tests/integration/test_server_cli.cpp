// escale-server as an operator runs it: the configuration file, the refusal
// to serve plain HTTP off loopback, enrolment codes from « kiosk add »
// exchanged over HTTP, a backup taken while the server works, and a command
// run as root on the service's database.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <regex>

#include "harness.hpp"
#include "store/database.hpp"
#include "sync/protocol.hpp"

using namespace escale::testing;
using nlohmann::json;
using Args = std::vector<std::string>;

namespace {

std::string empty_push() {
  escale::sync::SyncRequest request;
  request.kiosk_version = "0.1.0";
  return escale::sync::encode(request);
}

std::string enrolment_code(const std::string& output) {
  std::smatch m;
  const std::regex code(R"(Enrolment code \(valid 7 days, once\): ([A-Z2-9]{5}-[A-Z2-9]{5}))");
  if (!std::regex_search(output, m, code)) return "";
  return m[1];
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("server cli: kiosk add gives a code that the API exchanges once for a token that syncs", "[cli][enrolment]") {
  TempDir dir("escale-cli");
  const auto db = (dir / "escale.db").string();
  run_server_command(Args{"init", "--db", db});
  run_server_command(Args{"site", "add", "--db", db, "--name", "Tiers-lieu de Vouziers", "--insee", "08490", "--hours",
                          "Mo-Fr 09:00-18:00"});
  const auto added = run_server_command(Args{"kiosk", "add", "--db", db, "--site", "1", "--name", "entrée"});
  const auto code = enrolment_code(added);
  INFO(added);
  REQUIRE_FALSE(code.empty());
  CHECK_THAT(added, Catch::Contains("Inscription de la borne"));

  ServerProcess server(db, (dir / "server.log"));
  const auto reply = http_request(server.port(), "POST", "/api/v1/kiosks/enrol", json({{"code", code}}).dump());
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  const auto token = json::parse(reply.body)["token"].get<std::string>();
  CHECK(json::parse(reply.body)["site_name"] == "Tiers-lieu de Vouziers");
  const auto sync = http_request(server.port(), "POST", "/api/v1/sync", empty_push(), token);
  CHECK(sync.status == 200);
  CHECK(http_request(server.port(), "POST", "/api/v1/kiosks/enrol", json({{"code", code}}).dump()).status == 403);

  // A reinstalled kiosk: a new code, and the old token stops when it is used.
  const auto again = enrolment_code(run_server_command(Args{"kiosk", "code", "--db", db, "--id", "1"}));
  REQUIRE_FALSE(again.empty());
  CHECK(again != code);
  const auto second = http_request(server.port(), "POST", "/api/v1/kiosks/enrol", json({{"code", again}}).dump());
  REQUIRE(second.status == 200);
  CHECK(http_request(server.port(), "POST", "/api/v1/sync", empty_push(), token).status == 401);
}

TEST_CASE("server cli: the configuration file, and no plain HTTP off loopback unless allowed", "[cli][config]") {
  TempDir dir("escale-cli");
  const auto db = (dir / "escale.db").string();
  const auto config = (dir / "server.toml");
  write_file(config, "[server]\ndatabase = \"" + db + "\"\nlisten = \"0.0.0.0:0\"\n");
  {
    Process p(Args{ESCALE_SERVER_BIN, "serve", "--config", config.string()}, (dir / "refused.log"));
    CHECK(p.wait(std::chrono::seconds(10)) == 2);
    std::ifstream log((dir / "refused.log"));
    const std::string text((std::istreambuf_iterator<char>(log)), {});
    CHECK_THAT(text,
               Catch::Contains("refusing to serve plain HTTP on 0.0.0.0:0") && Catch::Contains("allow_plain_http"));
  }
  // The database came from the file: nothing was created by the refusal.
  CHECK_FALSE(std::filesystem::exists(db));
  {
    Process p(Args{ESCALE_SERVER_BIN, "serve", "--config", config.string(), "--allow-plain-http"}, (dir / "open.log"));
    const auto line = p.wait_for_line("listening on http://0.0.0.0:", std::chrono::seconds(10));
    REQUIRE(line);
    const int port = std::stoi(line->substr(line->rfind(':') + 1));
    CHECK(http_request(port, "GET", "/healthz").status == 200);
    p.signal(SIGTERM);
    CHECK(p.wait(std::chrono::seconds(10)) == 0);
  }
  // Every subcommand reads the database's path from the file.
  CHECK_THAT(run_server_command(Args{"kiosk", "list", "--config", config.string()}), Catch::Equals(""));
  CHECK(std::filesystem::exists(db));
  // A typo in the file stops the command, naming the line.
  write_file(config, "[server]\ndatabase = \"" + db + "\"\nlisten = \"127.0.0.1:0\"\nthreds = 2\n");
  Process typo(Args{ESCALE_SERVER_BIN, "serve", "--config", config.string()}, (dir / "typo.log"));
  CHECK(typo.wait(std::chrono::seconds(10)) == 2);
  std::ifstream log((dir / "typo.log"));
  const std::string text((std::istreambuf_iterator<char>(log)), {});
  CHECK_THAT(text, Catch::Contains("server.toml:4") && Catch::Contains("threds"));
}

TEST_CASE("server cli: a backup taken while the server writes is a consistent database", "[cli][backup]") {
  TempDir dir("escale-cli");
  const auto db = (dir / "escale.db").string();
  run_server_command(Args{"init", "--db", db});
  run_server_command(
      Args{"site", "add", "--db", db, "--name", "Lieu", "--insee", "21425", "--hours", "Mo-Fr 09:00-18:00"});
  run_server_command(Args{"kiosk", "add", "--db", db, "--site", "1"});
  ServerProcess server(db, (dir / "server.log"));
  const auto copy = (dir / "copie.db");
  CHECK_THAT(run_server_command(Args{"backup", "--db", db, "--to", copy.string()}), Catch::Contains("written to"));
  {
    escale::store::Database backup(copy);
    auto st = backup.prepare("SELECT count(*) FROM kiosks");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 1);
    auto check = backup.prepare("PRAGMA integrity_check");
    REQUIRE(check.step());
    CHECK(check.text(0) == "ok");
  }
  // Never over an existing file.
  Process refused(Args{ESCALE_SERVER_BIN, "backup", "--db", db, "--to", copy.string()}, (dir / "refused.log"));
  CHECK(refused.wait(std::chrono::seconds(10)) == 1);
  // To standard output (the shell opens the file).
  Process to_stdout(Args{ESCALE_SERVER_BIN, "backup", "--db", db, "--to", "-"});
  std::string bytes;
  while (auto line = to_stdout.read_line(std::chrono::seconds(10))) bytes += *line + "\n";
  CHECK(to_stdout.wait(std::chrono::seconds(10)) == 0);
  CHECK(bytes.rfind("SQLite format 3", 0) == 0);
  CHECK(server.stop() == 0);
}

TEST_CASE("server cli: run as root on the service's database, a command becomes its owner", "[cli][root]") {
  if (::geteuid() != 0) {
    WARN("not root: the switch to the database owner cannot be checked here (CI runs as root)");
    return;
  }
  TempDir dir("escale-cli");
  const auto state = (dir / "state");
  std::filesystem::create_directories(state);
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_exec |
                                               std::filesystem::perms::others_exec);
  REQUIRE(::chown(state.c_str(), 65534, 65534) == 0);  // nobody:nogroup
  const auto db = (state / "escale.db").string();
  run_server_command(Args{"init", "--db", db});
  run_server_command(
      Args{"site", "add", "--db", db, "--name", "Lieu", "--insee", "21425", "--hours", "Mo-Fr 09:00-18:00"});
  for (const auto& entry : std::filesystem::directory_iterator(state)) {
    struct stat info {};
    REQUIRE(::stat(entry.path().c_str(), &info) == 0);
    INFO(entry.path());
    CHECK(info.st_uid == 65534);
  }
}
