// The installation path, end to end with the real programs: a first
// certificate from « escale-server tls self-signed », the server on HTTPS from
// its configuration file, a kiosk enrolled with the code of « kiosk add »
// typed on its first-run screen, and a badge whose visit reaches the server
// over TLS. Then what an installer sees when the kiosk does not trust the
// certificate; a badge tapped before the first pull (« préparation »), with
// the network cut between the kiosk and the server by a relay the test holds;
// and the same server on an IPv6 address (https://[::1]:port).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <fstream>
#include <mutex>
#include <regex>
#include <thread>

#include "harness.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

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

  // `ip`: the address the certificate names and the server listens on ("::1": IPv6).
  explicit HttpsSite(const std::string& ip = "127.0.0.1") {
    run_server_command(
        Args{"tls", "self-signed", "--cert", cert.string(), "--key", key.string(), "--name", "localhost", "--ip", ip});
    run_server_command(Args{"init", "--db", db.string()});
    run_server_command(Args{"site", "add", "--db", db.string(), "--name", "Tiers-lieu de Vouziers", "--insee", "08490",
                            "--hours", "Mo-Su 00:00-24:00"});
    run_server_command(
        Args{"member", "add", "--db", db.string(), "--site", "1", "--first-name", "Marie", "--last-name", "Dupont"});
    run_server_command(Args{"badge", "add", "--db", db.string(), "--member", "1", "--uid", "04A1B2C3"});
    const std::string listen = ip == "127.0.0.1" ? "0.0.0.0:0" : "[" + ip + "]:0";
    std::ofstream(config) << "[server]\ndatabase = \"" << db.string() << "\"\nlisten = \"" << listen << "\"\n"
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
  // The check-in times the server holds (ISO 8601 UTC text).
  std::vector<std::string> check_ins() {
    escale::store::Database conn(db);
    auto st = conn.prepare("SELECT check_in FROM visits ORDER BY check_in");
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
  }
};

// A TCP relay on 127.0.0.1 in front of the server: the test decides how many
// connections go through (the kiosk opens one per exchange); the others are
// closed at once, as a network that drops. TLS passes through untouched.
class Relay {
 public:
  explicit Relay(int upstream_port) : upstream_port_(upstream_port) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(listener_ >= 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener_, reinterpret_cast<const sockaddr*>(&at), sizeof at) == 0);
    REQUIRE(::listen(listener_, 16) == 0);
    socklen_t size = sizeof at;
    REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&at), &size) == 0);
    port_ = ntohs(at.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~Relay() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);  // wakes accept()
    acceptor_.join();
    std::lock_guard lock(mutex_);
    for (auto& t : pumps_) t.join();
    ::close(listener_);
  }
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;
  int port() const { return port_; }
  // The next `n` connections go through; -1: all of them from now on.
  void allow(int n) { allowed_ = n; }
  int dropped() const { return dropped_; }

 private:
  void accept_loop() {
    while (!stopping_) {
      const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) {
        if (stopping_) return;
        continue;
      }
      int allowed = allowed_.load();
      while (allowed != 0 && !allowed_.compare_exchange_weak(allowed, allowed > 0 ? allowed - 1 : allowed)) {
      }
      if (allowed == 0) {
        ++dropped_;
        ::close(client);
        continue;
      }
      const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in to{};
      to.sin_family = AF_INET;
      to.sin_port = htons(static_cast<std::uint16_t>(upstream_port_));
      to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (server < 0 || ::connect(server, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
        if (server >= 0) ::close(server);
        ::close(client);
        continue;
      }
      std::lock_guard lock(mutex_);
      pumps_.emplace_back([this, client, server] { pump(client, server); });
    }
  }
  // Copies both ways until either side closes (or the relay stops).
  void pump(int a, int b) {
    std::array<char, 16384> buffer{};
    pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    while (!stopping_) {
      if (::poll(fds, 2, 100) < 0) break;
      bool done = false;
      for (int i = 0; i < 2 && !done; ++i) {
        if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
        if (n <= 0) {
          done = true;
          break;
        }
        const int to = fds[1 - i].fd;
        for (ssize_t sent = 0; sent < n && !done;) {
          const ssize_t w = ::write(to, buffer.data() + sent, static_cast<std::size_t>(n - sent));
          if (w <= 0) done = true;
          sent += std::max<ssize_t>(w, 0);
        }
      }
      if (done) break;
    }
    ::close(a);
    ::close(b);
  }

  int upstream_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> allowed_{0};
  std::atomic<int> dropped_{0};
  std::mutex mutex_;
  std::vector<std::thread> pumps_;
  std::thread acceptor_;
};

std::string port_of(const std::string& listening_line) {
  return listening_line.substr(listening_line.rfind(':') + 1);
}

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
  // The badge comes at once, likely before the first pull has landed: noted
  // then (« La borne se prépare… »), and counted once the members are known;
  // or, on a quick machine, a check-in straight away. Either way, one visit.
  for (const std::string& command : std::vector<std::string>{
           "expect-screen enrol", "type \"" + code + "\"", "tap \"Inscrire la borne\"",
           "wait-text \"Borne inscrite\" 15s", "badge 04A1B2C3", "expect-not \"pas encore enregistré\"",
           // Préparation ends with the first pull, and the noted tap becomes a check-in in the outbox.
           "wait-no-text \"se prépare\" 30s", "sync 30s"}) {
    INFO(command);
    CHECK_THAT(run(kiosk, command, 40s), Catch::StartsWith("ok"));
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

TEST_CASE(
    "préparation: a badge tapped before the first pull is noted, survives a restart, and counts once with its "
    "own time",
    "[https][enrolment][preparation]") {
  HttpsSite site;
  const auto code = site.new_code();
  REQUIRE_FALSE(code.empty());
  Process server(Args{ESCALE_SERVER_BIN, "serve", "--config", site.config.string()}, site.dir / "server.log");
  const auto line = server.wait_for_line("listening on https://0.0.0.0:", 10s);
  REQUIRE(line);
  // The kiosk reaches the server through the relay: the enrolment goes
  // through, then the network is down until the test says otherwise.
  Relay relay(std::stoi(port_of(*line)));
  relay.allow(1);
  const std::string url = "https://127.0.0.1:" + std::to_string(relay.port());
  const auto kiosk_args = [&](const std::string& log) {
    return Process(
        Args{ESCALE_KIOSK_BIN, "--headless", "--script", "-", "--db", (site.dir / "kiosk.db").string(), "--server", url,
             "--ca-file", site.cert.string(), "--shots", std::string(ESCALE_BINARY_DIR) + "/screenshots/https",
             "--sync-interval-ms", "200", "--sync-max-backoff-ms", "500", "--min-visit", "0"},
        site.dir / log);
  };
  std::chrono::system_clock::time_point tapped_before;
  {
    Process kiosk = kiosk_args("kiosk.log");
    for (const std::string& command : std::vector<std::string>{
             "expect-screen enrol", "type \"" + code + "\"", "tap \"Inscrire la borne\"",
             "wait-text \"Borne inscrite\" 15s", "expect \"Les badges passés d’ici là sont notés\"",
             "tap \"Commencer\"", "expect-screen preparing", "expect \"La borne se prépare…\"", "badge 04A1B2C3",
             "expect-screen preparing", "expect \"La borne se prépare… votre passage est noté.\"",
             "expect-not \"pas encore enregistré\"",
             // The first sync fails: said plainly, the tap still counts.
             "wait-text \"n’arrive pas à joindre le serveur\" 20s", "screenshot preparation-offline.png"}) {
      INFO(command);
      REQUIRE_THAT(run(kiosk, command), Catch::StartsWith("ok"));
    }
    tapped_before = std::chrono::system_clock::now();
    kiosk.close_stdin();
    CHECK(kiosk.wait(10s) == 0);
  }
  CHECK(relay.dropped() > 0);
  CHECK(site.visits() == 0);

  // Restarted while the network is still down: still in préparation, the tap kept.
  Process again = kiosk_args("kiosk2.log");
  CHECK_THAT(run(again, "expect-screen preparing"), Catch::StartsWith("ok"));
  CHECK_THAT(run(again, "expect \"La borne se prépare…\""), Catch::StartsWith("ok"));
  // The network is back: the first pull lands, the tap becomes Marie's check-in, with its own time.
  relay.allow(-1);
  for (const std::string& command :
       std::vector<std::string>{"wait-screen attract 30s", "expect \"Passez votre badge\"", "sync 30s"}) {
    INFO(command);
    CHECK_THAT(run(again, command, 40s), Catch::StartsWith("ok"));
  }
  const auto check_ins = site.check_ins();
  REQUIRE(check_ins.size() == 1);
  const auto at = escale::parse_iso_utc(check_ins[0]);
  REQUIRE(at);
  CHECK(*at <= tapped_before);  // the tap's time, not the time it was counted
  // Nothing more: the tap is counted once, restarts or not.
  CHECK_THAT(run(again, "sync 15s"), Catch::StartsWith("ok"));
  CHECK(site.visits() == 1);
  again.close_stdin();
  CHECK(again.wait(10s) == 0);
  server.signal(SIGTERM);
  CHECK(server.wait(10s) == 0);
}

TEST_CASE("IPv6 literal: a kiosk enrols with https://[::1]:port and its visits reach the server",
          "[https][enrolment][ipv6]") {
  HttpsSite site("::1");
  const auto code = site.new_code();
  REQUIRE_FALSE(code.empty());
  Process server(Args{ESCALE_SERVER_BIN, "serve", "--config", site.config.string()}, site.dir / "server.log");
  const auto line = server.wait_for_line("listening on https://", 10s);
  if (!line) {
    WARN("the server could not listen on [::1] (no IPv6 loopback here?): the IPv6 path is not tested");
    return;
  }
  const std::string url = "https://[::1]:" + port_of(*line);
  Process kiosk(Args{ESCALE_KIOSK_BIN, "--headless", "--script", "-", "--db", (site.dir / "kiosk.db").string(),
                     "--server", url, "--ca-file", site.cert.string(), "--shots", (site.dir / "shots").string(),
                     "--sync-interval-ms", "200", "--sync-max-backoff-ms", "500", "--min-visit", "0"},
                site.dir / "kiosk.log");
  for (const std::string& command :
       std::vector<std::string>{"expect-screen enrol", "expect \"" + url + "\"", "type \"" + code + "\"",
                                "tap \"Inscrire la borne\"", "wait-text \"Borne inscrite\" 15s", "tap \"Commencer\"",
                                "wait-screen attract 30s", "badge 04A1B2C3", "expect-screen greeting", "sync 30s"}) {
    INFO(command);
    CHECK_THAT(run(kiosk, command, 40s), Catch::StartsWith("ok"));
  }
  CHECK(site.visits() == 1);
  kiosk.close_stdin();
  CHECK(kiosk.wait(10s) == 0);
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
