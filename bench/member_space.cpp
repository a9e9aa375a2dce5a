// Benchmark: « Mon espace » with 200 phone sessions at once (issue 18). The
// real server (make_api, the HTTP server with T threads) over loopback, in
// this process; a site with 20 desks, 200 members each logged in on a phone
// (a real session: a login link spent), each with a few bookings to come.
// Every phone keeps its connection open and, until the end, waits a random
// 0.2–1.8 s (a person reading, then tapping: one request a second on average,
// far more than real people do), then asks one of:
//   - GET /moi                        (70 %) « Mon espace »: bookings, choices, devices
//   - GET /moi/reserver/1/bureau      (25 %) the site's availability page: 8 days × 3 parts
//   - POST /moi/reserver/1/bureau     ( 5 %) a booking of a random day and part (booked, or refused
//                                             with its reason: both are answers)
// Prints, per kind, the count, p50, p99 and max latency, and the failures
// (an answer other than the page expected). Exits 1 on a failure, 3 when a
// p99 is over its target (50 ms for the pages, 100 ms for a booking).
// With THINK_MS 0 the phones ask back to back (a stress, not the target).
//
//   bench_member_space [PHONES] [SECONDS] [SERVER_THREADS] [THINK_MS]
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
#include "http/http_server.hpp"
#include "stats.hpp"
#include "store/connection_pool.hpp"
#include "store/member_bookings.hpp"
#include "store/member_portal.hpp"
#include "store/members.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"
#include "time/iso_date.hpp"

using namespace escale;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Stopwatch = std::chrono::steady_clock;

namespace {

constexpr int kDesks = 20;
constexpr double kPageTargetMs = 50;
constexpr double kBookingTargetMs = 100;

struct Phone {
  std::string cookie;
  std::string csrf;
};

std::vector<Phone> seed(const std::filesystem::path& path, int phones) {
  auto db = server::open_server_db(path);
  const auto site = server::add_site(
      db, Site{0, "Tiers-lieu", "2 rue de la Gare", "21425", "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00"});
  for (int i = 0; i < kDesks; ++i)
    server::add_resource(db, Resource{0, site->id, ResourceKind::Desk, "Bureau " + std::to_string(i + 1), 1, ""});
  std::vector<Phone> out;
  std::mt19937 rng(18);
  const auto t = now();
  for (int i = 0; i < phones; ++i) {
    Member m;
    m.site_id = site->id;
    m.first_name = "Prénom" + std::to_string(i);
    m.last_name = "Nom";
    m.email = "membre" + std::to_string(i) + "@exemple.fr";
    const auto id = server::add_member(db, m)->id;
    // A few bookings to come, as a regular has.
    for (int k = 0; k < 3; ++k) {
      const auto day = add_days(paris_civil_date(t), 1 + static_cast<int>(rng() % 12));
      server::book_wish(db, {id, site->id, ResourceKind::Desk, server::BookingPart::Morning, 0, 0}, day, {}, t);
    }
    const auto link = server::issue_login_link(db, id, server::LinkChannel::Kiosk, t);
    const auto opened = server::redeem_login_link(db, link->token, "Firefox sur Android", t);
    out.push_back({opened.session->token, opened.session->csrf_token});
  }
  return out;
}

struct Sample {
  std::vector<double> home, availability, booking;
  int failures = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const int phones = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
  const double seconds = argc > 2 ? std::max(1.0, std::atof(argv[2])) : 20.0;
  const int threads = argc > 3 ? std::max(1, std::atoi(argv[3])) : 4;
  const int think_ms = argc > 4 ? std::max(0, std::atoi(argv[4])) : 1000;
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("escale-bench-member-space-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "server.db";
  const auto sessions = seed(path, phones);
  Sample total;
  double elapsed = 0;
  {
    server::ConnectionPool pool(path, threads + 3);
    server::http::ServerOptions options;
    options.port = 0;
    options.threads = threads;
    options.max_connections = static_cast<std::size_t>(phones + 64);
    options.max_connections_per_address = static_cast<std::size_t>(phones + 64);
    auto api = server::make_api_service(pool);
    server::http::HttpServer server(options, std::move(api.handler), std::move(api.blocking));
    std::thread runner([&] { server.run(false); });
    const std::string host = "127.0.0.1:" + std::to_string(server.port());
    std::mutex merge;
    std::latch start(phones + 1);
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < phones; ++c) {
      clients.emplace_back([&, c] {
        Sample mine;
        std::mt19937 rng(static_cast<unsigned>(c));
        std::uniform_int_distribution<int> think(think_ms / 5, think_ms * 9 / 5);
        std::uniform_int_distribution<int> pick(0, 99);
        std::uniform_int_distribution<int> ahead(1, 20);
        const char* parts[] = {"morning", "afternoon", "day"};
        try {
          boost::asio::io_context ioc;
          boost::asio::ip::tcp::resolver resolver(ioc);
          beast::tcp_stream stream(ioc);
          stream.connect(resolver.resolve("127.0.0.1", std::to_string(server.port())));
          const auto cookie = "escale_membre=" + sessions[static_cast<std::size_t>(c)].cookie;
          start.arrive_and_wait();
          while (!stop.load()) {
            if (think_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(think(rng)));
            if (stop.load()) break;
            const int what = pick(rng);
            bhttp::request<bhttp::string_body> req;
            req.version(11);
            req.set(bhttp::field::host, host);
            req.set(bhttp::field::cookie, cookie);
            req.keep_alive(true);
            if (what < 70) {
              req.method(bhttp::verb::get);
              req.target("/moi");
            } else if (what < 95) {
              req.method(bhttp::verb::get);
              req.target("/moi/reserver/1/bureau");
            } else {
              req.method(bhttp::verb::post);
              req.target("/moi/reserver/1/bureau");
              req.set(bhttp::field::origin, "http://" + host);
              req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
              const auto day = add_days(paris_civil_date(now()), ahead(rng));
              req.body() = "csrf=" + sessions[static_cast<std::size_t>(c)].csrf + "&moment=" + to_iso_date(day) +
                           "%7C" + parts[rng() % 3];
            }
            req.prepare_payload();
            const auto t0 = Stopwatch::now();
            bhttp::write(stream, req);
            beast::flat_buffer buffer;
            bhttp::response<bhttp::string_body> res;
            bhttp::read(stream, buffer, res);
            const double ms = std::chrono::duration<double, std::milli>(Stopwatch::now() - t0).count();
            bool good = false;
            if (what < 70) {
              mine.home.push_back(ms);
              good = res.result() == bhttp::status::ok && res.body().find("Mes réservations") != std::string::npos;
            } else if (what < 95) {
              mine.availability.push_back(ms);
              good = res.result() == bhttp::status::ok && res.body().find("name=\"moment\"") != std::string::npos;
            } else {
              mine.booking.push_back(ms);
              // Booked (200), or refused with its reason (409: her limit, the place taken; 200 for a closed day).
              good = res.result() == bhttp::status::ok || res.result() == bhttp::status::conflict;
            }
            if (!good && mine.failures++ == 0)
              std::fprintf(stderr, "unexpected %d: %.200s\n", res.result_int(), res.body().c_str());
          }
        } catch (const std::exception& e) {
          if (mine.failures++ == 0) std::fprintf(stderr, "phone: %s\n", e.what());
        }
        std::lock_guard lock(merge);
        total.home.insert(total.home.end(), mine.home.begin(), mine.home.end());
        total.availability.insert(total.availability.end(), mine.availability.begin(), mine.availability.end());
        total.booking.insert(total.booking.end(), mine.booking.begin(), mine.booking.end());
        total.failures += mine.failures;
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
  const auto line = [&](const char* what, const std::vector<double>& ms, double target) {
    std::printf("  %-28s %6zu requests, p50 %5.1f ms, p99 %5.1f ms, max %6.1f ms (target p99 <= %.0f ms)\n", what,
                ms.size(), bench::percentile(ms, 50), bench::percentile(ms, 99), bench::percentile(ms, 100), target);
    return bench::percentile(ms, 99) <= target;
  };
  const auto count = total.home.size() + total.availability.size() + total.booking.size();
  std::printf(
      "Mon espace: %d phone sessions, %d server threads, think time %d ms on average, %.0f s: %.0f requests/s, "
      "%d failures\n",
      phones, threads, think_ms, elapsed, static_cast<double>(count) / elapsed, total.failures);
  bool met = line("GET /moi", total.home, kPageTargetMs);
  met = line("GET availability page", total.availability, kPageTargetMs) && met;
  met = line("POST a booking", total.booking, kBookingTargetMs) && met;
  if (total.failures > 0 || total.home.empty()) return 1;
  return think_ms > 0 && !met ? 3 : 0;
}
