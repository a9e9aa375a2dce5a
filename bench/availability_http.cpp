// Benchmark: a week's availability over HTTP under load. C concurrent
// clients, each on its own keep-alive connection, GET
// /api/v1/availability?site=1&days=7 one after another for S seconds, to the
// real escale-server handler (make_api, the HTTP server with T threads) over
// loopback, in this process. The site: 4 desks and a visio room, opening
// Mo-Fr 08:30-12:30,13:30-18:00 and Saturday morning, about 60 % of the
// week's half-days booked by 40 members (a week's answer about the size the
// outside measurement of issue 16 saw). Prints requests per second, latency
// p50/p99/max, the answer's size and the failures (anything but a 200 with
// the whole week); exits 1 on a failure, 3 when p99 is over the target
// (50 ms at 64 connections: the goal).
//
//   bench_availability_http [CONNECTIONS] [SECONDS] [SERVER_THREADS]
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <latch>
#include <mutex>
#include <random>
#include <thread>

#include "api/routes.hpp"
#include "booking/booking.hpp"
#include "domain/uuid.hpp"
#include "http/http_server.hpp"
#include "stats.hpp"
#include "store/bookings.hpp"
#include "store/connection_pool.hpp"
#include "store/credentials.hpp"
#include "store/members.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"

using namespace escale;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Stopwatch = std::chrono::steady_clock;

namespace {

constexpr int kDesks = 4;
constexpr int kMembers = 40;
constexpr double kTargetP99Ms = 50;

// The site, its resources and members, the week's bookings; returns an admin token.
std::string seed(const std::filesystem::path& path) {
  auto db = server::open_server_db(path);
  auto site = server::add_site(db, Site{0, "Tiers-lieu", "", "21425", "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00"});
  std::vector<std::int64_t> resources;
  for (int i = 0; i < kDesks; ++i)
    resources.push_back(
        server::add_resource(db, Resource{0, site->id, ResourceKind::Desk, "Bureau " + std::to_string(i + 1), 1, ""})
            ->id);
  resources.push_back(
      server::add_resource(db, Resource{0, site->id, ResourceKind::VisioRoom, "Salle visio", 1, ""})->id);
  std::vector<std::int64_t> members;
  for (int i = 0; i < kMembers; ++i) {
    Member m;
    m.site_id = site->id;
    m.first_name = "Prénom";
    m.last_name = "Nom " + std::to_string(i);
    members.push_back(server::add_member(db, m)->id);
  }
  for (const ResourceKind kind : {ResourceKind::Desk, ResourceKind::VisioRoom}) {
    BookingRules rules = default_rules(kind);
    rules.max_per_day = 100;
    rules.max_per_week = 100;
    server::set_site_rules(db, site->id, kind, rules);
  }
  std::mt19937 rng(16);
  std::bernoulli_distribution taken(0.6);
  std::uniform_int_distribution<std::size_t> who(0, members.size() - 1);
  const Instant t = now();
  const auto hours = OpeningHours::parse("Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00");
  for (int d = 0; d < 7; ++d) {
    const CivilDate day = add_days(paris_civil_date(t), d);
    for (const DayPart& part : day_parts(*hours, day)) {
      if (part.kind == DayPartKind::Day || part.start <= t) continue;
      for (const auto r : resources) {
        if (!taken(rng)) continue;
        Booking b;
        b.id = make_uuid_v4();
        b.member_id = members[who(rng)];
        b.resource_id = r;
        b.start = part.start;
        b.end = r == resources.back() ? part.start + std::chrono::hours(1) : part.end;
        server::create_booking(db, b, {}, t);
      }
    }
  }
  return *server::add_admin_client(db, "bench");
}

struct Outcome {
  std::vector<double> ms;
  int failures = 0;
  std::size_t bytes = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const int connections = argc > 1 ? std::max(1, std::atoi(argv[1])) : 64;
  const double seconds = argc > 2 ? std::max(1.0, std::atof(argv[2])) : 10.0;
  const int threads = argc > 3 ? std::max(1, std::atoi(argv[3])) : 4;
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("escale-bench-availability-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "server.db";
  const std::string token = seed(path);
  Outcome total;
  double elapsed = 0;
  {
    server::ConnectionPool pool(path, threads + 1);
    server::http::ServerOptions options;
    options.port = 0;
    options.threads = threads;
    server::http::HttpServer server(options, server::make_api(pool));
    std::thread runner([&] { server.run(false); });
    std::mutex merge;
    std::latch start(connections + 1);
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < connections; ++c) {
      clients.emplace_back([&] {
        Outcome mine;
        try {
          boost::asio::io_context ioc;
          boost::asio::ip::tcp::resolver resolver(ioc);
          beast::tcp_stream stream(ioc);
          stream.connect(resolver.resolve("127.0.0.1", std::to_string(server.port())));
          bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/api/v1/availability?site=1&days=7", 11};
          req.set(bhttp::field::host, "127.0.0.1");
          req.set(bhttp::field::authorization, "Bearer " + token);
          req.keep_alive(true);
          start.arrive_and_wait();
          while (!stop.load()) {
            const auto t0 = Stopwatch::now();
            bhttp::write(stream, req);
            beast::flat_buffer buffer;
            bhttp::response<bhttp::string_body> res;
            bhttp::read(stream, buffer, res);
            mine.ms.push_back(std::chrono::duration<double, std::milli>(Stopwatch::now() - t0).count());
            mine.bytes = res.body().size();
            if (res.result() != bhttp::status::ok || res.body().find("\"days\"") == std::string::npos) {
              if (mine.failures++ == 0)
                std::fprintf(stderr, "unexpected %d: %.200s\n", res.result_int(), res.body().c_str());
            }
          }
        } catch (const std::exception& e) {
          if (mine.failures++ == 0) std::fprintf(stderr, "client: %s\n", e.what());
        }
        std::lock_guard lock(merge);
        total.ms.insert(total.ms.end(), mine.ms.begin(), mine.ms.end());
        total.failures += mine.failures;
        total.bytes = std::max(total.bytes, mine.bytes);
      });
    }
    start.arrive_and_wait();
    const auto t0 = Stopwatch::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& t : clients) t.join();
    elapsed = std::chrono::duration<double>(Stopwatch::now() - t0).count();
    server.stop();
    runner.join();
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  const double p99 = bench::percentile(total.ms, 99);
  std::printf(
      "availability of a week over HTTP, %d connections, %d server threads, %.0f s: %.0f requests/s, latency p50 "
      "%.1f ms, p99 %.1f ms, max %.1f ms, %zu bytes per answer, %d failures (target p99 <= %.0f ms at 64 "
      "connections)\n",
      connections, threads, elapsed, static_cast<double>(total.ms.size()) / elapsed, bench::percentile(total.ms, 50),
      p99, bench::percentile(total.ms, 100), total.bytes, total.failures, kTargetP99Ms);
  if (total.failures > 0 || total.ms.empty()) return 1;
  return connections >= 64 && p99 > kTargetP99Ms ? 3 : 0;
}
