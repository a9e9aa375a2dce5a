// The kiosk's HTTPS client (sync/http_client) against the server's real
// HTTPS layer in-process: trust through [server] ca_file, the errors an
// installer meets (untrusted, wrong name, missing CA file, wrong scheme), a
// full SyncClient sync over HTTPS with the real API, and the
// `escale-server tls` commands of the built binary.
#include "sync/http_client.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
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
#include "sync/sync_client.hpp"
#include "tls/self_signed.hpp"

using namespace escale;
using namespace escale::kiosk;
using namespace std::chrono_literals;

namespace {

namespace http = escale::server::http;
namespace tls = escale::server::tls;

// A certificate for the given names in `dir`; returns its files.
http::TlsFiles make_certificate(const testing::TempDir& dir, const std::string& stem,
                                const tls::SelfSignedRequest& request) {
  http::TlsFiles files{dir / (stem + ".crt"), dir / (stem + ".key")};
  tls::write_pem_files(tls::make_self_signed(request), files.certificate, files.private_key);
  return files;
}

struct Server {
  Server(std::optional<http::TlsFiles> tls_files, http::Handler handler)
      : server(
            [&] {
              http::ServerOptions o;
              o.port = 0;
              o.threads = 2;
              o.tls = std::move(tls_files);
              return o;
            }(),
            std::move(handler)) {
    thread = std::thread([this] { server.run(false); });
  }
  ~Server() {
    server.stop();
    thread.join();
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  std::string url(const std::string& scheme, const std::string& host = "127.0.0.1") const {
    return scheme + "://" + host + ":" + std::to_string(server.port());
  }
  http::HttpServer server;
  std::thread thread;
};

http::Response echo(const http::Request& req) {
  return http::make_response(boost::beast::http::status::ok, "{\"echo\":" + req.body() + "}", "application/json",
                             req.version(), req.keep_alive());
}

HttpReply post(const std::string& url, const TlsSettings& settings) {
  const auto address = parse_server_url(url);
  REQUIRE(address);
  return post_json(*address, address->base_path + "/api/v1/echo", "1", "", 5s, settings);
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream data;
  data << in.rdbuf();
  return data.str();
}

}  // namespace

TEST_CASE("https:// URLs are parsed with port 443 by default", "[sync-https]") {
  const auto plain = parse_server_url("http://h:8080");
  REQUIRE(plain);
  CHECK_FALSE(plain->tls);
  const auto secure = parse_server_url("https://escale.example/prefix/");
  REQUIRE(secure);
  CHECK(secure->tls);
  CHECK(secure->host == "escale.example");
  CHECK(secure->port == "443");
  CHECK(secure->base_path == "/prefix");
  CHECK(parse_server_url("https://h:8443")->port == "8443");
  CHECK_FALSE(parse_server_url("ftp://h"));
  CHECK_FALSE(parse_server_url("https://:443"));
}

TEST_CASE("post_json over HTTPS: trusted through ca_file, and each refusal says what to do", "[sync-https]") {
  testing::TempDir dir("escale-https");
  const auto files = make_certificate(dir, "server", {{"localhost"}, {"127.0.0.1"}, 30});
  Server server(files, echo);

  SECTION("the server's own certificate as CA file: an answer") {
    const auto reply = post(server.url("https"), TlsSettings{files.certificate});
    CHECK(reply.error.empty());
    CHECK(reply.status == 200);
    CHECK(reply.body == "{\"echo\":1}");
    const auto by_name = post(server.url("https", "localhost"), TlsSettings{files.certificate});
    CHECK(by_name.status == 200);
  }
  SECTION("no CA file: the system store does not know a self-signed certificate") {
    const auto reply = post(server.url("https"), TlsSettings{});
    CHECK(reply.status == 0);
    CHECK(reply.error ==
          "the server's certificate is not trusted (self-signed? copy the server's certificate to the kiosk and set "
          "[server] ca_file)");
  }
  SECTION("another certificate as CA file: not trusted by it") {
    const auto stranger = make_certificate(dir, "stranger", {{"localhost"}, {"127.0.0.1"}, 30});
    const auto reply = post(server.url("https"), TlsSettings{stranger.certificate});
    CHECK_THAT(reply.error,
               Catch::Contains("is not trusted by the CA file") && Catch::Contains(stranger.certificate.string()));
  }
  SECTION("a CA file that does not exist") {
    const auto reply = post(server.url("https"), TlsSettings{dir / "nowhere.crt"});
    CHECK_THAT(reply.error, Catch::Contains("nowhere.crt ([server] ca_file) does not exist") &&
                                Catch::Contains("copy the server's certificate"));
  }
  SECTION("a CA file that is not a certificate") {
    std::ofstream(dir / "junk.crt") << "junk\n";
    const auto reply = post(server.url("https"), TlsSettings{dir / "junk.crt"});
    CHECK_THAT(reply.error, Catch::Contains("holds no PEM certificate"));
  }
  SECTION("plain http:// to the HTTPS port: the server's 400 says to use https://") {
    const auto reply = post(server.url("http"), TlsSettings{});
    CHECK(reply.status == 400);
    CHECK_THAT(reply.body, Catch::Contains("use https://127.0.0.1:"));
  }
}

TEST_CASE("post_json over HTTPS: the next exchange resumes the session, never past a changed CA file", "[sync-https]") {
  testing::TempDir dir("escale-https");
  const auto files = make_certificate(dir, "server", {{"localhost"}, {"127.0.0.1"}, 30});
  const auto ca = dir / "ca.crt";
  std::filesystem::copy_file(files.certificate, ca);
  Server server(files, echo);

  const auto first = post(server.url("https"), TlsSettings{ca});
  REQUIRE(first.status == 200);
  CHECK_FALSE(first.tls_resumed);  // a full handshake, the certificate checked
  const auto second = post(server.url("https"), TlsSettings{ca});
  CHECK(second.status == 200);
  CHECK(second.body == "{\"echo\":1}");
  CHECK(second.tls_resumed);
  // The session belongs to that server and port: by name, another full handshake.
  const auto by_name = post(server.url("https", "localhost"), TlsSettings{ca});
  CHECK(by_name.status == 200);
  CHECK_FALSE(by_name.tls_resumed);

  // The operator puts another certificate in the CA file: nothing kept from
  // the old one is used, and the server is no longer trusted.
  const auto stranger = make_certificate(dir, "stranger", {{"localhost"}, {"127.0.0.1"}, 30});
  std::filesystem::copy_file(stranger.certificate, ca, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::last_write_time(ca, std::filesystem::last_write_time(ca) + 2s);  // a coarse clock: still changed
  const auto refused = post(server.url("https"), TlsSettings{ca});
  CHECK(refused.status == 0);
  CHECK(refused.certificate_refused);
  CHECK_FALSE(refused.tls_resumed);
  // And back: a full handshake again, then resumed.
  std::filesystem::copy_file(files.certificate, ca, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::last_write_time(ca, std::filesystem::last_write_time(ca) + 4s);
  const auto again = post(server.url("https"), TlsSettings{ca});
  CHECK(again.status == 200);
  CHECK_FALSE(again.tls_resumed);
  CHECK(post(server.url("https"), TlsSettings{ca}).tls_resumed);
}

TEST_CASE("post_json over HTTPS: a certificate without the URL's host is refused by name", "[sync-https]") {
  testing::TempDir dir("escale-https");
  const auto files = make_certificate(dir, "server", {{"escale.test"}, {}, 30});
  Server server(files, echo);
  const auto reply = post(server.url("https"), TlsSettings{files.certificate});
  CHECK(reply.status == 0);
  CHECK_THAT(reply.error, Catch::StartsWith("the server's certificate is for escale.test, not 127.0.0.1"));
}

TEST_CASE("post_json: https:// to a plain HTTP server says it does not speak HTTPS", "[sync-https]") {
  Server server(std::nullopt, echo);
  const auto reply = post(server.url("https"), TlsSettings{});
  CHECK(reply.status == 0);
  CHECK_THAT(reply.error, Catch::Contains("does not speak HTTPS on this port"));
}

TEST_CASE("a kiosk syncs with the real API over HTTPS", "[sync-https]") {
  testing::TempDir dir("escale-https");
  const auto files = make_certificate(dir, "server", {{"localhost"}, {"127.0.0.1"}, 30});
  std::string token;
  {
    auto conn = server::open_server_db(dir / "server.db");
    auto site = server::add_site(conn, Site{0, "Lieu", "", "21425", "24/7"});
    REQUIRE(site);
    Member m;
    m.site_id = site->id;
    m.first_name = "Alice";
    m.last_name = "Martin";
    auto added = server::add_member(conn, m);
    REQUIRE(added);
    REQUIRE(server::add_badge(conn, *BadgeUid::parse("04A1B2C3"), added->id));
    auto kiosk = server::add_kiosk(conn, site->id, "k");
    REQUIRE(kiosk);
    token = kiosk->token;
  }
  server::ConnectionPool pool(dir / "server.db", 3);
  Server server(files, server::make_api(pool));

  SyncSettings settings;
  settings.server_url = server.url("https");
  settings.token = token;
  settings.tls.ca_file = files.certificate;
  settings.interval = 200ms;
  SyncClient client(dir / "kiosk.db", settings);
  LocalStore store(dir / "kiosk.db");
  store.record_walk_in(now());
  client.start();
  REQUIRE(client.wait_until_synced(10s));
  CHECK(store.find_badge(*BadgeUid::parse("04A1B2C3"))->first_name == "Alice");
  CHECK(store.pending_count() == 0);
}

TEST_CASE("escale-server tls self-signed and tls show", "[sync-https][cli]") {
  testing::TempDir dir("escale-tls-cli");
  const auto cert = (dir / "tls/server.crt").string();
  const auto key = (dir / "tls/server.key").string();
  const auto out = testing::run_server_command(
      {"tls", "self-signed", "--cert", cert, "--key", key, "--name", "escale.test", "--ip", "10.0.0.5"});
  CHECK_THAT(out, Catch::Contains("wrote the certificate " + cert) && Catch::Contains("DNS name:     escale.test") &&
                      Catch::Contains("IP address:   10.0.0.5") && Catch::Contains("SHA-256:") &&
                      Catch::Contains("set [server] ca_file"));
  const auto info = tls::describe_certificate(slurp(cert));
  CHECK(info.dns_names == std::vector<std::string>{"escale.test"});
  CHECK_THAT(out, Catch::Contains(info.sha256_fingerprint));
  const auto cert_before = slurp(cert);
  const auto key_before = slurp(key);

  // Again without --force: refused, files unchanged.
  testing::Process again({ESCALE_SERVER_BIN, "tls", "self-signed", "--cert", cert, "--key", key}, dir / "again.stderr");
  again.close_stdin();
  const auto code = again.wait(30s);
  REQUIRE(code);
  CHECK(*code != 0);
  CHECK_THAT(slurp(dir / "again.stderr"), Catch::Contains("already exists: pass --force"));
  CHECK(slurp(cert) == cert_before);
  CHECK(slurp(key) == key_before);

  const auto shown = testing::run_server_command({"tls", "show", "--cert", cert});
  CHECK_THAT(shown, Catch::Contains("CN=escale.test") && Catch::Contains(info.sha256_fingerprint));

  // Defaults: the host name and localhost, 127.0.0.1 and ::1; --force replaces.
  testing::run_server_command({"tls", "self-signed", "--cert", cert, "--key", key, "--force"});
  const auto defaults = tls::describe_certificate(slurp(cert));
  CHECK(defaults.dns_names.back() == "localhost");
  CHECK(defaults.ip_addresses == std::vector<std::string>{"127.0.0.1", "::1"});
  CHECK(slurp(cert) != cert_before);
}
