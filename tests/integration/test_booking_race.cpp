// Bookings against the real escale-server process: 20 clients, each on its
// own connection, book the same desk for the same slot at the same moment;
// exactly one wins, the 19 others get 409 « overlap », and the database holds
// one booking. Then 20 clients on 20 different desks all win. The set-up goes
// through the real command line (resource add, rules set, member calendar).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <latch>
#include <regex>
#include <thread>
#include <vector>

#include "booking/booking.hpp"
#include "harness.hpp"
#include "store/database.hpp"
#include "time/clock.hpp"

using namespace escale::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kClients = 20;

std::string paris_iso(const escale::CivilDate& d, int hour) {
  return escale::to_iso_utc(escale::from_paris(d.year, d.month, d.day, hour, 0));
}

std::string booking_body(int member, int resource, const std::string& start, const std::string& end) {
  return nlohmann::json{{"member_id", member}, {"resource_id", resource}, {"start", start}, {"end", end}}.dump();
}

// Every client POSTs its body at once (a latch releases them together);
// returns the HTTP statuses, in client order.
std::vector<HttpReply> race(int port, const std::string& token, const std::vector<std::string>& bodies) {
  std::vector<HttpReply> replies(bodies.size());
  std::latch start(static_cast<std::ptrdiff_t>(bodies.size()));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      replies[i] = http_request(port, "POST", "/api/v1/bookings", bodies[i], token);
    });
  }
  for (auto& t : threads) t.join();
  return replies;
}

int count_status(const std::vector<HttpReply>& replies, int status) {
  return static_cast<int>(
      std::count_if(replies.begin(), replies.end(), [&](const HttpReply& r) { return r.status == status; }));
}

}  // namespace

TEST_CASE("20 clients racing for one desk and slot: exactly one booking", "[e2e][bookings][race]") {
  TempDir dir("escale-booking-race");
  const auto db = (dir / "server.db").string();
  run_server_command({"init", "--db", db});
  run_server_command({"site", "add", "--db", db, "--name", "Tiers-lieu de la Course", "--insee", "21425", "--hours",
                      "Mo-Su 00:00-24:00"});
  for (int i = 1; i <= kClients; ++i) {
    const auto out = run_server_command(
        {"resource", "add", "--db", db, "--site", "1", "--kind", "desk", "--name", "Bureau " + std::to_string(i)});
    REQUIRE(out.find("resource " + std::to_string(i) + " added") != std::string::npos);
    run_server_command(
        {"member", "add", "--db", db, "--site", "1", "--first-name", "Membre", "--last-name", "N" + std::to_string(i)});
  }
  // Several rounds below: a member may book a few desks a day here.
  const auto rules = run_server_command(
      {"rules", "set", "--db", db, "--site", "1", "--kind", "desk", "--max-per-day", "10", "--max-per-week", "50"});
  CHECK(rules.find("desk\tadvance_days=30 max_duration_min=1440 max_per_day=10 max_per_week=50") != std::string::npos);
  const auto admin = run_server_command({"admin", "add", "--db", db, "--name", "course"});
  std::smatch m;
  REQUIRE(std::regex_search(admin, m, std::regex("esa_[0-9a-f]{64}")));
  const std::string token = m.str();
  ServerProcess server(db, dir / "server.log");

  const auto tomorrow = escale::add_days(escale::paris_civil_date(escale::now()), 1);

  SECTION("one desk, one slot, 20 clients, several rounds") {
    for (int round = 0; round < 5; ++round) {
      const auto start = paris_iso(tomorrow, 8 + 2 * round);
      const auto end = paris_iso(tomorrow, 9 + 2 * round);
      std::vector<std::string> bodies;
      for (int i = 1; i <= kClients; ++i) bodies.push_back(booking_body(i, 1, start, end));
      const auto replies = race(server.port(), token, bodies);
      INFO("round " << round);
      CHECK(count_status(replies, 201) == 1);
      CHECK(count_status(replies, 409) == kClients - 1);
      for (const auto& r : replies) {
        if (r.status == 409) CHECK(r.body.find("\"code\":\"overlap\"") != std::string::npos);
      }
      escale::store::Database conn(db);
      auto st = conn.prepare("SELECT COUNT(*) FROM bookings WHERE resource_id = 1 AND start_at = ?");
      st.bind(1, start);
      REQUIRE(st.step());
      CHECK(st.int64(0) == 1);
    }
    escale::store::Database conn(db);
    auto st = conn.prepare("SELECT COUNT(*) FROM bookings");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 5);
  }

  SECTION("20 desks, one slot, 20 clients: every one wins") {
    const auto start = paris_iso(tomorrow, 14);
    const auto end = paris_iso(tomorrow, 16);
    std::vector<std::string> bodies;
    for (int i = 1; i <= kClients; ++i) bodies.push_back(booking_body(i, i, start, end));
    const auto replies = race(server.port(), token, bodies);
    CHECK(count_status(replies, 201) == kClients);
    escale::store::Database conn(db);
    auto st = conn.prepare("SELECT COUNT(DISTINCT resource_id) FROM bookings WHERE status = 'confirmed'");
    REQUIRE(st.step());
    CHECK(st.int64(0) == kClients);
  }

  SECTION("a member's calendar feed from the command line, served by the server") {
    const auto start = paris_iso(tomorrow, 10);
    REQUIRE(http_request(server.port(), "POST", "/api/v1/bookings", booking_body(3, 3, start, paris_iso(tomorrow, 11)),
                         token)
                .status == 201);
    const auto out = run_server_command({"member", "calendar", "--db", db, "--member", "3"});
    std::smatch path;
    REQUIRE(std::regex_search(out, path, std::regex("/ics/members/cal_[0-9a-f]{64}\\.ics")));
    const auto feed = http_request(server.port(), "GET", path.str());
    CHECK(feed.status == 200);
    CHECK(feed.content_type == "text/calendar; charset=utf-8");
    CHECK(feed.body.find("SUMMARY:Bureau 3 — Tiers-lieu de la Course") != std::string::npos);
    const auto listed = run_server_command({"booking", "list", "--db", db, "--member", "3"});
    CHECK(listed.find("Bureau 3") != std::string::npos);
    CHECK(listed.find("confirmed") != std::string::npos);
  }
  CHECK(server.stop() == 0);
}
