#include "http/http_server.hpp"  // first: the header is self-contained

// Tests of the server's HTTP layer against a real socket: requests pass through
// to the handler, protocol errors get JSON answers, slow clients time out, and
// the graceful stop lets work in flight finish.
#include "http_test_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

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
  CHECK(client.closed_by_server(2s));
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
  CHECK(client.closed_by_server(2s));
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
  CHECK(client.closed_by_server(2s));
}

TEST_CASE("a garbage request line gets 400", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send("\x01\x02 nonsense\r\n\r\n");
  const auto result = client.read();
  REQUIRE_FALSE(result.ec);
  check_json_error(result.response, bhttp::status::bad_request, "malformed request");
  CHECK(result.response[bhttp::field::connection] == "close");
  CHECK(client.closed_by_server(2s));
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
  const auto result = client.read(3s);
  const double elapsed = seconds_since(start);
  REQUIRE_FALSE(result.ec);
  check_json_error(result.response, bhttp::status::request_timeout, "300 ms");
  CHECK(result.response[bhttp::field::connection] == "close");
  CHECK(elapsed >= 0.25);
  CHECK(elapsed < 1.5);
  CHECK(client.closed_by_server(2s));
}

TEST_CASE("a client that stalls mid-body gets 408 too", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  client.send("POST /visits HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a part");
  const auto result = client.read(3s);
  REQUIRE_FALSE(result.ec);
  check_json_error(result.response, bhttp::status::request_timeout, "request not received");
}

TEST_CASE("an idle keep-alive connection is closed silently after the read timeout", "[http]") {
  RunningServer running;
  HttpTestClient client{running.port()};
  CHECK(client.request(bhttp::verb::get, "/first").result() == bhttp::status::ok);
  const auto start = Clock::now();
  CHECK(client.closed_by_server(3s));
  CHECK(seconds_since(start) < 1.5);
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
  RunningServer running;
  std::promise<HttpTestClient::Result> slow_result;
  std::jthread slow_client{[&] {
    HttpTestClient client{running.port()};
    client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    slow_result.set_value(client.read(5s));
  }};
  const auto deadline = Clock::now() + 2s;
  while (!running.state().slow_started && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  REQUIRE(running.state().slow_started);

  const auto stop_at = Clock::now();
  running.server().stop();
  const auto result = slow_result.get_future().get();
  REQUIRE_FALSE(result.ec);
  CHECK(result.response.result() == bhttp::status::ok);
  CHECK(json_body(result.response)["target"] == "/slow");
  CHECK_FALSE(result.response.keep_alive());

  const auto stopped = running.wait_stopped(3s);
  REQUIRE(stopped);
  CHECK(std::chrono::duration<double>(*stopped - stop_at).count() < 2.0);  // shutdown_grace
  // The acceptor is closed: nobody new gets in.
  CHECK(HttpTestClient::try_connect(running.port()));
}

TEST_CASE("stop() closes idle keep-alive connections and returns quickly", "[http][stop]") {
  auto options = test_options();
  options.read_timeout = 10s;  // so only the stop can close them
  RunningServer running{options};
  std::vector<std::unique_ptr<HttpTestClient>> clients;
  for (int i = 0; i < 5; ++i) {
    clients.push_back(std::make_unique<HttpTestClient>(running.port()));
    REQUIRE(clients.back()->request(bhttp::verb::get, "/idle").keep_alive());
  }
  const auto stop_at = Clock::now();
  running.server().stop();
  const auto stopped = running.wait_stopped(3s);
  REQUIRE(stopped);
  CHECK(std::chrono::duration<double>(*stopped - stop_at).count() < 1.0);
  for (auto& client : clients) CHECK(client->closed_by_server(1s));
}

TEST_CASE("stop() with a client stalled mid-request returns within the grace time", "[http][stop]") {
  auto options = test_options();
  options.read_timeout = 10s;
  options.shutdown_grace = 300ms;
  RunningServer running{options};
  HttpTestClient stalled{running.port()};
  stalled.send("POST /visits HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npart");
  std::this_thread::sleep_for(50ms);  // let the server read what was sent

  const auto stop_at = Clock::now();
  running.server().stop();
  const auto stopped = running.wait_stopped(3s);
  REQUIRE(stopped);
  const double took = std::chrono::duration<double>(*stopped - stop_at).count();
  CHECK(took >= 0.25);
  CHECK(took < 0.5);
  CHECK(stalled.closed_by_server(1s));  // abandoned connections are closed, not left hanging
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
  CHECK(returned.get_future().wait_for(2s) == std::future_status::ready);
  CHECK(client.closed_by_server(1s));
}

TEST_CASE("stop() before run() makes run() return at once", "[http][stop]") {
  HttpServer server{test_options(), [](const Request&) { return Response{}; }};
  server.stop();
  const auto start = Clock::now();
  server.run(false);
  CHECK(seconds_since(start) < 0.5);
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
