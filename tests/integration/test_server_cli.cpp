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

#include "domain/uuid.hpp"
#include "harness.hpp"
#include "store/activities.hpp"
#include "store/database.hpp"
#include "store/members.hpp"
#include "store/schema.hpp"
#include "store/site_mediation.hpp"
#include "store/sites.hpp"
#include "sync/protocol.hpp"
#include "text/csv.hpp"

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

// Issue 14: a site's name or a workshop's title starting with = went as it
// was into the files « escale-server export … » writes.
TEST_CASE("spreadsheet formulas in CSV: escale-server export writes names and titles as text", "[cli][csv]") {
  TempDir dir("escale-cli");
  const auto db = (dir / "escale.db").string();
  const std::string site_name = "=HYPERLINK(\"https://evil.example\",\"Cliquez\")";
  const std::string title = "@SUM(1+1)";
  {
    auto conn = escale::server::open_server_db(db);
    const auto site =
        escale::server::add_site(conn, escale::Site{0, site_name, "-1 rue du Port", "21425", "Mo-Fr 09:00-18:00"});
    REQUIRE(site.ok());
    escale::Member m;
    m.site_id = site->id;
    m.first_name = "Nadia";
    m.last_name = "Benali";
    m.roles = {escale::Role::Member, escale::Role::Mediator};
    const auto nadia = escale::server::add_member(conn, m);
    REQUIRE(nadia.ok());
    escale::mediation::ActivityRecord r;
    r.id = escale::make_uuid_v4();
    r.site_id = site->id;
    r.mediator_id = nadia->id;
    r.collective = true;
    r.date = escale::CivilDate{2026, 3, 19};
    r.duration = std::chrono::minutes(90);
    r.themes = {"email"};
    r.participants = 6;
    r.workshop_title = title;
    const auto recorded = escale::server::record_activity(conn, r, escale::server::Actor{});
    INFO((recorded ? std::string() : recorded.error()));
    REQUIRE(recorded.ok());
    escale::server::SiteMediationInfo info;
    info.site_id = site->id;
    info.pivot = "12345678900015";
    info.postal_code = "21500";
    info.commune = "Montbard";
    info.phone = "03 80 00 00 00";
    const auto details = escale::server::set_site_mediation(conn, info, escale::server::Actor{});
    INFO((details ? std::string() : details.error()));
    REQUIRE(details.ok());
  }
  const auto read = [](const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  for (const bool spreadsheet : {false, true}) {
    CAPTURE(spreadsheet);
    const char separator = spreadsheet ? ';' : ',';
    const auto out = dir / (spreadsheet ? "cra-tableur.csv" : "cra.csv");
    Args args{"export", "activities", "--db", db, "--out", out.string()};
    if (spreadsheet) args.push_back("--tableur");
    run_server_command(args);
    const auto text = read(out);
    INFO(text);
    const std::string s(1, separator);
    CHECK_THAT(text, Catch::Contains(s + "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Cliquez\"\")\"" + s));
    CHECK_THAT(text, Catch::Contains(s + "'@SUM(1+1)" + s));
    const auto rows = escale::csv::parse(text, separator);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1][1] == site_name);
    CHECK(rows[1][18] == title);
  }
  // La Coop's shapes (issue 19): the title neutralised in the CSV, as it is in the JSON.
  for (const bool spreadsheet : {false, true}) {
    CAPTURE(spreadsheet);
    const char separator = spreadsheet ? ';' : ',';
    const auto out = dir / (spreadsheet ? "coop-tableur.csv" : "coop.csv");
    Args args{"export", "activities", "--format", "coop-csv", "--db", db, "--out", out.string()};
    if (spreadsheet) args.push_back("--tableur");
    run_server_command(args);
    const auto text = read(out);
    INFO(text);
    CHECK_THAT(text, Catch::Contains(std::string(1, separator) + "'@SUM(1+1)" + std::string(1, separator)));
    const auto rows = escale::csv::parse(text, separator);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0][0] == "id");
    CHECK(rows[1][1] == "collectif");
    CHECK(rows[1][21] == title);  // titre_atelier
  }
  const auto coop_json = dir / "coop.json";
  run_server_command(Args{"export", "activities", "--format", "coop-json", "--db", db, "--out", coop_json.string()});
  const auto doc = nlohmann::json::parse(read(coop_json));
  REQUIRE(doc["data"].size() == 1);
  CHECK(doc["data"][0]["attributes"]["titre_atelier"] == title);
  CHECK(doc["meta"]["total_count"] == 1);

  const auto places = dir / "lieux.csv";
  run_server_command(Args{"export", "lieux-mediation", "--db", db, "--out", places.string()});
  const auto text = read(places);
  INFO(text);
  CHECK_THAT(text, Catch::Contains(",\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Cliquez\"\")\","));
  CHECK_THAT(text, Catch::Contains(",'-1 rue du Port,"));
  CHECK_THAT(text, Catch::Contains(",+33380000000,"));
}
