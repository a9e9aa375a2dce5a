// Blocking work off the I/O threads (issue 16): requests the IsBlocking
// predicate picks run on the server's worker threads, so while they are all
// stuck, /healthz still answers; beyond the bounded queue, a 503 with
// Retry-After answers at once. No timing: the slow handlers wait on a latch
// the test opens, and the test waits on conditions.
#include "http/http_server.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http_test_client.hpp"
#include "support/wait_until.hpp"

namespace {

using escale::server::http::HttpServer;
using escale::server::http::make_response;
using escale::server::http::Request;
using escale::server::http::Response;
using escale::server::http::ServerOptions;
using escale::tests::HttpTestClient;
using escale::tests::wait_until;
namespace bhttp = boost::beast::http;

// The slow handlers wait here until the test opens it.
struct Gate {
  std::mutex mutex;
  std::condition_variable opened_cv;
  bool opened = false;
  std::atomic<int> inside{0};                     // slow handlers waiting now
  std::atomic<int> entered{0};                    // slow handlers started, in all
  std::vector<std::thread::id> threads;           // guarded by mutex: who ran them
  std::atomic<std::thread::id> healthz_thread{};  // who ran the last /healthz

  void open() {
    {
      const std::scoped_lock lock{mutex};
      opened = true;
    }
    opened_cv.notify_all();
  }
};

// A server whose /slow requests are blocking work and wait on the gate.
class BlockingServer {
 public:
  BlockingServer(int io_threads, int workers, std::size_t queue)
      : server_(
            options(io_threads, workers, queue), [gate = gate_](const Request& req) { return handle(*gate, req); },
            [](const Request& req) { return req.target() == "/slow"; }),
        thread_([this] { server_.run(false); }) {}

  ~BlockingServer() {
    gate_->open();  // a failed test must not leave a worker waiting forever
    server_.stop();
    thread_.join();
  }

  BlockingServer(const BlockingServer&) = delete;
  BlockingServer& operator=(const BlockingServer&) = delete;

  HttpServer& server() { return server_; }
  Gate& gate() { return *gate_; }
  std::uint16_t port() const { return server_.port(); }

 private:
  static ServerOptions options(int io_threads, int workers, std::size_t queue) {
    ServerOptions o;
    o.port = 0;
    o.threads = io_threads;
    o.blocking_threads = workers;
    o.blocking_queue = queue;
    return o;
  }

  static Response handle(Gate& gate, const Request& req) {
    if (req.target() == "/slow") {
      ++gate.entered;
      ++gate.inside;
      std::unique_lock lock{gate.mutex};
      gate.threads.push_back(std::this_thread::get_id());
      gate.opened_cv.wait(lock, [&] { return gate.opened; });
      --gate.inside;
      return make_response(bhttp::status::ok, "slow done", "text/plain", req.version(), req.keep_alive());
    }
    gate.healthz_thread = std::this_thread::get_id();
    return make_response(bhttp::status::ok, R"({"status":"ok"})", "application/json", req.version(), req.keep_alive());
  }

  std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
  HttpServer server_;
  std::thread thread_;
};

std::string raw_get(std::string_view target) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: x\r\n\r\n";
}

}  // namespace

TEST_CASE("blocking requests run off the I/O threads: /healthz answers while every worker is stuck",
          "[http][blocking]") {
  // One I/O thread only: before the worker pool, one stuck handler held it
  // and /healthz waited for it.
  BlockingServer running(1, 2, 8);
  std::vector<std::unique_ptr<HttpTestClient>> slow;
  for (int i = 0; i < 4; ++i) {
    slow.push_back(std::make_unique<HttpTestClient>(running.port()));
    slow.back()->send(raw_get("/slow"));
  }
  // Two run (one per worker), two wait in the queue.
  REQUIRE(wait_until([&] { return running.gate().inside == 2 && running.server().blocking_waiting() == 2; }));

  HttpTestClient probe(running.port());
  for (int i = 0; i < 3; ++i) {
    const auto res = probe.request(bhttp::verb::get, "/healthz");
    CHECK(res.result() == bhttp::status::ok);
  }
  {
    const std::scoped_lock lock{running.gate().mutex};
    for (const auto& id : running.gate().threads) CHECK(id != running.gate().healthz_thread.load());
  }
  CHECK(running.gate().inside == 2);  // still stuck: /healthz did not wait for them

  running.gate().open();
  for (auto& client : slow) {
    const auto result = client->read();
    REQUIRE_FALSE(result.ec);
    CHECK(result.response.result() == bhttp::status::ok);
    CHECK(result.response.body() == "slow done");
    CHECK(result.response.keep_alive());
  }
  CHECK(running.gate().entered == 4);
  // The connections stay usable after their blocking request.
  const auto again = slow.front()->request(bhttp::verb::get, "/healthz");
  CHECK(again.result() == bhttp::status::ok);
}

TEST_CASE("blocking requests beyond the queue get 503 with Retry-After at once", "[http][blocking]") {
  BlockingServer running(2, 1, 1);
  HttpTestClient first(running.port());
  first.send(raw_get("/slow"));
  REQUIRE(wait_until([&] { return running.gate().inside == 1; }));  // the only worker is busy
  HttpTestClient second(running.port());
  second.send(raw_get("/slow"));
  REQUIRE(wait_until([&] { return running.server().blocking_waiting() == 1; }));  // the queue is full

  HttpTestClient third(running.port());
  const auto refused = third.request(bhttp::verb::get, "/slow");
  CHECK(refused.result() == bhttp::status::service_unavailable);
  CHECK(refused[bhttp::field::retry_after] == std::to_string(escale::server::http::kBlockingRetryAfterSeconds));
  CHECK_THAT(std::string(refused.body()), Catch::Contains("try again"));
  CHECK(refused.keep_alive());         // a refusal, not a broken connection
  CHECK(running.gate().entered == 1);  // the refused one never ran

  // Quick requests are not refused meanwhile.
  CHECK(third.request(bhttp::verb::get, "/healthz").result() == bhttp::status::ok);

  running.gate().open();
  for (auto* client : {&first, &second}) {
    const auto result = client->read();
    REQUIRE_FALSE(result.ec);
    CHECK(result.response.result() == bhttp::status::ok);
  }
  // Room again: the same request now runs.
  CHECK(third.request(bhttp::verb::get, "/slow").result() == bhttp::status::ok);
  CHECK(running.gate().entered == 3);
}

TEST_CASE("a stop while blocking requests are queued lets the running one answer", "[http][blocking]") {
  auto running = std::make_unique<BlockingServer>(1, 1, 4);
  HttpTestClient first(running->port());
  first.send(raw_get("/slow"));
  REQUIRE(wait_until([&] { return running->gate().inside == 1; }));
  running->server().stop();
  running->gate().open();
  const auto result = first.read();
  REQUIRE_FALSE(result.ec);
  CHECK(result.response.result() == bhttp::status::ok);
  CHECK_FALSE(result.response.keep_alive());  // stopping: the connection closes after it
  running.reset();                            // run() returns; nothing hangs
}
