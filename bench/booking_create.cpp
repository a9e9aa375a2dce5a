// Benchmark: booking creation on the server. N concurrent HTTP clients, each
// on its own keep-alive connection, POST /api/v1/bookings to the real
// escale-server handler over loopback:
//
//   spread      every booking on its own (desk, slot): all are confirmed;
//   contention  every client asks for the same slots in the same order: for
//               each slot one 201 and N−1 409 « overlap » (checked).
//
// Each booking is one BEGIN IMMEDIATE transaction (no-show release, rule
// checks against what is stored, insert, change log, audit log), so writers
// queue on SQLite's write lock: the point is how many the server confirms per
// second when several clients press at once, and that contention costs
// correctness nothing.
//
//   bench_booking_create [BOOKINGS] [CLIENTS] [SERVER_THREADS] [ROUNDS]
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <latch>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "api/routes.hpp"
#include "booking/booking.hpp"
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

namespace {

constexpr int kDesks = 100;
constexpr int kMembers = 200;
constexpr int kSlotsPerDay = 20;  // 08:00–18:00 on the 30-minute grain

// A 24/7 site with many desks and members, rules loose enough that only
// overlaps refuse; returns an admin token.
std::string seed(const std::filesystem::path& db) {
  auto conn = server::open_server_db(db);
  auto site = server::add_site(conn, Site{0, "Lieu", "", "21425", "24/7"});
  for (int i = 0; i < kDesks; ++i)
    server::add_resource(conn, Resource{0, site->id, ResourceKind::Desk, "Bureau " + std::to_string(i + 1), 1, ""});
  for (int i = 0; i < kMembers; ++i) {
    Member m;
    m.site_id = site->id;
    m.first_name = "Prénom";
    m.last_name = "Nom";
    server::add_member(conn, m);
  }
  BookingRules rules = default_rules(ResourceKind::Desk);
  rules.advance_days = 60;
  rules.max_per_day = 1000;
  rules.max_per_week = 1000;
  server::set_site_rules(conn, site->id, ResourceKind::Desk, rules);
  return *server::add_admin_client(conn, "bench");
}

struct Request {
  std::string body;
};

// Booking k: desk, day and slot chosen so no two requests overlap.
std::vector<Request> spread_requests(int count) {
  std::vector<Request> out;
  const CivilDate first = add_days(paris_civil_date(now()), 1);
  for (int k = 0; k < count; ++k) {
    const int desk = k % kDesks + 1;
    const int slot = (k / kDesks) % kSlotsPerDay;
    const int day = k / (kDesks * kSlotsPerDay);
    const CivilDate d = add_days(first, day);
    const Instant start = from_paris(d.year, d.month, d.day, 8 + slot / 2, (slot % 2) * 30);
    out.push_back({nlohmann::json{{"member_id", k % kMembers + 1},
                                  {"resource_id", desk},
                                  {"start", to_iso_utc(start)},
                                  {"end", to_iso_utc(start + kBookingGrain)}}
                       .dump()});
  }
  return out;
}

// Slot s of desk 1 asked for by `client`.
std::string contended_body(int slot, int client) {
  const CivilDate d = add_days(paris_civil_date(now()), 1 + slot / kSlotsPerDay);
  const int s = slot % kSlotsPerDay;
  const Instant start = from_paris(d.year, d.month, d.day, 8 + s / 2, (s % 2) * 30);
  return nlohmann::json{{"member_id", client % kMembers + 1},
                        {"resource_id", 1},
                        {"start", to_iso_utc(start)},
                        {"end", to_iso_utc(start + kBookingGrain)}}
      .dump();
}

struct Outcome {
  double seconds = 0;
  int created = 0;
  int conflicts = 0;
  int other = 0;
  std::vector<double> latencies_ms;
};

// Runs `clients` threads, client c sending bodies_for(c) one after another on
// its own connection; all start together.
template <typename BodiesFor>
Outcome run_clients(std::uint16_t port, const std::string& token, int clients, BodiesFor bodies_for) {
  Outcome total;
  std::mutex merge;
  std::latch start(clients + 1);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      const std::vector<std::string> bodies = bodies_for(c);
      boost::asio::io_context ioc;
      boost::asio::ip::tcp::resolver resolver(ioc);
      beast::tcp_stream stream(ioc);
      stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
      Outcome mine;
      start.arrive_and_wait();
      for (const auto& body : bodies) {
        const auto t0 = std::chrono::steady_clock::now();
        bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/api/v1/bookings", 11};
        req.set(bhttp::field::host, "127.0.0.1");
        req.set(bhttp::field::authorization, "Bearer " + token);
        req.set(bhttp::field::content_type, "application/json");
        req.keep_alive(true);
        req.body() = body;
        req.prepare_payload();
        bhttp::write(stream, req);
        beast::flat_buffer buffer;
        bhttp::response<bhttp::string_body> res;
        bhttp::read(stream, buffer, res);
        const auto t1 = std::chrono::steady_clock::now();
        mine.latencies_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        if (res.result() == bhttp::status::created) {
          ++mine.created;
        } else if (res.result() == bhttp::status::conflict) {
          ++mine.conflicts;
        } else {
          if (mine.other++ == 0) std::fprintf(stderr, "unexpected %d: %s\n", res.result_int(), res.body().c_str());
        }
      }
      std::lock_guard lock(merge);
      total.created += mine.created;
      total.conflicts += mine.conflicts;
      total.other += mine.other;
      total.latencies_ms.insert(total.latencies_ms.end(), mine.latencies_ms.begin(), mine.latencies_ms.end());
    });
  }
  start.arrive_and_wait();
  const auto t0 = std::chrono::steady_clock::now();
  for (auto& t : threads) t.join();
  total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return total;
}

std::int64_t stored_bookings(const std::filesystem::path& db) {
  store::Database conn(db);
  auto st = conn.prepare("SELECT COUNT(*) FROM bookings WHERE status = 'confirmed'");
  st.step();
  return st.int64(0);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int bookings = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2000;
  const int clients = argc > 2 ? std::max(1, std::atoi(argv[2])) : 8;
  const int threads = argc > 3 ? std::max(1, std::atoi(argv[3])) : 4;
  const int rounds = argc > 4 ? std::max(1, std::atoi(argv[4])) : 3;
  // Ten days of slots at most, 41 days ahead: clear of the spread run, inside the 60-day window.
  const int contended_slots = std::clamp(bookings / (clients * 4), 1, 10 * kSlotsPerDay);
  if (bookings > kDesks * kSlotsPerDay * 40) {
    std::fprintf(stderr, "at most %d bookings (the advance window)\n", kDesks * kSlotsPerDay * 40);
    return 2;
  }
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("escale-bench-booking-" + std::to_string(rd()));
  const auto requests = spread_requests(bookings);

  std::vector<double> spread_rate, contention_rate, p50, p99, c_p50, c_p99;
  bool correct = true;
  for (int round = 0; round < rounds; ++round) {
    std::filesystem::create_directories(dir);
    const auto db = dir / "server.db";
    const auto token = seed(db);
    {
      server::ConnectionPool pool(db, threads + 1);
      server::http::ServerOptions options;
      options.port = 0;
      options.threads = threads;
      server::http::HttpServer server(options, server::make_api(pool));
      std::thread runner([&] { server.run(false); });

      // Spread: client c sends requests c, c + clients, c + 2·clients…
      const auto spread = run_clients(server.port(), token, clients, [&](int c) {
        std::vector<std::string> mine;
        for (std::size_t k = static_cast<std::size_t>(c); k < requests.size(); k += static_cast<std::size_t>(clients))
          mine.push_back(requests[k].body);
        return mine;
      });
      // Contention: every client asks for the same slots of desk 1, in the same order.
      const auto contention = run_clients(server.port(), token, clients, [&](int c) {
        std::vector<std::string> mine;
        for (int s = 0; s < contended_slots; ++s) mine.push_back(contended_body(s + kSlotsPerDay * 40, c));
        return mine;
      });
      server.stop();
      runner.join();

      const auto stored = stored_bookings(db);
      const bool ok = spread.created == bookings && spread.other == 0 && contention.created == contended_slots &&
                      contention.conflicts == contended_slots * (clients - 1) && contention.other == 0 &&
                      stored == bookings + contended_slots;
      if (!ok) {
        std::fprintf(stderr,
                     "round %d WRONG: spread %d created / %d; contention %d created, %d conflicts (expected %d, %d); "
                     "%lld stored\n",
                     round, spread.created, bookings, contention.created, contention.conflicts, contended_slots,
                     contended_slots * (clients - 1), static_cast<long long>(stored));
        correct = false;
      }
      spread_rate.push_back(spread.created / spread.seconds);
      contention_rate.push_back((contention.created + contention.conflicts) / contention.seconds);
      p50.push_back(bench::percentile(spread.latencies_ms, 50));
      p99.push_back(bench::percentile(spread.latencies_ms, 99));
      c_p50.push_back(bench::percentile(contention.latencies_ms, 50));
      c_p99.push_back(bench::percentile(contention.latencies_ms, 99));
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::printf(
      "booking creation over HTTP, %d clients, %d server threads, median of %d rounds:\n"
      "  spread:     %d bookings on distinct desks/slots: %.0f bookings/s (latency p50 %.1f ms, p99 %.1f ms)\n"
      "  contention: %d slots of one desk, each asked by all %d clients: %.0f requests/s, exactly one booking "
      "per slot (p50 %.1f ms, p99 %.1f ms)%s\n",
      clients, threads, rounds, bookings, median(spread_rate), median(p50), median(p99), contended_slots, clients,
      median(contention_rate), median(c_p50), median(c_p99), correct ? "" : "  — WRONG RESULTS, see above");
  return correct ? 0 : 3;
}
