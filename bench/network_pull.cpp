// Benchmark (issue 17): a kiosk's pull of a whole network. A network of S
// sites with M members (one badge each, and B − M of them a second one),
// made through the store's own functions (so the change log is what a real
// server holds), is served by the real server's handler (make_api on the
// Beast HTTP server, loopback). A new kiosk of the first site pulls it with
// the kiosk's own HTTP client, the sync protocol's JSON and its LocalStore
// on disk, page by page until nothing more is waiting: the first full pull.
// Then 1 % of the members change (names, restrictions, a badge each) and the
// kiosk pulls again: an incremental pull. Then the animator's member search
// over that store (the picker folds names in C++).
//
//   bench_network_pull [MEMBERS] [BADGES] [SITES] [KEEP_KIOSK_DB]
//
// KEEP_KIOSK_DB: where to copy the kiosk's database afterwards (scripts/bench.sh
// runs the real escale-kiosk on it to read its resident memory).
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "api/routes.hpp"
#include "http/http_server.hpp"
#include "stats.hpp"
#include "store/connection_pool.hpp"
#include "store/credentials.hpp"
#include "store/local_store.hpp"
#include "store/members.hpp"
#include "store/network.hpp"
#include "store/schema.hpp"
#include "store/sites.hpp"
#include "sync/http_client.hpp"

using namespace escale;
using Stopwatch = std::chrono::steady_clock;

namespace {

constexpr std::array kFirstNames{"Marie", "Jean",  "Pierre",  "Michel", "Nathalie", "Isabelle", "Sylvie", "Catherine",
                                 "Paul",  "Lucie", "Bernard", "Inès",   "Agnès",    "Élodie",   "Karim",  "Fatima",
                                 "Louis", "Chloé", "Hugo",    "Léa",    "Gabriel",  "Jade",     "Arthur", "Manon"};
constexpr std::array kLastNames{"Dupont", "Martin",   "Bernard", "Thomas",   "Petit",  "Robert",  "Richard", "Durand",
                                "Dubois", "Moreau",   "Laurent", "Simon",    "Michel", "Lefèvre", "Leroy",   "Roux",
                                "David",  "Bertrand", "Morel",   "Fournier", "Girard", "Bonnet",  "Dupuis",  "Lambert"};

std::string uid_of(std::uint32_t n) {
  char uid[9];
  std::snprintf(uid, sizeof uid, "%08X", 0x30000000u + n);
  return uid;
}

// Writes the network and returns the first site's kiosk token.
std::string seed(const std::filesystem::path& path, int members, int badges, int sites) {
  auto db = server::open_server_db(path);
  std::mt19937 rng(17);
  std::vector<std::int64_t> site_ids;
  store::Transaction tx(db);
  for (int s = 0; s < sites; ++s) {
    const auto site = server::add_site(db, Site{0, "Tiers-lieu n° " + std::to_string(s + 1), "", "87001", "24/7"});
    site_ids.push_back(site->id);
  }
  std::uint32_t next_uid = 0;
  for (int i = 0; i < members; ++i) {
    Member m;
    m.site_id = site_ids[static_cast<std::size_t>(i) % site_ids.size()];
    m.first_name = kFirstNames[rng() % kFirstNames.size()];
    m.last_name = kLastNames[rng() % kLastNames.size()];
    m.email = "membre" + std::to_string(i) + "@example.org";
    const auto added = server::add_member(db, m);
    server::add_badge(db, *BadgeUid::parse(uid_of(next_uid++)), added->id);
    if (i < badges - members) server::add_badge(db, *BadgeUid::parse(uid_of(next_uid++)), added->id);
    if (i % 50 == 0) server::restrict_member_sites(db, added->id, {m.site_id}, {});
  }
  const auto kiosk = server::add_kiosk(db, site_ids.front(), "entrée");
  tx.commit();
  return kiosk->token;
}

struct Pull {
  int requests = 0;
  std::size_t bytes = 0;
  double ms = 0;
  std::size_t members = 0;
  std::size_t badges = 0;
  std::vector<double> request_ms;
};

Pull pull_all(kiosk::LocalStore& store, const kiosk::ServerAddress& address, const std::string& token) {
  Pull p;
  const auto t0 = Stopwatch::now();
  for (;;) {
    const auto r0 = Stopwatch::now();
    sync::SyncRequest request;
    request.cursor = store.cursor();
    request.kiosk_version = "bench";
    const auto reply =
        kiosk::post_json(address, "/api/v1/sync", sync::encode(request), token, std::chrono::seconds(60));
    if (!reply.error.empty() || reply.status != 200) {
      std::fprintf(stderr, "pull failed: %d %s %.200s\n", reply.status, reply.error.c_str(), reply.body.c_str());
      std::exit(1);
    }
    auto response = sync::decode_response(reply.body);
    if (!response) {
      std::fprintf(stderr, "undecodable answer: %s\n", response.error().c_str());
      std::exit(1);
    }
    store.apply(*response);
    p.request_ms.push_back(std::chrono::duration<double, std::milli>(Stopwatch::now() - r0).count());
    ++p.requests;
    p.bytes += reply.body.size();
    p.members += response->members.size();
    p.badges += response->badges.size();
    if (!response->more) break;
  }
  p.ms = std::chrono::duration<double, std::milli>(Stopwatch::now() - t0).count();
  return p;
}

void print(const char* what, const Pull& p) {
  std::printf("%s: %.0f ms in %d requests (p99 %.1f ms each), %.1f MB of JSON, %zu members and %zu badges applied\n",
              what, p.ms, p.requests, bench::percentile(p.request_ms, 99), static_cast<double>(p.bytes) / 1e6,
              p.members, p.badges);
}

}  // namespace

int main(int argc, char** argv) {
  const int members = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20000;
  const int badges = argc > 2 ? std::max(members, std::atoi(argv[2])) : 25000;
  const int sites = argc > 3 ? std::max(1, std::atoi(argv[3])) : 10;
  const std::filesystem::path keep = argc > 4 ? argv[4] : "";
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("escale-bench-network-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  const auto server_db = dir / "server.db";
  const auto s0 = Stopwatch::now();
  const std::string token = seed(server_db, members, badges, sites);
  std::printf("network of %d sites, %d members, %d badges written in %.1f s\n", sites, members, badges,
              std::chrono::duration<double>(Stopwatch::now() - s0).count());
  {
    server::ConnectionPool pool(server_db, 3);
    server::http::ServerOptions options;
    options.port = 0;
    options.threads = 2;
    server::http::HttpServer server(options, server::make_api(pool));
    std::thread runner([&] { server.run(false); });
    const auto address = *kiosk::parse_server_url("http://127.0.0.1:" + std::to_string(server.port()));
    {
      kiosk::LocalStore store(dir / "kiosk.db");
      print("first full pull", pull_all(store, address, token));

      // 1 % of the members change: a new first name, a restriction lifted or
      // set, a new badge; the next poll brings just them.
      {
        auto db = server::open_server_db(server_db);
        store::Transaction tx(db);
        for (int i = 0; i < members / 100; ++i) {
          const std::int64_t id = 1 + i * 97 % members;
          auto m = server::find_member(db, id);
          m->first_name = kFirstNames[static_cast<std::size_t>(i) % kFirstNames.size()];
          server::update_member(db, *m, {});
          server::restrict_member_sites(db, id, i % 2 ? std::vector<std::int64_t>{} : std::vector<std::int64_t>{1}, {});
          server::add_badge(db, *BadgeUid::parse(uid_of(0x01000000u + static_cast<std::uint32_t>(i))), id);
        }
        tx.commit();
      }
      print("incremental pull after 1 % of the members changed", pull_all(store, address, token));
      print("poll with nothing new", pull_all(store, address, token));

      // The animator's member search (the picker), a few letters typed.
      std::vector<double> ms;
      for (const char* typed : {"m", "ma", "mar", "mari", "du", "dup", "é", "lu", "ka", "zz"}) {
        for (int r = 0; r < 5; ++r) {
          const auto t0 = Stopwatch::now();
          const auto found = store.search_members(typed, 4);
          ms.push_back(std::chrono::duration<double, std::milli>(Stopwatch::now() - t0).count());
          if (r == 0 && std::string(typed) == "mar" && found.empty()) std::fprintf(stderr, "search found nobody\n");
        }
      }
      std::printf("animator's member search over the kiosk's %d members: median %.1f ms, p99 %.1f ms\n", members,
                  bench::percentile(ms, 50), bench::percentile(ms, 99));
    }
    server.stop();
    runner.join();
  }
  std::error_code ec;
  if (!keep.empty()) {  // the database and its WAL (what was not checkpointed yet)
    for (const char* suffix : {"", "-wal"}) {
      const auto from = dir / (std::string("kiosk.db") + suffix);
      if (std::filesystem::exists(from))
        std::filesystem::copy_file(from, keep.string() + suffix, std::filesystem::copy_options::overwrite_existing, ec);
    }
  }
  std::filesystem::remove_all(dir, ec);
  return 0;
}
