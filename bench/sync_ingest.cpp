// Benchmark: server sync ingest. Batches of 100 check-ins pushed over
// loopback HTTP (keep-alive) to the real escale-server handler, against
// inserting the same visit rows straight into SQLite (one transaction per
// batch, one prepared statement) in the same run.
//
//   bench_sync_ingest [BATCHES] [THREADS]
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cstdio>
#include <random>
#include <thread>

#include "api/routes.hpp"
#include "domain/uuid.hpp"
#include "http/http_server.hpp"
#include "store/connection_pool.hpp"
#include "store/credentials.hpp"
#include "store/members.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"
#include "sync/ingest.hpp"
#include "sync/protocol.hpp"

using namespace escale;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

constexpr int kBatch = 100;
constexpr int kMembers = 200;

std::vector<sync::Event> make_batch(int batch_index) {
  std::vector<sync::Event> events;
  const Instant base = now() - std::chrono::hours(24);
  for (int i = 0; i < kBatch; ++i) {
    const int member = (batch_index * kBatch + i) % kMembers + 1;
    char uid[9];
    std::snprintf(uid, sizeof uid, "%08X", 0x30000000 + member - 1);
    sync::Event e;
    e.id = make_uuid_v4();
    e.type = sync::EventType::CheckIn;
    e.at = base + std::chrono::milliseconds(batch_index * kBatch + i);
    e.visit_id = make_uuid_v4();
    e.member_id = member;
    e.badge_uid = uid;
    events.push_back(std::move(e));
  }
  return events;
}

// The newest change cursor: what a kiosk that is up to date sends.
std::int64_t current_cursor(const std::filesystem::path& db) {
  store::Database conn(db);
  auto st = conn.prepare("SELECT MAX(cursor) FROM changes");
  st.step();
  return st.int64(0);
}

std::string seed(const std::filesystem::path& db) {
  auto conn = server::open_server_db(db);
  auto site = server::add_site(conn, Site{0, "Lieu", "", "21425", "24/7"});
  for (int i = 0; i < kMembers; ++i) {
    Member m;
    m.site_id = site->id;
    m.first_name = "Prénom";
    m.last_name = "Nom";
    auto added = server::add_member(conn, m);
    char uid[9];
    std::snprintf(uid, sizeof uid, "%08X", 0x30000000 + i);
    server::add_badge(conn, *BadgeUid::parse(uid), added->id);
  }
  return server::add_kiosk(conn, site->id, "bench")->token;
}

double http_rate(const std::filesystem::path& db, const std::vector<std::string>& bodies, const std::string& token,
                 int threads) {
  server::ConnectionPool pool(db, threads + 1);
  server::http::ServerOptions options;
  options.port = 0;
  options.threads = threads;
  server::http::HttpServer server(options, server::make_api(pool));
  std::thread runner([&] { server.run(false); });

  boost::asio::io_context ioc;
  boost::asio::ip::tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(server.port())));
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& body : bodies) {
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/api/v1/sync", 11};
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
    if (res.result() != bhttp::status::ok) {
      std::fprintf(stderr, "sync answered %d: %s\n", res.result_int(), res.body().c_str());
      std::exit(1);
    }
  }
  const auto t1 = std::chrono::steady_clock::now();
  server.stop();
  runner.join();
  return static_cast<double>(bodies.size() * kBatch) / std::chrono::duration<double>(t1 - t0).count();
}

// The same requests handed to the sync handler directly (no HTTP, no JSON):
// tells how the time splits between the transport and the store.
double handler_rate(const std::filesystem::path& db, const std::vector<std::vector<sync::Event>>& batches) {
  seed(db);
  auto conn = server::open_server_db(db);
  const auto kiosk = server::list_kiosks(conn).front().kiosk;
  const auto cursor = current_cursor(db);
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& batch : batches) {
    sync::SyncRequest req;
    req.cursor = cursor;
    req.events = batch;
    server::handle_sync(conn, kiosk, req);
  }
  const auto t1 = std::chrono::steady_clock::now();
  return static_cast<double>(batches.size() * kBatch) / std::chrono::duration<double>(t1 - t0).count();
}

double raw_rate(const std::filesystem::path& db, const std::vector<std::vector<sync::Event>>& batches) {
  seed(db);  // the same site, members and kiosk, so foreign keys are checked as in ingest
  auto conn = server::open_server_db(db);
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& batch : batches) {
    store::Transaction tx(conn);
    for (const auto& e : batch) {
      conn.cached(
              "INSERT INTO visits (id, site_id, member_id, kiosk_id, badge_uid, check_in, local_date, walk_in) "
              "VALUES (?, 1, ?, 1, ?, ?, ?, 0)")
          .bind_all(e.visit_id, e.member_id, e.badge_uid, to_iso_utc(e.at), paris_date(e.at))
          .run();
    }
    tx.commit();
  }
  const auto t1 = std::chrono::steady_clock::now();
  return static_cast<double>(batches.size() * kBatch) / std::chrono::duration<double>(t1 - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int batches = argc > 1 ? std::atoi(argv[1]) : 200;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("escale-bench-ingest-" + std::to_string(rd()));

  std::vector<std::vector<sync::Event>> events;
  events.reserve(static_cast<std::size_t>(batches));
  for (int b = 0; b < batches; ++b) events.push_back(make_batch(b));

  // Rounds alternate the three measurements on fresh databases; the disk's
  // moods (WAL checkpoints, page cache) then weigh on all three alike.
  std::vector<double> http, handler, raw, ratio;
  for (int round = 0; round < rounds; ++round) {
    std::filesystem::create_directories(dir);
    const auto token = seed(dir / "server.db");
    // An up-to-date kiosk: nothing to pull, the push is what is measured.
    const auto cursor = current_cursor(dir / "server.db");
    std::vector<std::string> bodies;
    for (const auto& batch : events) {
      sync::SyncRequest req;
      req.cursor = cursor;
      req.events = batch;
      bodies.push_back(sync::encode(req));
    }
    http.push_back(http_rate(dir / "server.db", bodies, token, threads));
    handler.push_back(handler_rate(dir / "handler.db", events));
    raw.push_back(raw_rate(dir / "raw.db", events));
    ratio.push_back(http.back() / raw.back());
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::printf(
      "sync ingest, %d batches of %d check-ins, median of %d rounds: over HTTP %.0f events/s; "
      "sync handler alone %.0f events/s; straight into SQLite %.0f rows/s; HTTP/raw %.0f %% "
      "(rounds: %.0f–%.0f %%)\n",
      batches, kBatch, rounds, median(http), median(handler), median(raw), 100 * median(ratio),
      100 * *std::min_element(ratio.begin(), ratio.end()), 100 * *std::max_element(ratio.begin(), ratio.end()));
  return median(ratio) >= 0.5 ? 0 : 3;
}
