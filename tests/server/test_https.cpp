#include "http/http_server.hpp"  // first: the header is self-contained

// HTTPS in the server's HTTP layer, against a real TLS client on loopback:
// requests pass through with the peer header, old TLS versions and plain
// HTTP are refused with a reason, bad certificate files stop the start with
// a clear message, the graceful stop also closes TLS connections, a reload
// swaps the certificate for new connections only, responses carry HSTS, and a
// connection refused at the cap is closed at once.
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <functional>
#include <future>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "http_test_client.hpp"
#include "server_fixture.hpp"
#include "support/wait_until.hpp"
#include "tls/openssl_util.hpp"
#include "tls/self_signed.hpp"

namespace {

using namespace std::chrono_literals;
using escale::server::http::HttpServer;
using escale::server::http::make_response;
using escale::server::http::Request;
using escale::server::http::Response;
using escale::server::http::ServerOptions;
using escale::server::http::TlsFiles;
using escale::tests::HttpTestClient;
using escale::tests::TempDir;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
namespace tls = escale::server::tls;
using Clock = std::chrono::steady_clock;

// A certificate for 127.0.0.1 and localhost in a temporary folder.
struct Certificate {
  TempDir dir;
  TlsFiles files{dir.file("server.crt"), dir.file("server.key")};
  explicit Certificate(int days = 90) { make(days); }
  void make(int days = 90) {
    tls::PemFileOptions replace;
    replace.overwrite = true;
    tls::write_pem_files(tls::make_self_signed({{"localhost"}, {"127.0.0.1"}, days}), files.certificate,
                         files.private_key, replace);
  }
  std::string fingerprint() const {
    return tls::describe_certificate(tls::read_tls_file(files.certificate, "certificate")).sha256_fingerprint;
  }
};

ServerOptions tls_options(const TlsFiles& files) {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.read_timeout = 2s;
  options.shutdown_grace = 2000ms;
  options.tls = files;
  return options;
}

using escale::tests::kGenerous;
using escale::tests::wait_until;

// Set when the handler starts a /slow request (tests run one at a time).
std::atomic<bool> slow_started{false};

// /peer answers the X-Escale-Peer header; /slow takes half a second.
Response handler(const Request& req) {
  const std::string target{req.target()};
  if (target == "/slow") {
    slow_started = true;
    std::this_thread::sleep_for(500ms);
  }
  std::string body = target;
  if (target == "/peer") {
    const auto& kPeer = escale::server::http::kPeerHeader;
    body = std::string(req[beast::string_view(kPeer.data(), kPeer.size())]);
  }
  return make_response(bhttp::status::ok, body, "text/plain", req.version(), req.keep_alive());
}

class RunningServer {
 public:
  explicit RunningServer(ServerOptions options)
      : server_(std::move(options), handler), thread_([this] {
          server_.run(false);
          stopped_.set_value(Clock::now());
        }) {}
  ~RunningServer() {
    server_.stop();
    thread_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;
  HttpServer& server() { return server_; }
  std::uint16_t port() const { return server_.port(); }
  std::optional<Clock::time_point> wait_stopped(std::chrono::milliseconds timeout) {
    auto future = stopped_.get_future();
    if (future.wait_for(timeout) != std::future_status::ready) return std::nullopt;
    return future.get();
  }

 private:
  HttpServer server_;
  std::promise<Clock::time_point> stopped_;
  std::thread thread_;
};

// A TLS client trusting only `ca_file`; `tune` may restrict its context.
class TlsClient {
 public:
  TlsClient(const std::filesystem::path& ca_file, const std::function<void(SSL_CTX*)>& tune = {}) {
    context_.set_verify_mode(ssl::verify_peer);
    context_.load_verify_file(ca_file.string());
    if (tune) tune(context_.native_handle());
    stream_.emplace(ioc_, context_);
  }

  beast::error_code connect(std::uint16_t port) {
    beast::error_code result;
    auto& tcp = beast::get_lowest_layer(*stream_);
    tcp.expires_after(5s);
    tcp.socket().connect({asio::ip::make_address("127.0.0.1"), port}, result);
    if (result) return result;
    stream_->async_handshake(ssl::stream_base::client, [&](beast::error_code ec) { result = ec; });
    run();
    return result;
  }

  // A GET, or a POST when there is a body.
  HttpTestClient::Result request(const std::string& target, std::string body = {}) {
    bhttp::request<bhttp::string_body> req{body.empty() ? bhttp::verb::get : bhttp::verb::post, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    if (!body.empty()) {
      req.body() = std::move(body);
      req.prepare_payload();
    }
    HttpTestClient::Result result;
    beast::get_lowest_layer(*stream_).expires_after(5s);
    bhttp::async_write(*stream_, req, [&](beast::error_code ec, std::size_t) { result.ec = ec; });
    run();
    if (result.ec) return result;
    bhttp::response_parser<bhttp::string_body> parser;
    bhttp::async_read(*stream_, buffer_, parser, [&](beast::error_code ec, std::size_t) { result.ec = ec; });
    run();
    if (!result.ec) result.response = parser.release();
    return result;
  }

  // True when the server ends the connection (close_notify, EOF or reset) within timeout.
  bool closed_by_server(std::chrono::milliseconds timeout = kGenerous) {
    std::array<char, 64> scratch{};
    beast::error_code result;
    beast::get_lowest_layer(*stream_).expires_after(timeout);
    stream_->async_read_some(asio::buffer(scratch), [&](beast::error_code ec, std::size_t) { result = ec; });
    run();
    return result && result != beast::error::timeout;
  }

  SSL* native() { return stream_->native_handle(); }

 private:
  void run() {
    ioc_.restart();
    ioc_.run();
  }
  asio::io_context ioc_;
  ssl::context context_{ssl::context::tls_client};
  std::optional<beast::ssl_stream<beast::tcp_stream>> stream_;
  beast::flat_buffer buffer_;
};

std::string connection_fingerprint(TlsClient& client) {
  X509* peer = SSL_get0_peer_certificate(client.native());
  REQUIRE(peer);
  const escale::tls::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), peer);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return tls::describe_certificate(std::string_view(data, static_cast<std::size_t>(size))).sha256_fingerprint;
}

// Captures what spdlog logs while alive.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(text_));
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  std::string text() const { return text_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream text_;
};

}  // namespace

TEST_CASE("an HTTPS request is answered over TLS 1.2 or later and the handler sees the peer", "[https]") {
  Certificate cert;
  RunningServer running{tls_options(cert.files)};
  TlsClient client{cert.files.certificate};
  REQUIRE_FALSE(client.connect(running.port()));
  CHECK(SSL_version(client.native()) >= TLS1_2_VERSION);
  const auto first = client.request("/peer");
  REQUIRE_FALSE(first.ec);
  CHECK(first.response.result() == bhttp::status::ok);
  CHECK(first.response.body() == "127.0.0.1");
  // Keep-alive works over TLS too.
  const auto second = client.request("/again");
  REQUIRE_FALSE(second.ec);
  CHECK(second.response.body() == "/again");
}

TEST_CASE("a TLS 1.2-only client is served, a client limited to TLS 1.1 is refused", "[https]") {
  Certificate cert;
  RunningServer running{tls_options(cert.files)};
  TlsClient tls12{cert.files.certificate, [](SSL_CTX* ctx) { SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION); }};
  REQUIRE_FALSE(tls12.connect(running.port()));
  CHECK(SSL_version(tls12.native()) == TLS1_2_VERSION);
  CHECK(tls12.request("/x").response.result() == bhttp::status::ok);

  TlsClient tls11{cert.files.certificate, [](SSL_CTX* ctx) {
                    SSL_CTX_set_security_level(ctx, 0);  // let this client offer TLS 1.1 at all
                    SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
                    SSL_CTX_set_max_proto_version(ctx, TLS1_1_VERSION);
                  }};
  const auto refused = tls11.connect(running.port());
  REQUIRE(refused);
  // The server said no (a protocol_version alert), not our own client.
  CHECK(ERR_GET_REASON(static_cast<unsigned long>(refused.value())) == SSL_R_TLSV1_ALERT_PROTOCOL_VERSION);
}

TEST_CASE("plain HTTP to the HTTPS port gets a 400 telling to use https://", "[https]") {
  Certificate cert;
  RunningServer running{tls_options(cert.files)};
  HttpTestClient plain{running.port()};
  plain.send("GET /api/v1/health HTTP/1.1\r\nHost: escale.test:8443\r\n\r\n");
  const auto result = plain.read(kGenerous);
  REQUIRE_FALSE(result.ec);
  CHECK(result.response.result() == bhttp::status::bad_request);
  const auto body = nlohmann::json::parse(result.response.body());
  CHECK(body["error"]["message"].get<std::string>().find("use https://escale.test:8443/api/v1/health") !=
        std::string::npos);
  CHECK_FALSE(result.response.keep_alive());
  CHECK(plain.closed_by_server(kGenerous));

  // Garbage that is not TLS either gets the same advice.
  HttpTestClient garbage{running.port()};
  garbage.send("HELLO\r\n\r\n");
  const auto answer = garbage.read(kGenerous);
  REQUIRE_FALSE(answer.ec);
  CHECK(answer.response.result() == bhttp::status::bad_request);
  CHECK(answer.response.body().find("https://") != std::string::npos);
}

TEST_CASE("bad TLS files stop the start with a message naming the file and the fix", "[https]") {
  Certificate cert;
  Certificate other;
  const auto options_with = [](TlsFiles files) { return tls_options(files); };
  const auto start = [](const ServerOptions& options) { HttpServer server(options, handler); };

  SECTION("missing certificate") {
    const TlsFiles files{cert.dir.file("missing.crt"), cert.files.private_key};
    CHECK_THROWS_WITH(start(options_with(files)),
                      Catch::Contains("missing.crt does not exist") && Catch::Contains("tls self-signed"));
  }
  SECTION("missing key") {
    const TlsFiles files{cert.files.certificate, cert.dir.file("missing.key")};
    CHECK_THROWS_WITH(start(options_with(files)), Catch::Contains("private key") && Catch::Contains("missing.key"));
  }
  SECTION("not PEM") {
    std::ofstream(cert.dir.file("garbage.crt")) << "this is not a certificate\n";
    const TlsFiles files{cert.dir.file("garbage.crt"), cert.files.private_key};
    CHECK_THROWS_WITH(start(options_with(files)), Catch::Contains("garbage.crt is not a PEM certificate"));
    const TlsFiles key_for_cert{cert.files.certificate, cert.files.certificate};
    CHECK_THROWS_WITH(start(options_with(key_for_cert)), Catch::Contains("is not an unencrypted PEM private key"));
  }
  SECTION("key of another certificate") {
    const TlsFiles files{cert.files.certificate, other.files.private_key};
    CHECK_THROWS_WITH(start(options_with(files)), Catch::Contains("does not match the certificate") &&
                                                      Catch::Contains(cert.files.certificate.string()));
  }
}

TEST_CASE("a certificate expiring within 30 days is warned about at start", "[https]") {
  Certificate soon{10};
  LogCapture log;
  { HttpServer server(tls_options(soon.files), handler); }
  CHECK_THAT(log.text(), Catch::Contains("expires on") && Catch::Contains("renew it"));

  Certificate later{90};
  LogCapture quiet;
  { HttpServer server(tls_options(later.files), handler); }
  CHECK(quiet.text().find("expires") == std::string::npos);
}

TEST_CASE("stop() closes idle TLS connections and lets a TLS request finish", "[https][stop]") {
  Certificate cert;
  auto options = tls_options(cert.files);
  options.read_timeout = 120s;   // only the stop can close them
  options.shutdown_grace = 60s;  // and the stop does not wait for its grace time
  RunningServer running{options};
  TlsClient idle{cert.files.certificate};
  REQUIRE_FALSE(idle.connect(running.port()));
  REQUIRE(idle.request("/idle").response.keep_alive());
  TlsClient handshaken{cert.files.certificate};  // connected, no request yet
  REQUIRE_FALSE(handshaken.connect(running.port()));

  std::promise<HttpTestClient::Result> slow;
  slow_started = false;
  std::jthread slow_client{[&] {
    TlsClient client{cert.files.certificate};
    if (client.connect(running.port())) return slow.set_value({});
    slow.set_value(client.request("/slow"));
  }};
  REQUIRE(wait_until([] { return slow_started.load(); }));  // the slow request is being handled
  const auto stop_at = Clock::now();
  running.server().stop();
  const auto slow_result = slow.get_future().get();
  REQUIRE_FALSE(slow_result.ec);
  CHECK(slow_result.response.body() == "/slow");
  CHECK_FALSE(slow_result.response.keep_alive());
  const auto stopped = running.wait_stopped(kGenerous);
  REQUIRE(stopped);
  CHECK(std::chrono::duration<double>(*stopped - stop_at).count() < 30.0);  // well before the grace time
  CHECK(idle.closed_by_server());
  CHECK(handshaken.closed_by_server());
}

TEST_CASE("reload_tls() serves new certificates to new connections, keeps the old one on failure", "[https]") {
  Certificate cert;
  RunningServer running{tls_options(cert.files)};
  const auto old_fingerprint = cert.fingerprint();
  TlsClient before{cert.files.certificate};
  REQUIRE_FALSE(before.connect(running.port()));
  CHECK(connection_fingerprint(before) == old_fingerprint);

  cert.make();  // renewed
  REQUIRE(running.server().reload_tls());
  TlsClient after{cert.files.certificate};
  REQUIRE_FALSE(after.connect(running.port()));
  CHECK(connection_fingerprint(after) == cert.fingerprint());
  CHECK(before.request("/still").response.result() == bhttp::status::ok);  // open connections go on

  // A broken renewal: the previous certificate stays.
  const auto good_fingerprint = cert.fingerprint();
  std::ofstream(cert.files.private_key) << "broken\n";
  CHECK_FALSE(running.server().reload_tls());
  TlsClient still{cert.files.certificate};
  REQUIRE_FALSE(still.connect(running.port()));
  CHECK(connection_fingerprint(still) == good_fingerprint);
}

TEST_CASE("SIGHUP reloads the certificate of a server run with handle_signals", "[https][stop]") {
  Certificate cert;
  HttpServer server{tls_options(cert.files), handler};
  std::promise<void> returned;
  std::jthread runner{[&] {
    server.run(true);
    returned.set_value();
  }};
  // Once a request is answered, run() has installed its signal handlers.
  TlsClient first{cert.files.certificate};
  REQUIRE_FALSE(first.connect(server.port()));
  REQUIRE(first.request("/").response.result() == bhttp::status::ok);

  cert.make();
  std::raise(SIGHUP);
  // The reload happens on the server's thread: new connections until one
  // shows the new certificate.
  const auto fingerprint = cert.fingerprint();
  CHECK(wait_until([&] {
    TlsClient probe{cert.files.certificate};
    return !probe.connect(server.port()) && connection_fingerprint(probe) == fingerprint;
  }));
  std::raise(SIGTERM);
  CHECK(returned.get_future().wait_for(kGenerous) == std::future_status::ready);
}

TEST_CASE("HSTS on HTTPS responses, not on plain HTTP", "[https][hsts]") {
  Certificate cert;
  auto options = tls_options(cert.files);
  options.body_limit = 16;
  RunningServer running{options};
  TlsClient client{cert.files.certificate};
  REQUIRE_FALSE(client.connect(running.port()));
  const auto answered = client.request("/page");
  REQUIRE_FALSE(answered.ec);
  // One year; no includeSubDomains (other names under the same domain may not
  // speak HTTPS: see http_server.cpp).
  CHECK(answered.response[bhttp::field::strict_transport_security] == "max-age=31536000");

  // Answers of the HTTP layer itself over TLS carry it too (a 413 here).
  TlsClient big{cert.files.certificate};
  REQUIRE_FALSE(big.connect(running.port()));
  const auto too_large = big.request("/upload", std::string(100, 'x'));
  REQUIRE_FALSE(too_large.ec);
  CHECK(too_large.response.result() == bhttp::status::payload_too_large);
  CHECK(too_large.response[bhttp::field::strict_transport_security] == "max-age=31536000");

  // Plain HTTP on the same port (the « use https:// » answer): never.
  HttpTestClient plain{running.port()};
  plain.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto refused = plain.read(kGenerous);
  REQUIRE_FALSE(refused.ec);
  CHECK(refused.response.result() == bhttp::status::bad_request);
  CHECK(refused.response.find(bhttp::field::strict_transport_security) == refused.response.end());
}

TEST_CASE("one client can take the server offline: on a TLS port a refused connection is closed at once",
          "[https][availability]") {
  Certificate cert;
  auto options = tls_options(cert.files);
  options.max_connections = 20;
  options.max_connections_per_address = 2;
  options.read_timeout = 120s;
  RunningServer running{options};
  TlsClient first{cert.files.certificate};
  REQUIRE_FALSE(first.connect(running.port()));
  std::optional<TlsClient> second{std::in_place, cert.files.certificate};
  REQUIRE_FALSE(second->connect(running.port()));
  // A third from the same address: no handshake, the connection is closed
  // (a TLS client could not read a plain 503).
  TlsClient third{cert.files.certificate};
  CHECK(third.connect(running.port()));
  CHECK(running.server().connections() == 2);
  // The two served go on; once one leaves, its place is free again (the
  // count follows a connection from its plain start into TLS and out).
  CHECK(first.request("/still").response.result() == bhttp::status::ok);
  second.reset();
  REQUIRE(wait_until([&] { return running.server().connections() == 1; }));
  TlsClient fourth{cert.files.certificate};
  REQUIRE_FALSE(fourth.connect(running.port()));
  CHECK(fourth.request("/again").response.result() == bhttp::status::ok);
}
