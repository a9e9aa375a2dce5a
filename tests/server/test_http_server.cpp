#include "http/http_server.hpp"  // first: the header is self-contained

// Tests of the server's HTTP layer against a real socket: requests pass through
// to the handler, protocol errors get JSON answers, slow clients time out, the
// graceful stop lets work in flight finish, and the connection caps keep the
// server available to kiosks while clients hold connections (issue 14).
// Timing: tests wait on conditions with generous deadlines, never on windows.
#include "http_test_client.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/connection_limits.hpp"
#include "support/wait_until.hpp"

namespace {

using namespace std::chrono_literals;
using escale::server::http::HttpServer;
using escale::server::http::json_error;
using escale::server::http::make_response;
using escale::server::http::Request;
using escale::server::http::Response;
using escale::server::http::ServerOptions;
using escale::tests::HttpTestClient;
namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;

ServerOptions test_options() {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 4;
  options.body_limit = 1024;
  options.read_timeout = 300ms;
  options.shutdown_grace = 2000ms;
  return options;
}

struct HandlerState {
  std::atomic<bool> slow_started{false};
};

// Echoes what it received; /slow takes a second, /throw throws, /missing is a 404.
Response test_handler(HandlerState& state, const Request& req) {
  const std::string target{req.target()};
  if (target == "/slow") {
    state.slow_started = true;
    std::this_thread::sleep_for(1s);
  }
  if (target == "/throw") throw std::runtime_error("boom");
  if (target == "/missing") {
    return json_error(bhttp::status::not_found, "no such route", req.version(), req.keep_alive());
  }
  if (target == "/peer") {
    const auto peer = req.find(
        boost::beast::string_view(escale::server::http::kPeerHeader.data(), escale::server::http::kPeerHeader.size()));
    std::string seen;
    for (auto it = peer; it != req.end() && it->name_string() == peer->name_string(); ++it)
      seen += std::string(it->value()) + ";";
    return make_response(bhttp::status::ok, seen, "text/plain", req.version(), req.keep_alive());
  }
  const nlohmann::json body = {
      {"method", std::string(req.method_string())}, {"target", target}, {"body_length", req.body().size()}};
  return make_response(bhttp::status::ok, body.dump(), "application/json; charset=utf-8", req.version(),
                       req.keep_alive());
}

// An HttpServer running run(false) on its own thread; stopped and joined on destruction.
class RunningServer {
 public:
  explicit RunningServer(ServerOptions options = test_options())
      : server_(std::move(options), [state = state_](const Request& req) { return test_handler(*state, req); }),
        thread_([this] {
          server_.run(false);
          stopped_.set_value(Clock::now());
        }),
        stopped_at_(stopped_.get_future()) {}

  ~RunningServer() {
    server_.stop();
    thread_.join();
  }

  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  HttpServer& server() { return server_; }
  std::uint16_t port() const { return server_.port(); }
  HandlerState& state() { return *state_; }

  // When run() returned, or nullopt if it has not within `timeout`.
  std::optional<Clock::time_point> wait_stopped(std::chrono::milliseconds timeout) {
    if (stopped_at_.wait_for(timeout) != std::future_status::ready) return std::nullopt;
    return stopped_at_.get();
  }

 private:
  std::shared_ptr<HandlerState> state_ = std::make_shared<HandlerState>();
  HttpServer server_;
  std::promise<Clock::time_point> stopped_;
  std::thread thread_;
  std::shared_future<Clock::time_point> stopped_at_;
};

nlohmann::json json_body(const Response& res) {
  return nlohmann::json::parse(res.body());
}

// The JSON error shape every protocol-level answer has.
void check_json_error(const Response& res, bhttp::status status, const std::string& fragment) {
  CHECK(res.result() == status);
  CHECK(res[bhttp::field::content_type] == "application/json; charset=utf-8");
  CHECK(res[bhttp::field::server] == "escale-server");
  const auto body = json_body(res);
  CHECK(body["error"]["status"] == static_cast<int>(status));
  CHECK_THAT(body["error"]["message"].get<std::string>(), Catch::Contains(fragment));
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

using escale::tests::kGenerous;
using escale::tests::wait_until;

}  // namespace

TEST_CASE("GET and POST share one keep-alive connection", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};

  const auto get = client.request(bhttp::verb::get, "/hello");
  CHECK(get.result() == bhttp::status::ok);
  CHECK(get.keep_alive());
  CHECK(get[bhttp::field::server] == "escale-server");
  CHECK(json_body(get) == nlohmann::json{{"method", "GET"}, {"target", "/hello"}, {"body_length", 0}});

  const auto post = client.request(bhttp::verb::post, "/visits", std::string(500, 'x'));
  CHECK(post.result() == bhttp::status::ok);
  CHECK(json_body(post)["method"] == "POST");
  CHECK(json_body(post)["body_length"] == 500);
}

TEST_CASE("the handler learns the client's address, which the client cannot forge", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send("GET /peer HTTP/1.1\r\nHost: x\r\nX-Escale-Peer: 203.0.113.66\r\nx-escale-peer: 198.51.100.1\r\n\r\n");
  const auto res = client.read();
  REQUIRE_FALSE(res.ec);
  CHECK(res.response.body() == "127.0.0.1;");  // one value, the socket's
}

TEST_CASE("pipelined requests are answered in order", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send(
      "GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /two HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto first = client.read();
  const auto second = client.read();
  REQUIRE_FALSE(first.ec);
  REQUIRE_FALSE(second.ec);
  CHECK(json_body(first.response)["target"] == "/one");
  CHECK(json_body(second.response)["target"] == "/two");
}

TEST_CASE("a HEAD response announces the length but sends no body", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send("HEAD /page HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto head = client.read(HttpTestClient::kDefaultTimeout, true);
  REQUIRE_FALSE(head.ec);
  CHECK(head.response.result() == bhttp::status::ok);
  CHECK(head.response[bhttp::field::content_length] != "0");
  CHECK(head.response.body().empty());
  // Had a body been sent, it would now be read as a (broken) response.
  CHECK(json_body(client.request(bhttp::verb::get, "/next"))["target"] == "/next");
}

TEST_CASE("HTTP/1.0 without keep-alive is closed after the response", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send("GET /old HTTP/1.0\r\n\r\n");
  const auto result = client.read();
  REQUIRE_FALSE(result.ec);
  CHECK(result.response.version() == 10);
  CHECK(json_body(result.response)["target"] == "/old");
  CHECK(client.closed_by_server(kGenerous));
}

TEST_CASE("the handler's own error answers pass through", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  const auto missing = client.request(bhttp::verb::get, "/missing");
  check_json_error(missing, bhttp::status::not_found, "no such route");
  // Not a protocol error: the connection stays usable.
  CHECK(client.request(bhttp::verb::get, "/after").result() == bhttp::status::ok);
}

TEST_CASE("Expect: 100-continue gets an interim response before the body", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  const auto interim = client.read();
  REQUIRE_FALSE(interim.ec);
  CHECK(interim.response.result() == bhttp::status::continue_);
  client.send("hello");
  const auto final_response = client.read();
  REQUIRE_FALSE(final_response.ec);
  CHECK(json_body(final_response.response)["body_length"] == 5);
}

TEST_CASE("a body over the limit gets 413 and the connection is closed", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send("POST /visits HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n" + std::string(2048, 'x'));
  const auto result = client.read();
  REQUIRE_FALSE(result.ec);
  check_json_error(result.response, bhttp::status::payload_too_large, "1024 bytes");
  CHECK(result.response[bhttp::field::connection] == "close");
  CHECK(client.closed_by_server(kGenerous));
}

TEST_CASE("a chunked body over the limit gets 413 too", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send(
      "POST /visits HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "800\r\n" +
      std::string(0x800, 'x') + "\r\n0\r\n\r\n");
  const auto result = client.read();
  REQUIRE_FALSE(result.ec);
  check_json_error(result.response, bhttp::status::payload_too_large, "1024 bytes");
}

TEST_CASE("headers over 8 KB get 431", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n");
  const auto result = client.read();
  REQUIRE_FALSE(result.ec);
  check_json_error(result.response, bhttp::status::request_header_fields_too_large, "8192 bytes");
  CHECK(client.closed_by_server(kGenerous));
}

TEST_CASE("a garbage request line gets 400", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send("\x01\x02 nonsense\r\n\r\n");
  const auto result = client.read();
  REQUIRE_FALSE(result.ec);
  check_json_error(result.response, bhttp::status::bad_request, "malformed request");
  CHECK(result.response[bhttp::field::connection] == "close");
  CHECK(client.closed_by_server(kGenerous));
}

TEST_CASE("a bad HTTP version gets 400", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send("GET / HTTP/x.y\r\nHost: x\r\n\r\n");
  const auto result = client.read();
  REQUIRE_FALSE(result.ec);
  check_json_error(result.response, bhttp::status::bad_request, "malformed request");
}

TEST_CASE("a client that stalls mid-request gets 408 after the read timeout", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  const auto start = Clock::now();
  client.send("GET /stalled HTTP/1.1\r\nHost: x\r\n");  // no blank line: headers never end
  const auto result = client.read(kGenerous);
  const double elapsed = seconds_since(start);
  REQUIRE_FALSE(result.ec);
  check_json_error(result.response, bhttp::status::request_timeout, "300 ms");
  CHECK(result.response[bhttp::field::connection] == "close");
  CHECK(elapsed >= 0.25);  // not before the read timeout (a lower bound holds on a busy machine)
  CHECK(client.closed_by_server(kGenerous));
}

TEST_CASE("a client that stalls mid-body gets 408 too", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send("POST /visits HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a part");
  const auto result = client.read(kGenerous);
  REQUIRE_FALSE(result.ec);
  check_json_error(result.response, bhttp::status::request_timeout, "request not received");
}

TEST_CASE("an idle keep-alive connection is closed silently after the read timeout", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  CHECK(client.request(bhttp::verb::get, "/first").result() == bhttp::status::ok);
  const auto start = Clock::now();
  CHECK(client.closed_by_server(kGenerous));  // only the read timeout closes it
  CHECK(seconds_since(start) >= 0.25);
}

TEST_CASE("a throwing handler gets 500 and the server keeps serving", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  const auto failed = client.request(bhttp::verb::get, "/throw");
  check_json_error(failed, bhttp::status::internal_server_error, "internal error");
  CHECK(client.request(bhttp::verb::get, "/after").result() == bhttp::status::ok);
  HttpTestClient other{running.port()};
  CHECK(other.request(bhttp::verb::get, "/other").result() == bhttp::status::ok);
}

TEST_CASE("50 concurrent clients are all answered", "[http]") {
  RunningServer running;
  std::atomic<int> answered{0};
  std::atomic<int> failed{0};
  {
    std::vector<std::jthread> clients;
    for (int i = 0; i < 50; ++i) {
      clients.emplace_back([&, i] {
        try {
          HttpTestClient client{running.port()};
          const std::string target = "/client/" + std::to_string(i);
          const auto res = client.request(bhttp::verb::post, target, std::string(100, 'x'));
          const bool ok = res.result() == bhttp::status::ok && nlohmann::json::parse(res.body())["target"] == target;
          ++(ok ? answered : failed);
        } catch (const std::exception&) {
          ++failed;
        }
      });
    }
  }
  CHECK(answered == 50);
  CHECK(failed == 0);
}

TEST_CASE("stop() lets a request in flight finish with Connection: close", "[http][stop]") {
  auto options = test_options();
  options.shutdown_grace = 60s;  // so the stop can only end with the request
  RunningServer running{options};
  std::promise<HttpTestClient::Result> slow_result;
  std::jthread slow_client{[&] {
    HttpTestClient client{running.port()};
    client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    slow_result.set_value(client.read(kGenerous));
  }};
  REQUIRE(wait_until([&] { return running.state().slow_started.load(); }));

  const auto stop_at = Clock::now();
  running.server().stop();
  const auto result = slow_result.get_future().get();
  REQUIRE_FALSE(result.ec);
  CHECK(result.response.result() == bhttp::status::ok);
  CHECK(json_body(result.response)["target"] == "/slow");
  CHECK_FALSE(result.response.keep_alive());

  const auto stopped = running.wait_stopped(kGenerous);
  REQUIRE(stopped);
  // Once the request is answered, not at the end of the grace time.
  CHECK(std::chrono::duration<double>(*stopped - stop_at).count() < 30.0);
  // The acceptor is closed: nobody new gets in.
  CHECK(HttpTestClient::try_connect(running.port()));
}

TEST_CASE("stop() closes idle keep-alive connections and returns quickly", "[http][stop]") {
  auto options = test_options();
  options.read_timeout = 120s;   // so only the stop can close them
  options.shutdown_grace = 60s;  // and the stop does not wait for its grace time
  RunningServer running{options};
  std::vector<std::unique_ptr<HttpTestClient>> clients;
  for (int i = 0; i < 5; ++i) {
    clients.push_back(std::make_unique<HttpTestClient>(running.port()));
    REQUIRE(clients.back()->request(bhttp::verb::get, "/idle").keep_alive());
  }
  const auto stop_at = Clock::now();
  running.server().stop();
  const auto stopped = running.wait_stopped(kGenerous);
  REQUIRE(stopped);
  CHECK(std::chrono::duration<double>(*stopped - stop_at).count() < 30.0);  // well before either
  for (auto& client : clients) CHECK(client->closed_by_server(kGenerous));
}

TEST_CASE("stop() with a client stalled mid-request returns within the grace time", "[http][stop]") {
  auto options = test_options();
  options.read_timeout = 120s;  // so only the grace time can end the wait
  options.shutdown_grace = 300ms;
  RunningServer running{options};
  HttpTestClient stalled{running.port()};
  // The 100 Continue says the server has read the headers: the request is in
  // progress when stop() comes (no sleep to let it read).
  stalled.send("POST /visits HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n");
  const auto interim = stalled.read(kGenerous);
  REQUIRE_FALSE(interim.ec);
  REQUIRE(interim.response.result() == bhttp::status::continue_);
  stalled.send("part");

  const auto stop_at = Clock::now();
  running.server().stop();
  const auto stopped = running.wait_stopped(kGenerous);
  REQUIRE(stopped);
  const double took = std::chrono::duration<double>(*stopped - stop_at).count();
  CHECK(took >= 0.25);                         // it waited for the request (the grace time)…
  CHECK(took < 30.0);                          // …but not for the read timeout
  CHECK(stalled.closed_by_server(kGenerous));  // abandoned connections are closed, not left hanging
}

TEST_CASE("SIGTERM stops a server run with handle_signals", "[http][stop]") {
  HttpServer server{test_options(), [](const Request& req) {
                      return make_response(bhttp::status::ok, "{}", "application/json", req.version(),
                                           req.keep_alive());
                    }};
  std::promise<void> returned;
  std::jthread runner{[&] {
    server.run(true);
    returned.set_value();
  }};
  // Once a request is answered, run() has installed its signal handlers.
  HttpTestClient client{server.port()};
  REQUIRE(client.request(bhttp::verb::get, "/").result() == bhttp::status::ok);
  std::raise(SIGTERM);
  CHECK(returned.get_future().wait_for(kGenerous) == std::future_status::ready);
  CHECK(client.closed_by_server(kGenerous));
}

TEST_CASE("stop() before run() makes run() return at once", "[http][stop]") {
  auto options = test_options();
  options.shutdown_grace = 60s;  // "at once": not after the grace time
  HttpServer server{options, [](const Request&) { return Response{}; }};
  server.stop();
  const auto start = Clock::now();
  server.run(false);
  CHECK(seconds_since(start) < 30.0);
}

TEST_CASE("the constructor throws a clear error when the port is taken", "[http]") {
  RunningServer running;
  auto options = test_options();
  options.port = running.port();
  const std::string expected =
      "cannot listen on 127.0.0.1:" + std::to_string(running.port()) + ": address already in use";
  CHECK_THROWS_WITH(HttpServer(options, [](const Request&) { return Response{}; }), expected);
}

TEST_CASE("the constructor throws on an address that is not ours", "[http]") {
  auto options = test_options();
  options.host = "192.0.2.1";  // TEST-NET-1: never assigned to this machine
  CHECK_THROWS_WITH(HttpServer(options, [](const Request&) { return Response{}; }),
                    Catch::StartsWith("cannot listen on 192.0.2.1:0: "));
}

TEST_CASE("port 0 binds an ephemeral port", "[http]") {
  RunningServer running;
  CHECK(running.port() != 0);
}

TEST_CASE("json_error has the documented shape", "[http]") {
  const auto res = json_error(bhttp::status::not_found, "pas de \"réservation\"", 11, true);
  check_json_error(res, bhttp::status::not_found, "pas de \"réservation\"");
  CHECK(res.keep_alive());
  CHECK(res[bhttp::field::content_length] == std::to_string(res.body().size()));
}

// ===========================================================================
// Availability: connection caps, pressure, throttled logs (issue 14)
// ===========================================================================

namespace {

using escale::server::http::address_key;
using escale::server::http::connection_caps;
using escale::server::http::descriptor_reserve;
namespace ip = boost::asio::ip;
namespace beast = boost::beast;

// A raw client connection from a chosen loopback address (all of 127.0.0.0/8
// is this machine), so that a test can be several clients at once. Reads are
// non-blocking: poll() takes what has arrived and notes when the server closed.
class FromAddress {
 public:
  FromAddress(const std::string& source, std::uint16_t port) {
    socket_.open(ip::tcp::v4());
    socket_.bind({ip::make_address(source), 0});
    socket_.connect({ip::make_address("127.0.0.1"), port});
    socket_.non_blocking(true);
  }

  void send(std::string_view raw) {
    socket_.non_blocking(false);
    boost::asio::write(socket_, boost::asio::buffer(raw.data(), raw.size()));
    socket_.non_blocking(true);
  }

  // Reads what is there; returns true once the server has closed the connection.
  bool poll() {
    std::array<char, 4096> chunk{};
    while (!closed_) {
      beast::error_code ec;
      const auto n = socket_.read_some(boost::asio::buffer(chunk), ec);
      if (ec == boost::asio::error::would_block) break;
      if (ec) {
        closed_ = true;  // EOF or reset
        break;
      }
      received_.append(chunk.data(), n);
    }
    return closed_;
  }

  const std::string& received() const { return received_; }
  bool closed() const { return closed_; }
  // Closed by the server with a 503 and nothing else.
  bool refused() const { return closed_ && received_.starts_with("HTTP/1.1 503 "); }
  // Closed by the server without a byte: an idle connection it let go.
  bool dropped() const { return closed_ && received_.empty(); }

 private:
  boost::asio::io_context ioc_;
  ip::tcp::socket socket_{ioc_};
  std::string received_;
  bool closed_ = false;
};

using Clients = std::vector<std::unique_ptr<FromAddress>>;

std::size_t count(Clients& clients, bool (FromAddress::*state)() const) {
  std::size_t n = 0;
  for (auto& c : clients) {
    c->poll();
    if (((*c).*state)()) ++n;
  }
  return n;
}

void open_from(Clients& clients, const std::string& source, int n, std::uint16_t port) {
  for (int i = 0; i < n; ++i) clients.push_back(std::make_unique<FromAddress>(source, port));
}

// Captures what spdlog logs while alive (the server logs through the default
// logger), one string per line, readable while the server runs.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink_));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  std::string text() {
    std::string all;
    for (const auto& line : sink_->lines()) all += line;
    return all;
  }
  std::size_t lines_with(const std::string& fragment) {
    const auto lines = sink_->lines();
    return static_cast<std::size_t>(
        std::ranges::count_if(lines, [&](const auto& line) { return line.find(fragment) != std::string::npos; }));
  }

 private:
  class Sink : public spdlog::sinks::base_sink<std::mutex> {
   public:
    std::vector<std::string> lines() {
      const std::scoped_lock lock{mutex_};
      return lines_;
    }

   protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
      spdlog::memory_buf_t formatted;
      formatter_->format(msg, formatted);
      lines_.emplace_back(formatted.data(), formatted.size());
    }
    void flush_() override {}

   private:
    std::vector<std::string> lines_;  // guarded by mutex_
  };

  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<Sink> sink_ = std::make_shared<Sink>();
};

// Small caps so that tests are cheap: 20 connections, 8 per address; no
// timeout closes an idle connection during a test unless it says so.
ServerOptions capped_options() {
  auto options = test_options();
  options.max_connections = 20;
  options.max_connections_per_address = 8;
  options.read_timeout = 120s;
  options.pressure_timeout = 120s;
  return options;
}

// A 503 refusal as the server writes it.
void check_refusal(const std::string& raw, const std::string& fragment) {
  const auto at = raw.find("\r\n\r\n");
  REQUIRE(at != std::string::npos);
  const std::string head = raw.substr(0, at);
  CHECK_THAT(head, Catch::StartsWith("HTTP/1.1 503 Service Unavailable"));
  CHECK_THAT(head, Catch::Contains("Retry-After: 5"));
  CHECK_THAT(head, Catch::Contains("Connection: close"));
  const auto body = nlohmann::json::parse(raw.substr(at + 4));
  CHECK(body["error"]["status"] == 503);
  CHECK_THAT(body["error"]["message"].get<std::string>(), Catch::Contains(fragment));
}

}  // namespace

TEST_CASE("one client can take the server offline: /healthz answers while one address is at its cap",
          "[http][availability]") {
  const auto start = Clock::now();
  LogCapture log;
  RunningServer running{capped_options()};
  REQUIRE(running.server().max_connections() == 20);
  REQUIRE(running.server().max_connections_per_address() == 8);

  // One client opens 30 idle connections: 8 are held, 22 refused with a 503.
  Clients flood;
  open_from(flood, "127.0.0.2", 30, running.port());
  REQUIRE(wait_until([&] { return count(flood, &FromAddress::refused) == 22; }));
  CHECK(running.server().connections() == 8);
  for (auto& c : flood)
    if (c->refused()) check_refusal(c->received(), "too many connections from your address");

  // Kiosks and browsers from elsewhere are served meanwhile.
  HttpTestClient kiosk{running.port()};
  CHECK(kiosk.request(bhttp::verb::get, "/healthz").result() == bhttp::status::ok);
  CHECK(kiosk.request(bhttp::verb::post, "/api/v1/sync", "{}").result() == bhttp::status::ok);

  // The client reopens what was closed: refused again (with a 503, or closed
  // unanswered while too many refusals are still lingering), and the log does
  // not grow by a line per attempt (one line at the first refusal, then at
  // most one summary per 10 s).
  for (int round = 0; round < 3; ++round) {
    std::erase_if(flood, [](const auto& c) { return c->closed(); });
    open_from(flood, "127.0.0.2", 22, running.port());
    REQUIRE(wait_until([&] { return count(flood, &FromAddress::closed) == 22; }));
  }
  CHECK(running.server().connections() == 9);  // the 8 and the kiosk
  // 88 refusals; one line at the first, then one per 10 s at most.
  CHECK(log.lines_with("refused") >= 1);
  CHECK(log.lines_with("refused") <= 1 + static_cast<std::size_t>(seconds_since(start) / 10) + 1);
  CHECK_THAT(log.text(), Catch::Contains("over the cap of 8 per address (most from 127.0.0.2"));
}

TEST_CASE("one client can take the server offline: at the total cap idle connections make room for newcomers",
          "[http][availability]") {
  RunningServer running{capped_options()};  // 20 in all, 8 per address
  // The cap reached with idle connections: 8 + 8 from two clients, 4 from a third.
  Clients idle;
  open_from(idle, "127.0.0.2", 8, running.port());
  open_from(idle, "127.0.0.3", 8, running.port());
  open_from(idle, "127.0.0.4", 4, running.port());
  REQUIRE(wait_until([&] { return running.server().connections() == 20; }));

  // A client holding nothing (below its fair share: 20 / 4 addresses) gets
  // in; the oldest idle connection of a client above its share (127.0.0.2's
  // first) is closed for it, silently.
  Clients newcomer;
  open_from(newcomer, "127.0.0.5", 1, running.port());
  REQUIRE(wait_until([&] { return count(idle, &FromAddress::dropped) == 1; }));
  CHECK(idle.front()->dropped());
  CHECK(wait_until([&] { return running.server().connections() == 20; }));

  // A client holding more than its share waits for its own connections to
  // end: refused while the cap is reached.
  Clients greedy;
  open_from(greedy, "127.0.0.3", 1, running.port());
  REQUIRE(wait_until([&] { return count(greedy, &FromAddress::refused) == 1; }));
  check_refusal(greedy.front()->received(), "too many connections");

  // Kiosks and browsers are served, each in the place of an idle connection
  // of the clients holding the most; the small ones keep theirs.
  for (int i = 0; i < 5; ++i) {
    HttpTestClient kiosk{running.port()};
    CHECK(kiosk.request(bhttp::verb::get, "/healthz").result() == bhttp::status::ok);
  }
  CHECK(count(newcomer, &FromAddress::closed) == 0);
  for (std::size_t i = 16; i < idle.size(); ++i) CHECK_FALSE(idle[i]->closed());  // 127.0.0.4's
  CHECK(count(idle, &FromAddress::refused) == 0);
  CHECK(wait_until([&] { return running.server().connections() <= 20; }));
}

TEST_CASE("one client can take the server offline: at a total cap of busy connections newcomers get a 503",
          "[http][availability]") {
  RunningServer running{capped_options()};
  // 20 requests in progress from 5 addresses (the 100 Continue says the
  // server has read their headers): none is idle, none can be closed.
  Clients busy;
  for (int a = 2; a <= 6; ++a) open_from(busy, "127.0.0." + std::to_string(a), 4, running.port());
  for (auto& c : busy)
    c->send("POST /visits HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
  const auto all_received = [&](const std::string& status) {
    return std::ranges::all_of(busy, [&](auto& c) {
      c->poll();
      return c->received().find(status) != std::string::npos;
    });
  };
  REQUIRE(wait_until([&] { return all_received("HTTP/1.1 100 "); }));
  Clients late;
  open_from(late, "127.0.0.7", 3, running.port());
  REQUIRE(wait_until([&] { return count(late, &FromAddress::refused) == 3; }));
  check_refusal(late[0]->received(), "too many connections");
  CHECK(running.server().connections() == 20);

  // Once the requests are done and their clients gone, newcomers are served.
  for (auto& c : busy) c->send("0123456789");
  CHECK(wait_until([&] { return all_received("HTTP/1.1 200 "); }));
  busy.clear();
  REQUIRE(wait_until([&] { return running.server().connections() == 0; }));
  HttpTestClient kiosk{running.port()};
  CHECK(kiosk.request(bhttp::verb::get, "/healthz").result() == bhttp::status::ok);
}

TEST_CASE("idle keep-alive is shortened under pressure", "[http][availability]") {
  auto options = capped_options();  // read_timeout 120 s
  options.pressure_timeout = 1000ms;
  RunningServer running{options};
  // 14 idle connections: below 3/4 of the cap (15), they keep read_timeout.
  Clients idle;
  open_from(idle, "127.0.0.2", 7, running.port());
  open_from(idle, "127.0.0.3", 7, running.port());
  REQUIRE(wait_until([&] { return running.server().connections() == 14; }));

  // The 15th connection: under pressure. Its request is served, then its idle
  // keep-alive wait is pressure_timeout, not read_timeout.
  HttpTestClient kiosk{running.port()};
  const auto answered = kiosk.request(bhttp::verb::get, "/healthz");
  CHECK(answered.result() == bhttp::status::ok);
  CHECK(answered.keep_alive());
  const auto start = Clock::now();
  CHECK(kiosk.closed_by_server(kGenerous));  // read_timeout (120 s) would not close it within 30 s
  CHECK(seconds_since(start) >= 0.25);

  // A request's headers trickling in under pressure get pressure_timeout too (a 408).
  HttpTestClient slow{running.port()};
  slow.send("GET /slowloris HTTP/1.1\r\nHost: x\r\n");
  const auto result = slow.read(kGenerous);
  REQUIRE_FALSE(result.ec);
  check_json_error(result.response, bhttp::status::request_timeout, "1000 ms");

  // The 14 idle connections opened before the pressure are still there.
  CHECK(count(idle, &FromAddress::closed) == 0);
}

TEST_CASE(
    "one client can take the server offline: out of descriptors, accept failures are logged once per interval "
    "and the listener keeps accepting",
    "[http][availability]") {
  LogCapture log;
  RunningServer running{capped_options()};
  HttpTestClient before{running.port()};
  REQUIRE(before.request(bhttp::verb::get, "/healthz").result() == bhttp::status::ok);

  // Lower this process's descriptor limit a little above what is open, take
  // every descriptor left with sockets, then free one for a connection: it
  // waits in the backlog and the server's accept fails (EMFILE).
  rlimit saved{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &saved) == 0);
  std::size_t open_now = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++open_now;
  rlimit low = saved;
  low.rlim_cur = open_now + 8;
  REQUIRE(setrlimit(RLIMIT_NOFILE, &low) == 0);
  std::vector<int> sockets;
  for (int fd = ::socket(AF_INET, SOCK_STREAM, 0); fd >= 0; fd = ::socket(AF_INET, SOCK_STREAM, 0))
    sockets.push_back(fd);
  const int saved_errno = errno;
  bool connected = false;
  if (!sockets.empty()) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(running.port());
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected = ::connect(sockets.back(), reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0;
  }
  // The server retries every 50 ms: give it many failures to (not) log.
  const bool failed = wait_until([&] { return log.lines_with("accept failed") > 0; });
  // The server retries every 50 ms: wait for 20 more failures, however long
  // a busy machine takes to get there.
  const auto first = running.server().failed_accepts();
  const bool retried = wait_until([&] { return running.server().failed_accepts() >= first + 20; });
  const auto lines = log.lines_with("accept failed");
  REQUIRE(setrlimit(RLIMIT_NOFILE, &saved) == 0);
  CHECK(saved_errno == EMFILE);
  CHECK(connected);
  CHECK(failed);
  CHECK(retried);
  CHECK(lines <= 2);
  CHECK_THAT(log.text(), Catch::Contains("Too many open files"));

  // Descriptors back: the connections waiting in the backlog are accepted,
  // and new clients are served.
  for (const int fd : sockets) ::close(fd);
  HttpTestClient after{running.port()};
  CHECK(after.request(bhttp::verb::get, "/healthz").result() == bhttp::status::ok);
}

TEST_CASE("HSTS on HTTPS responses, not on plain HTTP: plain HTTP has none", "[http][hsts]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  const auto res = client.request(bhttp::verb::get, "/");
  CHECK(res.find(bhttp::field::strict_transport_security) == res.end());
  client.send("GET / HTTP/x.y\r\n\r\n");  // a protocol error answered by the server itself
  const auto error = client.read();
  REQUIRE_FALSE(error.ec);
  CHECK(error.response.find(bhttp::field::strict_transport_security) == error.response.end());
}

TEST_CASE("connection caps are sized from the descriptor limit", "[http][availability]") {
  const auto reserve = descriptor_reserve(4);
  CHECK(reserve >= 64 + 16);
  // The unit's LimitNOFILE, and the default 1 024 of a shell.
  const auto packaged = connection_caps(0, 0, 4096, 4);
  REQUIRE(packaged);
  CHECK(packaged->total == 4096 - reserve);
  CHECK(packaged->per_address == 64);
  const auto shell = connection_caps(0, 0, 1024, 4);
  REQUIRE(shell);
  CHECK(shell->total == 1024 - reserve);
  // Never above kMaxAutomaticConnections, whatever the limit.
  CHECK(connection_caps(0, 0, 1'000'000, 4)->total == escale::server::http::kMaxAutomaticConnections);
  // An explicit cap is kept; the per-address cap never exceeds it.
  const auto small = connection_caps(20, 64, 4096, 4);
  REQUIRE(small);
  CHECK(small->total == 20);
  CHECK(small->per_address == 20);
  // A cap the limit cannot hold is refused, saying what to change.
  const auto too_many = connection_caps(5000, 0, 4096, 4);
  REQUIRE_FALSE(too_many);
  CHECK_THAT(too_many.error(), Catch::Contains("max_connections = 5000") && Catch::Contains("LimitNOFILE") &&
                                   Catch::Contains(std::to_string(4096 - reserve)));
  const auto tiny = connection_caps(0, 0, 100, 4);
  REQUIRE_FALSE(tiny);
  CHECK_THAT(tiny.error(), Catch::Contains("LimitNOFILE"));
}

TEST_CASE("the per-address cap counts an IPv6 /64 as one client", "[http][availability]") {
  CHECK(address_key(ip::make_address("203.0.113.7")) == ip::make_address("203.0.113.7"));
  CHECK(address_key(ip::make_address("::ffff:203.0.113.7")) == ip::make_address("203.0.113.7"));
  CHECK(address_key(ip::make_address("2001:db8:1:2:aaaa:bbbb:cccc:dddd")) == ip::make_address("2001:db8:1:2::"));
  CHECK(address_key(ip::make_address("2001:db8:1:2::1")) == address_key(ip::make_address("2001:db8:1:2::ffff")));
  CHECK(address_key(ip::make_address("2001:db8:1:3::1")) != address_key(ip::make_address("2001:db8:1:2::1")));
}

TEST_CASE("trusted proxies are exempt from the per-address cap, not from the total", "[http][availability]") {
  auto options = capped_options();
  options.max_connections_per_address = 2;
  options.per_address_exempt = {"127.0.0.9"};
  RunningServer running{options};
  Clients proxy;
  open_from(proxy, "127.0.0.9", 10, running.port());
  Clients client;
  open_from(client, "127.0.0.10", 3, running.port());
  REQUIRE(wait_until([&] { return count(client, &FromAddress::refused) == 1; }));
  CHECK(wait_until([&] { return running.server().connections() == 12; }));
  CHECK(count(proxy, &FromAddress::closed) == 0);
  // The total still holds: 10 more through the proxy make 22, the 2 oldest idle go.
  open_from(proxy, "127.0.0.9", 10, running.port());
  CHECK(wait_until([&] { return count(proxy, &FromAddress::dropped) == 2; }));
  CHECK(wait_until([&] { return running.server().connections() == 20; }));
}
