// The installation path, end to end with the real programs: a first
// certificate from « escale-server tls self-signed », the server on HTTPS from
// its configuration file, a kiosk enrolled with the code of « kiosk add »
// typed on its first-run screen, and a badge whose visit reaches the server
// over TLS. Then what an installer sees when the kiosk does not trust the
// certificate.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "harness.hpp"
#include "store/database.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;
using Args = std::vector<std::string>;

namespace {

struct HttpsSite {
  TempDir dir{"escale-https"};
  std::filesystem::path db = dir / "escale.db";
  std::filesystem::path cert = dir / "tls" / "server.crt";
  std::filesystem::path key = dir / "tls" / "server.key";
  std::filesystem::path config = dir / "server.toml";

  HttpsSite() {
    run_server_command(Args{"tls", "self-signed", "--cert", cert.string(), "--key", key.string(), "--name", "localhost",
                            "--ip", "127.0.0.1"});
    run_server_command(Args{"init", "--db", db.string()});
    run_server_command(Args{"site", "add", "--db", db.string(), "--name", "Tiers-lieu de Vouziers", "--insee", "08490",
                            "--hours", "Mo-Su 00:00-24:00"});
    run_server_command(
        Args{"member", "add", "--db", db.string(), "--site", "1", "--first-name", "Marie", "--last-name", "Dupont"});
    run_server_command(Args{"badge", "add", "--db", db.string(), "--member", "1", "--uid", "04A1B2C3"});
    std::ofstream(config) << "[server]\ndatabase = \"" << db.string() << "\"\nlisten = \"0.0.0.0:0\"\n"
                          << "[tls]\ncertificate = \"" << cert.string() << "\"\nprivate_key = \"" << key.string()
                          << "\"\n";
  }

  std::string new_code() {
    const auto out = run_server_command(Args{"kiosk", "add", "--config", config.string(), "--site", "1"});
    std::smatch m;
    if (!std::regex_search(out, m, std::regex(R"(([A-Z2-9]{5}-[A-Z2-9]{5}))"))) return "";
    return m[1];
  }

  int visits() {
    escale::store::Database conn(db);
    auto st = conn.prepare("SELECT count(*) FROM visits");
    st.step();
    return st.int32(0);
  }
};

// Sends one script command and waits for its answer line.
std::string run(Process& kiosk, const std::string& command, std::chrono::milliseconds timeout = 20s) {
  kiosk.write_line(command);
  const auto line = kiosk.read_line(timeout);
  return line.value_or("(no answer)");
}

}  // namespace

TEST_CASE("https: the kiosk enrols with its code and its visits reach the server over TLS", "[https][enrolment]") {
  HttpsSite site;
  const auto code = site.new_code();
  REQUIRE_FALSE(code.empty());
  Process server(Args{ESCALE_SERVER_BIN, "serve", "--config", site.config.string()}, site.dir / "server.log");
  const auto line = server.wait_for_line("listening on https://0.0.0.0:", 10s);
  REQUIRE(line);
  const std::string url = "https://127.0.0.1:" + line->substr(line->rfind(':') + 1);

  Process kiosk(Args{ESCALE_KIOSK_BIN, "--headless", "--script", "-", "--db", (site.dir / "kiosk.db").string(),
                     "--server", url, "--ca-file", site.cert.string(), "--shots", (site.dir / "shots").string(),
                     "--sync-interval-ms", "200", "--sync-max-backoff-ms", "500", "--min-visit", "0"},
                site.dir / "kiosk.log");
  for (const std::string& command :
       std::vector<std::string>{"expect-screen enrol", "type \"" + code + "\"", "tap \"Inscrire la borne\"",
                                "wait-text \"Borne inscrite\" 15s", "tap \"Commencer\"", "expect-screen attract",
                                "badge 04A1B2C3", "wait-screen greeting 5s", "sync 15s"}) {
    INFO(command);
    CHECK_THAT(run(kiosk, command), Catch::StartsWith("ok"));
  }
  CHECK(site.visits() == 1);
  kiosk.close_stdin();
  CHECK(kiosk.wait(10s) == 0);

  // Restarted, the kiosk remembers its token: no first-run screen, and it still syncs.
  Process again(Args{ESCALE_KIOSK_BIN, "--headless", "--script", "-", "--db", (site.dir / "kiosk.db").string(),
                     "--server", url, "--ca-file", site.cert.string(), "--shots", (site.dir / "shots").string(),
                     "--sync-interval-ms", "200", "--min-visit", "0"},
                site.dir / "kiosk2.log");
  CHECK_THAT(run(again, "expect-screen attract"), Catch::StartsWith("ok"));
  CHECK_THAT(run(again, "sync 15s"), Catch::StartsWith("ok"));
  again.close_stdin();
  CHECK(again.wait(10s) == 0);
  server.signal(SIGTERM);
  CHECK(server.wait(10s) == 0);
}

TEST_CASE("https: a kiosk that does not trust the certificate says so, and the code stays unused",
          "[https][enrolment]") {
  HttpsSite site;
  const auto code = site.new_code();
  REQUIRE_FALSE(code.empty());
  Process server(Args{ESCALE_SERVER_BIN, "serve", "--config", site.config.string()}, site.dir / "server.log");
  const auto line = server.wait_for_line("listening on https://0.0.0.0:", 10s);
  REQUIRE(line);
  const std::string port = line->substr(line->rfind(':') + 1);

  SECTION("no CA file: the system's store does not know a self-signed certificate") {
    Process kiosk(
        Args{ESCALE_KIOSK_BIN, "--headless", "--script", "-", "--db", (site.dir / "kiosk.db").string(), "--server",
             "https://127.0.0.1:" + port, "--shots", std::string(ESCALE_BINARY_DIR) + "/screenshots/https"},
        site.dir / "kiosk.log");
    for (const std::string& command :
         std::vector<std::string>{"expect-screen enrol", "type \"" + code + "\"", "tap \"Inscrire la borne\"",
                                  "wait-text \"ne reconnaît pas son certificat\" 15s", "expect \"ca_file\"",
                                  "screenshot certificat-refuse.png"}) {
      INFO(command);
      CHECK_THAT(run(kiosk, command), Catch::StartsWith("ok"));
    }
  }
  SECTION("a name the certificate does not carry") {
    Process kiosk(
        Args{ESCALE_KIOSK_BIN, "--headless", "--script", "-", "--db", (site.dir / "kiosk.db").string(), "--server",
             "https://127.0.0.2:" + port, "--ca-file", site.cert.string(), "--shots", (site.dir / "shots").string()},
        site.dir / "kiosk.log");
    for (const std::string& command :
         std::vector<std::string>{"expect-screen enrol", "type \"" + code + "\"", "tap \"Inscrire la borne\"",
                                  "wait-text \"ne reconnaît pas son certificat\" 15s", "expect \"127.0.0.2\""}) {
      INFO(command);
      CHECK_THAT(run(kiosk, command), Catch::StartsWith("ok"));
    }
  }
  // The code was not spent: a kiosk that trusts the server can still use it.
  escale::store::Database conn(site.db);
  auto st = conn.prepare("SELECT count(*) FROM kiosk_enrolment_codes WHERE used_at IS NULL");
  REQUIRE(st.step());
  CHECK(st.int32(0) == 1);
}
