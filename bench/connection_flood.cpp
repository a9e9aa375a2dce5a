// Benchmark: does the server stay available while clients hold connections?
// Against a running escale-server (scripts/bench-connection-flood.sh starts
// the real program under the packaged unit's LimitNOFILE with the packaged
// configuration), for each scenario:
//
//   idle       N connections opened and left silent (no TLS handshake, no byte);
//   slowloris  M connections sending a request one header byte every few
//              seconds (after the TLS handshake, on an HTTPS port), never
//              finishing it;
//   both       the two together;
//
// each from one client address ("one client") or spread over several loopback
// addresses ("many clients"). Every flood connection the server closes (a
// timeout, a refusal) is reopened after a short pause, as a hostile or buggy
// client would. Meanwhile, from another address, GET /healthz and a kiosk's
// sync (POST /api/v1/sync through the kiosk's own HTTP client, real token,
// a new connection and TLS handshake each time, as the kiosk does) are timed
// one after another (the flood's thread at nice 10 by default: it stands for
// clients on other machines), a pair every ~100 ms so that a scenario outlasts the
// server's 15 s read timeout (the flood's connections time out and are all
// reopened at once within the measurement). Prints a table: p50/p99/max and
// how many failed (no answer within the timeout, or not a 200); exits 1 when
// a p99 is over 50 ms or a request failed.
//
//   bench_connection_flood --port P --token T [--ca FILE] [options]  (--help)
#include <CLI/CLI.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <netinet/in.h>
#include <sys/resource.h>
#include <unistd.h>

#include "stats.hpp"
#include "sync/http_client.hpp"
#include "sync/protocol.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ip = asio::ip;
namespace ssl = asio::ssl;
using tcp = ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

struct Settings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  bool tls = true;
  std::string ca_file;
  std::string token;
  int idle = 1100;
  int slowloris = 300;
  int requests = 200;  // of each kind per scenario
  int spread = 50;     // addresses of the "many clients" scenarios (28 connections each: under the per-address cap)
  int timeout_ms = 2000;
  int reconnect_ms = 250;
  int trickle_ms = 5000;
  int pause_ms = 80;        // between two timed pairs: 200 pairs last ~20 s, past the flood's first 15 s timeouts
  int max_scenario_s = 60;  // a scenario's timed requests stop after this (a server that never answers)
  // The flood's thread runs at this nice value: it stands for clients on other
  // machines, and on a small machine shared with the server it would otherwise
  // take the CPU the server needs (0: the same priority as the server).
  int flood_nice = 10;
  std::string only;  // run only the scenarios whose name contains this
};

// --- the flood -----------------------------------------------------------------

struct FloodStats {
  std::atomic<long> opened{0};  // connections established
  std::atomic<long> closed_by_server{0};
  std::atomic<long> connect_failed{0};
  std::atomic<long> open_now{0};
};

// IP_BIND_ADDRESS_NO_PORT: choose the source port at connect, not at bind,
// so thousands of connections from one address do not run out of ports.
using BindNoPort = asio::detail::socket_option::boolean<IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT>;

class FloodConnection : public std::enable_shared_from_this<FloodConnection> {
 public:
  FloodConnection(asio::io_context& ioc, ssl::context& tls, const Settings& s, ip::address source, bool slow,
                  FloodStats& stats, const std::atomic<bool>& running)
      : ioc_(ioc), tls_(tls), s_(s), source_(source), slow_(slow), stats_(stats), running_(running), timer_(ioc) {}

  void start() { connect(); }
  void close() {
    beast::error_code ignored;
    timer_.cancel();
    if (stream_) stream_->lowest_layer().close(ignored);
  }

 private:
  using Stream = ssl::stream<tcp::socket>;

  void connect() {
    if (!running_) return;
    stream_.emplace(ioc_, tls_);
    auto& socket = stream_->next_layer();
    beast::error_code ec;
    socket.open(tcp::v4(), ec);
    if (!ec) socket.set_option(BindNoPort(true), ec);
    if (!ec) socket.bind({source_, 0}, ec);
    if (ec) return failed();
    sent_ = 0;
    socket.async_connect({ip::make_address(s_.host), s_.port}, [self = shared_from_this()](beast::error_code cec) {
      if (cec) return self->failed();
      ++self->stats_.opened;
      ++self->stats_.open_now;
      if (!self->slow_) return self->wait_close();
      if (!self->s_.tls) return self->trickle();
      self->stream_->async_handshake(ssl::stream_base::client, [self](beast::error_code hec) {
        if (hec) return self->lost();
        self->trickle();
      });
    });
  }

  // Idle: wait for the server to close (or say anything), then reopen.
  void wait_close() {
    stream_->next_layer().async_read_some(asio::buffer(scratch_),
                                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                            if (!ec) return self->wait_close();
                                            self->lost();
                                          });
  }

  // Slowloris: one byte of a never-ending request every trickle_ms, and a read
  // that notices the server's 408 or close.
  void trickle() {
    static const std::string kRequest = "GET /healthz HTTP/1.1\r\nHost: escale\r\nUser-Agent: slow\r\nX-Padding: ";
    const char byte = sent_ < kRequest.size() ? kRequest[sent_] : 'a';
    ++sent_;
    byte_ = byte;
    const auto done = [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->lost();
      self->timer_.expires_after(std::chrono::milliseconds(self->s_.trickle_ms));
      self->timer_.async_wait([self](beast::error_code tec) {
        if (!tec) self->trickle();
      });
    };
    if (sent_ == 1) watch();
    if (s_.tls) {
      asio::async_write(*stream_, asio::buffer(&byte_, 1), done);
    } else {
      asio::async_write(stream_->next_layer(), asio::buffer(&byte_, 1), done);
    }
  }

  void watch() {
    const auto on_read = [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec) return self->watch();
      self->lost();
    };
    if (s_.tls) {
      stream_->async_read_some(asio::buffer(scratch_), on_read);
    } else {
      stream_->next_layer().async_read_some(asio::buffer(scratch_), on_read);
    }
  }

  // The server ended the connection (or we could not finish the handshake): reopen.
  void lost() {
    if (!alive_) return;  // the read and the write both noticed
    alive_ = false;
    --stats_.open_now;
    if (running_) ++stats_.closed_by_server;
    reopen_later();
  }

  void failed() {
    ++stats_.connect_failed;
    alive_ = false;
    reopen_later();
  }

  void reopen_later() {
    beast::error_code ignored;
    timer_.cancel();
    if (stream_) stream_->lowest_layer().close(ignored);
    if (!running_) return;
    timer_.expires_after(std::chrono::milliseconds(s_.reconnect_ms));
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->alive_ = true;
      self->connect();
    });
  }

  asio::io_context& ioc_;
  ssl::context& tls_;
  const Settings& s_;
  ip::address source_;
  bool slow_;
  FloodStats& stats_;
  const std::atomic<bool>& running_;
  asio::steady_timer timer_;
  std::optional<Stream> stream_;
  std::array<char, 512> scratch_{};
  std::size_t sent_ = 0;
  char byte_ = 0;
  bool alive_ = true;
};

class Flood {
 public:
  Flood(const Settings& s, int idle, int slow, const std::vector<ip::address>& sources) : s_(s) {
    tls_.set_verify_mode(ssl::verify_none);  // the flood does not care whom it talks to
    for (int i = 0; i < idle + slow; ++i) {
      connections_.push_back(
          std::make_shared<FloodConnection>(ioc_, tls_, s_, sources[i % sources.size()], i >= idle, stats_, running_));
    }
    for (auto& c : connections_) c->start();
    thread_ = std::thread([this] {
      setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), s_.flood_nice);
      ioc_.run();
    });
  }
  ~Flood() {
    running_ = false;
    asio::post(ioc_, [this] {
      for (auto& c : connections_) c->close();
    });
    work_.reset();
    thread_.join();
  }
  Flood(const Flood&) = delete;
  Flood& operator=(const Flood&) = delete;

  const FloodStats& stats() const { return stats_; }

 private:
  const Settings& s_;
  asio::io_context ioc_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{ioc_.get_executor()};
  ssl::context tls_{ssl::context::tls_client};
  FloodStats stats_;
  std::atomic<bool> running_{true};
  std::vector<std::shared_ptr<FloodConnection>> connections_;
  std::thread thread_;
};

// --- the timed requests ---------------------------------------------------------

struct Sample {
  double ms = 0;
  bool ok = false;
};

// GET /healthz on a new connection (TLS verified against the CA file), like a
// monitoring probe or a browser: connect, handshake, request, response.
Sample healthz(const Settings& s) {
  const auto t0 = Clock::now();
  asio::io_context ioc;
  ssl::context context{ssl::context::tls_client};
  context.set_verify_mode(ssl::verify_peer);
  if (!s.ca_file.empty()) context.load_verify_file(s.ca_file);
  beast::ssl_stream<beast::tcp_stream> tls_stream{ioc, context};
  beast::tcp_stream plain_stream{ioc};
  auto& tcp_stream = s.tls ? beast::get_lowest_layer(tls_stream) : plain_stream;
  tcp_stream.expires_after(std::chrono::milliseconds(s.timeout_ms));
  bool ok = false;
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/healthz", 11};
  req.set(bhttp::field::host, s.host);
  req.keep_alive(false);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  const auto exchange = [&](auto& stream) {
    bhttp::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
      if (ec) return;
      bhttp::async_read(stream, buffer, res,
                        [&](beast::error_code rec, std::size_t) { ok = !rec && res.result() == bhttp::status::ok; });
    });
  };
  tcp_stream.async_connect(tcp::endpoint{ip::make_address(s.host), s.port}, [&](beast::error_code ec) {
    if (ec) return;
    if (!s.tls) return exchange(plain_stream);
    tls_stream.async_handshake(ssl::stream_base::client, [&](beast::error_code hec) {
      if (!hec) exchange(tls_stream);
    });
  });
  ioc.run();
  return {std::chrono::duration<double, std::milli>(Clock::now() - t0).count(), ok};
}

// A kiosk's sync, through the kiosk's own client (kiosk/sync/http_client.cpp):
// an up-to-date kiosk with nothing to send, as most syncs are.
Sample sync_once(const Settings& s, const std::string& body) {
  const escale::kiosk::ServerAddress address{s.tls, s.host, std::to_string(s.port), ""};
  escale::kiosk::TlsSettings tls;
  tls.ca_file = s.ca_file;
  const auto t0 = Clock::now();
  const auto reply =
      escale::kiosk::post_json(address, "/api/v1/sync", body, s.token, std::chrono::milliseconds(s.timeout_ms), tls);
  return {std::chrono::duration<double, std::milli>(Clock::now() - t0).count(), reply.status == 200};
}

std::string sync_body(const Settings& s) {
  escale::sync::SyncRequest request;
  request.kiosk_version = "bench";
  const auto address = escale::kiosk::ServerAddress{s.tls, s.host, std::to_string(s.port), ""};
  escale::kiosk::TlsSettings tls;
  tls.ca_file = s.ca_file;
  // The first exchange brings the kiosk up to date; later ones send its cursor.
  for (;;) {
    const auto reply =
        escale::kiosk::post_json(address, "/api/v1/sync", escale::sync::encode(request), s.token, 10s, tls);
    if (reply.status != 200) {
      std::fprintf(stderr, "bench_connection_flood: the first sync failed: %d %s %s\n", reply.status,
                   reply.error.c_str(), reply.body.substr(0, 300).c_str());
      std::exit(2);
    }
    const auto decoded = escale::sync::decode_response(reply.body);
    if (!decoded) {
      std::fprintf(stderr, "bench_connection_flood: unreadable sync answer: %s\n", decoded.error().c_str());
      std::exit(2);
    }
    request.cursor = decoded->cursor;
    if (!decoded->more) return escale::sync::encode(request);
  }
}

struct Row {
  std::string name;
  std::vector<Sample> health;
  std::vector<Sample> sync;
  long flood_opened = 0;
  long flood_closed = 0;
  long flood_open_at_end = 0;
};

void print_cell(const std::vector<Sample>& samples) {
  std::vector<double> ms;
  int failed = 0;
  for (const auto& s : samples) {
    ms.push_back(s.ms);
    if (!s.ok) ++failed;
  }
  const std::string failures = std::to_string(failed) + "/" + std::to_string(samples.size());
  std::printf(" %7.1f %7.1f %7.1f %9s |", escale::bench::percentile(ms, 50), escale::bench::percentile(ms, 99),
              ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()), failures.c_str());
}

Row run_scenario(const Settings& s, const std::string& name, int idle, int slow, int sources,
                 const std::string& sync_request) {
  Row row{name, {}, {}};
  std::vector<ip::address> from;
  for (int i = 0; i < sources; ++i)
    from.push_back(sources == 1 ? ip::make_address("127.0.0.2") : ip::make_address_v4(0x7F000100u + 1 + i));
  std::optional<Flood> flood;
  if (idle + slow > 0) {
    flood.emplace(s, idle, slow, from);
    // Ramp-up: every flood connection tried once, then a moment to settle.
    const auto until = Clock::now() + 20s;
    while (flood->stats().opened + flood->stats().connect_failed < idle + slow && Clock::now() < until)
      std::this_thread::sleep_for(50ms);
    std::this_thread::sleep_for(1s);
  }
  const auto stop_at = Clock::now() + std::chrono::seconds(s.max_scenario_s);
  for (int i = 0; i < s.requests && Clock::now() < stop_at; ++i) {
    row.health.push_back(healthz(s));
    row.sync.push_back(sync_once(s, sync_request));
    std::this_thread::sleep_for(std::chrono::milliseconds(s.pause_ms));
  }
  if (flood) {
    row.flood_opened = flood->stats().opened;
    row.flood_closed = flood->stats().closed_by_server;
    row.flood_open_at_end = flood->stats().open_now;
  }
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  CLI::App app{"Times /healthz and a kiosk's sync while idle and slowloris connections flood the server"};
  app.add_option("--host", s.host, "server address")->capture_default_str();
  app.add_option("--port", s.port, "server port")->required();
  bool plain = false;
  app.add_flag("--plain", plain, "the server speaks plain HTTP (default: HTTPS)");
  app.add_option("--ca", s.ca_file, "the server's certificate (PEM) to trust");
  app.add_option("--token", s.token, "a kiosk's bearer token (escale-server kiosk add --print-token)")->required();
  app.add_option("--idle", s.idle, "idle connections")->capture_default_str();
  app.add_option("--slowloris", s.slowloris, "slowloris connections")->capture_default_str();
  app.add_option("--requests", s.requests, "timed requests of each kind per scenario")->capture_default_str();
  app.add_option("--spread", s.spread, "addresses of the many-clients scenarios")->capture_default_str();
  app.add_option("--timeout-ms", s.timeout_ms, "a timed request fails after this")->capture_default_str();
  app.add_option("--reconnect-ms", s.reconnect_ms, "pause before a flood connection is reopened")
      ->capture_default_str();
  app.add_option("--trickle-ms", s.trickle_ms, "a slowloris sends a byte this often")->capture_default_str();
  app.add_option("--pause-ms", s.pause_ms, "pause between two timed pairs")->capture_default_str();
  app.add_option("--flood-nice", s.flood_nice, "nice value of the flood's thread (0: the server's priority)")
      ->capture_default_str();
  app.add_option("--max-scenario-s", s.max_scenario_s, "timed requests stop after this")->capture_default_str();
  app.add_option("--only", s.only, "run the scenarios whose name contains this");
  CLI11_PARSE(app, argc, argv);
  s.tls = !plain;

  // The flood needs its own descriptors: as many as the hard limit allows.
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);

  const std::string request = sync_body(s);
  struct Scenario {
    std::string name;
    int idle;
    int slow;
    int sources;
  };
  const std::vector<Scenario> scenarios = {
      {"no flood", 0, 0, 1},
      {std::to_string(s.idle) + " idle, one client", s.idle, 0, 1},
      {std::to_string(s.slowloris) + " slowloris, one client", 0, s.slowloris, 1},
      {"both, one client", s.idle, s.slowloris, 1},
      {std::to_string(s.idle) + " idle, " + std::to_string(s.spread) + " clients", s.idle, 0, s.spread},
      {std::to_string(s.slowloris) + " slowloris, " + std::to_string(s.spread) + " clients", 0, s.slowloris, s.spread},
      {"both, " + std::to_string(s.spread) + " clients", s.idle, s.slowloris, s.spread},
  };
  std::printf("%-28s | %-33s | %-33s | flood connections:\n", "", "GET /healthz (ms)", "kiosk sync (ms)");
  std::printf("%-28s | %7s %7s %7s %9s | %7s %7s %7s %9s | opened, closed by server, open at end\n", "scenario", "p50",
              "p99", "max", "failed", "p50", "p99", "max", "failed");
  int status = 0;
  for (const auto& sc : scenarios) {
    if (!s.only.empty() && sc.name.find(s.only) == std::string::npos) continue;
    const auto row = run_scenario(s, sc.name, sc.idle, sc.slow, sc.sources, request);
    std::printf("%-28s |", row.name.c_str());
    print_cell(row.health);
    print_cell(row.sync);
    std::printf(" %ld, %ld, %ld\n", row.flood_opened, row.flood_closed, row.flood_open_at_end);
    std::fflush(stdout);
    for (const auto* samples : {&row.health, &row.sync}) {
      std::vector<double> ms;
      bool all_ok = true;
      for (const auto& x : *samples) {
        ms.push_back(x.ms);
        all_ok = all_ok && x.ok;
      }
      if (!all_ok || escale::bench::percentile(ms, 99) > 50) status = 1;  // the target: p99 ≤ 50 ms, no failure
    }
  }
  return status;
}
